"""Where a dataset's files live in the file store (rumbo/files), written so that a crash never leaves half a file.

    datasets/<cooperative>/<dataset id>-<name>/v3.parquet        the records of version 3
    datasets/<cooperative>/<dataset id>-<name>/v3-ventas.xlsx    the file uploaded for it

In a local folder (SQLite) a version's files are written before its database row is
committed; a crash in between leaves files that no row names. `sweep` removes them, under
the dataset's lock, before the next version is written in their place. In the database
(PostgreSQL) the files are rows of the same transaction as the version.
"""

import io
import os
import re

import polars as pl
from django.utils.text import get_valid_filename, slugify

from rumbo.engine.computed.datasets import read_version, scan_version
from rumbo.files import store

_VERSION_FILE = re.compile(r"^v(\d+)[.-]")


def folder(dataset) -> str:
    """The dataset's folder in the file store; the id keeps two similar names apart."""
    name = slugify(dataset.key)[:40] or "datos"
    return f"datasets/{dataset.cooperative.slug}/{dataset.pk}-{name}"


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
    out = io.BytesIO()
    frame.write_parquet(out, compression="zstd")
    store.save_whole(relative, out.getvalue())


def write_bytes(data: bytes, relative: str) -> None:
    """Keep the upload whole or not at all, never over an existing version's file."""
    store.save_whole(relative, data)


def read_bytes(relative: str) -> bytes:
    return store.read_bytes(relative)


def read_frame(relative: str) -> pl.DataFrame:
    return read_version(store.local_path(relative))


def scan_frame(relative: str) -> pl.LazyFrame:
    return scan_version(store.local_path(relative))


def remove(relatives) -> None:
    store.remove(relatives)


def remove_folder(dataset) -> None:
    store.remove_under(folder(dataset))


def sweep(dataset, committed: int) -> list[str]:
    """Remove what a crashed load left in the dataset's folder: temporaries and versions after `committed`.

    Call it only while holding the dataset's lock, so no other load is writing there. (In the
    database a crashed load leaves nothing: its files were rolled back with its rows.)
    """
    removed = []
    for name in store.names_under(folder(dataset)):
        base = name.rsplit("/", 1)[-1]
        match = _VERSION_FILE.match(base)
        if base.endswith(".tmp") or (match and int(match.group(1)) > committed):
            store.remove([name])
            removed.append(base)
    return removed
