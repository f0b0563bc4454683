"""What writing and reading a kept page costs in the data folder's file cache, as it fills: Django's file cache
against Rumbo's (rumbo/file_cache.py), which counts its files on one write in a hundred instead of every write.

A kept page is ~12 KB (a board, gzipped) with its headers. For each fill (100, 5.000 and 19.000 entries of a
bound of 20.000) it prints the median time of a write and of a read, over the same folder for both.

    .venv/bin/python bench/page_cache.py
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "support"))
from django_bench import django_started

django_started()

from django.core.cache.backends.filebased import FileBasedCache  # noqa: E402

from rumbo.file_cache import FileCache  # noqa: E402

PAGE = (os.urandom(12_000), {"Content-Type": "text/html; charset=utf-8", "Content-Encoding": "gzip"})
OPTIONS = {"OPTIONS": {"MAX_ENTRIES": 20_000}}
RUNS = 200


def median_ms(call, runs=RUNS):
    spent = []
    for n in range(runs):
        began = time.perf_counter()
        call(n)
        spent.append((time.perf_counter() - began) * 1000)
    return statistics.median(spent)


def main():
    folder = tempfile.mkdtemp(prefix="rumbo-page-cache-")
    filler = FileCache(folder, OPTIONS)
    kinds = {
        "Django (FileBasedCache)": FileBasedCache(folder, OPTIONS),
        "Rumbo (FileCache)": FileCache(folder, OPTIONS),
    }
    print(f"{'entries':>8}  {'cache':<24} {'write':>9} {'read':>9}")
    filled = 0
    for entries in (100, 5_000, 19_000):
        while filled < entries:
            filler.set(f"fill-{filled}", PAGE)
            filled += 1
        for kind, (label, cache) in enumerate(kinds.items()):
            write = median_ms(lambda n, cache=cache, entries=entries: cache.set(f"{kind}-{entries}-{n}", PAGE))
            read = median_ms(lambda n, cache=cache, entries=entries: cache.get(f"{kind}-{entries}-{n}"))
            print(f"{entries:>8}  {label:<24} {write:>7.2f}ms {read:>7.2f}ms")
            for n in range(RUNS):  # back to the same fill for the next cache
                cache.delete(f"{kind}-{entries}-{n}")


if __name__ == "__main__":
    main()
