"""Where a dataset's files live under MEDIA_ROOT, written so that a crash never leaves half a file.

    datasets/<cooperative>/<dataset id>-<name>/v3.parquet        the records of version 3
    datasets/<cooperative>/<dataset id>-<name>/v3-ventas.xlsx    the file uploaded for it

A version's files are written before its database row is committed; a crash in between
leaves files that no row names. `sweep` removes them, under the dataset's lock, before
the next version is written in their place.
"""

import os
import re
import tempfile
from pathlib import Path

import polars as pl
from django.conf import settings
from django.utils.text import get_valid_filename, slugify

from rumbo.engine.computed.datasets import read_version, scan_version, write_version

_VERSION_FILE = re.compile(r"^v(\d+)[.-]")


def folder(dataset) -> str:
    """The dataset's folder, relative to MEDIA_ROOT; the id keeps two similar names apart."""
    name = slugify(dataset.key)[:40] or "datos"
    return f"datasets/{dataset.cooperative.slug}/{dataset.pk}-{name}"


def absolute(relative: str) -> Path:
    return Path(settings.MEDIA_ROOT) / relative


def safe_filename(filename: str) -> str:
    """The uploaded name without folders or characters a file system or a shell would trip on."""
    base = os.path.basename((filename or "").replace("\\", "/")).strip()
    try:
        clean = get_valid_filename(base)
    except Exception:  # Django refuses names like "." or ".."
        clean = ""
    return clean[:120] or "archivo"


def parquet_path(dataset, number: int) -> str:
    return f"{folder(dataset)}/v{number}.parquet"


def original_path(dataset, number: int, filename: str) -> str:
    return f"{folder(dataset)}/v{number}-{safe_filename(filename)}"


def write_parquet(frame: pl.DataFrame, relative: str) -> None:
    write_version(frame, absolute(relative))


def write_bytes(data: bytes, relative: str) -> None:
    """Write `data` aside and link it into place, like the Parquet files: whole or not at all."""
    path = absolute(relative)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".upload.tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.link(temporary, path)
    finally:
        os.unlink(temporary)


def read_bytes(relative: str) -> bytes:
    return absolute(relative).read_bytes()


def read_frame(relative: str) -> pl.DataFrame:
    return read_version(absolute(relative))


def scan_frame(relative: str) -> pl.LazyFrame:
    return scan_version(absolute(relative))


def remove(relatives) -> None:
    for relative in relatives:
        if relative:
            absolute(relative).unlink(missing_ok=True)


def sweep(dataset, committed: int) -> list[str]:
    """Remove what a crashed load left in the dataset's folder: temporaries and versions after `committed`.

    Call it only while holding the dataset's lock, so no other load is writing there.
    """
    directory = absolute(folder(dataset))
    if not directory.is_dir():
        return []
    removed = []
    for path in directory.iterdir():
        match = _VERSION_FILE.match(path.name)
        if path.name.endswith(".tmp") or (match and int(match.group(1)) > committed):
            path.unlink(missing_ok=True)
            removed.append(path.name)
    return removed
