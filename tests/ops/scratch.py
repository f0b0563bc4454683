"""A throwaway Rumbo site for tests that need real processes: its own data folder and, on PostgreSQL, its own database."""

import io
import json
import os
import subprocess
import sys
import traceback
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RUMBO = str(Path(sys.executable).with_name("rumbo"))


def on_postgresql() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


@contextmanager
def scratch_site(folder: Path):
    """Environment variables for a fresh site in `folder`: SQLite there, or a new PostgreSQL database when the suite runs on one."""
    env = {
        **os.environ,
        "RUMBO_DATA_DIR": str(folder / "data"),
        "SECRET_KEY": "scratch-site-" + "x" * 40,
        "PYTHONPATH": str(ROOT),
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    if not on_postgresql():
        env.pop("DATABASE_URL", None)
        yield env
        return
    import psycopg

    server = os.environ["DATABASE_URL"]
    # Unique in any case; the pytest-xdist worker in the name tells whose a leftover database was.
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    name = f"rumbo_scratch_{worker}_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server, autocommit=True) as db:
        db.execute(f'CREATE DATABASE "{name}"')
    env["DATABASE_URL"] = server.rsplit("/", 1)[0] + "/" + name
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
    The module runs `serve(main)` when called with the single argument `serve`.
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

    answers = sys.stdout
    for line in sys.stdin:
        out, err, code = io.StringIO(), io.StringIO(), 0
        try:
            with redirect_stdout(out), redirect_stderr(err):
                main(json.loads(line))
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
        except Exception:
            err.write(traceback.format_exc())
            code = 1
        finally:
            connections.close_all()
        answers.write(json.dumps({"returncode": code, "stdout": out.getvalue(), "stderr": err.getvalue()}) + "\n")
        answers.flush()
