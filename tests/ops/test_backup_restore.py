"""`rumbo backup` while values are being written, then `rumbo restore` into a fresh site: every committed value is there."""

import io
import json
import subprocess
import sys
import tarfile
import threading
import time

import pytest

from rumbo.ops.backup import BackupError, backup_restore
from tests.ops.scratch import ROOT, python, rumbo, scratch_site


def _wait_for(condition, seconds=120):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def _state_after(changes):
    """Values and history the site holds after the writer's first `len(changes)` changes."""
    values, history = {}, {}
    for period, value, version in changes:
        values[period] = [value, int(version)]
        history.setdefault(period, []).append(value)
    return {"values": values, "history": history}


def test_a_backup_taken_while_values_are_written_restores_every_committed_value(tmp_path):
    archive = tmp_path / "copia.tar.gz"
    stop = tmp_path / "stop"
    with scratch_site(tmp_path / "live") as live, scratch_site(tmp_path / "fresh") as fresh:
        writer = subprocess.Popen(
            [sys.executable, "-m", "tests.ops.writer", "write", "--seconds", "90", "--stop-file", str(stop)],
            env=live, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        lines = []
        reader = threading.Thread(target=lambda: lines.extend(line.split() for line in writer.stdout), daemon=True)
        reader.start()
        try:
            _wait_for(lambda: len(lines) > 30 or writer.poll() is not None)
            upload = tmp_path / "live" / "data" / "media" / "uploads" / "ventas 2025.csv"
            upload.parent.mkdir(parents=True)
            upload.write_text("fecha;ventas\n01/01/2025;1.234,5\n")
            (tmp_path / "live" / "data" / "static").mkdir()
            (tmp_path / "live" / "data" / "static" / "rumbo.css").write_text("collected, rebuilt by collectstatic")
            committed_before = len(lines) - 1  # the first line is "ready"
            backup = rumbo(["backup", "--output", str(archive)], live)
            assert backup.returncode == 0, backup.stderr
            assert "Copia guardada en" in backup.stdout
            committed_during = len(lines) - 1
            _wait_for(lambda: len(lines) - 1 > committed_during + 10 or writer.poll() is not None)
        finally:
            stop.touch()
            writer.wait(timeout=60)
            reader.join(timeout=10)
        assert writer.returncode == 0, writer.stderr.read()
        changes = [tuple(line) for line in lines[1:]]
        assert committed_during < len(changes), "writing must go on after the backup"

        assert archive.stat().st_mode & 0o077 == 0, "a backup holds password hashes: owner only"
        with tarfile.open(archive) as tar:
            manifest = json.load(tar.extractfile("manifest.json"))
            names = set(tar.getnames())
        assert manifest["app"] == "rumbo" and manifest["format"] == 1 and manifest["database"] in names
        assert "kpis.0001_initial" in manifest["migrations"] and "files/media/uploads/ventas 2025.csv" in names

        restored = rumbo(["restore", str(archive)], fresh)
        assert restored.returncode == 0, restored.stderr
        dump = python("tests.ops.writer", ["dump"], fresh)
        assert dump.returncode == 0, dump.stderr
        state = json.loads(dump.stdout)

        # A consistent snapshot is the state after some prefix of the writer's changes,
        # and that prefix holds at least every change committed before the backup began.
        prefixes = [n for n in range(committed_before, len(changes) + 1) if _state_after(changes[:n]) == state]
        assert prefixes, f"the restored values are not a consistent snapshot: {len(state['values'])} values"
        restored_upload = tmp_path / "fresh" / "data" / "media" / "uploads" / "ventas 2025.csv"
        assert restored_upload.read_text() == "fecha;ventas\n01/01/2025;1.234,5\n"
        assert not (tmp_path / "fresh" / "data" / "static").exists()

        refused = rumbo(["restore", str(archive)], fresh)
        assert refused.returncode != 0
        assert "ya tienen datos (1 cooperativas, 1 personas, 1 archivos)" in refused.stderr and "--force" in refused.stderr
        forced = rumbo(["restore", str(archive), "--force"], fresh)
        assert forced.returncode == 0, forced.stderr
        assert json.loads(python("tests.ops.writer", ["dump"], fresh).stdout) == state


@pytest.mark.parametrize("make_it_bad, message", [
    (lambda path: path.write_text("no soy una copia"), "no es una copia de Rumbo que se pueda leer"),
    (lambda path: _tar(path, {"otra.txt": b"x"}), "le falta su manifiesto"),
    (lambda path: _tar(path, {"manifest.json": json.dumps({"app": "rumbo", "format": 99, "engine": "sqlite"}).encode()}), "formato que esta versión"),
    (lambda path: _tar(path, {"manifest.json": _manifest(), "database/rumbo.sqlite3": b"", "../fuera.txt": b"x"}), "entrada no permitida: ../fuera.txt"),
    (lambda path: _tar(path, {"manifest.json": _manifest(), "database/rumbo.sqlite3": b"", "files/enlace": None}), "entrada no permitida: files/enlace"),
    (lambda path: _tar(path, {"manifest.json": _manifest()}), "no contiene la base de datos"),
    (lambda path: _tar(path, {"manifest.json": _manifest(migrations=["kpis.9999_del_futuro"]), "database/rumbo.sqlite3": b""}), "versión más nueva de Rumbo"),
    (lambda path: _tar(path, {"manifest.json": _manifest(engine="postgresql")}), "restáurela en una del mismo tipo"),
])
def test_a_file_that_is_not_a_sound_backup_is_refused_and_nothing_changes(tmp_path, make_it_bad, message):
    bad = tmp_path / "mala.tar.gz"
    make_it_bad(bad)
    database = {"ENGINE": "django.db.backends.sqlite3", "NAME": tmp_path / "data" / "rumbo.sqlite3"}
    with pytest.raises(BackupError) as err:
        backup_restore(archive=bad, database=database, data_dir=tmp_path / "data")
    assert message in str(err.value)
    assert not (tmp_path / "data").exists()


def _manifest(engine="sqlite", migrations=()):
    database = {"sqlite": "database/rumbo.sqlite3", "postgresql": "database/rumbo.pgdump"}[engine]
    return json.dumps({"app": "rumbo", "format": 1, "engine": engine, "database": database, "created_at": "2026-01-01", "migrations": list(migrations)}).encode()


def _tar(path, members: dict):
    """An archive with these members; None makes a symbolic link pointing out of the data folder."""
    with tarfile.open(path, "w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            if data is None:
                info.type, info.linkname = tarfile.SYMTYPE, "/etc/passwd"
                tar.addfile(info)
            else:
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
