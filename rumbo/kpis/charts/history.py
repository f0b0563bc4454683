"""A KPI's history on its page: actual against target over time, with last year and the status zones,
and the running total against a target on a total."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.safestring import SafeString, mark_safe

from rumbo.engine.status.readings import KpiFacts, KpiReading, PeriodValue, TargetSpan
from rumbo.engine.timeline.periods import MONTH_NAMES, label, run_of_periods, shift, year_earlier
from rumbo.engine.timeline.targets import span_for, target_for_period
from rumbo.engine.vocab import Aggregation, Grain, Status
from rumbo.kpis.charts.small import Zones, zone_edges, zones
from rumbo.kpis.charts.toolkit import (
    INK,
    MUTED,
    STATUS_COLOUR,
    ZONE_FILL,
    Scale,
    framed,
    line,
    n,
    nice_ticks,
    page_chart,
    period_label,
    steps,
    value_frame,
)

HISTORY_PERIODS = {Grain.DAY: 60, Grain.WEEK: 52, Grain.MONTH: 36, Grain.QUARTER: 16, Grain.YEAR: 10, Grain.HARVEST: 10}


@dataclass(frozen=True)
class HistoryRow:
    """One period of the chart, for the table that says the same in words."""

    period: date
    value: Decimal | None
    target: TargetSpan | None
    year_ago: Decimal | None


def history_rows(
    kpi: KpiFacts, values: Sequence[PeriodValue], targets: Sequence[TargetSpan], *, end: date
) -> list[HistoryRow]:
    """The periods the history chart shows, ending at `end`: value, the target it is held to, last year's value.

    The target of a period is its own one or, for a KPI that is averaged, a ratio or a level,
    the longer target that holds it (the same level applies all along). A cumulative target
    (a harvest's total) has no per-period figure; the cumulative chart shows it instead.
    """
    grain = kpi.grain
    count = HISTORY_PERIODS[grain]
    by_period = {pv.period: pv.value for pv in values}
    rows = []
    for period in run_of_periods(shift(end, grain, 1 - count), grain, count):
        target = target_for_period(targets, period, grain)
        if target is None and kpi.aggregation != Aggregation.SUM:
            target = span_for(targets, period, grain)
        rows.append(HistoryRow(period, by_period.get(period), target, by_period.get(year_earlier(period, grain))))
    while rows and rows[0].value is None and rows[0].year_ago is None:  # no empty years before the first value
        rows.pop(0)
    return rows


def short_label(period: date, grain: Grain, lang: str) -> str:
    if grain == Grain.MONTH:
        return f"{MONTH_NAMES[lang][period.month - 1][:3]} {period.year % 100:02d}"
    if grain == Grain.HARVEST:
        return f"{period.year % 100:02d}/{(period.year + 1) % 100:02d}"
    return label(period, grain, lang)


def history(
    kpi: KpiFacts, rows: Sequence[HistoryRow], *, status: Status, lang: str, title: str, desc: str
) -> SafeString:
    """Actual values (solid, dots), the target (dashed steps), last year (dotted) over the status zones."""
    if not any(r.value is not None for r in rows):
        return mark_safe("")
    zoned = [(i, r.target, zones(kpi, r.target)) for i, r in enumerate(rows) if r.target is not None]
    figures = [float(x) for r in rows for x in (r.value, r.year_ago) if x is not None]
    figures += [float(e) for _, t, z in zoned if z for e in (*zone_edges(z), t.value) if e is not None]
    if kpi.on_scale:
        assert kpi.scale_min is not None and kpi.scale_max is not None, "on a scale: both ends are set"
        figures += [float(kpi.scale_min), float(kpi.scale_max)]
    frame = value_frame(figures, len(rows), decimals=kpi.decimals, lang=lang)
    left, step, y = frame.left, frame.step, frame.y
    x = lambda i: left + (i + 0.5) * step  # noqa: E731 - the centre of period i's slot
    body = [frame.background]
    runs: list[list] = []  # the zones behind everything: one block per run of periods under the same target
    for i, target, z in zoned:
        if runs and runs[-1][1] == i and runs[-1][2] == target:
            runs[-1][1] = i + 1
        else:
            runs.append([i, i + 1, target, z])
    body += [_vertical_zones(z, y, left + first * step, (end - first) * step) for first, end, _, z in runs if z]
    body.append(frame.grid)
    body.append(
        steps(
            [(i, r.target.value if r.target else None) for i, r in enumerate(rows)],
            x,
            y,
            step,
            f'class="target" stroke="{INK}" stroke-width="1.6" stroke-dasharray="5 3" fill="none"',
        )
    )
    body.append(
        line(
            [(i, r.year_ago) for i, r in enumerate(rows)],
            x,
            y,
            f'class="year-ago" stroke="{MUTED}" stroke-width="1.6" stroke-dasharray="1 3" stroke-linecap="round" fill="none"',
        )
    )
    actual = [(i, r.value) for i, r in enumerate(rows)]
    body.append(line(actual, x, y, f'class="actual" stroke="{INK}" stroke-width="2.2" fill="none"'))
    body += [f'<circle cx="{n(x(i))}" cy="{n(y(v))}" r="2.2" fill="{INK}"/>' for i, v in actual if v is not None]
    last = max(i for i, v in actual if v is not None)
    body.append(
        f'<circle class="last" cx="{n(x(last))}" cy="{n(y(actual[last][1]))}" r="5" fill="{STATUS_COLOUR[status]}" stroke="#fff"/>'
    )
    body += _period_labels(
        [r.period for r in rows],
        sorted({0, len(rows) // 3, 2 * len(rows) // 3, len(rows) - 1}),
        lambda i: x(i) - step / 2,
        step,
        kpi.grain,
        lang,
    )
    return page_chart(body, title=title, desc=desc)


def cumulative(
    kpi: KpiFacts, values: Sequence[PeriodValue], reading: KpiReading, *, lang: str, title: str, desc: str
) -> SafeString:
    """For a target on a total (a harvest's quintales): the running total against a straight plan to the
    target, last year's running total, and where the engine expects it to be by now."""
    pace = reading.pace
    if pace is None or kpi.aggregation != Aggregation.SUM or pace.span.value is None:
        return mark_safe("")
    grain, by_period = kpi.grain, {pv.period: pv.value for pv in values}
    periods = run_of_periods(pace.first_period, grain, pace.periods)

    def running(amounts):
        total, out = Decimal(0), []
        for a in amounts:
            total += a or 0
            out.append(total)
        return out

    actual = running(by_period.get(p) for p in periods[: pace.elapsed])
    earlier = [by_period.get(year_earlier(p, grain)) for p in periods]
    year_ago = running(earlier) if any(v is not None for v in earlier) else []
    top = max(float(v) for v in (*actual, *year_ago, pace.span.value, pace.expected.value or 0))
    ticks = nice_ticks(0, top * 1.05)
    frame = framed(ticks, 0, max(ticks[-1], top * 1.05), len(periods), decimals=0, lang=lang)
    left, step, y = frame.left, frame.step, frame.y
    x = lambda i: left + (i + 1) * step  # noqa: E731 - the end of period i: totals are counted at its close
    body = [frame.background, frame.grid]
    body.append(
        f'<path class="target" d="M{n(left)} {n(y(0))}L{n(x(len(periods) - 1))} {n(y(pace.span.value))}" '
        f'stroke="{INK}" stroke-width="1.6" stroke-dasharray="5 3" fill="none"/>'
    )
    body.append(
        line(
            list(enumerate(year_ago)),
            x,
            y,
            f'class="year-ago" stroke="{MUTED}" stroke-width="1.6" stroke-dasharray="1 3" stroke-linecap="round" fill="none"',
        )
    )
    body.append(
        line(
            [(-1, Decimal(0))] + list(enumerate(actual)),
            lambda i: left if i < 0 else x(i),
            y,
            f'class="actual" stroke="{INK}" stroke-width="2.2" fill="none"',
        )
    )
    if pace.expected.value is not None:
        ex, ey = x(pace.elapsed - 1), y(pace.expected.value)
        body.append(
            f'<path class="expected" d="M{n(ex)} {n(ey - 6)}l6 6-6 6-6-6z" fill="#fff" stroke="{INK}" stroke-width="1.6"/>'
        )
    body.append(
        f'<circle class="last" cx="{n(x(pace.elapsed - 1))}" cy="{n(y(actual[-1]))}" r="5" '
        f'fill="{STATUS_COLOUR[reading.status]}" stroke="#fff"/>'
    )
    body += _period_labels(
        periods, sorted({0, len(periods) // 2, len(periods) - 1}), lambda i: x(i) - step, step, grain, lang
    )
    return page_chart(body, title=title, desc=desc)


def _period_labels(periods, shown, slot_start, step: float, grain: Grain, lang: str) -> list[str]:
    """Labels under the slots: the first one starts at its slot, the last one ends at its slot, so
    neither runs off the chart; those between are centred."""
    out = []
    for i in shown:
        if i == 0:
            x, anchor = slot_start(i), "start"
        elif i == len(periods) - 1:
            x, anchor = slot_start(i) + step, "end"
        else:
            x, anchor = slot_start(i) + step / 2, "middle"
        out.append(period_label(x, short_label(periods[i], grain, lang), anchor))
    return out


def _vertical_zones(z: Zones, y: Scale, x0: float, width: float) -> str:
    out = []
    for name, zone in (("risk", z.risk), ("ok", z.ok)):
        if zone is None:
            continue
        lo, hi = zone
        top = y.end if hi is None else y(hi)
        bottom = y.start if lo is None else y(lo)
        if bottom > top:
            out.append(
                f'<rect class="zone-{name}" x="{n(x0)}" y="{n(top)}" width="{n(width)}" height="{n(bottom - top)}" fill="{ZONE_FILL[name]}"/>'
            )
    return (
        f'<rect class="zone-off" x="{n(x0)}" y="{n(y.end)}" width="{n(width)}" height="{n(y.start - y.end)}" fill="{ZONE_FILL["off"]}"/>'
        + "".join(out)
    )
