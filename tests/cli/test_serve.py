"""`rumbo serve`: two servers on one machine, each with its own gunicorn control socket in its data folder."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from gunicorn.ctl.client import ControlClient

from tests.ops.scratch import migrated_sqlite

pytestmark = pytest.mark.slow  # two real servers

RUMBO = str(Path(sys.executable).with_name("rumbo"))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def environment(data_dir: Path, home: Path) -> dict:
    env = {**os.environ, "RUMBO_DATA_DIR": str(data_dir), "HOME": str(home)}
    for name in ("SECRET_KEY", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "XDG_RUNTIME_DIR", "RUMBO_TASKS_BACKEND"):
        env.pop(name, None)
    return env


def start(data_dir: Path, port: int, home: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [RUMBO, "serve", "--port", str(port), "--workers", "1", "--task-workers", "0"],  # its worker: test_worker.py
        env=environment(data_dir, home),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def answers(port: int, deadline: float) -> bool:
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/cuenta/entrar/", timeout=2) as response:
                return response.status == 200
        except OSError:
            time.sleep(0.2)
    return False


def test_two_servers_keep_their_own_control_sockets(tmp_path):
    # One home for both, as two servers of one operator have: gunicorn's default socket would be shared.
    servers = [(tmp_path / name, free_port()) for name in ("norte", "sur")]
    for data_dir, _ in servers:
        migrated_sqlite(data_dir / "rumbo.sqlite3")  # migrating a new data folder: tests/cli/test_commands.py
    processes = [start(data_dir, port, tmp_path) for data_dir, port in servers]
    try:
        deadline = time.monotonic() + 240  # a bound for a busy machine, not a timing under test
        for (data_dir, port), process in zip(servers, processes):
            assert answers(port, deadline), f"the server on port {port} did not answer"
            control = data_dir / f"gunicorn-{port}.ctl"
            while not control.exists() and time.monotonic() < deadline:
                time.sleep(0.1)
            assert control.is_socket()
            with ControlClient(str(control), timeout=10) as client:
                shown = client.send_command("show all")
            assert shown["arbiter"]["pid"] == process.pid  # this server's own arbiter answers, not the other's
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
