"""A throwaway Rumbo site for tests that need real processes: its own data folder and, on PostgreSQL, its own database."""

import atexit
import fcntl
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import traceback
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RUMBO = str(Path(sys.executable).with_name("rumbo"))


def on_postgresql() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


# Where one test run keeps the migrated databases its sites start from (tests/pytest_env.py names it once for all
# pytest-xdist workers); outside a test run, a folder of this process, removed when it ends.
if os.environ.get("RUMBO_TEST_RUN"):
    RUN_FOLDER = Path(os.environ["RUMBO_TEST_RUN"])
else:
    RUN_FOLDER = Path(tempfile.mkdtemp(prefix="rumbo-run-"))
    atexit.register(shutil.rmtree, RUN_FOLDER, ignore_errors=True)


def _migrations_key() -> str:
    """A fingerprint of Rumbo's migrations: a template built from other migrations is never used."""
    digest = hashlib.sha256()
    for path in sorted(ROOT.glob("rumbo/*/migrations/*.py")):
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


@contextmanager
def _only_one_builds(name: str) -> Iterator[Path]:
    """Hold the run's lock for the template `name` (one builder at a time across pytest-xdist workers)."""
    RUN_FOLDER.mkdir(parents=True, exist_ok=True)
    with open(RUN_FOLDER / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield RUN_FOLDER / name
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _migrate(env: dict) -> None:
    """Migrate the database `env` names, as the first `rumbo` command of a new site does."""
    env = {**env, "SECRET_KEY": env.get("SECRET_KEY") or "template-" + "x" * 40, "PYTHONPATH": str(ROOT)}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    done = subprocess.run(
        [sys.executable, "-c", "from rumbo.cli import setup_django; setup_django()"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]


def migrated_sqlite(path: Path) -> Path:
    """Put at `path` an SQLite database with every migration applied and no data, as a new site's first command leaves it.

    The migrations run once per test run; each site then gets a copy, so a test that is not about migrating a new
    site does not pay for it.
    """
    with _only_one_builds(f"sqlite-{_migrations_key()}") as template:
        kept = template / "rumbo.sqlite3"
        if not kept.exists():
            building = template.with_name(template.name + ".building")
            shutil.rmtree(building, ignore_errors=True)
            env = {**os.environ, "RUMBO_DATA_DIR": str(building)}
            env.pop("DATABASE_URL", None)
            _migrate(env)
            template.mkdir()
            with sqlite3.connect(building / "rumbo.sqlite3") as source, sqlite3.connect(kept) as copy:
                source.backup(copy)  # one file, with nothing left in a write-ahead log
            shutil.rmtree(building)
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(kept, path)
    return path


def _server_url(name: str) -> str:
    return os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/" + name


def postgres_template_name() -> str:
    """This test run's migrated PostgreSQL database, the template of its scratch databases (dropped at the run's end)."""
    return f"rumbo_scratch_template_{RUN_FOLDER.name.rsplit('-', 1)[-1]}_{_migrations_key()}".lower()[:63]


def migrated_postgres(name: str) -> str:
    """Create the PostgreSQL database `name` with every migration applied and no data; its URL.

    The migrations run once per test run, into a template database; each new database is a copy of it.
    """
    import psycopg

    template = postgres_template_name()
    with _only_one_builds(template) as marker:
        if not marker.exists():
            with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True) as db:
                db.execute(f'DROP DATABASE IF EXISTS "{template}" WITH (FORCE)')
                db.execute(f'CREATE DATABASE "{template}"')
            _migrate({**os.environ, "DATABASE_URL": _server_url(template)})
            marker.touch()
    for attempt in range(50):
        try:
            with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True) as db:
                db.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
            break
        except psycopg.errors.ObjectInUse:  # another copy being made from it at this moment, or autovacuum
            if attempt == 49:
                raise
            time.sleep(0.1)
    return _server_url(name)


def run_ended() -> None:
    """At the end of a test run: drop its template database, if it made one, and its folder."""
    if on_postgresql() and (RUN_FOLDER / postgres_template_name()).exists():
        import psycopg

        with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True) as db:
            db.execute(f'DROP DATABASE IF EXISTS "{postgres_template_name()}" WITH (FORCE)')
    shutil.rmtree(RUN_FOLDER, ignore_errors=True)


@contextmanager
def scratch_site(folder: Path):
    """Environment variables for a new site in `folder`: SQLite there, or a new PostgreSQL database when the suite runs on one.

    Its database has every migration applied and no data, as after a new site's first command (see `migrated_sqlite`).
    """
    env = {
        **os.environ,
        "RUMBO_DATA_DIR": str(folder / "data"),
        "SECRET_KEY": "scratch-site-" + "x" * 40,
        "PYTHONPATH": str(ROOT),
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    if not on_postgresql():
        env.pop("DATABASE_URL", None)
        migrated_sqlite(folder / "data" / "rumbo.sqlite3")
        yield env
        return
    import psycopg

    server = os.environ["DATABASE_URL"]
    # Unique in any case; the pytest-xdist worker in the name tells whose a leftover database was.
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    name = f"rumbo_scratch_{worker}_{uuid.uuid4().hex[:12]}"
    env["DATABASE_URL"] = migrated_postgres(name)
    try:
        yield env
    finally:
        with psycopg.connect(server, autocommit=True) as db:
            db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def rumbo(args: list[str], env: dict, timeout: int = 180) -> subprocess.CompletedProcess:
    return subprocess.run([RUMBO, *args], capture_output=True, text=True, env=env, timeout=timeout, cwd=ROOT)


def python(module: str, args: list[str], env: dict, timeout: int = 180) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", module, *args], capture_output=True, text=True, env=env, timeout=timeout, cwd=ROOT
    )


@contextmanager
def helper(module: str, env: dict) -> Iterator[Callable[[list[str]], subprocess.CompletedProcess]]:
    """`python -m module ARGS` as one long-lived process of the site, for the checks and changes around the processes under test.

    Each call answers as `python()` does (exit status, standard output and error); Django starts once, not once a call.
    The module runs `serve(main)` when called with the single argument `serve`. A call `["rumbo", ARGS...]` runs the
    command `rumbo ARGS` in that process: for the commands around the processes under test, not instead of them.
    """
    process = subprocess.Popen(
        [sys.executable, "-m", module, "serve"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )

    def call(args: list[str]) -> subprocess.CompletedProcess:
        process.stdin.write(json.dumps(args) + "\n")
        process.stdin.flush()
        line = process.stdout.readline()
        assert line, f"{module} serve ended (status {process.wait()})"
        answer = json.loads(line)
        return subprocess.CompletedProcess(args, answer["returncode"], answer["stdout"], answer["stderr"])

    try:
        yield call
    finally:
        process.stdin.close()
        process.wait(timeout=60)
        process.stdout.close()


def serve(main: Callable[[list[str]], object]) -> None:
    """The other side of `helper()`: run `main(args)` for each JSON line of standard input, answer one JSON line each.

    Every call ends with the database connections closed, so nothing is held between two calls.
    """
    from django.db import connections

    from rumbo.cli import main as rumbo_main

    answers = sys.stdout
    for line in sys.stdin:
        out, err, code = io.StringIO(), io.StringIO(), 0
        try:
            args = json.loads(line)
            with redirect_stdout(out), redirect_stderr(err):
                if args[:1] == ["rumbo"]:
                    rumbo_main(args[1:], prog_name="rumbo")
                else:
                    main(args)
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
        except Exception:
            err.write(traceback.format_exc())
            code = 1
        finally:
            connections.close_all()
        answers.write(json.dumps({"returncode": code, "stdout": out.getvalue(), "stderr": err.getvalue()}) + "\n")
        answers.flush()
