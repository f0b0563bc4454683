"""Scores, colours, committed vs aspirational, pace, confidence, slipping and the end-of-cycle review."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rumbo.engine.okrs.okr import (
    Assessment,
    Colour,
    Cycle,
    KeyResultFacts,
    KeyResultKind,
    ObjectiveFacts,
    ObjectiveType,
    SlipReason,
    assess,
    carries_over,
    colour_of,
    confidence_trend,
    elapsed_share,
    expected_progress,
    grade_of,
    quarter_cycle,
    review_objective,
    score_key_result,
    score_objective,
    score_of,
)

D = Decimal
COMMITTED, ASPIRATIONAL = ObjectiveType.COMMITTED, ObjectiveType.ASPIRATIONAL
Q2 = Cycle(date(2025, 4, 1), date(2025, 6, 30))  # 90 days from start to end: 16 May is exactly half
HALF = date(2025, 5, 16)

figures = st.decimals(min_value=-(10**6), max_value=10**6, places=2, allow_nan=False, allow_infinity=False)
weights = st.decimals(min_value=D("0.01"), max_value=1000, places=2)


def number(current, baseline=10, target=50, **kw):
    return KeyResultFacts("Nuevos compradores", baseline=baseline, target=target, current=current, **kw)


def objective(*key_results, kind=COMMITTED, cycle=Q2):
    return ObjectiveFacts("Ampliar la venta directa", kind, cycle, list(key_results))


@pytest.mark.parametrize(
    "baseline, target, current, expected",
    [
        (10, 50, 22, D("0.3")),
        (10, 50, 10, D(0)),
        (10, 50, 50, D(1)),
        (10, 50, 80, D(1)),  # past the target is still 1.0
        (10, 50, 0, D(0)),  # going backwards is still 0.0
        (12, 2, 9, D("0.3")),  # lower is better: the direction follows from the target
        (12, 2, 2, D(1)),
        (12, 2, 15, D(0)),
        (-5, 5, 0, D("0.5")),
        (10, 50, None, D(0)),  # no value yet scores as the baseline
    ],
)
def test_a_measured_key_result_scores_linearly_from_baseline_to_target(baseline, target, current, expected):
    assert score_of(number(current, baseline, target)) == expected


def test_a_percentage_key_result_scores_in_percentage_points():
    facts = KeyResultFacts("Tasa de recompra", KeyResultKind.PERCENT, baseline=20, target=50, current=35)
    assert score_of(facts) == D("0.5")


def test_floats_are_read_through_their_repr_so_tenths_stay_exact():
    assert score_of(number(0.2, baseline=0.1, target=0.3)) == D("0.5")


@pytest.mark.parametrize("done, expected", [(True, D(1)), (False, D(0))])
def test_a_milestone_scores_zero_or_one(done, expected):
    facts = KeyResultFacts("Certificación orgánica", KeyResultKind.MILESTONE, done=done)
    assert score_of(facts) == expected


@given(baseline=figures, target=figures, current=figures)
def test_scores_stay_between_zero_and_one(baseline, target, current):
    if baseline == target:
        return
    assert D(0) <= score_of(number(current, baseline, target)) <= D(1)


@given(baseline=figures, target=figures, a=figures, b=figures)
def test_scores_are_monotone_in_the_value_in_both_directions(baseline, target, a, b):
    if baseline == target:
        return
    low, high = sorted((a, b))
    s_low, s_high = score_of(number(low, baseline, target)), score_of(number(high, baseline, target))
    assert s_low <= s_high if target > baseline else s_low >= s_high


@given(done=st.booleans(), baseline=figures, target=figures)
def test_milestones_give_only_zero_or_one_whatever_the_numbers(done, baseline, target):
    facts = KeyResultFacts("Hito", KeyResultKind.MILESTONE, baseline=baseline, target=target, current=target, done=done)
    assert score_of(facts) == (1 if done else 0)


def test_the_objective_scores_the_weighted_average_of_its_key_results():
    result = score_objective(objective(number(50, weight=3), number(10, weight=1)), as_of=HALF)
    assert result.score == D("0.75")


def test_without_weights_every_key_result_counts_the_same():
    result = score_objective(objective(number(50), number(10), number(30)), as_of=HALF)
    assert result.score == D("0.5")


@given(
    st.lists(st.tuples(st.decimals(min_value=0, max_value=40, places=2), weights), min_size=1, max_size=6),
    st.decimals(min_value=D("0.01"), max_value=1000, places=2),
)
def test_scaling_every_weight_leaves_the_objective_score_unchanged(values_and_weights, factor):
    plain = objective(*(number(10 + v, weight=w) for v, w in values_and_weights))
    scaled = objective(*(number(10 + v, weight=w * factor) for v, w in values_and_weights))
    a, b = score_objective(plain, as_of=HALF), score_objective(scaled, as_of=HALF)
    assert abs(a.score - b.score) < D("1e-20")
    assert min(kr.score for kr in a.key_results) <= a.score <= max(kr.score for kr in a.key_results)


def test_an_objective_without_key_results_scores_zero_and_does_not_slip():
    result = score_objective(objective(), as_of=date(2025, 6, 30))
    assert (result.score, result.colour, result.slipping) == (D(0), Colour.RED, False)


@pytest.mark.parametrize(
    "score, grade, colour",
    [
        (D(0), D("0.00"), Colour.RED),
        (D("0.3"), D("0.30"), Colour.RED),
        (D("0.3449"), D("0.34"), Colour.RED),  # between bands: 0.34 rounds to 0.3
        (D("0.345"), D("0.35"), Colour.YELLOW),  # 0.35 rounds to 0.4
        (D("0.4"), D("0.40"), Colour.YELLOW),
        (D("0.6"), D("0.60"), Colour.YELLOW),
        (D("0.6449"), D("0.64"), Colour.YELLOW),
        (D("0.645"), D("0.65"), Colour.GREEN),  # the grade people see, 0,65, rounds to 0.7
        (D("0.7"), D("0.70"), Colour.GREEN),
        (D(1), D("1.00"), Colour.GREEN),
    ],
)
def test_colours_follow_the_google_bands_on_the_grade_rounded_to_one_decimal(score, grade, colour):
    assert grade_of(score) == grade
    assert colour_of(grade_of(score)) == colour


@given(st.decimals(min_value=0, max_value=1, places=4), st.decimals(min_value=0, max_value=1, places=4))
def test_colour_never_gets_worse_as_the_score_rises(a, b):
    order = [Colour.RED, Colour.YELLOW, Colour.GREEN]
    low, high = sorted((a, b))
    assert order.index(colour_of(grade_of(low))) <= order.index(colour_of(grade_of(high)))


@pytest.mark.parametrize(
    "kind, grade, assessment, carried",
    [
        (COMMITTED, "1.00", Assessment.SUCCESS, False),
        (COMMITTED, "0.99", Assessment.BEHIND, True),
        (COMMITTED, "0.80", Assessment.BEHIND, True),  # a committed 0.8 is behind
        (COMMITTED, "0.70", Assessment.BEHIND, True),
        (COMMITTED, "0.69", Assessment.MISSED, True),
        (ASPIRATIONAL, "1.00", Assessment.SUCCESS, False),
        (ASPIRATIONAL, "0.70", Assessment.SUCCESS, False),  # an aspirational 0.7 is a success
        (ASPIRATIONAL, "0.69", Assessment.BEHIND, True),
        (ASPIRATIONAL, "0.40", Assessment.BEHIND, True),
        (ASPIRATIONAL, "0.39", Assessment.MISSED, True),
    ],
)
def test_committed_and_aspirational_objectives_are_judged_differently(kind, grade, assessment, carried):
    assert assess(D(grade), kind) == assessment
    assert carries_over(D(grade), kind) is carried


@pytest.mark.parametrize(
    "day, start, end",
    [
        (date(2025, 2, 14), date(2025, 1, 1), date(2025, 3, 31)),
        (date(2024, 2, 29), date(2024, 1, 1), date(2024, 3, 31)),
        (date(2024, 4, 1), date(2024, 4, 1), date(2024, 6, 30)),
        (date(2025, 9, 30), date(2025, 7, 1), date(2025, 9, 30)),
        (date(2025, 12, 31), date(2025, 10, 1), date(2025, 12, 31)),
    ],
)
def test_the_default_cycle_is_the_calendar_quarter_of_the_day(day, start, end):
    assert quarter_cycle(day) == Cycle(start, end)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2999, 12, 30)))
def test_calendar_quarters_contain_the_day_and_follow_each_other(day):
    cycle = quarter_cycle(day)
    assert cycle.start <= day <= cycle.end and cycle.start.day == 1 and cycle.is_calendar_quarter
    assert quarter_cycle(cycle.end + timedelta(days=1)).start == cycle.end + timedelta(days=1)


@pytest.mark.parametrize(
    "day, committed, aspirational",
    [
        (date(2025, 3, 1), "0.00", "0.00"),  # before the cycle nothing is expected
        (date(2025, 4, 1), "0.00", "0.00"),
        (HALF, "0.50", "0.35"),  # aspirational key results are paced towards 0.7
        (date(2025, 6, 30), "1.00", "0.70"),
        (date(2025, 8, 1), "1.00", "0.70"),
    ],
)
def test_expected_progress_is_linear_over_the_cycle_dates(day, committed, aspirational):
    assert expected_progress(Q2, day, COMMITTED) == D(committed)
    assert expected_progress(Q2, day, ASPIRATIONAL) == D(aspirational)


@given(st.dates(min_value=date(2025, 1, 1), max_value=date(2025, 12, 31)), st.integers(0, 200))
def test_expected_progress_never_falls_and_stays_within_the_success_level(day, later):
    for kind, success in ((COMMITTED, D(1)), (ASPIRATIONAL, D("0.7"))):
        now, then = expected_progress(Q2, day, kind), expected_progress(Q2, day + timedelta(days=later), kind)
        assert D(0) <= now <= then <= success
    assert elapsed_share(Q2, day) == expected_progress(Q2, day, COMMITTED)


def weekly(*values, start=date(2025, 4, 4)):
    return [(start + timedelta(weeks=i), v) for i, v in enumerate(values)]


@pytest.mark.parametrize(
    "check_ins, latest, peak, falling, low",
    [
        ([], None, None, False, False),
        (weekly(7), 7, None, False, False),
        (weekly(7, 6), 6, 7, False, False),  # one point is noise
        (weekly(7, 6, 5), 5, 7, True, False),  # a steady slide is a trend
        (weekly(5, 7, 7, 5), 5, 7, True, False),
        (weekly(9, 8, 8, 8, 8, 8), 8, 8, False, False),  # the 9 is more than four weeks old
        (weekly(6, 8), 8, 6, False, False),  # rising is no warning
        (weekly(3), 3, None, False, True),
        (weekly(5, 2), 2, 5, True, True),
    ],
)
def test_the_confidence_trend_compares_the_latest_with_the_high_of_the_last_four_weeks(
    check_ins, latest, peak, falling, low
):
    trend = confidence_trend(check_ins, as_of=date(2025, 6, 30))
    assert (trend.latest, trend.peak, trend.falling, trend.low) == (latest, peak, falling, low)


def test_among_equal_highs_the_drop_is_counted_from_the_most_recent():
    trend = confidence_trend(weekly(7, 7, 5, 4), as_of=date(2025, 6, 30))
    assert (trend.latest_on - trend.peak_on).days == 14


def test_check_ins_after_the_day_are_ignored_and_order_does_not_matter():
    check_ins = list(reversed(weekly(8, 8, 4)))
    assert confidence_trend(check_ins, as_of=date(2025, 4, 11)).latest == 8
    assert confidence_trend(check_ins, as_of=date(2025, 4, 30)).falling


@pytest.mark.parametrize(
    "kind, current, reasons",
    [
        (COMMITTED, 26, ()),  # 0.40 against 0.50 expected: a little behind, within the margin
        (COMMITTED, D("25.6"), (SlipReason.BEHIND_PACE,)),  # 0.39
        (ASPIRATIONAL, 20, ()),  # 0.25 against 0.35 expected
        (ASPIRATIONAL, D("19.6"), (SlipReason.BEHIND_PACE,)),  # 0.24
        (COMMITTED, 50, ()),
    ],
)
def test_a_key_result_slips_when_it_falls_more_than_a_tenth_behind_the_pace(kind, current, reasons):
    result = score_key_result(number(current), cycle=Q2, as_of=HALF, objective_type=kind)
    assert result.reasons == reasons
    assert result.slipping is bool(reasons)


def test_a_falling_or_low_confidence_is_an_early_warning_even_when_on_pace():
    falling = score_key_result(number(50, confidences=weekly(7, 6, 5)), cycle=Q2, as_of=HALF)
    low = score_key_result(number(50, confidences=weekly(2)), cycle=Q2, as_of=HALF)
    assert falling.reasons == (SlipReason.CONFIDENCE_FALLING,)
    assert low.reasons == (SlipReason.CONFIDENCE_LOW,)


def test_milestones_slip_on_confidence_only_because_they_are_zero_until_done():
    pending = KeyResultFacts("Certificación orgánica", KeyResultKind.MILESTONE)
    assert not score_key_result(pending, cycle=Q2, as_of=date(2025, 6, 30)).slipping


def test_the_objective_names_which_key_results_are_slipping():
    on_pace = number(50)
    behind = KeyResultFacts("Visitas a ferias", baseline=0, target=10, current=1)
    worried = number(40, confidences=weekly(8, 5))
    result = score_objective(objective(on_pace, behind, worried), as_of=HALF)
    assert [kr.facts.title for kr in result.slipping_key_results] == ["Visitas a ferias", "Nuevos compradores"]
    assert result.reasons == (SlipReason.KEY_RESULT_SLIPPING,)


def test_an_objective_behind_pace_says_so_itself():
    result = score_objective(objective(number(12), number(14)), as_of=HALF)
    assert result.reasons == (SlipReason.BEHIND_PACE, SlipReason.KEY_RESULT_SLIPPING)
    assert result.expected == D("0.50") and result.elapsed == D("0.50")


def test_the_review_grades_each_key_result_and_proposes_what_carries_over():
    facts = objective(number(50), number(26), KeyResultFacts("Hito", KeyResultKind.MILESTONE), kind=ASPIRATIONAL)
    review = review_objective(facts)
    assert [kr.grade for kr in review.key_results] == [D("1.00"), D("0.40"), D("0.00")]
    assert [kr.assessment for kr in review.key_results] == [Assessment.SUCCESS, Assessment.BEHIND, Assessment.MISSED]
    assert [kr.facts.title for kr in review.carried_key_results] == ["Nuevos compradores", "Hito"]
    assert (review.grade, review.assessment, review.carries_over) == (D("0.47"), Assessment.BEHIND, True)


@given(st.lists(st.decimals(min_value=0, max_value=60, places=1), max_size=5), st.sampled_from(list(ObjectiveType)))
def test_what_carries_over_is_exactly_what_fell_short_of_success(values, kind):
    review = review_objective(objective(*(number(v) for v in values), kind=kind))
    for item in (review, *review.key_results):
        assert item.carries_over is (item.assessment != Assessment.SUCCESS)
    if review.carries_over and review.key_results:
        assert review.carried_key_results  # an objective short of success always has a key result to blame
