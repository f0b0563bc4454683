"""Upgrading a federation whose figures were published before their reasons were kept: what is certain is filled in."""

from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from rumbo.federation.models import Figure

BEFORE = [("federation", "0004_one_open_link_share")]
AFTER = [("federation", "0005_regions_and_reasons")]


def _migrate(targets) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


@pytest.fixture
def old_database(transactional_db):
    executor = _migrate(BEFORE)
    yield executor
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def test_the_upgrade_keeps_the_figures_as_the_networks_and_fills_in_the_reasons_it_is_sure_of(old_database):
    apps = old_database.loader.project_state(BEFORE[0]).apps
    organisation = apps.get_model("orgs", "Cooperative").objects.create(slug="red", name="Red", kind="federation")
    federation = apps.get_model("federation", "Federation").objects.create(cooperative=organisation, min_contributors=5)
    now = datetime(2026, 1, 1, tzinfo=UTC)
    old = apps.get_model("federation", "Figure")
    shown = {"total": 10, "median": 2, "p25": 1, "p75": 3}
    for month, contributors, figures in [
        (1, 4, {}),  # fewer than k
        (2, 8, {}),  # everything hidden with k or more: differencing
        (3, 8, {"median": 2, "p25": 1, "p75": 3}),  # the total alone: dominance or differencing, unknown
        (4, 8, shown),  # nothing hidden
    ]:
        old.objects.create(
            federation=federation,
            template_slug="volumen_vendido",
            period=date(2025, month, 1),
            contributors=contributors,
            used=contributors if figures else 0,
            computed_at=now,
            **figures,
        )
    _migrate(AFTER)
    found = {f.period.month: (f.region_id, f.reasons) for f in Figure.objects.order_by("period")}
    assert found == {1: (None, ["threshold"]), 2: (None, ["differencing"]), 3: (None, None), 4: (None, [])}
