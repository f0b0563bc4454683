"""gunicorn's hooks for `rumbo serve`: the background workers start beside the web workers and stop with them."""

import os
import subprocess
import sys

_workers: list[subprocess.Popen] = []


def when_ready(server: object) -> None:
    """Start `RUMBO_SERVE_TASK_WORKERS` task workers (one by default), each told to stop when this server stops."""
    for _n in range(int(os.environ.get("RUMBO_SERVE_TASK_WORKERS", "1"))):
        _workers.append(
            subprocess.Popen(
                [sys.executable, "-c", "from rumbo.cli import main; main()", "worker", "--parent", str(os.getpid())]
            )
        )


def on_exit(server: object) -> None:
    """Stop the task workers: each finishes the task at hand (SIGTERM), and is killed if it takes too long."""
    for process in _workers:
        process.terminate()
    for process in _workers:
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()  # its task is queued again by the next worker to start
            process.wait()
