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

pytestmark = pytest.mark.slow  # real processes or long runs: a parallel run starts this file first


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
            env=live,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
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
        assert (
            "ya tienen datos (1 cooperativas, 1 personas, 1 archivos)" in refused.stderr and "--force" in refused.stderr
        )
        forced = rumbo(["restore", str(archive), "--force"], fresh)
        assert forced.returncode == 0, forced.stderr
        assert json.loads(python("tests.ops.writer", ["dump"], fresh).stdout) == state


@pytest.mark.parametrize(
    "make_it_bad, message",
    [
        (lambda path: path.write_text("no soy una copia"), "no es una copia de Rumbo que se pueda leer"),
        (lambda path: _tar(path, {"otra.txt": b"x"}), "le falta su manifiesto"),
        (
            lambda path: _tar(
                path, {"manifest.json": json.dumps({"app": "rumbo", "format": 99, "engine": "sqlite"}).encode()}
            ),
            "formato que esta versión",
        ),
        (
            lambda path: _tar(
                path, {"manifest.json": _manifest(), "database/rumbo.sqlite3": b"", "../fuera.txt": b"x"}
            ),
            "entrada no permitida: ../fuera.txt",
        ),
        (
            lambda path: _tar(
                path, {"manifest.json": _manifest(), "database/rumbo.sqlite3": b"", "files/enlace": None}
            ),
            "entrada no permitida: files/enlace",
        ),
        (lambda path: _tar(path, {"manifest.json": _manifest()}), "no contiene la base de datos"),
        (
            lambda path: _tar(
                path, {"manifest.json": _manifest(migrations=["kpis.9999_del_futuro"]), "database/rumbo.sqlite3": b""}
            ),
            "versión más nueva de Rumbo",
        ),
        (
            lambda path: _tar(path, {"manifest.json": _manifest(engine="postgresql")}),
            "restáurela en una del mismo tipo",
        ),
        # The manifest itself: every field present, of its type, and the archive as it says.
        (
            lambda path: _tar(path, {"manifest.json": _manifest(drop="database"), "database/rumbo.sqlite3": b""}),
            "no es válido: falta «database»",
        ),
        (
            lambda path: _tar(
                path, {"manifest.json": _manifest(drop=("created_at", "migrations")), "database/rumbo.sqlite3": b""}
            ),
            "falta «created_at»; falta «migrations»",
        ),
        (
            lambda path: _tar(
                path,
                {
                    "manifest.json": _manifest(files="dos", migrations="kpis.0001_initial"),
                    "database/rumbo.sqlite3": b"",
                },
            ),
            "«migrations» debería ser una lista y es un texto; «files» debería ser un número entero y es un texto",
        ),
        (
            lambda path: _tar(path, {"manifest.json": _manifest(files=True), "database/rumbo.sqlite3": b""}),
            "«files» debería ser un número entero y es verdadero o falso",
        ),
        (
            lambda path: _tar(
                path, {"manifest.json": _manifest(database="../rumbo.sqlite3"), "database/rumbo.sqlite3": b""}
            ),
            "«database» debería ser «database/rumbo.sqlite3» en una copia sqlite",
        ),
        (
            lambda path: _tar(path, {"manifest.json": _manifest(created_at="ayer"), "database/rumbo.sqlite3": b""}),
            "«created_at» no es una fecha ISO 8601: ayer",
        ),
        (
            lambda path: _tar(path, {"manifest.json": _manifest(format=2), "database/rumbo.sqlite3": b""}),
            "formato 2; esta versión lee el 1",
        ),
        (
            lambda path: _tar(path, {"manifest.json": b"[1, 2]", "database/rumbo.sqlite3": b""}),
            "su manifiesto no es el de Rumbo",
        ),
        (
            lambda path: _tar(
                path, {"manifest.json": _manifest(files=2), "database/rumbo.sqlite3": b"", "files/media/a.csv": b"a"}
            ),
            "dice tener 2 archivos y trae 1",
        ),
        (lambda path: _truncated(path), "dañada o cortada"),
    ],
)
def test_a_file_that_is_not_a_sound_backup_is_refused_and_nothing_changes(tmp_path, make_it_bad, message):
    bad = tmp_path / "mala.tar.gz"
    make_it_bad(bad)
    database = {"ENGINE": "django.db.backends.sqlite3", "NAME": tmp_path / "data" / "rumbo.sqlite3"}
    with pytest.raises(BackupError) as err:
        backup_restore(archive=bad, database=database, data_dir=tmp_path / "data")
    assert message in str(err.value)
    assert not (tmp_path / "data").exists()


def _manifest(engine="sqlite", migrations=(), drop=(), **fields):
    database = {"sqlite": "database/rumbo.sqlite3", "postgresql": "database/rumbo.pgdump"}[engine]
    manifest = {
        "app": "rumbo",
        "format": 1,
        "engine": engine,
        "database": database,
        "created_at": "2026-01-01T10:00:00+00:00",
        "migrations": migrations if isinstance(migrations, str) else list(migrations),
        "files": 0,
        **fields,
    }
    for name in (drop,) if isinstance(drop, str) else drop:
        del manifest[name]
    return json.dumps(manifest).encode()


def _truncated(path):
    """A backup cut short, as when a copy to a USB stick did not finish."""
    _tar(path, {"database/rumbo.sqlite3": bytes(range(256)) * 4000, "manifest.json": _manifest()})
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def test_rumbo_restore_says_what_is_wrong_with_the_manifest_exit_2_no_traceback(tmp_path):
    from click.testing import CliRunner

    from rumbo.cli import main

    bad = tmp_path / "sin-base.tar.gz"
    _tar(bad, {"manifest.json": _manifest(drop="database"), "database/rumbo.sqlite3": b""})
    result = CliRunner().invoke(main, ["restore", str(bad)])
    assert result.exit_code == 2, result.output
    assert "El manifiesto de" in result.output and "falta «database»" in result.output
    assert "Traceback" not in result.output and not isinstance(result.exception, KeyError)


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
