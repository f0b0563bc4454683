"""The server's SVG charts: zones that agree with the engine's status, and charts that say what they show."""

import re
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rumbo.engine.status.board import evaluate
from rumbo.engine.status.readings import KpiFacts, PeriodValue, TargetSpan
from rumbo.engine.timeline.periods import period_end
from rumbo.engine.timeline.targets import attainment, status_for
from rumbo.engine.vocab import Aggregation, Direction, Grain, Nature, Status
from rumbo.kpis import charts

D = Decimal
MARCH = date(2024, 3, 1)
TODAY = date(2024, 4, 10)


def month_target(value=None, **bounds) -> TargetSpan:
    return TargetSpan(MARCH, period_end(MARCH, Grain.MONTH), None if value is None else D(value), **bounds)


def status(kpi, value, target):
    return status_for(kpi, attainment(kpi, D(value), target))


def inside(zone, value) -> bool:
    if zone is None:
        return False
    low, high = zone
    return (low is None or value >= low) and (high is None or value <= high)


def zone_status(z: charts.Zones, value) -> Status:
    if inside(z.ok, value):
        return Status.ON_TRACK
    return Status.AT_RISK if inside(z.risk, value) else Status.OFF_TRACK


KPIS = [
    KpiFacts(name="Acopio", direction=Direction.UP),
    KpiFacts(name="Acopio", direction=Direction.UP, on_track_at=D("0.95"), at_risk_at=D("0.8")),
    KpiFacts(name="Mermas", direction=Direction.DOWN),
    KpiFacts(name="Mermas", direction=Direction.DOWN, on_track_at=D("1.1"), at_risk_at=D("0.7")),
    KpiFacts(name="Catación", nature=Nature.QUALITATIVE, scale_min=D(1), scale_max=D(5)),
    KpiFacts(name="Accidentes", direction=Direction.DOWN, baseline=D(4)),
]


@pytest.mark.parametrize("kpi", KPIS, ids=lambda k: f"{k.name}-{k.direction}-{k.on_track_at}")
@given(value=st.decimals(min_value=-50, max_value=400, places=2), target=st.integers(min_value=0, max_value=200))
def test_the_zones_give_the_engines_status_for_every_value(kpi, value, target):
    if kpi.on_scale:
        target = 1 + target % 5
    span = month_target(target)
    assert zone_status(charts.zones(kpi, span), value) == status(kpi, value, span)


@given(value=st.decimals(min_value=-10, max_value=200, places=2), low=st.integers(1, 80), width=st.integers(0, 80))
def test_the_zones_of_a_band_give_the_engines_status(value, low, width):
    kpi = KpiFacts(name="Razón corriente", direction=Direction.BAND)
    span = month_target(low=D(low), high=D(low + width))
    assert zone_status(charts.zones(kpi, span), value) == status(kpi, value, span)


def test_a_value_on_an_edge_gets_the_better_status():
    z = charts.zones(KpiFacts(name="Acopio"), month_target(100))
    assert (z.ok, z.risk) == ((100, None), (90, None))


def read(kpi, values, targets):
    return evaluate(kpi, [PeriodValue(p, None if v is None else D(v)) for p, v in values.items()], targets, today=TODAY)


def test_the_icons_differ_in_shape_not_only_in_colour():
    shapes = {re.sub(r'fill="[^"]*"', "", charts.status_icon(s)) for s in Status}
    assert len(shapes) == 4


def test_a_sparkline_leaves_a_gap_where_a_value_is_missing():
    series = [PeriodValue(date(2024, m, 1), v) for m, v in zip(range(1, 6), [D(3), D(4), None, D(5), D(6)])]
    drawn = charts.sparkline(series, status=Status.ON_TRACK, title="Últimos 5 meses")
    path = re.search(r'class="spark-line" d="([^"]+)"', drawn).group(1)
    assert path.count("M") == 2 and path.count("L") == 2
    assert "<title>Últimos 5 meses</title>" in drawn and 'role="img"' in drawn


def test_a_single_value_draws_no_sparkline():
    assert charts.sparkline([PeriodValue(MARCH, D(3))], status=Status.ON_TRACK, title="x") == ""


def test_the_bullet_puts_the_bar_at_the_value_and_the_tick_at_the_target():
    kpi = KpiFacts(name="Acopio", unit="qq")
    drawn = charts.bullet(read(kpi, {MARCH: 50}, [month_target(100)]), title="Acopio frente a la meta")
    bar = float(re.search(r'class="bar" x="[^"]+" y="7" width="([^"]+)"', drawn).group(1))
    tick = float(re.search(r'class="mark" d="M([^ ]+) ', drawn).group(1))
    assert bar == pytest.approx(tick / 2, abs=1.5)  # 50 is half of 100
    assert 'fill="#b3261e"' in drawn  # off track


def test_without_a_target_there_is_no_bullet():
    assert charts.bullet(read(KpiFacts(name="Alcance"), {MARCH: 50}, []), title="x") == ""


def test_a_harvest_bullet_marks_where_it_should_be_by_now_and_the_whole_target():
    kpi = KpiFacts(name="Acopio", unit="qq", aggregation=Aggregation.SUM)
    harvest = TargetSpan(date(2023, 10, 1), date(2024, 9, 30), D(12_000))
    drawn = charts.bullet(read(kpi, {date(2023, 10, 1): 900, date(2023, 11, 1): 800}, [harvest]), title="x")
    assert 'class="mark"' in drawn and 'class="mark-end"' in drawn


def test_the_history_holds_each_period_to_its_target_and_shows_last_year():
    kpi = KpiFacts(name="Llamadas", aggregation=Aggregation.MEAN)
    values = [PeriodValue(date(y, m, 1), D(10 + m)) for y in (2023, 2024) for m in range(1, 13)]
    year = TargetSpan(date(2024, 1, 1), date(2024, 12, 31), D(15))
    rows = charts.history_rows(kpi, values, [year], end=date(2024, 12, 1))
    assert rows[0].period == date(2023, 1, 1)  # no empty periods before the first value
    assert rows[-1].value == 22 and rows[-1].year_ago == 22 and rows[-1].target == year
    drawn = charts.history(kpi, rows, status=Status.ON_TRACK, lang="es", title="Llamadas", desc="Los valores")
    assert "<desc>Los valores</desc>" in drawn and 'class="zone-ok"' in drawn and 'class="year-ago"' in drawn


def test_a_cumulative_target_has_no_per_period_line_but_a_cumulative_chart():
    kpi = KpiFacts(name="Acopio", aggregation=Aggregation.SUM)
    harvest = TargetSpan(date(2023, 10, 1), date(2024, 9, 30), D(12_000))
    values = {date(2023, 10, 1): 900, date(2023, 11, 1): 800, MARCH: 700}
    rows = charts.history_rows(kpi, [PeriodValue(p, D(v)) for p, v in values.items()], [harvest], end=MARCH)
    assert all(r.target is None for r in rows)
    drawn = charts.cumulative(
        kpi,
        [PeriodValue(p, D(v)) for p, v in values.items()],
        read(kpi, values, [harvest]),
        lang="es",
        title="Acopio acumulado",
        desc="x",
    )
    assert 'class="expected"' in drawn and 'class="actual"' in drawn


@pytest.mark.parametrize("low, high, expected", [(0, 100, [0, 25, 50, 75, 100]), (1.2, 1.9, [1.2, 1.4, 1.6, 1.8])])
def test_axis_ticks_are_round_numbers(low, high, expected):
    assert charts.nice_ticks(low, high) == pytest.approx(expected)
