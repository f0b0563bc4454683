"""Readings from the database: KPI rows become the engine's facts, and the board reads only what it needs."""

import random
from datetime import date
from decimal import Decimal

import pytest

from rumbo.engine.status.board import evaluate
from rumbo.engine.status.readings import PeriodValue, TargetSpan
from rumbo.engine.timeline.periods import period_end, period_start, run_of_periods, shift
from rumbo.engine.vocab import Grain, Nature
from rumbo.kpis import readings
from rumbo.kpis.models import Kpi, Measurement, Target

TODAY = date(2025, 3, 15)


def make_kpi(cast, slug, **fields):
    defaults = {"name": slug, "area": "ventas", "frequency": "month"}
    return Kpi.objects.create(cooperative=cast.coop, slug=slug, **{**defaults, **fields})


def test_a_ratio_in_percent_is_rebuilt_in_percent(cast):
    percent = make_kpi(cast, "conversion", unit="%", aggregation="ratio")
    money = make_kpi(cast, "pedido", unit="USD", aggregation="ratio")
    assert readings.facts_of(percent).ratio_scale == 100
    assert readings.facts_of(money).ratio_scale == 1


def test_a_metric_without_frequency_is_read_by_month(cast):
    metric = make_kpi(cast, "alcance", frequency="", kind="metric")
    facts = readings.facts_of(metric)
    assert facts.grain == Grain.MONTH and facts.kind == "metric"


def test_a_scale_counts_only_for_a_qualitative_kpi(cast):
    likert = make_kpi(cast, "calidad", nature="qualitative", scale_min=1, scale_max=5)
    plain = make_kpi(cast, "llamadas", scale_min=1, scale_max=5)
    assert readings.facts_of(likert).on_scale and readings.facts_of(likert).nature == Nature.QUALITATIVE
    assert not readings.facts_of(plain).on_scale


def test_a_kpi_following_a_campaign_is_due_only_while_it_runs(cast):
    cast.initiative.end = date(2025, 6, 30)
    cast.initiative.save()
    kpi = make_kpi(cast, "conversaciones", initiative=cast.initiative)
    facts = readings.facts_of(Kpi.objects.select_related("initiative").get(pk=kpi.pk))
    assert (facts.start, facts.end) == (date(2025, 3, 1), date(2025, 6, 30))


def test_the_cooperatives_harvest_month_names_the_harvest(cast):
    cast.coop.harvest_start_month = 4
    cast.coop.save()
    kpi = make_kpi(cast, "acopio", frequency="harvest", unit="qq")
    Measurement.objects.create(kpi=kpi, period=date(2024, 4, 1), value=900)
    board = readings.read_board(cast.coop, today=TODAY)
    assert board.readings[kpi.pk].story["es"].startswith("acopio: 900 qq en la cosecha 2024/25")


def random_kpis(cast, rng, count):
    """KPIs of every grain, rule and direction, with gaps, per-period and multi-period targets."""
    rules = [
        ("month", "sum", "up"),
        ("month", "mean", "down"),
        ("quarter", "last", "band"),
        ("month", "ratio", "up"),
        ("week", "sum", "up"),
        ("harvest", "last", "up"),
        ("year", "mean", "down"),
        ("month", "last", "up"),
    ]
    offset = Kpi.objects.count()
    for n in range(count):
        grain, aggregation, direction = rules[n % len(rules)]
        kpi = make_kpi(
            cast,
            f"k{offset + n}",
            frequency=grain,
            aggregation=aggregation,
            direction=direction,
            unit="%" if aggregation == "ratio" else "qq",
            baseline=Decimal(rng.randint(0, 50)) if n % 3 else None,
        )
        last = period_start(date(2025, 3, 10), Grain(grain))
        periods = run_of_periods(shift(last, Grain(grain), -40), Grain(grain), 41)
        rows = []
        for period in periods:
            if rng.random() < 0.15:
                continue  # a gap
            value = Decimal(rng.randint(50, 150))
            rows.append(
                Measurement(
                    kpi=kpi,
                    period=period,
                    value=value,
                    numerator=value if aggregation == "ratio" else None,
                    denominator=Decimal(200) if aggregation == "ratio" else None,
                )
            )
        Measurement.objects.bulk_create(rows[: len(rows) - rng.randint(0, 3)])  # sometimes stale
        for period in periods[-6:]:
            if direction == "band":
                Target.objects.create(kpi=kpi, start=period, end=period_end(period, Grain(grain)), low=80, high=120)
            elif rng.random() < 0.5:
                Target.objects.create(
                    kpi=kpi, start=period, end=period_end(period, Grain(grain)), value=rng.randint(80, 120)
                )
        for year in (2023, 2024):
            Target.objects.create(
                kpi=kpi,
                start=date(year, 10, 1),
                end=date(year + 1, 9, 30),
                value=rng.randint(800, 1500),
                low=Decimal(50) if direction == "band" else None,
                high=Decimal(150) if direction == "band" else None,
            )


def full_reading(kpi):
    """The reading from every value and target, loaded the plain Django way."""
    values = [PeriodValue(m.period, m.value, m.numerator, m.denominator) for m in kpi.measurements.all()]
    targets = [TargetSpan(t.start, t.end, t.value, t.low, t.high) for t in kpi.targets.order_by("start", "pk")]
    coop = kpi.cooperative
    return evaluate(
        readings.facts_of(kpi),
        values,
        targets,
        today=TODAY,
        year_start_month=coop.fiscal_year_start_month,
        harvest_start_month=coop.harvest_start_month,
    )


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_board_reads_the_same_as_with_every_value(cast, seed):
    random_kpis(cast, random.Random(seed), 16)
    board = readings.read_board(cast.coop, today=TODAY)
    for kpi in Kpi.objects.filter(cooperative=cast.coop).select_related("cooperative", "initiative"):
        expected = full_reading(kpi)
        assert board.readings[kpi.pk] == expected, kpi.slug
        assert board.readings[kpi.pk].story == expected.story


def test_the_board_costs_the_same_queries_for_10_or_60_kpis(cast, django_assert_num_queries):
    rng = random.Random(4)
    random_kpis(cast, rng, 9)
    # The sixth reads the cached forecasts (rumbo.insight); their fingerprints cost a seventh only when there are some.
    with django_assert_num_queries(6):
        readings.read_board(cast.coop, today=TODAY)
    random_kpis(cast, rng, 51)
    with django_assert_num_queries(6):
        readings.read_board(cast.coop, today=TODAY)


def test_objectives_are_summarised_from_their_kpis(cast):
    board = readings.read_board(cast.coop, today=TODAY)
    ((objective, summary),) = board.objectives
    assert objective == cast.objective and summary.total == 1
    assert summary.readings[0] is board.readings[cast.kpi.pk]


def test_a_cooperative_without_values_reads_as_no_data(cast):
    Measurement.objects.all().delete()
    board = readings.read_board(cast.coop, today=TODAY)
    assert board.readings[cast.kpi.pk].value is None


def test_the_page_of_a_kpi_reads_every_value_in_order(cast):
    Measurement.objects.create(kpi=cast.kpi, period=date(2024, 12, 1), value=Decimal("12.5"))
    reading, data = readings.read_kpi(cast.kpi, today=TODAY)
    assert [pv.period for pv in data.values] == [date(2024, 12, 1), date(2025, 1, 1)]
    assert data.values[0].value == Decimal("12.5") and reading.value == 35


def test_a_board_seen_again_reuses_its_readings_until_something_changes(cast):
    first = readings.read_board(cast.coop, today=TODAY).readings[cast.kpi.pk]
    assert readings.read_board(cast.coop, today=TODAY).readings[cast.kpi.pk] is first
    Measurement.objects.filter(kpi=cast.kpi).update(value=36)
    assert readings.read_board(cast.coop, today=TODAY).readings[cast.kpi.pk].value == 36
    Target.objects.filter(kpi=cast.kpi).update(value=50)
    assert readings.read_board(cast.coop, today=TODAY).readings[cast.kpi.pk].pace.span.value == 50
    Kpi.objects.filter(pk=cast.kpi.pk).update(name="Ventas del mes")
    assert readings.read_board(cast.coop, today=TODAY).readings[cast.kpi.pk].story["es"].startswith("Ventas del mes:")
