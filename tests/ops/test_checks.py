"""Rumbo's own system checks catch the configuration mistakes that would lose or expose data."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.checks import run_checks

from rumbo import checks
from tests.ops.scratch import migrated_sqlite


def ids(errors):
    return [e.id for e in errors]


def test_a_sane_configuration_has_no_rumbo_errors():
    assert [e for e in run_checks() if e.id.startswith("rumbo.")] == []


def test_a_data_folder_that_cannot_be_created_is_reported(settings, tmp_path, monkeypatch):
    settings.DATA_DIR = tmp_path / "no" / "such" / "folder"
    assert checks.check_data_dir() == []  # its parent is writable: Rumbo creates it
    monkeypatch.setattr(checks.os, "access", lambda path, mode: False)
    errors = checks.check_data_dir()
    assert ids(errors) == ["rumbo.E001"] and "no existe y no se puede crear" in errors[0].msg


def test_a_data_folder_that_is_a_file_is_reported(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "file"
    settings.DATA_DIR.write_text("x")
    assert ids(checks.check_data_dir()) == ["rumbo.E001"]


def use_database(monkeypatch, **database):
    # Only the checks read it here; the open connections keep their own copy.
    monkeypatch.setitem(django_settings.DATABASES, "default", database)


def test_a_sqlite_database_in_a_folder_rumbo_cannot_write_is_reported(tmp_path, monkeypatch):
    use_database(monkeypatch, ENGINE="django.db.backends.sqlite3", NAME=tmp_path / "rumbo.sqlite3")
    assert checks.check_sqlite_writable() == []
    monkeypatch.setattr(checks.os, "access", lambda path, mode: Path(path) != tmp_path)
    errors = checks.check_sqlite_writable()
    assert ids(errors) == ["rumbo.E002"] and "no puede escribir" in errors[0].msg


def test_a_read_only_sqlite_file_is_reported(tmp_path, monkeypatch):
    database = tmp_path / "rumbo.sqlite3"
    database.write_bytes(b"")
    use_database(monkeypatch, ENGINE="django.db.backends.sqlite3", NAME=database)
    monkeypatch.setattr(checks.os, "access", lambda path, mode: Path(path) != database)
    assert ids(checks.check_sqlite_writable()) == ["rumbo.E002"]


def test_postgresql_needs_no_writable_folder(monkeypatch):
    use_database(monkeypatch, ENGINE="django.db.backends.postgresql", NAME="rumbo")
    monkeypatch.setattr(checks.os, "access", lambda path, mode: False)
    assert checks.check_sqlite_writable() == []


def test_debug_on_a_public_https_server_is_an_error(settings):
    settings.DEBUG, settings.HTTPS = True, True
    assert ids(checks.check_debug_in_production()) == ["rumbo.E003"]
    settings.DEBUG = False
    assert checks.check_debug_in_production() == []


def test_a_bin_that_keeps_nothing_is_an_error(settings):
    settings.RUMBO_TRASH_DAYS = 0
    assert ids(checks.check_trash_days()) == ["rumbo.E004"]


@pytest.mark.slow  # a real `rumbo manage check` process: a parallel run starts this file first
def test_the_checks_stop_the_check_command(tmp_path):
    env = {**os.environ, "RUMBO_DATA_DIR": str(tmp_path), "DEBUG": "1", "RUMBO_HTTPS": "1", "SECRET_KEY": "x" * 60}
    env.pop("DATABASE_URL", None)
    migrated_sqlite(tmp_path / "rumbo.sqlite3")
    result = subprocess.run(
        [str(Path(sys.executable).with_name("rumbo")), "manage", "check"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert result.returncode != 0 and "rumbo.E003" in result.stderr
