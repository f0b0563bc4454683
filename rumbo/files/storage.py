"""The two Django storages of Rumbo's files: a local folder (SQLite) and blobs in the database (PostgreSQL).

Both add what datasets need beside Django's Storage API: `save_whole` (whole or not at all,
never over an existing name), `local_path` (a file on this server's disk that Polars can scan),
`names_under` and `remove_under`. The database storage keeps each file's bytes once, keyed by
their SHA-256, and a copy of them in this server's cache folder, named by that hash: a cached
copy can never be stale, so it is never checked against the database again.
"""

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.core.files.storage import FileSystemStorage, Storage
from django.db import IntegrityError, transaction
from django.utils.deconstruct import deconstructible

from rumbo.files.models import Blob, StoredFile


def write_aside(path: Path, data: bytes, *, replace: bool) -> None:
    """Write `data` to a temporary beside `path`, then link (or, with `replace`, rename) it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".upload.tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        if replace:
            os.replace(temporary, path)
        else:
            os.link(temporary, path)  # fails if the name is taken: a version is never overwritten
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


@deconstructible
class LocalStorage(FileSystemStorage):
    """Files under MEDIA_ROOT on this server's disk: the store of a SQLite install."""

    shared = False

    def save_whole(self, name: str, data: bytes) -> None:
        write_aside(Path(self.path(name)), data, replace=False)

    def read_bytes(self, name: str) -> bytes:
        return Path(self.path(name)).read_bytes()

    def local_path(self, name: str) -> Path:
        return Path(self.path(name))

    def names_under(self, prefix: str) -> list[str]:
        folder = Path(self.path(prefix))
        if not folder.is_dir():
            return []
        return sorted(f"{prefix}/{path.name}" for path in folder.iterdir() if path.is_file())

    def remove_under(self, prefix: str) -> None:
        shutil.rmtree(self.path(prefix), ignore_errors=True)


@deconstructible
class DatabaseStorage(Storage):
    """Files kept in the database beside the rows that name them: written and rolled back with them.

    A file from before the store (under MEDIA_ROOT, with no row) is still read from there.
    """

    shared = True

    # Django's Storage API --------------------------------------------------------------------

    def _save(self, name: str, content) -> str:
        content.seek(0)
        data = content.read()
        while True:
            try:
                self.save_whole(name, data)
                return name
            except FileExistsError:  # another upload took the name meanwhile
                name = self.get_available_name(name)

    def _open(self, name: str, mode: str = "rb") -> File:
        if "w" in mode or "a" in mode or "+" in mode:
            raise ValueError("files in the database are written with save(), not opened for writing")
        return ContentFile(self.read_bytes(name), name=name)

    def exists(self, name: str) -> bool:
        return StoredFile.objects.filter(name=name).exists() or self._legacy(name).is_file()

    def delete(self, name: str) -> None:
        if name:
            remove_names([name])
            self._legacy(name).unlink(missing_ok=True)

    def size(self, name: str) -> int:
        size = StoredFile.objects.filter(name=name).values_list("blob__size", flat=True).first()
        if size is None:
            return self._legacy(name).stat().st_size
        return size

    def listdir(self, path: str):
        prefix = f"{path.rstrip('/')}/" if path else ""
        directories, files = set(), []
        for name in StoredFile.objects.filter(name__startswith=prefix).values_list("name", flat=True):
            head, _, tail = name[len(prefix) :].partition("/")
            (directories.add(head) if tail else files.append(head))
        return sorted(directories), sorted(files)

    def url(self, name):
        raise NotImplementedError("Rumbo does not serve stored files by URL")

    # What datasets add -------------------------------------------------------------------------

    def save_whole(self, name: str, data: bytes) -> None:
        """Keep `data` under `name` in the current transaction; FileExistsError if the name is taken."""
        name = name.replace("\\", "/")
        with transaction.atomic():
            sha = _blob_for(data)
            try:
                with transaction.atomic():
                    StoredFile.objects.create(name=name, blob_id=sha)
            except IntegrityError:
                raise FileExistsError(name) from None
        _cache_put(sha, data)

    def read_bytes(self, name: str) -> bytes:
        return self.local_path(name).read_bytes()

    def local_path(self, name: str) -> Path:
        """This server's copy of the file, fetched from the database once per content."""
        sha = StoredFile.objects.filter(name=name).values_list("blob_id", flat=True).first()
        if sha is None:
            legacy = self._legacy(name)
            if legacy.is_file():
                return legacy
            raise FileNotFoundError(name)
        path = cache_path(sha)
        if not path.is_file():
            data = bytes(Blob.objects.values_list("data", flat=True).get(pk=sha))
            if hashlib.sha256(data).hexdigest() != sha:
                raise OSError(f"the stored bytes of {name!r} do not match their hash")
            _cache_put(sha, data)
        return path

    def names_under(self, prefix: str) -> list[str]:
        return list(StoredFile.objects.filter(name__startswith=f"{prefix}/").values_list("name", flat=True))

    def remove_under(self, prefix: str) -> None:
        remove_names(self.names_under(prefix))
        shutil.rmtree(self._legacy(prefix), ignore_errors=True)

    def _legacy(self, name: str) -> Path:
        return Path(settings.MEDIA_ROOT) / name


def cache_folder() -> Path:
    """This server's copies of stored files, by content hash; not backed up, safe to empty at any time."""
    return Path(settings.DATA_DIR) / "cache" / "files"


def cache_path(sha: str) -> Path:
    return cache_folder() / sha[:2] / sha


def _cache_put(sha: str, data: bytes) -> None:
    path = cache_path(sha)
    if not path.is_file():
        write_aside(path, data, replace=True)  # two servers or threads writing the same bytes: either wins


def _blob_for(data: bytes) -> str:
    """The blob holding `data`, created if new and locked until the transaction ends, so no removal takes it."""
    sha = hashlib.sha256(data).hexdigest()
    if _locked(sha):
        return sha
    try:
        with transaction.atomic():
            Blob.objects.create(sha256=sha, size=len(data), data=data)
    except IntegrityError:  # the same bytes were stored meanwhile by another transaction, now committed
        _locked(sha)
    return sha


def _locked(sha: str) -> bool:
    return bool(list(Blob.objects.select_for_update().filter(pk=sha).values_list("pk", flat=True)))


def remove_names(names) -> None:
    """Remove these names, and each blob no other name shares (checked under the blob's lock)."""
    names = [name for name in names if name]
    with transaction.atomic():
        shas = set(StoredFile.objects.filter(name__in=names).values_list("blob_id", flat=True))
        StoredFile.objects.filter(name__in=names).delete()
        for sha in sorted(shas):
            if _locked(sha) and not StoredFile.objects.filter(blob_id=sha).exists():
                Blob.objects.filter(pk=sha).delete()
