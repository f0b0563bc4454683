"""What the benchmarks that drive Django share: a throwaway database, monthly periods and a timing loop."""

import os
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


@contextmanager
def bench_database():
    """Django started for a benchmark on a throwaway database; yields the connection.

    The site gets a temporary data folder, so SQLite is a new file, migrated here; with
    DATABASE_URL a throwaway `test_…` database is created beside the real one on that
    PostgreSQL server and dropped at the end.
    """
    django_started()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    postgres = connection.vendor == "postgresql"
    original_name = settings.DATABASES["default"]["NAME"]
    if postgres:
        connection.creation.create_test_db(verbosity=0, autoclobber=True)
    else:
        call_command("migrate", interactive=False, verbosity=0)
    try:
        yield connection
    finally:
        if postgres:
            connection.creation.destroy_test_db(original_name, verbosity=0)


def django_started() -> None:
    """Django started for a benchmark, on a temporary data folder (with no database migrated: see bench_database)."""
    _bench_environment()
    import django

    django.setup()


def _bench_environment() -> None:
    """The settings a benchmark runs with: this checkout importable, a temporary data folder, the test client's host."""
    sys.path.insert(0, str(ROOT))
    os.environ["RUMBO_DATA_DIR"] = tempfile.mkdtemp(prefix="rumbo-bench-")
    os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rumbo.settings")
    os.environ["ALLOWED_HOSTS"] = "testserver"


def months(first: date, count: int) -> list[date]:
    """The first days of `count` months in a row, starting with `first`'s month."""
    return [date(first.year + (first.month - 1 + i) // 12, (first.month - 1 + i) % 12 + 1, 1) for i in range(count)]


def timings(pages, runs: int, *, warm_up: int = 3):
    """(median, p95) of the wall time and the median CPU time of this process, in ms, over `runs` calls.

    `pages` is one callable, giving that triple, or a dict label → callable, giving label →
    triple; a dict's callables are called in turn, round after round, so that each sees the
    same machine: on a busy one the wall time also counts the time other programs held the
    processor, and the CPU time is what this process spent. The first `warm_up` rounds are
    not counted. A call that returns a response must answer 200.
    """
    calls = pages if isinstance(pages, dict) else {None: pages}
    spent = {label: [] for label in calls}
    cpu = {label: [] for label in calls}
    for round_ in range(warm_up + runs):
        for label, call in calls.items():
            began, began_cpu = time.perf_counter(), time.process_time()
            response = call()
            if round_ >= warm_up:
                spent[label].append((time.perf_counter() - began) * 1000)
                cpu[label].append((time.process_time() - began_cpu) * 1000)
            status = getattr(response, "status_code", 200)
            assert status == 200, status
    figures = {label: _figures(spent[label], cpu[label]) for label in calls}
    return figures if isinstance(pages, dict) else figures[None]


def _figures(spent: list[float], cpu: list[float]) -> tuple[float, float, float]:
    ordered = sorted(spent)
    return statistics.median(ordered), ordered[max(0, round(0.95 * len(ordered)) - 1)], statistics.median(cpu)


def bench_cooperative(objectives: int = 6):
    """The benchmarks' cooperative, with a viewer who signs in and its objectives; returns (coop, viewer, objectives)."""
    from rumbo.accounts.models import Membership, User
    from rumbo.kpis.models import Objective
    from rumbo.orgs.models import Cooperative

    coop = Cooperative.objects.create(slug="banco", name="Cooperativa de banco de pruebas", harvest_start_month=10)
    viewer = User.objects.create_user(username="lectura@example.org", email="lectura@example.org", password="x" * 12)
    Membership.objects.create(user=viewer, cooperative=coop, role="viewer")
    made = [
        Objective.objects.create(cooperative=coop, title=f"Objetivo {i + 1}", position=i) for i in range(objectives)
    ]
    return coop, viewer, made
