"""The static files' storage: each file compressed (Brotli and gzip) when `collectstatic` copies it, not at every start.

WhiteNoise compresses every static file again at each `collectstatic`, which `rumbo serve` runs at each start: about
three seconds of Brotli for files that did not change. A compressed copy carries its file's modification time, and a
file `collectstatic` copies again gets a new one, so a file whose compressed copies all carry its time is left as it is.
"""

import os
from collections.abc import Iterator
from typing import Any

from whitenoise.storage import CompressedStaticFilesStorage

SUFFIXES = (".br", ".gz")


class StaticFilesStorage(CompressedStaticFilesStorage):
    def post_process(self, paths: dict[str, Any], dry_run: bool = False, **options: Any) -> Iterator:
        changed = {path: found for path, found in paths.items() if not self._compressed_already(path)}
        return super().post_process(changed, dry_run=dry_run, **options)

    def _compressed_already(self, path: str) -> bool:
        full = self.path(path)
        try:
            modified = os.stat(full).st_mtime_ns
        except OSError:
            return False
        copies = [os.stat(full + suffix).st_mtime_ns for suffix in SUFFIXES if os.path.exists(full + suffix)]
        # WhiteNoise sets the time as a float of seconds: equal to well within a millisecond, not to the nanosecond
        return bool(copies) and all(abs(copy - modified) < 1_000_000 for copy in copies)
