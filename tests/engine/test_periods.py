"""Period grains, arithmetic, labels and aggregation to a coarser grain."""

import itertools
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rumbo.engine.errors import RumboError
from rumbo.engine.status.readings import PeriodValue
from rumbo.engine.timeline.dates import FIRST_DATE, LAST_DATE
from rumbo.engine.timeline.periods import (
    check_period,
    combine,
    is_period_start,
    label,
    period_end,
    period_start,
    periods_apart,
    periods_between,
    run_of_periods,
    shift,
    to_grain,
    year_earlier,
)
from rumbo.engine.vocab import Aggregation, Grain

dates = st.dates(min_value=date(1950, 1, 1), max_value=date(2150, 12, 31))
grains = st.sampled_from(list(Grain))
start_months = st.integers(min_value=1, max_value=12)


@pytest.mark.parametrize(
    "day, grain, expected",
    [
        (date(2024, 3, 15), Grain.DAY, date(2024, 3, 15)),
        (date(2024, 3, 15), Grain.WEEK, date(2024, 3, 11)),  # Friday → Monday
        (date(2024, 3, 11), Grain.WEEK, date(2024, 3, 11)),
        (date(2024, 3, 17), Grain.WEEK, date(2024, 3, 11)),  # Sunday belongs to the week before
        (date(2024, 1, 1), Grain.WEEK, date(2024, 1, 1)),
        (date(2021, 1, 3), Grain.WEEK, date(2020, 12, 28)),  # ISO week 53 of 2020
        (date(2024, 3, 15), Grain.MONTH, date(2024, 3, 1)),
        (date(2024, 3, 15), Grain.QUARTER, date(2024, 1, 1)),
        (date(2024, 12, 31), Grain.QUARTER, date(2024, 10, 1)),
        (date(2024, 3, 15), Grain.YEAR, date(2024, 1, 1)),
        (date(2024, 3, 15), Grain.HARVEST, date(2023, 10, 1)),
        (date(2024, 10, 1), Grain.HARVEST, date(2024, 10, 1)),
        (date(2024, 9, 30), Grain.HARVEST, date(2023, 10, 1)),
    ],
)
def test_it_finds_the_first_day_of_the_period(day, grain, expected):
    assert period_start(day, grain) == expected


def test_a_fiscal_year_starts_on_the_cooperatives_month():
    assert period_start(date(2024, 6, 30), Grain.YEAR, year_start_month=7) == date(2023, 7, 1)
    assert period_start(date(2024, 7, 1), Grain.YEAR, year_start_month=7) == date(2024, 7, 1)
    assert period_end(date(2024, 7, 1), Grain.YEAR, year_start_month=7) == date(2025, 6, 30)


def test_a_harvest_can_start_on_another_month():
    assert period_start(date(2024, 3, 1), Grain.HARVEST, harvest_start_month=4) == date(2023, 4, 1)
    assert period_end(date(2024, 3, 1), Grain.HARVEST, harvest_start_month=4) == date(2024, 3, 31)


@pytest.mark.parametrize(
    "day, grain, expected",
    [
        (date(2024, 2, 10), Grain.MONTH, date(2024, 2, 29)),
        (date(2023, 2, 10), Grain.MONTH, date(2023, 2, 28)),
        (date(2024, 3, 13), Grain.WEEK, date(2024, 3, 17)),
        (date(2024, 5, 1), Grain.QUARTER, date(2024, 6, 30)),
        (date(2024, 5, 1), Grain.YEAR, date(2024, 12, 31)),
        (date(2024, 5, 1), Grain.HARVEST, date(2024, 9, 30)),
        (date(2024, 5, 1), Grain.DAY, date(2024, 5, 1)),
    ],
)
def test_it_finds_the_last_day_of_the_period(day, grain, expected):
    assert period_end(day, grain) == expected


@pytest.mark.parametrize("month", [0, 13])
def test_it_rejects_a_start_month_outside_the_calendar(month):
    with pytest.raises(RumboError):
        period_start(date(2024, 1, 1), Grain.YEAR, year_start_month=month)


@pytest.mark.parametrize(
    "period, grain",
    [
        (date(2024, 3, 12), Grain.WEEK),  # a Tuesday
        (date(2024, 3, 2), Grain.MONTH),
        (date(2024, 2, 1), Grain.QUARTER),
        (date(2024, 3, 2), Grain.HARVEST),
    ],
)
def test_shift_refuses_a_date_that_does_not_start_a_period(period, grain):
    with pytest.raises(RumboError):
        shift(period, grain, 1)


@pytest.mark.parametrize(
    "period, grain, n, expected",
    [
        (date(2024, 1, 1), Grain.MONTH, 1, date(2024, 2, 1)),
        (date(2024, 1, 1), Grain.MONTH, -1, date(2023, 12, 1)),
        (date(2024, 1, 1), Grain.MONTH, 25, date(2026, 2, 1)),
        (date(2024, 10, 1), Grain.QUARTER, 1, date(2025, 1, 1)),
        (date(2023, 10, 1), Grain.HARVEST, 1, date(2024, 10, 1)),
        (date(2023, 7, 1), Grain.YEAR, -2, date(2021, 7, 1)),
        (date(2024, 12, 30), Grain.WEEK, 1, date(2025, 1, 6)),
        (date(2024, 2, 28), Grain.DAY, 2, date(2024, 3, 1)),
    ],
)
def test_it_shifts_a_period(period, grain, n, expected):
    assert shift(period, grain, n) == expected
    assert periods_apart(period, expected, grain) == n


@given(dates, grains, start_months, start_months)
def test_every_date_falls_in_exactly_one_period(day, grain, year_month, harvest_month):
    months = {"year_start_month": year_month, "harvest_start_month": harvest_month}
    start = period_start(day, grain, **months)
    end = period_end(day, grain, **months)
    assert start <= day <= end
    assert is_period_start(start, grain)
    assert period_start(start, grain, **months) == start  # idempotent
    assert period_start(end, grain, **months) == start
    assert shift(start, grain, 1) == end + timedelta(days=1)  # the next period starts right after
    assert period_end(shift(start, grain, -1), grain, **months) == start - timedelta(days=1)


@given(dates, grains, st.integers(min_value=-400, max_value=400), start_months)
def test_shifting_there_and_back_returns_the_same_period(day, grain, n, month):
    period = period_start(day, grain, year_start_month=month, harvest_start_month=month)
    moved = shift(period, grain, n)
    assert shift(moved, grain, -n) == period
    assert periods_apart(period, moved, grain) == n
    assert (moved > period) == (n > 0)


@given(dates, dates, grains)
def test_periods_between_cover_the_range_without_gaps(first, second, grain):
    start, end = min(first, second), max(first, second)
    if (end - start).days > 3000 and grain in (Grain.DAY, Grain.WEEK):
        end = start + timedelta(days=3000)
    periods = periods_between(start, end, grain)
    assert periods[0] == period_start(start, grain)
    assert periods[-1] == period_start(end, grain)
    assert all(shift(a, grain, 1) == b for a, b in itertools.pairwise(periods))


def test_periods_between_is_empty_when_the_range_is_reversed():
    assert periods_between(date(2024, 2, 1), date(2024, 1, 1), Grain.MONTH) == []


def test_run_of_periods_follows_shift():
    assert run_of_periods(date(2023, 10, 1), Grain.QUARTER, 3) == [
        date(2023, 10, 1),
        date(2024, 1, 1),
        date(2024, 4, 1),
    ]


@pytest.mark.parametrize(
    "period, grain, expected",
    [
        (date(2024, 3, 1), Grain.MONTH, date(2023, 3, 1)),
        (date(2024, 4, 1), Grain.QUARTER, date(2023, 4, 1)),
        (date(2023, 10, 1), Grain.HARVEST, date(2022, 10, 1)),
        (date(2024, 7, 1), Grain.YEAR, date(2023, 7, 1)),
        (date(2024, 2, 29), Grain.DAY, date(2023, 2, 28)),
        (date(2024, 3, 18), Grain.WEEK, date(2023, 3, 20)),  # week 12 → week 12
        (date(2020, 12, 28), Grain.WEEK, date(2019, 12, 23)),  # week 53 → week 52 (2019 has no 53)
    ],
)
def test_it_finds_the_same_period_a_year_earlier(period, grain, expected):
    assert year_earlier(period, grain) == expected


@given(dates, grains)
def test_a_year_earlier_is_a_period_start_about_a_year_before(day, grain):
    period = period_start(day, grain)
    earlier = year_earlier(period, grain)
    assert is_period_start(earlier, grain)
    assert 350 <= (period - earlier).days <= 372 or (grain == Grain.WEEK and (period - earlier).days in (357, 364, 371))
    if grain == Grain.WEEK and period.isocalendar()[1] < 53:
        assert earlier.isocalendar()[1] == period.isocalendar()[1]


@pytest.mark.parametrize(
    "period, grain, es, en",
    [
        (date(2024, 3, 1), Grain.MONTH, "marzo 2024", "March 2024"),
        (date(2024, 1, 1), Grain.QUARTER, "T1 2024", "Q1 2024"),
        (date(2024, 10, 1), Grain.QUARTER, "T4 2024", "Q4 2024"),
        (date(2024, 3, 18), Grain.WEEK, "semana 12 de 2024", "week 12 of 2024"),
        (date(2020, 12, 28), Grain.WEEK, "semana 53 de 2020", "week 53 of 2020"),
        (date(2023, 10, 1), Grain.HARVEST, "cosecha 2023/24", "2023/24 harvest"),
        (date(1999, 10, 1), Grain.HARVEST, "cosecha 1999/00", "1999/00 harvest"),
        (date(2024, 1, 1), Grain.HARVEST, "cosecha 2024", "2024 harvest"),
        (date(2024, 1, 1), Grain.YEAR, "2024", "2024"),
        (date(2024, 7, 1), Grain.YEAR, "ejercicio 2024/25", "fiscal year 2024/25"),
        (date(2025, 12, 31), Grain.DAY, "31/12/2025", "12/31/2025"),
        (date(2025, 1, 5), Grain.DAY, "05/01/2025", "01/05/2025"),
    ],
)
def test_it_names_a_period_as_people_do(period, grain, es, en):
    assert label(period, grain, "es") == es
    assert label(period, grain, "en") == en


def pv(month: int, value, numerator=None, denominator=None, year: int = 2024) -> PeriodValue:
    return PeriodValue(
        date(year, month, 1),
        None if value is None else Decimal(value),
        None if numerator is None else Decimal(numerator),
        None if denominator is None else Decimal(denominator),
    )


@pytest.mark.parametrize(
    "aggregation, expected",
    [
        (Aggregation.SUM, Decimal(60)),
        (Aggregation.MEAN, Decimal(20)),
        (Aggregation.LAST, Decimal(30)),
    ],
)
def test_it_combines_values_by_the_kpis_rule(aggregation, expected):
    values = [pv(2, 20), pv(3, 30), pv(1, 10), pv(4, None)]  # unordered, one missing
    assert combine(values, aggregation, period=date(2024, 1, 1)).value == expected


def test_a_ratio_is_rebuilt_from_its_parts_not_averaged():
    values = [pv(1, "10", 10, 100), pv(2, "15", 30, 200), pv(3, "5", 5, 100)]
    combined = combine(values, Aggregation.RATIO, period=date(2024, 1, 1), ratio_scale=Decimal(100))
    assert combined.value == Decimal("11.25")  # 45 ÷ 400, not (10 + 15 + 5) ÷ 3 = 10
    assert (combined.numerator, combined.denominator) == (45, 400)


def test_a_ratio_without_parts_is_not_guessed():
    assert combine([pv(1, "10"), pv(2, "15")], Aggregation.RATIO, period=date(2024, 1, 1)).value is None
    assert combine([pv(1, "10")], Aggregation.RATIO, period=date(2024, 1, 1)).value == 10
    assert combine([pv(1, None, 0, 0)], Aggregation.RATIO, period=date(2024, 1, 1)).value is None


def test_nothing_to_combine_gives_no_value():
    for aggregation in Aggregation:
        assert combine([pv(1, None)], aggregation, period=date(2024, 1, 1)).value is None


parts = st.tuples(st.integers(min_value=0, max_value=10_000), st.integers(min_value=1, max_value=10_000))


@given(st.lists(parts, min_size=1, max_size=24))
def test_a_ratio_over_a_coarser_grain_is_the_ratio_of_sums(pairs):
    values = [
        PeriodValue(shift(date(2023, 1, 1), Grain.MONTH, i), Decimal(n) / Decimal(d), Decimal(n), Decimal(d))
        for i, (n, d) in enumerate(pairs)
    ]
    for quarter in to_grain(values, Grain.QUARTER, Aggregation.RATIO):
        inside = [v for v in values if period_start(v.period, Grain.QUARTER) == quarter.period]
        assert quarter.value == sum(v.numerator for v in inside) / sum(v.denominator for v in inside)


def test_monthly_values_add_up_to_a_harvest():
    values = [PeriodValue(shift(date(2023, 8, 1), Grain.MONTH, i), Decimal(100)) for i in range(14)]
    harvests = to_grain(values, Grain.HARVEST, Aggregation.SUM)
    assert [(h.period, h.value) for h in harvests] == [(date(2022, 10, 1), 200), (date(2023, 10, 1), 1200)]
    fiscal = to_grain(values, Grain.YEAR, Aggregation.LAST, year_start_month=7)
    assert [h.period for h in fiscal] == [date(2023, 7, 1), date(2024, 7, 1)]


def test_floats_are_read_through_their_text():
    assert PeriodValue(date(2024, 1, 1), 0.1).value == Decimal("0.1")


admitted = st.dates(min_value=FIRST_DATE, max_value=LAST_DATE)


@given(admitted, grains, start_months, start_months)
def test_every_admitted_date_has_a_period_with_neighbours_a_label_and_a_year_before(
    day, grain, year_month, harvest_month
):
    months = {"year_start_month": year_month, "harvest_start_month": harvest_month}
    start, end = period_start(day, grain, **months), period_end(day, grain, **months)
    assert check_period(start, grain, **months) == start
    after, before = shift(start, grain, 1), shift(start, grain, -1)
    assert before < start <= day <= end < after == end + timedelta(days=1)
    assert label(start, grain) and label(start, grain, "en")
    assert year_earlier(start, grain) < start
    assert periods_between(start, end, grain, **months) == [start]


@pytest.mark.parametrize(
    "grain, last, after",
    [
        (Grain.DAY, date(2100, 12, 31), date(2101, 1, 1)),
        (Grain.WEEK, date(2100, 12, 27), date(2101, 1, 3)),
        (Grain.MONTH, date(2100, 12, 1), date(2101, 1, 1)),
        (Grain.QUARTER, date(2100, 10, 1), date(2101, 1, 1)),
        (Grain.YEAR, date(2100, 1, 1), date(2101, 1, 1)),
        (Grain.HARVEST, date(2100, 10, 1), date(2101, 10, 1)),
    ],
)
def test_the_period_after_the_last_admitted_one_is_computed(grain, last, after):
    assert period_start(LAST_DATE, grain) == last
    assert shift(last, grain, 1) == after
    assert period_end(LAST_DATE, grain) == after - timedelta(days=1)


def test_a_fiscal_year_or_harvest_straddling_the_edges_is_admitted():
    assert period_start(date(2100, 12, 31), Grain.YEAR, year_start_month=7) == date(2100, 7, 1)
    assert period_end(date(2100, 12, 31), Grain.YEAR, year_start_month=7) == date(2101, 6, 30)
    assert label(date(2100, 7, 1), Grain.YEAR) == "ejercicio 2100/01"
    first_harvest = period_start(FIRST_DATE, Grain.HARVEST)
    assert first_harvest == date(1899, 10, 1) and check_period(first_harvest, Grain.HARVEST) == first_harvest
    assert check_period(date(1899, 7, 1), Grain.YEAR, year_start_month=7) == date(1899, 7, 1)


@pytest.mark.parametrize(
    "start, grain, months",
    [
        (date(9999, 12, 1), Grain.MONTH, {}),
        (date(2101, 1, 1), Grain.MONTH, {}),
        (date(2101, 1, 1), Grain.DAY, {}),
        (date(1899, 12, 31), Grain.DAY, {}),
        (date(1899, 12, 1), Grain.MONTH, {}),
        (date(1898, 10, 1), Grain.HARVEST, {}),  # ends in 1899
        (date(1899, 1, 1), Grain.YEAR, {}),
        (date(1899, 1, 1), Grain.YEAR, {"year_start_month": 7}),
        (date(1, 1, 1), Grain.YEAR, {"year_start_month": 7}),
    ],
)
def test_a_period_outside_the_range_is_refused_before_any_arithmetic(start, grain, months):
    with pytest.raises(RumboError, match=r"^La fecha \d\d/\d\d/\d{4} está fuera del rango admitido \(1900–2100\)\.$"):
        check_period(start, grain, **months)


@pytest.mark.parametrize(
    "period, grain, n",
    [
        (date(9999, 12, 1), Grain.MONTH, 1),
        (date(9999, 10, 1), Grain.HARVEST, 1),
        (date(1, 1, 1), Grain.YEAR, -1),
        (date(9999, 12, 31), Grain.DAY, 1),
        (date(1, 1, 1), Grain.WEEK, -1),
    ],
)
def test_arithmetic_past_pythons_dates_is_a_range_error_not_a_crash(period, grain, n):
    with pytest.raises(RumboError, match="fuera del rango admitido"):
        shift(period, grain, n)
