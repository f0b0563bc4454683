"""Environment for the test run, set before pytest-django reads the settings (loaded with `-p`).

Under pytest-xdist every worker is its own process with its own test database (pytest-django
suffixes the name with the worker id) and, from here, its own data folder: a subfolder named
after the worker, so two workers never write the same upload or dataset file.
"""

import os
import tempfile

os.environ.setdefault("RUMBO_DATA_DIR", tempfile.mkdtemp(prefix="rumbo-test-"))
# One folder for the whole run, every worker's: the migrated databases new scratch sites copy (tests/ops/scratch.py).
if "RUMBO_TEST_RUN" not in os.environ:
    os.environ["RUMBO_TEST_RUN"] = tempfile.mkdtemp(prefix="rumbo-run-")
if worker := os.environ.get("PYTEST_XDIST_WORKER"):
    os.environ["RUMBO_DATA_DIR"] = os.path.join(os.environ["RUMBO_DATA_DIR"], f"xdist-{worker}")
    os.makedirs(os.environ["RUMBO_DATA_DIR"], exist_ok=True)
os.environ.setdefault("SECRET_KEY", "tests-only-not-secret")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# A queued task runs at once, in the test's own transaction, so a test sees its effect when the write returns;
# the worker itself (the database queue, another process) runs in tests/insight/test_worker.py.
os.environ.setdefault(
    "RUMBO_TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"
)  # live_server with sync Playwright
