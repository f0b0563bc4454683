"""Attainment, status at the threshold edges, progress, target look-up and pace over a dated target."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from rumbo.engine.errors import RumboError
from rumbo.engine.status.readings import KpiFacts, PeriodValue, TargetSpan
from rumbo.engine.timeline.periods import shift
from rumbo.engine.timeline.targets import (
    attainment,
    gap,
    pace,
    progress,
    span_for,
    span_grain,
    status_for,
    target_for_period,
)
from rumbo.engine.vocab import Aggregation, Direction, Grain, Nature, Status

D = Decimal
ON, RISK, OFF, NONE = Status.ON_TRACK, Status.AT_RISK, Status.OFF_TRACK, Status.NO_DATA
MARCH = TargetSpan(date(2024, 3, 1), date(2024, 3, 31), D(100))


def kpi(direction=Direction.UP, **facts) -> KpiFacts:
    return KpiFacts(name="Acopio de café", unit="qq", direction=direction, **facts)


def status(facts: KpiFacts, value, target=MARCH) -> Status:
    return status_for(facts, attainment(facts, D(value), target))


@pytest.mark.parametrize(
    "value, expected",
    [
        ("100", ON),
        ("150", ON),
        ("99.99", RISK),
        ("90", RISK),
        ("89.99", OFF),
        ("0", OFF),
        ("-5", OFF),
    ],
)
def test_up_is_on_track_at_the_target_and_at_risk_down_to_90_percent(value, expected):
    assert status(kpi(Direction.UP), value) == expected


@pytest.mark.parametrize(
    "value, expected",
    [
        ("100", ON),
        ("0", ON),
        ("100.01", RISK),
        ("110", RISK),
        ("110.01", OFF),
        ("300", OFF),
    ],
)
def test_down_mirrors_it_up_to_110_percent_of_the_target(value, expected):
    assert status(kpi(Direction.DOWN), value) == expected


BAND = TargetSpan(date(2024, 3, 1), date(2024, 3, 31), None, low=D(30), high=D(60))


@pytest.mark.parametrize(
    "value, expected",
    [
        ("30", ON),
        ("45", ON),
        ("60", ON),
        ("29.99", RISK),
        ("27", RISK),
        ("26.99", OFF),
        ("60.01", RISK),
        ("66", RISK),
        ("66.01", OFF),
    ],
)
def test_a_band_is_on_track_inside_and_at_risk_within_10_percent_of_the_nearer_bound(value, expected):
    assert status(kpi(Direction.BAND), value, BAND) == expected


def test_a_one_sided_band_only_checks_its_bound():
    floor = TargetSpan(date(2024, 3, 1), date(2024, 3, 31), None, low=D("1.2"))
    assert status(kpi(Direction.BAND), "50", floor) == ON
    assert status(kpi(Direction.BAND), "1.1", floor) == RISK


@pytest.mark.parametrize(
    "on_track_at, at_risk_at, value, expected",
    [
        ("0.95", "0.8", "95", ON),
        ("0.95", "0.8", "94.99", RISK),
        ("0.95", "0.8", "80", RISK),
        ("0.95", "0.8", "79.99", OFF),
        ("1", "1", "99.99", OFF),
    ],
)
def test_the_kpis_own_thresholds_move_the_edges(on_track_at, at_risk_at, value, expected):
    facts = kpi(on_track_at=D(on_track_at), at_risk_at=D(at_risk_at))
    assert status(facts, value) == expected


def test_down_thresholds_read_as_the_share_over_the_target_allowed():
    facts = kpi(Direction.DOWN, on_track_at=0.95, at_risk_at=0.8)  # floats are read through their text
    assert [status(facts, v) for v in ("105", "105.01", "120", "120.01")] == [ON, RISK, RISK, OFF]


def test_thresholds_in_the_wrong_order_are_refused():
    with pytest.raises(RumboError):
        kpi(on_track_at=D("0.8"), at_risk_at=D("0.9"))


def test_a_zero_target_has_no_scale_so_meeting_it_is_all_that_counts():
    zero = TargetSpan(date(2024, 3, 1), date(2024, 3, 31), D(0))
    accidents = kpi(Direction.DOWN)
    assert status(accidents, "0", zero) == ON
    assert status(accidents, "1", zero) == OFF
    with_baseline = kpi(Direction.DOWN, baseline=D(10))  # the baseline gives the zero target a scale
    assert status(with_baseline, "1", zero) == RISK
    assert status(with_baseline, "2", zero) == OFF


def test_a_negative_target_keeps_the_direction():
    net_churn = TargetSpan(date(2024, 3, 1), date(2024, 3, 31), D(-2))
    assert status(kpi(Direction.DOWN), "-3", net_churn) == ON
    assert status(kpi(Direction.DOWN), "-1", net_churn) == OFF
    assert status(kpi(Direction.UP), "-1", net_churn) == ON


def test_no_value_or_no_target_is_no_data():
    assert status_for(kpi(), attainment(kpi(), None, MARCH)) == NONE
    assert status_for(kpi(), attainment(kpi(), D(5), None)) == NONE
    assert attainment(kpi(), D(5), TargetSpan(date(2024, 3, 1), date(2024, 3, 31), None)) is None


@pytest.mark.parametrize("value, expected", [("5", ON), ("4.6", RISK), ("4.59", OFF), ("1", OFF)])
def test_a_likert_kpi_is_normalised_before_the_thresholds(value, expected):
    likert = kpi(nature=Nature.QUALITATIVE, scale_min=D(1), scale_max=D(5))
    top = TargetSpan(date(2024, 3, 1), date(2024, 3, 31), D(5))
    assert status(likert, value, top) == expected  # 4,6 on 1–5 is 0,9 of the way


def test_a_cupping_score_on_0_to_100_reads_like_a_percentage():
    cupping = kpi(nature=Nature.QUALITATIVE, scale_min=D(0), scale_max=D(100))
    specialty = TargetSpan(date(2024, 3, 1), date(2024, 3, 31), D(80))
    assert status(cupping, "80", specialty) == ON
    assert status(cupping, "72", specialty) == RISK
    assert status(cupping, "71.9", specialty) == OFF


def test_a_scale_that_runs_backwards_is_refused():
    with pytest.raises(RumboError):
        kpi(nature=Nature.QUALITATIVE, scale_min=D(5), scale_max=D(1))


def test_progress_runs_from_the_baseline_to_the_target():
    assert progress(kpi(baseline=D(40)), D(70), MARCH) == D("0.5")
    assert progress(kpi(Direction.DOWN, baseline=D(200)), D(150), MARCH) == D("0.5")
    assert progress(kpi(), D(70), MARCH) == D("0.7")  # no baseline: the attainment
    assert progress(kpi(baseline=D(150)), D(70), MARCH) == D("0.7")  # a baseline past the target is ignored
    assert progress(kpi(Direction.BAND), D(45), BAND) == 1
    assert progress(kpi(), None, MARCH) is None


numbers = st.decimals(min_value=-10_000, max_value=10_000, places=2, allow_nan=False, allow_infinity=False)
positive = st.decimals(min_value=D("0.01"), max_value=10_000, places=2)


@given(st.sampled_from([Direction.UP, Direction.DOWN]), positive, st.one_of(st.none(), numbers), numbers, numbers)
def test_progress_is_monotone_in_the_value(direction, target, baseline, first, second):
    facts = kpi(direction, baseline=baseline)
    span = TargetSpan(date(2024, 3, 1), date(2024, 3, 31), target)
    low, high = min(first, second), max(first, second)
    if direction == Direction.UP:
        assert progress(facts, low, span) <= progress(facts, high, span)
        assert attainment(facts, low, span) <= attainment(facts, high, span)
    else:
        assert progress(facts, low, span) >= progress(facts, high, span)
        assert attainment(facts, low, span) >= attainment(facts, high, span)


@given(positive, positive, numbers, numbers)
def test_band_progress_rises_to_the_band_and_falls_after_it(bound_a, bound_b, first, second):
    assume(bound_a != bound_b)
    span = TargetSpan(date(2024, 3, 1), date(2024, 3, 31), None, min(bound_a, bound_b), max(bound_a, bound_b))
    facts = kpi(Direction.BAND)
    low, high = min(first, second), max(first, second)
    if high <= span.low:
        assert progress(facts, low, span) <= progress(facts, high, span)
    if low >= span.high:
        assert progress(facts, low, span) >= progress(facts, high, span)
    if span.low <= low <= span.high:
        assert progress(facts, low, span) == 1


@given(st.sampled_from(list(Direction)), positive, st.sampled_from(["0.5", "0.8", "0.9", "0.95", "1"]))
def test_status_is_stable_at_the_edges(direction, target, risk):
    """The value exactly on a threshold gets the better status; a hundredth worse, the worse one."""
    facts = kpi(direction, at_risk_at=D(risk))
    span = (
        TargetSpan(date(2024, 3, 1), date(2024, 3, 31), None, low=target)
        if direction == Direction.BAND
        else TargetSpan(date(2024, 3, 1), date(2024, 3, 31), target)
    )
    worse = D(-1) if direction != Direction.DOWN else D(1)
    risk_edge = target * (D(2) - D(risk)) if direction == Direction.DOWN else target * D(risk)
    assert status(facts, target, span) == ON
    assert status(facts, target + worse * D("0.0001"), span) == (RISK if D(risk) < 1 else OFF)
    assert status(facts, risk_edge, span) == (RISK if D(risk) < 1 else ON)
    assert status(facts, risk_edge + worse * D("0.0001"), span) == OFF


def test_the_gap_is_measured_from_the_target_or_the_nearer_bound():
    assert gap(kpi(), D(88), MARCH) == (D(-12), D("-0.12"))
    assert gap(kpi(Direction.BAND), D(66), BAND) == (D(6), D("0.1"))
    assert gap(kpi(Direction.BAND), D(45), BAND) == (0, 0)
    assert gap(kpi(), D(3), TargetSpan(date(2024, 3, 1), date(2024, 3, 31), D(0))) == (D(3), None)


def month(m: int, year: int = 2024) -> date:
    return date(year, m, 1)


def span_of(start: date, end: date, value, **bounds) -> TargetSpan:
    return TargetSpan(start, end, None if value is None else D(value), **bounds)


def test_it_tells_a_periods_own_target_from_a_longer_one():
    march = span_of(month(3), date(2024, 3, 31), 100)
    harvest = span_of(date(2023, 10, 1), date(2024, 9, 30), 10_000)
    quarter = span_of(month(1), date(2024, 3, 31), 300)
    targets = [harvest, march, quarter]
    assert target_for_period(targets, month(3), Grain.MONTH) is march
    assert target_for_period(targets, month(2), Grain.MONTH) is None
    assert span_for(targets, month(3), Grain.MONTH) is harvest  # the longest: what the milestones build toward
    assert span_for([quarter], month(2), Grain.MONTH) is quarter
    assert span_for([march], month(3), Grain.MONTH) is None


def test_the_last_target_given_for_a_period_wins():
    old, new = span_of(month(3), date(2024, 3, 31), 100), span_of(month(3), date(2024, 3, 31), 120)
    assert target_for_period([old, new], month(3), Grain.MONTH) is new


@pytest.mark.parametrize(
    "start, end, expected",
    [
        (date(2023, 10, 1), date(2024, 9, 30), Grain.HARVEST),
        (date(2024, 1, 1), date(2024, 12, 31), Grain.YEAR),
        (date(2024, 4, 1), date(2024, 6, 30), Grain.QUARTER),
        (date(2024, 2, 1), date(2024, 2, 29), Grain.MONTH),
        (date(2024, 2, 1), date(2024, 4, 30), None),
    ],
)
def test_it_names_the_grain_a_span_is_one_period_of(start, end, expected):
    assert span_grain(span_of(start, end, 1)) == expected


HARVEST = span_of(date(2023, 10, 1), date(2024, 9, 30), 12_000)


def monthly(values: dict[date, int]) -> dict[date, PeriodValue]:
    return {p: PeriodValue(p, D(v)) for p, v in values.items()}


def test_a_cumulative_target_accrues_linearly_without_last_years_shape():
    values = monthly({shift(date(2023, 10, 1), Grain.MONTH, i): 900 for i in range(6)})
    paced = pace(kpi(), values, HARVEST, month(3))
    assert (paced.shape, paced.elapsed, paced.periods) == ("linear", 6, 12)
    assert paced.actual == 5400 and paced.expected.value == 6000
    assert paced.gap == -600 and paced.gap_ratio == D("-0.1")
    assert paced.projected == 10_800 and paced.projected_share == D("0.9")
    assert paced.status == RISK and not paced.complete
    assert paced.span_grain == Grain.HARVEST


def test_a_cumulative_target_follows_last_harvests_seasonal_shape():
    shape = [0, 1, 3, 3, 2, 1, 0, 0, 0, 0, 0, 0]  # deliveries peak in December and January
    values = monthly({shift(date(2022, 10, 1), Grain.MONTH, i): 1000 * s for i, s in enumerate(shape)})
    values.update(monthly({month(10, 2023): 0, month(11, 2023): 1000, month(12, 2023): 2700}))
    paced = pace(kpi(), values, HARVEST, month(12, 2023))
    assert paced.shape == "seasonal"
    assert paced.expected.value == 12_000 * D(4) / D(10)  # 40 % of last harvest came by December
    assert paced.actual == 3700
    assert paced.projected_share == D(3700) / D(4800)


def test_a_partial_last_harvest_is_no_shape_to_follow():
    values = monthly({shift(date(2022, 10, 1), Grain.MONTH, i): 1000 for i in range(11)})  # September missing
    values.update(monthly({month(10, 2023): 1000}))
    assert pace(kpi(), values, HARVEST, month(10, 2023)).shape == "linear"


def test_a_level_moves_from_where_it_stood_before_the_span():
    members = kpi(aggregation=Aggregation.LAST)
    year = span_of(month(1), date(2024, 12, 31), 500)
    values = monthly({month(12, 2023): 400, month(1): 410, month(2): 418, month(3): 430})
    paced = pace(members, values, year, month(3))
    assert paced.shape == "linear"
    assert paced.expected.value == 425  # a quarter of the way from 400 to 500
    assert paced.projected == 520 and paced.projected_share == D("1.04")
    no_start = pace(members, {month(3): PeriodValue(month(3), D(430))}, year, month(3))
    assert (no_start.shape, no_start.expected.value, no_start.projected) == ("flat", 500, 430)


def test_a_ratio_target_over_a_quarter_uses_the_summed_parts():
    rate = kpi(aggregation=Aggregation.RATIO, ratio_scale=D(100))
    values = {
        p: PeriodValue(p, D(n) / D(d) * 100, D(n), D(d))
        for p, n, d in [(month(1), 10, 100), (month(2), 30, 200), (month(3), 5, 100)]
    }
    paced = pace(rate, values, span_of(month(1), date(2024, 3, 31), 12), month(3))
    assert paced.actual == D("11.25") and paced.complete
    assert paced.shape == "flat" and paced.expected.value == 12
    assert paced.projected_share == D("11.25") / 12


def test_a_mean_target_holds_all_along():
    cupping = kpi(aggregation=Aggregation.MEAN)
    values = monthly({month(1): 84, month(2): 86})
    paced = pace(cupping, values, span_of(month(1), date(2024, 6, 30), 85), month(2))
    assert (paced.actual, paced.expected.value, paced.status) == (85, 85, ON)


def test_a_band_span_scales_both_bounds():
    stock = kpi(Direction.BAND)
    values = monthly({month(1): 18, month(2): 20})
    paced = pace(stock, values, span_of(month(1), date(2024, 4, 30), None, low=D(80), high=D(120)), month(2))
    assert (paced.expected.low, paced.expected.high) == (40, 60)
    assert paced.actual == 38 and paced.gap == -2  # 5 % under the halfway minimum
    assert paced.status == RISK and paced.projected_share is None


def test_pace_needs_the_period_inside_the_span_and_a_value():
    assert pace(kpi(), monthly({month(3): 5}), HARVEST, month(11)) is None
    assert pace(kpi(), {}, HARVEST, month(3)) is None


def test_weekly_spans_count_iso_weeks():
    weekly = kpi(grain=Grain.WEEK)
    campaign = span_of(date(2024, 3, 4), date(2024, 3, 31), 400)  # four weeks
    values = {date(2024, 3, 4): PeriodValue(date(2024, 3, 4), D(120))}
    paced = pace(weekly, values, campaign, date(2024, 3, 4))
    assert (paced.periods, paced.elapsed, paced.expected.value) == (4, 1, 100)
    assert paced.span_grain is None


def test_a_span_that_ends_before_it_starts_is_refused():
    with pytest.raises(RumboError):
        TargetSpan(date(2024, 3, 1), date(2024, 2, 1), D(1))
    with pytest.raises(RumboError):
        TargetSpan(date(2024, 3, 1), date(2024, 3, 31), None, low=D(5), high=D(1))
