"""forecasts_refresh: a KPI's forecast is computed once, kept while its data holds, and recomputed when it changes."""

from datetime import date
from decimal import Decimal

import pytest

from rumbo.insight.models import KpiForecast
from rumbo.insight.services.forecasts import forecasts_refresh
from rumbo.kpis.models import Measurement, Target
from rumbo.kpis.services.values import value_record
from tests.insight.helpers import TODAY, monthly_kpi


@pytest.fixture
def sales(cast):
    return monthly_kpi(cast, "ventas_mes")


def refresh(cast, kpi, today=TODAY):
    return forecasts_refresh(coop=cast.coop, kpis=[kpi], today=today)


def test_it_forecasts_to_the_end_of_the_target_and_says_the_share_it_reaches(cast, sales):
    assert refresh(cast, sales).computed == 1
    row = KpiForecast.objects.get(kpi=sales)
    assert row.model and [p["period"] for p in row.points] == [f"2025-{m:02d}-01" for m in range(7, 13)]
    assert all(p["low"] <= p["forecast"] <= p["high"] for p in row.points)
    assert row.projection["span_end"] == "2025-12-31" and 0 < row.projection["probability"] < 1
    assert row.projection["share_low"] <= row.projection["share"] <= row.projection["share_high"]
    assert row.sentence_es.startswith("Al ritmo actual llegará a ~") and "% de la meta (entre " in row.sentence_es
    assert "probabilidad de alcanzarla" in row.sentence_es and "of the target" in row.sentence_en


def test_a_second_refresh_keeps_what_still_holds(cast, sales):
    refresh(cast, sales)
    first = KpiForecast.objects.get(kpi=sales)
    again = refresh(cast, sales)
    assert (again.computed, again.kept) == (0, 1)
    assert KpiForecast.objects.get(kpi=sales).computed_at == first.computed_at


def test_a_new_value_makes_it_recompute(cast, sales):
    refresh(cast, sales)
    value_record(kpi=sales, period=date(2025, 7, 1), value=Decimal(500), note="", user=cast.editor)
    assert refresh(cast, sales, today=date(2025, 8, 2)).computed == 1
    assert KpiForecast.objects.get(kpi=sales).points[0]["period"] == "2025-08-01"


@pytest.mark.parametrize("change", ["edit", "delete", "target"])
def test_an_edited_or_deleted_value_or_a_new_target_makes_it_recompute(cast, sales, change):
    refresh(cast, sales)
    before = KpiForecast.objects.get(kpi=sales).inputs_hash
    last = Measurement.objects.filter(kpi=sales).latest("period")
    if change == "edit":
        value_record(
            kpi=sales, period=last.period, value=last.value + 1, note="", user=cast.editor, version=last.version
        )
    elif change == "delete":
        last.delete()
    else:
        Target.objects.filter(kpi=sales).update(value=Decimal(2000))
    # An edit through the value writer queued the refresh, which already ran; the rows changed here did not.
    assert refresh(cast, sales).computed == (0 if change == "edit" else 1)
    assert KpiForecast.objects.get(kpi=sales).inputs_hash != before


def test_a_new_month_makes_it_recompute(cast, sales):
    refresh(cast, sales)
    assert refresh(cast, sales, today=date(2025, 7, 31)).computed == 0
    assert refresh(cast, sales, today=date(2025, 8, 1)).computed == 1


def test_too_little_history_is_kept_as_such_so_the_board_shows_the_pace(cast):
    short = monthly_kpi(cast, "nuevo", count=6, first=date(2025, 1, 1))
    refresh(cast, short)
    row = KpiForecast.objects.get(kpi=short)
    assert row.model == "" and row.points == [] and row.projection is None
    assert "Aún no hay historia suficiente para pronosticar (6 de" in row.sentence_es


def test_a_kpi_that_was_never_negative_is_not_forecast_below_zero(cast):
    harvest = [0.0 if m in (5, 6, 7) else 900.0 + 40 * (m % 4) for m in [(k % 12) + 1 for k in range(42)]]
    kpi = monthly_kpi(cast, "acopio", values=harvest, target=None)
    refresh(cast, kpi)
    assert all(p["low"] >= 0 for p in KpiForecast.objects.get(kpi=kpi).points)


def test_it_refreshes_every_kpi_of_the_cooperative_and_none_of_another(cast, sales):
    done = forecasts_refresh(coop=cast.coop, today=TODAY)
    assert done.computed == KpiForecast.objects.count() >= 2
    assert not KpiForecast.objects.filter(kpi__cooperative=cast.other_coop).exists()


def test_changes_held_queue_one_refresh_per_cooperative_at_the_end(cast, sales, monkeypatch):
    from rumbo.insight import tasks

    queued = []
    monkeypatch.setattr(tasks, "enqueue_refresh", queued.append)
    with tasks.refreshes_held() as changed:
        for month in (11, 12):
            value_record(kpi=sales, period=date(2025, month, 1), value="30", user=None)
        value_record(kpi=cast.other_kpi, period=date(2025, 1, 1), value="7", user=None)
        assert queued == [] and changed == {cast.coop.pk, cast.other_coop.pk}
        changed.discard(cast.other_coop.pk)  # refreshed by the caller itself
    assert queued == [cast.coop.pk]
    value_record(kpi=sales, period=date(2025, 10, 1), value="31", user=None)
    assert queued == [cast.coop.pk, cast.coop.pk]
