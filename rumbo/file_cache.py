"""The cache Rumbo keeps in the data folder when no Redis is set: kept pages and the password-reset counts.

Django's file cache lists every file of its folder on each write, to learn whether it is full. With the
thousands of pages a cooperative's people keep (a board, an OKR page and each KPI's page per person and
per edition of the data), that listing cost more than the page: 11 ms a write with 5.000 files, 38 ms
with 19.000, against 0,2–0,3 ms for this one (bench/page_cache.py). This one counts its files on one write in `COUNT_EVERY` of each process, so the
folder may hold that many entries more per process than MAX_ENTRIES before a third of them go.
"""

from django.core.cache.backends.filebased import FileBasedCache


class FileCache(FileBasedCache):
    COUNT_EVERY = 100
    _writes = 0

    def _cull(self) -> None:
        self._writes += 1
        if self._writes % self.COUNT_EVERY == 0:
            super()._cull()  # type: ignore[misc]  # Django's own, which its stubs leave out
