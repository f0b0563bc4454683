"""Upgrading a database that already holds figures its columns cannot keep: the upgrade goes through, nothing is lost."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import DataError, IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("kpis", "0001_initial"), ("okrs", "0001_initial")]
AFTER = [("kpis", "0003_figures_fit_their_columns"), ("okrs", "0003_figures_fit_their_columns")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def _raw(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


@pytest.fixture
def old_database(transactional_db):
    _migrate(BEFORE)
    yield
    _migrate(AFTER)
    _migrate(list(MigrationExecutor(connection).loader.graph.leaf_nodes()))


def test_the_upgrade_retires_out_of_range_figures_and_keeps_them_in_the_history(old_database):
    from rumbo.kpis.models import Kpi, Measurement, Target
    from rumbo.okrs.models import CheckIn, Cycle, KeyResult, OkrObjective
    from rumbo.orgs.models import Cooperative

    coop = Cooperative.objects.create(slug="coop-a", name="Cooperativa A")
    kpi = Kpi.objects.create(cooperative=coop, slug="ventas", name="Ventas", area="ventas", frequency="month")
    if connection.vendor != "sqlite":
        # PostgreSQL never kept such a figure: it refuses it itself, so its upgrade has nothing to retire.
        with pytest.raises(DataError), transaction.atomic():
            Measurement.objects.create(kpi=kpi, period=date(2025, 1, 1), value=Decimal("100000000000000.000000"))
        Measurement.objects.create(kpi=kpi, period=date(2025, 2, 1), value=Decimal("12.5"))
        _migrate(AFTER)
        assert Measurement.objects.get(kpi=kpi).value == Decimal("12.5")
        return
    # What older versions let through: SQLite stores 1e14 and more in a column of 14 whole digits.
    bad = Measurement.objects.create(kpi=kpi, period=date(2025, 1, 1), value=Decimal("100000000000000.000000"))
    good = Measurement.objects.create(kpi=kpi, period=date(2025, 2, 1), value=Decimal("12.5"))
    lone = Target.objects.create(kpi=kpi, start=date(2025, 1, 1), end=date(2025, 12, 31), value=Decimal("1e30"))
    banded = Target.objects.create(
        kpi=kpi, start=date(2026, 1, 1), end=date(2026, 12, 31), value=Decimal("-1e20"), low=Decimal(1), high=Decimal(2)
    )
    _raw("UPDATE kpis_kpi SET on_track_at = 12345 WHERE id = %s", [kpi.pk])
    cycle = Cycle.objects.create(cooperative=coop, name="T1", start=date(2025, 1, 1), end=date(2025, 3, 31))
    objective = OkrObjective.objects.create(cooperative=coop, cycle=cycle, title="Vender más")
    kr = KeyResult.objects.create(objective=objective, title="Compradores", baseline=Decimal(0), target=Decimal("1e14"))
    check_in = CheckIn.objects.create(key_result=kr, date=date(2025, 1, 8), value=Decimal("-1e16"), confidence=5)

    _migrate(AFTER)

    assert _raw("SELECT value FROM kpis_measurement WHERE id = %s", [bad.pk]) == [(None,)]
    assert Measurement.objects.get(pk=good.pk).value == Decimal("12.5")
    reason, value = _raw(
        "SELECT history_change_reason, value FROM kpis_historicalmeasurement WHERE id = %s ORDER BY history_id DESC LIMIT 1",
        [bad.pk],
    )[0]
    assert reason == "Valor fuera de rango (1E+14) retirado: corríjalo" and value is None
    assert not Target.objects.filter(pk=lone.pk).exists()  # no figure and no band: removed, kept in the history
    assert _raw(
        "SELECT history_type, history_change_reason FROM kpis_historicaltarget WHERE id = %s ORDER BY history_id DESC LIMIT 1",
        [lone.pk],
    ) == [("-", "Meta fuera de rango (1E+30) retirada: corríjala")]
    assert Target.objects.get(pk=banded.pk).value is None
    assert Kpi.objects.get(pk=kpi.pk).on_track_at is None
    kr = KeyResult.objects.get(pk=kr.pk)
    assert kr.target == Decimal("99999999999999") and kr.baseline == 0
    assert "Meta fuera de rango (1E+14) sustituida: corríjala" in kr.history.latest().history_change_reason
    assert CheckIn.objects.get(pk=check_in.pk).value is None

    # From now on the database itself refuses such a figure, whatever path writes it.
    with pytest.raises(IntegrityError), transaction.atomic():
        Measurement.objects.create(kpi=kpi, period=date(2025, 3, 1), value=Decimal("99999999999999.97"))
    with pytest.raises(IntegrityError), transaction.atomic():
        KeyResult.objects.filter(pk=kr.pk).update(weight=Decimal("-1e15"))
    Measurement.objects.create(kpi=kpi, period=date(2025, 4, 1), value=Decimal("99999999999999.94"))
    assert Measurement.objects.get(period=date(2025, 4, 1)).value == Decimal("99999999999999.9")
