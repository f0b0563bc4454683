"""The file store: whole files or none, shared bytes kept once, a local cache named by content, on both storages."""

import hashlib
import shutil

import pytest
from django.core.files.base import ContentFile
from django.db import transaction

from rumbo.files import store
from rumbo.files.models import Blob, StoredFile
from rumbo.files.storage import DatabaseStorage, LocalStorage, cache_path

DATABASE = {"BACKEND": "rumbo.files.storage.DatabaseStorage"}
LOCAL = {"BACKEND": "rumbo.files.storage.LocalStorage"}


@pytest.fixture(params=["database", "local"])
def kind(request, settings, tmp_path, db):
    settings.DATA_DIR = tmp_path / "data"
    settings.MEDIA_ROOT = tmp_path / "data" / "media"
    settings.STORAGES = {**settings.STORAGES, "default": DATABASE if request.param == "database" else LOCAL}
    return request.param


@pytest.fixture
def in_database(settings, tmp_path, db):
    settings.DATA_DIR = tmp_path / "data"
    settings.MEDIA_ROOT = tmp_path / "data" / "media"
    settings.STORAGES = {**settings.STORAGES, "default": DATABASE}


def test_the_configured_storage_is_the_one_asked_for(kind):
    assert isinstance(store.storage(), DatabaseStorage if kind == "database" else LocalStorage)
    assert store.shared() is (kind == "database")


def test_a_file_is_kept_whole_and_read_back_from_a_local_path(kind):
    store.save_whole("datasets/cafe/1-ventas/v1.parquet", b"PAR1 bytes")
    assert store.read_bytes("datasets/cafe/1-ventas/v1.parquet") == b"PAR1 bytes"
    assert store.local_path("datasets/cafe/1-ventas/v1.parquet").read_bytes() == b"PAR1 bytes"
    assert store.names_under("datasets/cafe/1-ventas") == ["datasets/cafe/1-ventas/v1.parquet"]


def test_a_name_is_never_written_twice(kind):
    store.save_whole("datasets/cafe/1-ventas/v1.parquet", b"first")
    with pytest.raises(FileExistsError):
        store.save_whole("datasets/cafe/1-ventas/v1.parquet", b"second")
    assert store.read_bytes("datasets/cafe/1-ventas/v1.parquet") == b"first"


def test_removing_a_folder_removes_its_files_and_nothing_else(kind):
    store.save_whole("datasets/cafe/1-ventas/v1.parquet", b"one")
    store.save_whole("datasets/cafe/1-ventas/v1-ventas.csv", b"two")
    store.save_whole("datasets/cafe/2-acopio/v1.parquet", b"three")
    store.remove_under("datasets/cafe/1-ventas")
    assert store.names_under("datasets/cafe/1-ventas") == []
    assert store.read_bytes("datasets/cafe/2-acopio/v1.parquet") == b"three"


def test_a_file_field_saves_opens_and_deletes_through_the_store(kind):
    name = store.storage().save("imports/1/abc/valores.csv", ContentFile(b"Fecha;Valor\n"))
    again = store.storage().save("imports/1/abc/valores.csv", ContentFile(b"otra"))
    assert name == "imports/1/abc/valores.csv" and again != name  # a taken name gets another
    with store.storage().open(name, "rb") as handle:
        assert handle.read() == b"Fecha;Valor\n"
    assert store.storage().size(again) == 4
    store.storage().delete(name)
    assert not store.storage().exists(name) and store.storage().exists(again)


def test_in_the_database_a_rolled_back_transaction_keeps_no_file(in_database):
    with pytest.raises(RuntimeError), transaction.atomic():
        store.save_whole("datasets/cafe/1-ventas/v1.parquet", b"half a version")
        raise RuntimeError("the row after it failed")
    assert not store.storage().exists("datasets/cafe/1-ventas/v1.parquet")
    assert not Blob.objects.exists()


def test_the_same_bytes_are_kept_once_and_go_with_their_last_name(in_database):
    store.save_whole("a/logo.png", b"same bytes")
    store.save_whole("b/logo.png", b"same bytes")
    assert Blob.objects.count() == 1 and StoredFile.objects.count() == 2
    store.remove(["a/logo.png"])
    assert Blob.objects.count() == 1 and store.read_bytes("b/logo.png") == b"same bytes"
    store.remove(["b/logo.png"])
    assert not Blob.objects.exists() and not StoredFile.objects.exists()


def test_the_local_copy_is_named_by_its_content_and_fetched_again_when_gone(in_database, settings):
    store.save_whole("datasets/cafe/1-ventas/v1.parquet", b"records")
    sha = hashlib.sha256(b"records").hexdigest()
    path = store.local_path("datasets/cafe/1-ventas/v1.parquet")
    assert path == cache_path(sha) and path.is_relative_to(settings.DATA_DIR / "cache" / "files")
    shutil.rmtree(settings.DATA_DIR / "cache")  # another server, or a cache emptied by hand
    assert store.local_path("datasets/cafe/1-ventas/v1.parquet").read_bytes() == b"records"


def test_a_file_from_before_the_store_is_still_read_from_the_media_folder(in_database, settings):
    legacy = settings.MEDIA_ROOT / "logos" / "cafe.png"
    legacy.parent.mkdir(parents=True)
    legacy.write_bytes(b"old logo")
    assert store.storage().exists("logos/cafe.png") and store.read_bytes("logos/cafe.png") == b"old logo"
    store.storage().delete("logos/cafe.png")
    assert not legacy.exists()
