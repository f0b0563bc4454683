"""A throwaway Rumbo site for tests that need real processes: its own data folder and, on PostgreSQL, its own database."""

import os
import subprocess
import sys
import uuid
from contextlib import contextmanager
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
