"""Backups of a running Rumbo and their restore: the database plus the files kept under the data folder.

A backup is one .tar.gz holding `manifest.json`, the database (a SQLite copy made with the
online backup API, or a `pg_dump` custom-format dump) and every folder of the data folder
(uploads, datasets…) under `files/`. Both database copies are consistent snapshots taken
while the app keeps writing; nothing has to be stopped. With PostgreSQL the file store
(rumbo/files) is a table of the database, so its files travel in the dump; the data folder's
cache of them is left out and fills again on first read.
"""

import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, connections
from django.utils.translation import gettext as _

from rumbo.ops.errors import BackupError, BadArchive
from rumbo.ops.manifest import DATABASE_MEMBER, FILES, FORMAT, MANIFEST, checked_members, manifest_read

# Collected static files are rebuilt by `collectstatic`; earlier backups are not backed up again;
# the cache holds only short-lived counts (password-reset requests).
NOT_BACKED_UP = {"static", "backups", "cache"}
WORK_PREFIXES = ("rumbo-backup-", "rumbo-restore-")


@dataclass(frozen=True)
class BackupResult:
    path: Path
    engine: str
    files: int
    size: int


@dataclass(frozen=True)
class RestoreResult:
    engine: str
    files: int
    created_at: str


def engine_of(database: dict) -> str:
    engine = database["ENGINE"]
    if engine.endswith("sqlite3"):
        return "sqlite"
    if "postgresql" in engine:
        return "postgresql"
    raise BackupError(_("Rumbo no sabe hacer copias de la base de datos %(engine)s.") % {"engine": engine})


def backup_create(*, output: Path, database: dict | None = None, data_dir: Path | None = None) -> BackupResult:
    """Write a consistent backup of the database and the data folder's files to `output`."""
    database = database or connection.settings_dict
    data_dir = Path(data_dir or settings.DATA_DIR)
    engine = engine_of(database)
    output = Path(output).resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="rumbo-backup-", dir=output.parent) as work:
        dump = Path(work) / "database"
        # The database first, then the files: a file is written before the row that points
        # to it is committed, so every file the snapshot refers to is already on disk.
        if engine == "sqlite":
            _sqlite_copy(Path(database["NAME"]), dump)
        else:
            _pg_dump(database, dump)
        manifest = {
            "format": FORMAT,
            "app": "rumbo",
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "engine": engine,
            "database": DATABASE_MEMBER[engine],
            "migrations": _applied_migrations(),
        }
        partial = Path(work) / "backup.tar.gz"
        files = 0
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(dump, arcname=DATABASE_MEMBER[engine])
            for path in _data_files(data_dir, skip=output):
                tar.add(path, arcname=f"{FILES}/{path.relative_to(data_dir).as_posix()}", recursive=False)
                files += 1
            manifest["files"] = files
            _add_bytes(tar, MANIFEST, json.dumps(manifest, indent=2).encode())
        # The backup holds password hashes: readable by its owner only.
        partial.chmod(0o600)
        os.replace(partial, output)
    return BackupResult(path=output, engine=engine, files=files, size=output.stat().st_size)


def backup_restore(
    *, archive: Path, force: bool = False, database: dict | None = None, data_dir: Path | None = None
) -> RestoreResult:
    """Restore a backup into an empty database and data folder (or over them with `force`)."""
    database = database or connection.settings_dict
    data_dir = Path(data_dir or settings.DATA_DIR)
    engine = engine_of(database)
    try:
        tar = tarfile.open(archive, "r:gz")  # noqa: SIM115 -- closed by the `with tar:` below; a bad archive gets its own message
    except (OSError, tarfile.TarError):
        raise BadArchive(_("«%(file)s» no es una copia de Rumbo que se pueda leer.") % {"file": archive}) from None
    with tar:
        manifest = manifest_read(tar, archive)
        if manifest["engine"] != engine:
            raise BadArchive(
                _(
                    "Esta copia es de una base de datos %(copy)s y la configurada es %(here)s; restáurela en una del mismo tipo."
                )
                % {"copy": manifest["engine"], "here": engine}
            )
        _check_migrations_known(manifest)
        members = checked_members(tar, manifest)
        if not force:
            what = _existing_data(engine, database, data_dir)
            if what:
                raise BackupError(
                    _(
                        "La carpeta de datos %(dir)s o la base de datos ya tienen datos (%(what)s). Restaurar los reemplazaría; "
                        "use --force si eso es lo que quiere."
                    )
                    % {"dir": data_dir, "what": what}
                )
        connections.close_all()
        data_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix="rumbo-restore-", dir=data_dir) as work:
            tar.extractall(work, members=members, filter="data")
            dump = Path(work) / manifest["database"]
            if engine == "sqlite":
                _sqlite_restore(dump, Path(database["NAME"]))
            else:
                _pg_restore(database, dump)
            files = _restore_files(Path(work) / FILES, data_dir)
    connections.close_all()
    return RestoreResult(engine=engine, files=files, created_at=manifest["created_at"])


def default_backup_name(now: datetime | None = None) -> str:
    return f"rumbo-copia-{(now or datetime.now()).strftime('%Y%m%d-%H%M%S')}.tar.gz"


# SQLite ---------------------------------------------------------------------------------------


def _sqlite_copy(source: Path, target: Path) -> None:
    if not source.exists():
        raise BackupError(_("No hay base de datos en %(path)s.") % {"path": source})
    src = sqlite3.connect(source, timeout=30)
    dst = sqlite3.connect(target)
    try:
        # One step (pages=-1) under a read transaction: in WAL mode writers keep writing
        # and the copy is the database as of the moment the step began.
        src.backup(dst)
        if dst.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise BackupError(_("La copia de la base de datos no pasó la verificación de integridad."))
    finally:
        dst.close()
        src.close()


def _sqlite_restore(dump: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(dump)
    dst = sqlite3.connect(target, timeout=30)
    try:
        # Through the backup API rather than a file copy, so a -wal file left beside the
        # old database cannot be replayed over the restored one.
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def _sqlite_counts(path: Path) -> tuple[int, int]:
    if not path.exists():
        return 0, 0
    db = sqlite3.connect(path, timeout=30)
    try:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        cooperatives, users = (
            db.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] if table in tables else 0
            for table in ("orgs_cooperative", "accounts_user")
        )
        return cooperatives, users
    finally:
        db.close()


# PostgreSQL -----------------------------------------------------------------------------------


def pg_program(name: str) -> str:
    """The newest installed PostgreSQL client program: RUMBO_PG_BIN, /usr/lib/postgresql/*/bin, then PATH."""
    folders = [os.environ["RUMBO_PG_BIN"]] if os.environ.get("RUMBO_PG_BIN") else []
    folders += [
        str(p)
        for p in sorted(
            Path("/usr/lib/postgresql").glob("*/bin"),
            key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
            reverse=True,
        )
    ]
    for folder in folders:
        if (Path(folder) / name).is_file():
            return str(Path(folder) / name)
    if found := shutil.which(name):
        return found
    raise BackupError(
        _("No se encontró %(program)s: instale el cliente de PostgreSQL o defina RUMBO_PG_BIN.") % {"program": name}
    )


def _pg_connection(database: dict) -> tuple[list[str], dict]:
    """libpq arguments and environment; the password goes in the environment, never on the command line."""
    from psycopg.conninfo import make_conninfo

    options = database.get("OPTIONS") or {}
    params = {
        k: v
        for k, v in {
            "dbname": database["NAME"],
            "host": database.get("HOST"),
            "port": database.get("PORT"),
            "user": database.get("USER"),
        }.items()
        if v
    }
    params.update({k: v for k, v in options.items() if k in ("sslmode", "sslrootcert", "sslcert", "sslkey")})
    env = {**os.environ}
    if database.get("PASSWORD"):
        env["PGPASSWORD"] = str(database["PASSWORD"])
    return ["--dbname", make_conninfo(**{k: str(v) for k, v in params.items()})], env


def _run(command: list[str], env: dict, failure: str) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{failure}\n{result.stderr.strip()}")


def _pg_dump(database: dict, target: Path) -> None:
    dbname, env = _pg_connection(database)
    _run(
        [pg_program("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", "--file", str(target), *dbname],
        env,
        _("pg_dump no pudo copiar la base de datos."),
    )


def _pg_restore(database: dict, dump: Path) -> None:
    dbname, env = _pg_connection(database)
    _run(
        [
            pg_program("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            *dbname,
            str(dump),
        ],
        env,
        _("pg_restore no pudo restaurar la base de datos; no se cambió nada."),
    )


def _pg_counts(database: dict) -> tuple[int, int]:
    import psycopg

    dbname, env = _pg_connection(database)
    with psycopg.connect(dbname[1], password=env.get("PGPASSWORD")) as db:
        counts = []
        for table in ("orgs_cooperative", "accounts_user"):
            exists = _value(db.execute("SELECT to_regclass(%s)", [f"public.{table}"]).fetchone())
            counts.append(_value(db.execute(f'SELECT count(*) FROM "{table}"').fetchone()) if exists else 0)
        return counts[0], counts[1]


def _value(row: tuple[Any, ...] | None) -> Any:
    assert row is not None, "a SELECT of one value gives one row"
    return row[0]


# Files and the archive ------------------------------------------------------------------------


def _file_folders(data_dir: Path) -> list[Path]:
    """The folders of the data folder a backup carries: all but static files, backups and work folders."""
    if not data_dir.is_dir():
        return []
    return [
        top
        for top in sorted(data_dir.iterdir())
        if top.is_dir()
        and not top.is_symlink()
        and top.name not in NOT_BACKED_UP
        and not top.name.startswith(WORK_PREFIXES)
    ]


def _data_files(data_dir: Path, skip: Path) -> Iterator[Path]:
    for top in _file_folders(data_dir):
        for root, dirs, names in os.walk(top):
            dirs.sort()
            for name in sorted(names):
                path = Path(root) / name
                if path.is_file() and not path.is_symlink() and path.resolve() != skip:
                    yield path


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mode, info.mtime = len(data), 0o600, int(datetime.now().timestamp())
    tar.addfile(info, io.BytesIO(data))


def _applied_migrations() -> list[str]:
    from django.db.migrations.recorder import MigrationRecorder

    return sorted(f"{app}.{name}" for app, name in MigrationRecorder(connection).applied_migrations())


def _check_migrations_known(manifest: dict) -> None:
    from django.db.migrations.loader import MigrationLoader

    known = {f"{app}.{name}" for app, name in MigrationLoader(None, ignore_no_migrations=True).disk_migrations}
    unknown = sorted(set(manifest["migrations"]) - known)
    if unknown:
        raise BadArchive(
            _(
                "La copia viene de una versión más nueva de Rumbo (%(migrations)s). Actualice Rumbo antes de restaurarla."
            )
            % {"migrations": ", ".join(unknown[:5])}
        )


def _existing_data(engine: str, database: dict, data_dir: Path) -> str:
    """What a restore would overwrite, in words; empty when there is nothing."""
    coops, users = _sqlite_counts(Path(database["NAME"])) if engine == "sqlite" else _pg_counts(database)
    files = sum(1 for _ in _data_files(data_dir, skip=Path("/nonexistent")))
    parts = []
    if coops:
        parts.append(_("%(n)s cooperativas") % {"n": coops})
    if users:
        parts.append(_("%(n)s personas") % {"n": users})
    if files:
        parts.append(_("%(n)s archivos") % {"n": files})
    return ", ".join(parts)


def _restore_files(source: Path, data_dir: Path) -> int:
    """Replace the data folder's folders with the backup's, leaving static files and the database alone."""
    for top in _file_folders(data_dir):
        shutil.rmtree(top)
    count = 0
    if source.is_dir():
        for top in source.iterdir():
            shutil.copytree(top, data_dir / top.name, dirs_exist_ok=True)
        count = sum(1 for p in source.rglob("*") if p.is_file())
    return count
