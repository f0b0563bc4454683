"""The shared cast of every test: an admin, an editor and a viewer of cooperative A, and an outsider from B."""

import functools
import os
from datetime import date
from decimal import Decimal

import pytest

from tests import fuzz
from tests.once import own_copy, written_once

fuzz.load_profile()  # Hypothesis' default number of examples; `make fuzz` draws many more (tests/fuzz.py)

CHROMIUM = "/usr/bin/chromium"
MEMORY_FILES = "/dev/shm"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-dev-shm-usage",
]


def pytest_configure(config):
    # In CI a browser test must run, never be skipped for a missing browser. Checked here, before
    # any pytest-xdist worker starts, so the run stops at once with this message.
    if os.environ.get("CI") and not os.path.exists(CHROMIUM):
        raise pytest.UsageError(f"CI needs Chromium at {CHROMIUM} for the browser tests.")

    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3" and os.path.isdir(MEMORY_FILES):
        # A file in memory, not SQLite's shared in-memory database: the live server's threads then wait for
        # SQLite's ordinary locks, as on Rumbo's own file, instead of failing at once with «database table is
        # locked». Named after this run's data folder (pytest-django adds the worker's suffix).
        run = os.environ["RUMBO_DATA_DIR"].strip(os.sep).replace(os.sep, "-")
        database.setdefault("TEST", {})["NAME"] = os.path.join(MEMORY_FILES, f"{run}.sqlite3")
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    # The live server writes an answer's headers and body apart: with Nagle's algorithm on, the body waited for the
    # client's delayed acknowledgement, 40 ms an answer. gunicorn, which serves Rumbo, turns it off too.
    from django.core.servers.basehttp import WSGIRequestHandler

    WSGIRequestHandler.disable_nagle_algorithm = True
    # This process's tasks run at once (tests/pytest_env.py, read with the settings above); the `rumbo` commands a
    # test starts as processes queue theirs in their database, as in production.
    os.environ.pop("RUMBO_TASKS_BACKEND", None)


def pytest_unconfigure(config):
    if not hasattr(config, "workerinput"):  # the run itself, after every pytest-xdist worker has ended
        from tests.ops.scratch import run_ended

        run_ended()


def pytest_collection_modifyitems(config, items):
    """In a parallel run (pytest-xdist), the test files marked `slow` or `browser` go to the workers first.

    `make test` hands out whole files (--dist loadfile, --no-loadscope-reorder) in collection
    order, so a long file met last would keep one worker busy while the other waits.
    """
    if hasattr(config, "workerinput"):
        first = ("slow", "browser")
        items.sort(key=lambda item: not any(item.get_closest_marker(name) for name in first))  # stable


@pytest.fixture(autouse=True, scope="session")
def forecasts_computed_once():
    """A series forecast again in this test process reuses the forecast computed the first time.

    The engine's forecast is pure (rumbo/engine/forecasting/forecast.py: the same arguments give the same
    result, its simulation seeded), and the demo, loaded by many test files, forecasts the same thirty
    series each time. A test that replaces `forecasting.forecast` still replaces it.
    """
    from rumbo.insight.computing import forecasting

    computed = functools.lru_cache(maxsize=4096)(forecasting.forecast)

    def forecast(series, **options):
        return computed(tuple(series), **options)

    original, forecasting.forecast = forecasting.forecast, forecast
    yield
    forecasting.forecast = original


@pytest.fixture(autouse=True)
def spanish_first():
    """Each test starts in the site's language, whatever an earlier test on this worker left active."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


class Cast:
    """Cooperative A with its admin, editor (of Ventas) and viewer; cooperative B with its outsider."""

    def __init__(self):
        from rumbo.accounts.models import Membership, User
        from rumbo.api.services import token_create
        from rumbo.kpis.models import Initiative, Measurement, Objective, Target
        from rumbo.orgs.models import Cooperative
        from tests.factories import editors_kpi, make_kpi

        self.coop = Cooperative.objects.create(slug="coop-a", name="Cooperativa A")
        self.other_coop = Cooperative.objects.create(slug="coop-b", name="Cooperativa B")

        def person(name, coop, role, areas=()):
            user = User.objects.create_user(
                username=f"{name}@example.org",
                email=f"{name}@example.org",
                password="clave-de-prueba-1",
                first_name=name.title(),
            )
            membership = Membership.objects.create(user=user, cooperative=coop, role=role, areas=list(areas))
            return user, membership

        self.admin, self.admin_membership = person("alicia", self.coop, "admin")
        self.editor, self.editor_membership = person("beto", self.coop, "editor", ["ventas"])
        self.viewer, self.viewer_membership = person("carla", self.coop, "viewer")
        self.outsider, self.outsider_membership = person("dario", self.other_coop, "admin")

        self.objective = Objective.objects.create(
            cooperative=self.coop, title="Crecer en ventas directas", owner=self.admin
        )
        self.initiative = Initiative.objects.create(
            cooperative=self.coop, name="Campaña de verano", kind="campana", start=date(2025, 3, 1)
        )
        self.kpi = editors_kpi(
            self, "ventas_cerradas", "Ventas cerradas por mes", unit="ventas", aggregation="sum", indicator="lagging"
        )
        Target.objects.create(kpi=self.kpi, start=date(2025, 1, 1), end=date(2026, 12, 31), value=Decimal(40))
        self.measurement = Measurement.objects.create(kpi=self.kpi, period=date(2025, 1, 1), value=Decimal(35))
        self.other_kpi = make_kpi(self.other_coop, "acopio", "Acopio", unit="qq", area="produccion")
        self.api_token, _key = token_create(coop=self.coop, name="Contabilidad", can_write=True, user=self.admin)
        from tests.okrs.cast import add_okrs

        add_okrs(self)
        from tests.datasets.cast import add_dataset

        add_dataset(self)
        from tests.imports.cast import add_imports

        add_imports(self)
        from tests.accounts.cast import add_invitations

        add_invitations(self)
        from tests.hooks.cast import add_webhooks

        add_webhooks(self)
        from tests.orgs.cast import add_local_units

        add_local_units(self)


@pytest.fixture(scope="module")
def _cast_once(request, django_db_setup, django_db_blocker):
    """The cast written once for the test file when it can be (tests/once.py), else None."""
    yield from written_once(request, django_db_blocker, "cast", Cast)


@pytest.fixture
def cast(db, _cast_once):
    return own_copy(_cast_once, Cast)


def signed_in_as(role: str):
    """A fixture: the test client, signed in as the cast's `role` (admin, editor, viewer or outsider)."""

    @pytest.fixture(name=f"as_{role}")
    def signed_in(client, cast):
        client.force_login(getattr(cast, role))
        return client

    return signed_in


as_admin, as_editor, as_viewer, as_outsider = (signed_in_as(role) for role in ("admin", "editor", "viewer", "outsider"))


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session, exitstatus):
    """In CI nothing may be skipped: a skipped browser or database test is a missing service.

    Under pytest-xdist the skips are counted where the terminal reporter gathers every worker's
    reports: in the controller, not in the workers (whose exit status the controller ignores).
    """
    if hasattr(session.config, "workerinput"):
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if os.environ.get("CI") and skipped and exitstatus == 0:
        reporter.write_line(f"CI: {len(skipped)} test(s) skipped; every service must be present.", red=True)
        session.exitstatus = 1
