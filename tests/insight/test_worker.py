"""The background worker for real: a separate `rumbo worker` process on its own database (SQLite, or PostgreSQL when
DATABASE_URL is set), killed with SIGKILL in the middle of a refresh, leaves no half-written forecast, and the task
runs again on the next worker."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import dj_database_url
import pytest

from tests.ops.scratch import migrated_postgres, migrated_sqlite

pytestmark = pytest.mark.slow  # real processes, each starting Django

RUMBO = str(Path(sys.executable).with_name("rumbo"))
KPIS = 16  # months of history each: enough that the refresh takes seconds, so the kill lands in it

SETUP = f"""
from datetime import date
from decimal import Decimal
from rumbo.accounts.models import Membership, User
from rumbo.kpis.models import Kpi
from rumbo.kpis.services.values import NewValue, values_record_many
from rumbo.orgs.models import Cooperative
coop = Cooperative.objects.create(slug="coop", name="Coop")
user = User.objects.create_user(username="a@example.org", email="a@example.org", password="x-clave-larga-1")
Membership.objects.create(user=user, cooperative=coop, role="admin")
items = []
for k in range({KPIS}):
    kpi = Kpi.objects.create(cooperative=coop, slug=f"k{{k}}", name=f"K {{k}}", frequency="month", aggregation="sum",
                             unit="u", area="ventas")
    items += [NewValue(kpi, date(2019 + m // 12, m % 12 + 1, 1), Decimal(100 + (m * 7 + k) % 23)) for m in range(72)]
values_record_many(items, user=user, source="manual")
"""


class Database:
    """A new database for the processes of one test, migrated and empty, and plain SQL to watch it from here."""

    def __init__(self, tmp_path: Path):
        self.env = {**os.environ, "RUMBO_DATA_DIR": str(tmp_path), "HOME": str(tmp_path), "SECRET_KEY": "worker-test"}
        for name in ("RUMBO_TASKS_BACKEND", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"):
            self.env.pop(name, None)
        self.url = os.environ.get("DATABASE_URL")
        self.path = tmp_path / "rumbo.sqlite3"
        if self.url:
            self.name = f"rumbo_worker_{uuid.uuid4().hex[:10]}"
            self.env["DATABASE_URL"] = migrated_postgres(self.name)
        else:
            migrated_sqlite(self.path)

    def _connect(self, name=None):
        import psycopg

        params = dj_database_url.parse(self.url)
        return psycopg.connect(
            dbname=name or params["NAME"],
            user=params["USER"],
            password=params["PASSWORD"] or None,
            host=params["HOST"],
            port=params["PORT"] or None,
            autocommit=True,
        )

    def _admin(self, sql):
        with self._connect() as db:
            db.execute(sql)

    def rows(self, sql):
        if self.url:
            with self._connect(self.name) as db:
                return db.execute(sql).fetchall()
        with sqlite3.connect(self.path, timeout=30) as db:
            return db.execute(sql).fetchall()

    def drop(self):
        if self.url:
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def run(self, *args, timeout=600):
        return subprocess.run([RUMBO, *args], env=self.env, capture_output=True, text=True, timeout=timeout, check=True)

    def worker(self, *args):
        return subprocess.Popen(
            [RUMBO, "worker", "--interval", "0.1", *args],
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )


@pytest.fixture
def database(tmp_path):
    found = Database(tmp_path)
    try:
        found.run("manage", "shell", "-c", SETUP)
        yield found
    finally:
        found.drop()


TASKS = "SELECT status, CAST(worker_ids AS TEXT) FROM django_tasks_database_dbtaskresult"
FORECASTS = "SELECT count(*) FROM insight_kpiforecast"


def wait_for(check, what, seconds=300):
    deadline = time.monotonic() + seconds  # a bound for a busy machine, not a timing under test
    while time.monotonic() < deadline:
        if found := check():
            return found
        time.sleep(0.05)
    raise AssertionError(f"still waiting for {what}")


def test_a_write_queues_one_refresh_that_a_worker_runs_and_a_killed_worker_s_task_runs_again(database):
    assert database.rows(TASKS) == [("READY", "[]")]  # 16 KPIs' values written at once: one refresh queued
    assert database.rows(FORECASTS) == [(0,)]
    again = database.run("insight", "refresh", "--queue").stdout  # what cron runs every night
    assert "0 cooperativas en la cola; 1 ya esperaban su turno." in again and len(database.rows(TASKS)) == 1

    first = database.worker()
    try:
        wait_for(lambda: database.rows(TASKS)[0][0] == "RUNNING", "the worker to take the task")
        os.kill(first.pid, signal.SIGKILL)
    finally:
        first.kill()
        first.wait()
    ((status, workers),) = database.rows(TASKS)
    assert status == "RUNNING"  # nobody finished it
    assert database.rows(FORECASTS) == [(0,)]  # and nothing half-written: the rows go in one transaction

    second = database.worker("--max-tasks", "1")
    try:
        assert second.wait(timeout=600) == 0
    finally:
        second.kill()
    ((status, workers),) = database.rows(TASKS)
    assert status == "SUCCESSFUL" and workers.count(":") == 4  # claimed by the killed worker, then by this one
    assert database.rows(FORECASTS) == [(KPIS,)]


def test_rumbo_serve_runs_a_worker_and_stops_it_when_it_stops(database):
    from tests.cli.test_serve import answers, free_port

    port = free_port()
    server = subprocess.Popen(
        [RUMBO, "serve", "--port", str(port), "--workers", "1"],
        env=database.env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert answers(port, time.monotonic() + 240)
        wait_for(lambda: database.rows(TASKS)[0][0] == "SUCCESSFUL", "the server's worker to run the refresh")
        assert database.rows(FORECASTS) == [(KPIS,)]
        children = subprocess.run(
            ["ps", "-ww", "--ppid", str(server.pid), "-o", "pid=,args="], capture_output=True, text=True
        )
        worker = [line.split()[0] for line in children.stdout.splitlines() if " worker --parent " in line]
        assert len(worker) == 1
    finally:
        server.terminate()
        server.wait(timeout=120)
    wait_for(lambda: not Path(f"/proc/{worker[0]}").exists(), "the worker to stop with the server", seconds=120)
