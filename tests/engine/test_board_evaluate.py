"""The board's entry point: a KPI's reading (status, pace, trend, freshness, series) and an objective's summary."""

from datetime import date
from decimal import Decimal

import pytest

from rumbo.engine.status.board import GRACE_DAYS, evaluate, freshness, objective_status, summarise_objective
from rumbo.engine.status.readings import KpiFacts, PeriodValue, TargetSpan
from rumbo.engine.timeline.periods import period_end, shift
from rumbo.engine.vocab import Aggregation, Direction, Grain, Kind, Status

D = Decimal
TODAY = date(2024, 4, 10)


def month(m: int, year: int = 2024) -> date:
    return date(year, m, 1)


def per_month(period: date, value) -> TargetSpan:
    return TargetSpan(period, period_end(period, Grain.MONTH), D(value))


def values(pairs: dict[date, object]) -> list[PeriodValue]:
    return [PeriodValue(p, None if v is None else D(v)) for p, v in pairs.items()]


COFFEE = KpiFacts(name="Acopio de café", name_en="Coffee collected", unit="qq")
HARVEST = TargetSpan(date(2023, 10, 1), date(2024, 9, 30), D(10_000))


def test_the_latest_value_is_judged_against_its_months_target():
    reading = evaluate(
        COFFEE, values({month(2): 1300, month(3): 1240}), [per_month(month(3), 1409), HARVEST], today=TODAY
    )
    assert (reading.period, reading.value, reading.target.value) == (month(3), 1240, 1409)
    assert reading.status == Status.OFF_TRACK  # 88 % of the month's target
    assert reading.gap == -169
    assert reading.pace is not None and reading.pace.span is HARVEST


def test_without_a_months_target_the_pace_of_the_harvest_decides():
    monthly = {shift(date(2023, 10, 1), Grain.MONTH, i): 800 for i in range(6)}
    reading = evaluate(COFFEE, values(monthly), [HARVEST], today=TODAY)
    assert reading.target is None and reading.attainment is None
    assert reading.pace.actual == 4800 and reading.pace.expected.value == 5000
    assert reading.status == reading.pace.status == Status.AT_RISK
    assert reading.progress == D("0.48")  # 4.800 of the harvest's 10.000 qq


def test_a_value_without_any_target_is_not_judged():
    reading = evaluate(COFFEE, values({month(3): 5}), [], today=TODAY)
    assert reading.status == Status.NO_DATA and reading.value == 5


def test_no_values_at_all():
    reading = evaluate(COFFEE, [], [HARVEST], today=TODAY)
    assert (reading.period, reading.value, reading.status, reading.series) == (None, None, Status.NO_DATA, ())
    assert reading.freshness.missing and reading.freshness.missing_since is None


def test_values_after_today_are_ignored():
    reading = evaluate(COFFEE, values({month(3): 5, month(5): 9}), [], today=TODAY)
    assert reading.period == month(3)


def test_a_missing_latest_value_does_not_hide_the_one_before():
    reading = evaluate(COFFEE, values({month(2): 7, month(3): None}), [], today=TODAY)
    assert (reading.period, reading.value) == (month(2), 7)


@pytest.mark.parametrize(
    "today, due",
    [
        (date(2024, 4, 5), month(2)),  # March's grace (5 days) runs to 5 April
        (date(2024, 4, 6), month(3)),
        (date(2024, 4, 30), month(3)),
        (date(2024, 5, 6), month(4)),
    ],
)
def test_a_month_is_due_once_its_grace_days_have_passed(today, due):
    assert GRACE_DAYS[Grain.MONTH] == 5
    assert freshness(COFFEE, month(3), today=today).due_period == due


def test_freshness_counts_the_missing_periods_since_the_latest_value():
    fresh = freshness(COFFEE, month(12, 2023), today=TODAY)
    assert (fresh.missing, fresh.missing_since, fresh.missing_count, fresh.due_period) == (True, month(1), 3, month(3))
    assert not freshness(COFFEE, month(3), today=TODAY).missing
    assert not freshness(COFFEE, month(4), today=TODAY).missing  # an early value is welcome


def test_nothing_is_due_before_the_kpi_starts_or_after_it_ends():
    campaign = KpiFacts(name="Mensajes enviados", grain=Grain.WEEK, start=date(2024, 4, 8))
    assert freshness(campaign, None, today=TODAY).due_period is None
    started = KpiFacts(name="Mensajes enviados", grain=Grain.WEEK, start=date(2024, 3, 4))
    fresh = freshness(started, None, today=TODAY)
    # The week of 1 April ended on the 7th; with 2 days' grace it is due on the 10th: five weeks.
    assert (fresh.missing_since, fresh.missing_count, fresh.due_period) == (date(2024, 3, 4), 5, date(2024, 4, 1))
    ended = KpiFacts(name="Campaña", end=date(2024, 1, 31))
    assert not freshness(ended, month(1), today=TODAY).missing


def test_the_grace_can_be_set_per_kpi():
    strict = KpiFacts(name="Ventas", grace_days=0)
    assert freshness(strict, month(2), today=date(2024, 4, 1)).missing


def test_trend_compares_with_the_previous_period_and_a_year_earlier():
    reading = evaluate(COFFEE, values({month(3, 2023): 1000, month(2): 1200, month(3): 1240}), [], today=TODAY)
    trend = reading.trend
    assert (trend.previous_period, trend.change, trend.improving) == (month(2), 40, True)
    assert trend.change_ratio == D(40) / D(1200)
    assert (trend.year_ago_period, trend.year_change, trend.year_change_ratio) == (month(3, 2023), 240, D("0.24"))


def test_a_falling_cost_is_an_improvement():
    cost = KpiFacts(name="Costo por kg", direction=Direction.DOWN)
    reading = evaluate(cost, values({month(2): 10, month(3): 8}), [], today=TODAY)
    assert reading.trend.improving is True
    flat = evaluate(cost, values({month(2): 8, month(3): 8}), [], today=TODAY)
    assert flat.trend.improving is None and flat.trend.change == 0


def test_a_change_from_zero_has_no_ratio():
    reading = evaluate(COFFEE, values({month(2): 0, month(3): 40}), [], today=TODAY)
    assert reading.trend.change == 40 and reading.trend.change_ratio is None


def test_the_sparkline_ends_at_the_due_period_and_shows_gaps():
    monthly = {shift(month(1, 2023), Grain.MONTH, i): i for i in range(14)}  # to February 2024
    del monthly[month(6, 2023)]
    reading = evaluate(COFFEE, values(monthly), [], today=TODAY)
    assert [pv.period for pv in reading.series] == [shift(month(4, 2023), Grain.MONTH, i) for i in range(12)]
    assert reading.series[-1].value is None  # March is due and missing
    assert reading.series[2].value is None  # June 2023 was never entered
    assert len(evaluate(COFFEE, values(monthly), [], today=TODAY, series_length=24).series) == 24


def test_band_and_qualitative_kpis_flow_through():
    stock = KpiFacts(name="Días de inventario", unit="días", direction=Direction.BAND, aggregation=Aggregation.MEAN)
    band = TargetSpan(month(3), date(2024, 3, 31), None, low=D(30), high=D(60))
    reading = evaluate(stock, values({month(3): 45}), [band], today=TODAY)
    assert (reading.status, reading.progress, reading.gap) == (Status.ON_TRACK, 1, 0)


def reading_with(status: Status, name: str = "KPI", kind: Kind = Kind.KPI):
    """A real reading whose status is the one asked for."""
    value = {Status.ON_TRACK: 100, Status.AT_RISK: 95, Status.OFF_TRACK: 50, Status.NO_DATA: None}[status]
    facts = KpiFacts(name=name, kind=kind)
    return evaluate(facts, values({month(3): value}), [per_month(month(3), 100)], today=TODAY)


@pytest.mark.parametrize(
    "statuses, expected",
    [
        ([], Status.NO_DATA),
        ([Status.NO_DATA], Status.NO_DATA),
        ([Status.ON_TRACK], Status.ON_TRACK),
        ([Status.ON_TRACK, Status.ON_TRACK, Status.NO_DATA], Status.ON_TRACK),
        ([Status.ON_TRACK, Status.AT_RISK], Status.AT_RISK),
        ([Status.ON_TRACK, Status.OFF_TRACK], Status.AT_RISK),  # one of two off track: act, but not lost
        ([Status.ON_TRACK, Status.OFF_TRACK, Status.OFF_TRACK], Status.OFF_TRACK),
        ([Status.OFF_TRACK], Status.OFF_TRACK),
        ([Status.AT_RISK, Status.AT_RISK, Status.OFF_TRACK], Status.AT_RISK),
    ],
)
def test_an_objective_is_on_track_only_when_all_its_judged_kpis_are(statuses, expected):
    summary = summarise_objective([reading_with(s) for s in statuses], name="Objetivo")
    assert summary.status == expected == objective_status(summary.counts)
    assert summary.total == len(statuses)
    assert sum(summary.counts.values()) == len(statuses)


def test_the_objective_lists_what_needs_attention_worst_first():
    readings = [
        reading_with(Status.AT_RISK, "A"),
        reading_with(Status.ON_TRACK, "B"),
        reading_with(Status.OFF_TRACK, "C"),
    ]
    summary = summarise_objective(readings, name="Objetivo")
    assert [r.kpi.name for r in summary.attention] == ["C", "A"]
    assert summary.judged == 3
