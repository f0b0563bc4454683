"""Two app servers with their own data folders and one database: a dataset uploaded through one is recomputed and read through the other."""

import json
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from rumbo.datasets.models import Dataset
from rumbo.datasets.services.loading import dataset_load
from rumbo.datasets.services.metrics import metric_define
from rumbo.files import store
from tests.datasets.conftest import JAN, SALES, csv_bytes, values_of
from tests.ops.scratch import migrated_sqlite, python, rumbo, scratch_site

pytestmark = pytest.mark.slow

DATABASE = {"BACKEND": "rumbo.files.storage.DatabaseStorage"}


def _server(settings, folder):
    """From here on, this process is an app server whose data folder is `folder`."""
    settings.DATA_DIR = folder
    settings.MEDIA_ROOT = folder / "media"
    settings.STORAGES = {**settings.STORAGES, "default": DATABASE}


def _files_in(folder) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def test_a_dataset_uploaded_on_one_server_is_recomputed_appended_and_read_on_the_other(
    settings, tmp_path, cast, as_editor
):
    one, two = tmp_path / "one", tmp_path / "two"
    _server(settings, one)
    response = as_editor.post(
        reverse("datasets:upload", args=[cast.coop.slug]),
        {"name": "ventas", "mode": "replace", "file": SimpleUploadedFile("ventas.csv", csv_bytes(SALES))},
    )
    assert response.status_code == 302

    _server(settings, two)  # nothing of server one's folder is reachable from here
    ingresos = metric_define(
        coop=cast.coop, name="ingresos", dataset="ventas", measure="sum(Monto)", date="Fecha", grain="month"
    ).kpi
    assert values_of(ingresos)[JAN] == Decimal("1500.5")  # computed here, from the version kept on server one
    dataset = Dataset.objects.get(cooperative=cast.coop, key="ventas")
    page = as_editor.get(reverse("datasets:dataset_detail", args=[cast.coop.slug, dataset.pk]))
    assert page.status_code == 200 and "ventas.csv" in page.content.decode()
    dataset_load(coop=cast.coop, name="ventas", data=csv_bytes(SALES[:1]), filename="enero.csv", append=True)
    assert values_of(ingresos)[JAN] == Decimal("2701")

    _server(settings, one)  # and back: server one reads the version appended on server two
    version = dataset.versions.latest("number")
    assert store.read_bytes(version.original) == csv_bytes(SALES[:1])
    assert len(store.names_under(version.file.rsplit("/", 1)[0])) == 4  # v1 and v2, each with its upload
    assert not (one / "media").exists() and not (two / "media").exists()
    assert all(name.startswith("cache/files/") for name in _files_in(one) + _files_in(two))


def test_two_processes_with_their_own_data_folders_share_an_uploaded_dataset(tmp_path):
    with scratch_site(tmp_path) as env:
        env = {**env, "DJANGO_SETTINGS_MODULE": "tests.files.shared_settings"}
        if "DATABASE_URL" not in env:  # SQLite: the two servers share one database file
            env["RUMBO_SHARED_DB"] = str(migrated_sqlite(tmp_path / "shared.sqlite3"))
        first = python("tests.files.server_step", ["upload"], {**env, "RUMBO_DATA_DIR": str(tmp_path / "one")})
        assert first.returncode == 0, first.stderr[-3000:]
        assert json.loads(first.stdout) == {"status": 302}
        second = python("tests.files.server_step", ["recompute"], {**env, "RUMBO_DATA_DIR": str(tmp_path / "two")})
        assert second.returncode == 0, second.stderr[-3000:]
        read = json.loads(second.stdout)
        assert (read["status"], read["page_has_rows"]) == (200, True)
        assert {period: Decimal(value) for period, value in read["values"].items()} == {
            "2024-01-01": Decimal("1500.5"),
            "2024-02-01": Decimal("1800"),
        }
    assert not (tmp_path / "one" / "media").exists() and not (tmp_path / "two" / "media").exists()
    assert any(p.is_file() for p in (tmp_path / "two" / "cache" / "files").rglob("*"))


def test_a_backup_carries_the_stored_files_to_a_new_site_on_another_machine(tmp_path):
    with scratch_site(tmp_path / "old") as old, scratch_site(tmp_path / "new") as new:
        old = {**old, "DJANGO_SETTINGS_MODULE": "tests.files.shared_settings", "RUMBO_DATA_DIR": str(tmp_path / "one")}
        new = {**new, "DJANGO_SETTINGS_MODULE": "tests.files.shared_settings", "RUMBO_DATA_DIR": str(tmp_path / "two")}
        if "DATABASE_URL" not in old:  # SQLite: the files are rows of the database file the backup copies
            old["RUMBO_SHARED_DB"], new["RUMBO_SHARED_DB"] = (
                str(migrated_sqlite(tmp_path / "old.sqlite3")),
                str(migrated_sqlite(tmp_path / "new.sqlite3")),
            )
        uploaded = python("tests.files.server_step", ["upload"], old)
        assert uploaded.returncode == 0, uploaded.stderr[-3000:]
        archive = tmp_path / "copia.tar.gz"
        backup = rumbo(["backup", "--output", str(archive)], old)
        assert backup.returncode == 0, backup.stderr[-3000:]
        restored = rumbo(["restore", str(archive)], new)
        assert restored.returncode == 0, restored.stderr[-3000:]
        read = python("tests.files.server_step", ["recompute"], new)
        assert read.returncode == 0, read.stderr[-3000:]
        assert Decimal(json.loads(read.stdout)["values"]["2024-01-01"]) == Decimal("1500.5")
    assert not (tmp_path / "one" / "media").exists() and not (tmp_path / "two" / "media").exists()
