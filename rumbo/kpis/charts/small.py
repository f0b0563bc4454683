"""The small charts: status icons, the status zones of a target, the tile's bullet and sparkline."""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.safestring import SafeString, mark_safe

from rumbo.engine.status.readings import KpiFacts, KpiReading, PeriodValue, TargetSpan
from rumbo.engine.timeline.targets import thresholds
from rumbo.engine.vocab import Aggregation, Direction, Status
from rumbo.kpis.charts.toolkit import INK, LINE, MUTED, STATUS_COLOUR, ZONE_FILL, svg

# ---- Status icons: a different shape for each status, so colour is never the only sign.

_ICON_SHAPES = {
    Status.ON_TRACK: '<circle cx="8" cy="8" r="7.5"/><path d="M4.5 8.3l2.4 2.4 4.6-5" fill="none" stroke="#fff" stroke-width="2"/>',
    Status.AT_RISK: '<path d="M8 .8l7.6 13.7H.4z"/><path d="M8 5.5v4.5M8 11.5v1.6" stroke="#fff" stroke-width="1.8"/>',
    Status.OFF_TRACK: '<rect x=".8" y=".8" width="14.4" height="14.4" rx="2"/><path d="M5 5l6 6M11 5l-6 6" stroke="#fff" stroke-width="2"/>',
    Status.NO_DATA: '<circle cx="8" cy="8" r="6.5" fill="none" stroke="currentColor" stroke-width="1.8" stroke-dasharray="3 2"/>',
}


def status_icon(status: Status) -> SafeString:
    """A 16-px shape: ✓ in a circle, ! in a triangle, × in a square, a dashed ring for no data."""
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="icon" viewBox="0 0 16 16" width="16" height="16" '
        f'fill="currentColor" aria-hidden="true">{_ICON_SHAPES[Status(status)]}</svg>'
    )


# ---- Zones: where the status changes, in the KPI's own units.

Interval = tuple[Decimal | None, Decimal | None] | None  # (low, high), None for an open end; None when empty


@dataclass(frozen=True)
class Zones:
    """The values that are on track and those at least at risk; the rest is off track."""

    ok: Interval
    risk: Interval


def _side(t: Decimal, scale: Decimal, a: Decimal, up: bool) -> Interval:
    """The values whose attainment against t (one-sided) is at least a."""
    if scale:
        edge = t + (a - 1) * scale if up else t - (a - 1) * scale
        return (edge, None) if up else (None, edge)
    # Without a scale attainment is 1 when the target is met and 0 when it is not.
    if a <= 0:
        return (None, None)
    return ((t, None) if up else (None, t)) if a <= 1 else None


def _both(a: Interval, b: Interval) -> Interval:
    if a is None or b is None:
        return None
    low = a[0] if b[0] is None else b[0] if a[0] is None else max(a[0], b[0])
    high = a[1] if b[1] is None else b[1] if a[1] is None else min(a[1], b[1])
    return None if low is not None and high is not None and low > high else (low, high)


def zones(kpi: KpiFacts, target: TargetSpan) -> Zones | None:
    """The inverse of `targets.attainment` at the KPI's thresholds (None when there is nothing to compare).

    A value exactly on an edge gets the better status, as the engine decides.
    """
    on, risk = thresholds(kpi)
    if kpi.on_scale:
        assert kpi.scale_min is not None and kpi.scale_max is not None, "on a scale: both ends are set"
        low, width = kpi.scale_min, kpi.scale_max - kpi.scale_min
        norm, back = (
            (lambda x: None if x is None else (x - low) / width),
            (lambda x: None if x is None else low + x * width),
        )
    else:
        norm = back = lambda x: x
    baseline = norm(kpi.baseline)

    def scale(t):
        if t:
            return abs(t)
        return abs(baseline - t) if baseline is not None else Decimal(0)

    def region(a) -> Interval:
        if kpi.direction == Direction.BAND and (target.low is not None or target.high is not None):
            lo, hi = norm(target.low), norm(target.high)
            return _both(
                (None, None) if lo is None else _side(lo, scale(lo), a, up=True),
                (None, None) if hi is None else _side(hi, scale(hi), a, up=False),
            )
        t = norm(target.value)
        assert t is not None, "a target that is not a band's has a value (checked below, before any region)"
        if kpi.direction == Direction.UP:
            return _side(t, scale(t), a, up=True)
        if kpi.direction == Direction.DOWN:
            return _side(t, scale(t), a, up=False)
        return _both(_side(t, scale(t), a, up=True), _side(t, scale(t), a, up=False))

    if target.value is None and not (
        kpi.direction == Direction.BAND and (target.low is not None or target.high is not None)
    ):
        return None
    ok, at_risk = region(on), region(risk)
    return Zones(ok=ok and (back(ok[0]), back(ok[1])), risk=at_risk and (back(at_risk[0]), back(at_risk[1])))


def zone_edges(z: Zones) -> list[Decimal]:
    return [e for zone in (z.ok, z.risk) if zone for e in zone if e is not None]


# ---- The tile's two small charts.


def bullet(reading: KpiReading, *, title: str) -> SafeString:
    """The value as a bar over the status zones of its target, a tick at the target.

    With only a multi-period target (a harvest), the bar is the total so far, the zones and
    tick are where it should be by now, and a thin line marks the whole span's target.
    """
    kpi, end_target = reading.kpi, None
    if reading.target is not None:
        measure, compared = reading.value, reading.target
    elif reading.pace is not None:
        measure, compared = reading.pace.actual, reading.pace.expected
        if kpi.aggregation == Aggregation.SUM and reading.pace.span.value is not None:
            end_target = reading.pace.span.value
    else:
        return mark_safe("")
    z = zones(kpi, compared)
    if z is None or measure is None:
        return mark_safe("")
    marks = [m for m in (compared.value, end_target) if m is not None]
    if kpi.on_scale:
        assert kpi.scale_min is not None and kpi.scale_max is not None, "on a scale: both ends are set"
        low, high = float(kpi.scale_min), float(kpi.scale_max)
    else:
        candidates = [float(v) for v in (measure, *marks, *zone_edges(z))]
        low, high = min(0.0, *candidates), max(candidates) * 1.12 if max(candidates) > 0 else 1.0
    if high <= low:
        low, high = low - 1, high + 1
    width, height, k = 300, 22, 298 / (high - low)

    def x(value) -> float:  # plain arithmetic: a board draws 60 of these
        return 1 + (min(max(float(value), low), high) - low) * k

    origin, bar_end = x(max(low, 0.0)), x(measure)
    body = [f'<rect class="zone-off" x="1" y="0" width="298" height="22" fill="{ZONE_FILL["off"]}"/>']
    for name, zone in (("risk", z.risk), ("ok", z.ok)):
        if zone is not None:
            a, b = (1 if zone[0] is None else x(zone[0])), (299 if zone[1] is None else x(zone[1]))
            if b > a:
                body.append(
                    f'<rect class="zone-{name}" x="{a:.1f}" y="0" width="{b - a:.1f}" height="22" fill="{ZONE_FILL[name]}"/>'
                )
    body.append(
        f'<rect class="bar" x="{min(origin, bar_end):.1f}" y="7" width="{max(abs(bar_end - origin), 1.5):.1f}" '
        f'height="8" fill="{STATUS_COLOUR[reading.status]}"/>'
    )
    if compared.value is not None:
        body.append(f'<path class="mark" d="M{x(compared.value):.1f} 1v20" stroke="{INK}" stroke-width="3"/>')
    if end_target is not None:
        body.append(
            f'<path class="mark-end" d="M{x(end_target):.1f} 3v16" stroke="{INK}" stroke-width="1.5" stroke-dasharray="2 2"/>'
        )
    body.append(f'<rect x=".5" y=".5" width="299" height="21" fill="none" stroke="{LINE}"/>')
    return svg(width, height, "".join(body), title=title, css="bullet")


def sparkline(
    series: Sequence[PeriodValue], *, status: Status, title: str, target: TargetSpan | None = None
) -> SafeString:
    """The last periods as a line (gaps left open), the last value as a dot, the period's target dashed or banded."""
    points = [(i, float(pv.value)) for i, pv in enumerate(series) if pv.value is not None]
    if len(points) < 2:
        return mark_safe("")
    guides = [float(t) for t in ((target.value, target.low, target.high) if target else ()) if t is not None]
    levels = [v for _, v in points] + guides
    width, height, pad = 300, 44, 4
    low, high = min(levels), max(levels)
    if high <= low:
        low, high = low - 1, high + 1
    # Plain arithmetic: a board draws 60 of these, and every call counts.
    step, k, base = (width - 2 * pad) / max(len(series) - 1, 1), (height - 2 * pad) / (high - low), height - pad
    body = []
    if target is not None and target.low is not None and target.high is not None:
        top, bottom = base - (float(target.high) - low) * k, base - (float(target.low) - low) * k
        body.append(
            f'<rect class="spark-band" x="0" y="{top:.1f}" width="{width}" height="{max(bottom - top, 1):.1f}" fill="#e4f3e8"/>'
        )
    elif target is not None and target.value is not None:
        body.append(
            f'<path class="spark-target" d="M0 {base - (float(target.value) - low) * k:.1f}H{width}" '
            f'stroke="{MUTED}" stroke-dasharray="4 3"/>'
        )
    path, previous = [], None
    for i, v in points:
        path.append(f"{'L' if previous == i - 1 else 'M'}{pad + i * step:.1f} {base - (v - low) * k:.1f}")
        previous = i
    colour = STATUS_COLOUR[status]
    last_i, last_v = points[-1]
    body.append(
        f'<path class="spark-line" d="{"".join(path)}" fill="none" stroke="{colour}" stroke-width="2.5" '
        f'stroke-linejoin="round" stroke-linecap="round"/>'
        f'<circle class="spark-dot" cx="{pad + last_i * step:.1f}" cy="{base - (last_v - low) * k:.1f}" r="4" fill="{colour}"/>'
    )
    return svg(width, height, "".join(body), title=title, css="spark")
