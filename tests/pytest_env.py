"""Environment for the test run, set before pytest-django reads the settings (loaded with `-p`)."""

import os
import tempfile

os.environ.setdefault("RUMBO_DATA_DIR", tempfile.mkdtemp(prefix="rumbo-test-"))
os.environ.setdefault("SECRET_KEY", "tests-only-not-secret")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # live_server with sync Playwright
