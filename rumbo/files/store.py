"""The door every app goes through for its files: the configured storage, with what datasets need beside it.

`STORAGES["default"]` is `LocalStorage` (a folder under the data folder) with SQLite and
`DatabaseStorage` (blobs in PostgreSQL, reached by every app server) with PostgreSQL; FileFields
(an import's kept file, a cooperative's logo) use it through Django, the datasets through here.
Names are relative paths such as `datasets/cafe/3-ventas/v2.parquet`.
"""

from pathlib import Path
from typing import cast

from django.core.files.storage import default_storage as _configured

from rumbo.files.storage import DatabaseStorage, LocalStorage

default_storage = cast("LocalStorage | DatabaseStorage", _configured)


def storage() -> "LocalStorage | DatabaseStorage":
    """The configured storage: a LocalStorage or a DatabaseStorage."""
    return default_storage


def shared() -> bool:
    """Whether every app server sharing the database sees the same files."""
    return bool(getattr(default_storage, "shared", False))


def save_whole(name: str, data: bytes) -> None:
    """Keep `data` under `name`, whole or not at all; FileExistsError if the name is taken.

    In the database the file belongs to the current transaction: it is kept with the rows
    written beside it, or not at all.
    """
    default_storage.save_whole(name, data)


def read_bytes(name: str) -> bytes:
    return default_storage.read_bytes(name)


def local_path(name: str) -> Path:
    """A path on this server's disk holding the file's bytes (for readers that want a path, like Polars)."""
    return default_storage.local_path(name)


def names_under(prefix: str) -> list[str]:
    """The names of the files directly in the folder `prefix`, with the prefix."""
    return default_storage.names_under(prefix)


def remove(names) -> None:
    for name in names:
        if name:
            default_storage.delete(name)


def remove_under(prefix: str) -> None:
    """Remove the folder `prefix` and everything in it."""
    default_storage.remove_under(prefix)
