"""The forecast chart of a KPI's page: the values so far, then the forecast and its range up to the target's end.

Drawn like the page's other charts (rumbo/kpis/charts): hand-written SVG with presentation
attributes and CSS classes, a <title> and <desc>, no inline style (the CSP forbids it).
Two shapes: for a target on a total (a year's sales) the running total against the
target, which is what the question "will we get there?" is about; otherwise each period's
value against its target.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import cast

from django.utils.safestring import SafeString, mark_safe

from rumbo.engine.status.readings import KpiFacts, PeriodValue, TargetSpan
from rumbo.engine.timeline.periods import periods_apart, run_of_periods
from rumbo.engine.vocab import Grain, Status
from rumbo.kpis.charts import history_rows, short_label
from rumbo.kpis.charts.toolkit import INK, STATUS_COLOUR, line, n, page_chart, period_label, steps, through, value_frame

FORECAST, RANGE_FILL = "#2b5d8a", "#d5e2ee"
ACTUAL_SHOWN = {Grain.DAY: 30, Grain.WEEK: 26, Grain.MONTH: 24, Grain.QUARTER: 12, Grain.YEAR: 8, Grain.HARVEST: 8}


@dataclass(frozen=True)
class Slot:
    """One period on the chart: its value (actual or running total), the forecast and range, the target."""

    period: date
    actual: float | None = None
    forecast: float | None = None
    low: float | None = None
    high: float | None = None
    target: float | None = None


NO_FORECAST: tuple[float | None, float | None, float | None] = (None, None, None)


def _points(raw: Sequence[dict]) -> dict[date, tuple[float, float, float]]:
    return {
        date.fromisoformat(p["period"]): (p["forecast"], p["low"], p["high"])
        for p in raw
        if None not in (p["forecast"], p["low"], p["high"])
    }


def period_slots(
    facts: KpiFacts, values: Sequence[PeriodValue], targets: Sequence[TargetSpan], points: Sequence[dict]
) -> list[Slot]:
    """Recent values and each period's target (history_rows' rule), then the forecast periods."""
    forecast = _points(points)
    if not forecast:
        return []
    rows = history_rows(facts, values, targets, end=max(forecast))
    rows = rows[-(len(forecast) + ACTUAL_SHOWN[facts.grain]) :]
    return [
        Slot(
            r.period,
            None if r.value is None or r.period in forecast else float(r.value),
            *forecast.get(r.period, NO_FORECAST),
            target=float(r.target.value) if r.target is not None and r.target.value is not None else None,
        )
        for r in rows
    ]


def running_slots(facts: KpiFacts, values: Sequence[PeriodValue], projection: dict) -> list[Slot]:
    """The target's span: the running total so far, then its forecast and range, against the target."""
    forecast = _points(projection.get("cumulative") or [])
    first, last = date.fromisoformat(projection["first_period"]), date.fromisoformat(projection["last_period"])
    if not forecast or projection.get("target") is None:
        return []
    by_period = {pv.period: pv.value for pv in values}
    total, slots = 0.0, []
    for period in run_of_periods(first, facts.grain, periods_apart(first, last, facts.grain) + 1):
        if period in forecast:
            slots.append(Slot(period, None, *forecast[period], target=projection["target"]))
        else:
            total += float(by_period.get(period) or 0)
            slots.append(Slot(period, total, target=projection["target"]))
    return slots


def forecast_chart(
    facts: KpiFacts, slots: list[Slot], *, status: Status, lang: str, running: bool, title: str, desc: str
) -> SafeString:
    """Values (solid), the forecast (dashed, from the last value on) inside its shaded range, the target (dashed steps)."""
    actual = [(i, s.actual) for i, s in enumerate(slots) if s.actual is not None]
    ahead = [(i, s) for i, s in enumerate(slots) if s.forecast is not None]
    if not ahead:
        return mark_safe("")
    figures = [x for s in slots for x in (s.actual, s.forecast, s.low, s.high, s.target) if x is not None]
    if running:
        figures.append(0.0)
    frame = value_frame(figures, len(slots), decimals=facts.decimals, lang=lang, from_zero=running)
    left, step, y = frame.left, frame.step, frame.y
    x = lambda i: left + (i + 0.5) * step  # noqa: E731 - the centre of period i's slot
    body = [frame.background, frame.grid]
    # The range and the forecast start at the last value, so they read as its continuation.
    start = [actual[-1]] if actual and actual[-1][0] < ahead[0][0] else []
    # a slot with a forecast has its range (`_points`)
    upper = start + [(i, cast(float, s.high)) for i, s in ahead]
    lower = [(i, cast(float, s.low)) for i, s in reversed(ahead)] + start
    body.append(f'<path class="forecast-range" d="{through(upper + lower, x, y)}Z" fill="{RANGE_FILL}" stroke="none"/>')
    body.append(
        steps(
            [(i, s.target) for i, s in enumerate(slots)],
            x,
            y,
            step,
            f'class="target" stroke="{INK}" stroke-width="1.6" stroke-dasharray="5 3" fill="none"',
        )
    )
    predicted = start + [(i, cast(float, s.forecast)) for i, s in ahead]
    body.append(
        f'<path class="forecast" d="{through(predicted, x, y)}" stroke="{FORECAST}" stroke-width="2.2" '
        f'stroke-dasharray="6 3" fill="none"/>'
    )
    body.append(line(actual, x, y, f'class="actual" stroke="{INK}" stroke-width="2.2" fill="none"'))
    body += [f'<circle cx="{n(x(i))}" cy="{n(y(v))}" r="2.2" fill="{INK}"/>' for i, v in actual]
    if actual:
        i, v = actual[-1]
        body.append(
            f'<circle class="last" cx="{n(x(i))}" cy="{n(y(v))}" r="5" fill="{STATUS_COLOUR[status]}" stroke="#fff"/>'
        )
    end_i, end = ahead[-1]
    body.append(
        f'<path class="forecast-end" d="M{n(x(end_i))} {n(y(end.forecast) - 6)}l6 6-6 6-6-6z" fill="#fff" '
        f'stroke="{FORECAST}" stroke-width="1.6"/>'
    )
    for i in sorted({0, len(slots) // 3, 2 * len(slots) // 3, len(slots) - 1}):
        body.append(period_label(x(i), short_label(slots[i].period, facts.grain, lang)))
    return page_chart(body, title=title, desc=desc, css="chart forecast-chart")
