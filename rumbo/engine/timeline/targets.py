"""How far a KPI is from its target: attainment, progress, status colour, and pace over a dated target.

**Attainment** is one number per value and target, 1 exactly at the target, that the status
thresholds are compared with. With s = |target| (the scale of the target):
- UP (higher is better):   attainment = 1 + (value − target) ÷ s   (= value ÷ target for a positive target)
- DOWN (lower is better):  attainment = 1 − (value − target) ÷ s   (= 2 − value ÷ target)
- BAND: UP against `low` and DOWN against `high`, whichever is worse (over 1 inside the band).
So with the defaults on_track_at = 1.0 and at_risk_at = 0.9 (kpi-domain.md §5, RAG):
- UP:   on track when value ≥ target; at risk when value ≥ 90 % of target; off track below.
- DOWN: on track when value ≤ target; at risk when value ≤ 110 % of target; off track above.
- BAND: on track inside [low, high]; at risk up to 10 % of the nearer bound outside it.
Edges belong to the better status (exactly 90 % of target is at risk, not off track); the
comparison is exact because Decimal division of such values is exact.
A zero target has no scale: the KPI's baseline gives one when it differs from the target;
otherwise attainment is 1 when the value meets the target and 0 when it does not (zero
accidents: one accident is off track).
A qualitative KPI on a declared scale is first normalised to 0–1 ((x − min) ÷ (max − min)),
values, targets and baseline alike, so 4,6 against a target of 5 on a 1–5 Likert is 0,9.
"""

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import overload

from rumbo.engine.status.readings import KpiFacts, Pace, PeriodValue, TargetSpan
from rumbo.engine.timeline.periods import (
    combine,
    period_end,
    period_start,
    periods_apart,
    run_of_periods,
    shift,
    year_earlier,
)
from rumbo.engine.vocab import Aggregation, Direction, Grain, Status

ONE = Decimal(1)
ZERO = Decimal(0)
DEFAULT_ON_TRACK_AT = Decimal("1.0")
DEFAULT_AT_RISK_AT = Decimal("0.9")


class _Normaliser:
    """A qualitative KPI's figures as fractions of its scale; other KPIs' figures as they are."""

    __slots__ = ("low", "width")

    def __init__(self, kpi: KpiFacts) -> None:
        low, high = kpi.scale_min, kpi.scale_max
        self.low: Decimal | None = None
        self.width: Decimal | None = None
        if kpi.on_scale and low is not None and high is not None:  # on a scale, both ends are known
            self.low, self.width = low, high - low

    @overload
    def __call__(self, x: Decimal) -> Decimal: ...
    @overload
    def __call__(self, x: Decimal | None) -> Decimal | None: ...
    def __call__(self, x: Decimal | None) -> Decimal | None:
        if x is None or self.low is None or self.width is None:
            return x
        return (x - self.low) / self.width


def _one_sided(value: Decimal, target: Decimal, scale: Decimal, up: bool) -> Decimal:
    difference = value - target
    if not scale:
        met = difference >= 0 if up else difference <= 0
        return ONE if met else ZERO
    return ONE + difference / scale if up else ONE - difference / scale


def _scale(target: Decimal, baseline: Decimal | None) -> Decimal:
    if target:
        return abs(target)
    return abs(baseline - target) if baseline is not None else ZERO


def attainment(kpi: KpiFacts, value: Decimal | None, target: TargetSpan | None) -> Decimal | None:
    """The value's attainment of the target (module docstring); None without a value or target."""
    if value is None or target is None:
        return None
    norm = _Normaliser(kpi)
    v, baseline = norm(value), norm(kpi.baseline)
    if kpi.direction == Direction.BAND and (target.low is not None or target.high is not None):
        sides = []
        if target.low is not None:
            low = norm(target.low)
            sides.append(_one_sided(v, low, _scale(low, baseline), up=True))
        if target.high is not None:
            high = norm(target.high)
            sides.append(_one_sided(v, high, _scale(high, baseline), up=False))
        return min(sides)
    if target.value is None:
        return None
    t = norm(target.value)
    scale = _scale(t, baseline)
    if kpi.direction == Direction.BAND:  # a band without bounds is a single point to stay on
        return min(_one_sided(v, t, scale, up=True), _one_sided(v, t, scale, up=False))
    return _one_sided(v, t, scale, up=kpi.direction == Direction.UP)


def thresholds(kpi: KpiFacts) -> tuple[Decimal, Decimal]:
    """(on_track_at, at_risk_at): the KPI's own, or the documented defaults 1.0 and 0.9."""
    on = kpi.on_track_at if kpi.on_track_at is not None else DEFAULT_ON_TRACK_AT
    risk = kpi.at_risk_at if kpi.at_risk_at is not None else min(DEFAULT_AT_RISK_AT, on)
    return on, risk


def status_for(kpi: KpiFacts, attained: Decimal | None) -> Status:
    """on_track when attainment ≥ on_track_at, at_risk when ≥ at_risk_at, else off_track."""
    if attained is None:
        return Status.NO_DATA
    on, risk = thresholds(kpi)
    if attained >= on:
        return Status.ON_TRACK
    return Status.AT_RISK if attained >= risk else Status.OFF_TRACK


def progress(kpi: KpiFacts, value: Decimal | None, target: TargetSpan | None) -> Decimal | None:
    """How far the value has come toward the target: 0 at the start, 1 at the target; not clipped.

    With a baseline on the worse side of the target (below it for UP, above it for DOWN),
    progress = (value − baseline) ÷ (target − baseline), the OKR score before clipping.
    Without one it is the attainment, so that a bar and the status colour agree. For a band
    it is the attainment capped at 1 (1 anywhere inside the band).
    """
    attained = attainment(kpi, value, target)
    if attained is None or kpi.direction == Direction.BAND:
        return None if attained is None else min(attained, ONE)
    assert target is not None and value is not None, "attainment needs a value and a target"
    norm = _Normaliser(kpi)
    baseline, t, current = norm(kpi.baseline), norm(target.value), norm(value)
    if baseline is None or t is None or current is None:
        return attained
    worse_side = baseline < t if kpi.direction == Direction.UP else baseline > t
    return (current - baseline) / (t - baseline) if worse_side else attained


def gap(kpi: KpiFacts, value: Decimal | None, target: TargetSpan | None) -> tuple[Decimal | None, Decimal | None]:
    """(value − target, that ÷ |target|); for a band, the signed distance outside it (0 inside).

    The ratio is None when the reference is zero: the story then gives the gap in units.
    """
    if value is None or target is None:
        return None, None
    reference = target.value
    if kpi.direction == Direction.BAND and (target.low is not None or target.high is not None):
        if target.low is not None and value < target.low:
            reference = target.low
        elif target.high is not None and value > target.high:
            reference = target.high
        else:
            return ZERO, ZERO
    if reference is None:
        return None, None
    difference = value - reference
    return difference, (difference / abs(reference) if reference else None)


def _span_periods(span: TargetSpan, grain: Grain, months: Mapping[str, int]) -> tuple[date, int]:
    """The first KPI period inside the span and how many there are (first days inside it)."""
    first = period_start(span.start, grain, **months)
    if first < span.start:
        first = shift(first, grain, 1)
    last = period_start(span.end, grain, **months)
    return first, periods_apart(first, last, grain) + 1


def target_for_period(targets: Sequence[TargetSpan], period: date, grain: Grain) -> TargetSpan | None:
    """The span holding exactly this one period (its per-period target); the last one given wins."""
    after, before = shift(period, grain, 1), shift(period, grain, -1)
    found = None
    for span in targets:
        if before < span.start <= period <= span.end < after:
            found = span
    return found


def span_for(targets: Sequence[TargetSpan], period: date, grain: Grain) -> TargetSpan | None:
    """The longest span of several periods that holds `period`: the goal the board paces.

    The longest is the one the shorter milestones build toward (the harvest, not its
    quarters); among equally long spans the last one given wins.
    """
    after, before = shift(period, grain, 1), shift(period, grain, -1)
    found = None
    for span in targets:
        covers = span.start <= period <= span.end and not (before < span.start and span.end < after)
        if covers and (found is None or span.end - span.start >= found.end - found.start):
            found = span
    return found


def span_grain(span: TargetSpan, *, year_start_month: int = 1, harvest_start_month: int = 10) -> Grain | None:
    """The grain of which the span is exactly one period ("the harvest", "the quarter"…), if any."""
    months = {"year_start_month": year_start_month, "harvest_start_month": harvest_start_month}
    for grain in (Grain.HARVEST, Grain.YEAR, Grain.QUARTER, Grain.MONTH, Grain.WEEK, Grain.DAY):
        if (
            period_start(span.start, grain, **months) == span.start
            and period_end(span.start, grain, **months) == span.end
        ):
            return grain
    return None


def _scaled(span: TargetSpan, end: date, move: Callable[[Decimal], Decimal]) -> TargetSpan:
    return TargetSpan(span.start, end, *(None if x is None else move(x) for x in (span.value, span.low, span.high)))


def _seasonal_share(
    by_period: Mapping[date, PeriodValue], periods: list[date], elapsed: int, grain: Grain
) -> Decimal | None:
    """Share of last year's span total reached by the same point, if that span is complete."""
    earlier = []
    for period in periods:
        pv = by_period.get(year_earlier(period, grain))
        if pv is None or pv.value is None or pv.value < 0:
            return None
        earlier.append(pv.value)
    total = sum(earlier, ZERO)
    return sum(earlier[:elapsed], ZERO) / total if total > 0 else None


def pace(
    kpi: KpiFacts,
    by_period: Mapping[date, PeriodValue],
    span: TargetSpan,
    as_of: date,
    *,
    year_start_month: int = 1,
    harvest_start_month: int = 10,
) -> Pace | None:
    """Where the KPI should be by `as_of` (its latest period) inside `span`, and where it will end.

    - SUM: the target accrues linearly over the span's periods, or, when the same span a
      year earlier has every value (none negative, total above 0), along last year's
      seasonal shape. projected = actual ÷ share expected so far.
    - LAST: the level moves linearly from the value just before the span (or the KPI's
      baseline) to the target; projected extends the same line. Without a starting level
      the target holds all along ("flat") and projected = the latest value.
    - MEAN and RATIO: the target holds all along; projected = the figure so far.
    Periods without a value count as nothing. None when `as_of` is outside the span or no
    value in it counts yet.
    """
    months = {"year_start_month": year_start_month, "harvest_start_month": harvest_start_month}
    grain = kpi.grain
    first, count = _span_periods(span, grain, months)
    elapsed = periods_apart(first, as_of, grain) + 1
    if count < 1 or not 1 <= elapsed <= count:
        return None
    periods = run_of_periods(first, grain, count)
    counted = [by_period[p] for p in periods[:elapsed] if p in by_period]
    actual = combine(counted, kpi.aggregation, period=first, ratio_scale=kpi.ratio_scale).value
    if actual is None:
        return None
    end = period_end(as_of, grain, **months)
    linear = Decimal(elapsed) / count
    projected: Decimal | None = actual
    shape, expected = "flat", span
    if kpi.aggregation == Aggregation.SUM:
        share = _seasonal_share(by_period, periods, elapsed, grain)
        shape = "linear" if share is None else "seasonal"
        share = linear if share is None else share
        expected = _scaled(span, end, lambda x: x * share)
        projected = actual / share if share else None
    elif kpi.aggregation == Aggregation.LAST:
        before = by_period.get(shift(first, grain, -1))
        level = before.value if before is not None and before.value is not None else kpi.baseline
        if level is not None:
            shape = "linear"
            expected = _scaled(span, end, lambda x: level + (x - level) * linear)
            projected = level + (actual - level) / linear
    attained = attainment(kpi, actual, expected)
    difference, difference_ratio = gap(kpi, actual, expected)
    target_value = span.value
    return Pace(
        span=span,
        span_grain=span_grain(span, **months),
        first_period=first,
        as_of=as_of,
        periods=count,
        elapsed=elapsed,
        shape=shape,
        actual=actual,
        expected=expected,
        attainment=attained,
        status=status_for(kpi, attained),
        gap=difference,
        gap_ratio=difference_ratio,
        projected=projected,
        projected_share=(projected / target_value if projected is not None and target_value else None),
        complete=elapsed == count,
    )
