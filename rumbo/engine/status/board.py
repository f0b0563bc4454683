"""The board's one entry point: a KPI's full reading for its tile, and an objective's summary.

`evaluate()` is what the board, the PDF, the digest and the API call, so that a status, a
pace or a sentence is worked out in one place. It does no I/O and no per-call set-up: one
pass over the values, a few dictionary look-ups and the two sentences: 60 KPIs with ten
years of monthly values took about 13 ms in all on the development machine
(bench/board.py measures it).
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from rumbo.engine.status import story
from rumbo.engine.status.readings import (
    Freshness,
    KpiFacts,
    KpiReading,
    ObjectiveReading,
    Outlook,
    Pace,
    PeriodValue,
    TargetSpan,
    Trend,
)
from rumbo.engine.timeline.periods import period_start, periods_apart, run_of_periods, shift, year_earlier
from rumbo.engine.timeline.targets import attainment, gap, pace, progress, span_for, status_for, target_for_period
from rumbo.engine.vocab import Direction, Grain, Kind, Status

# Days after a period ends before its value counts as missing: time to close the books.
# March (grace 5) is due from 6 April; week 12 (grace 2) from its second Monday after.
GRACE_DAYS = {Grain.DAY: 1, Grain.WEEK: 2, Grain.MONTH: 5, Grain.QUARTER: 10, Grain.YEAR: 30, Grain.HARVEST: 30}
SERIES_LENGTH = 12
LANGUAGES = ("es", "en")


def freshness(
    kpi: KpiFacts, latest: date | None, *, today: date, year_start_month: int = 1, harvest_start_month: int = 10
) -> Freshness:
    """Whether the last due value is missing.

    A period is due once it has ended and its grace days have passed: with grace g, the
    period is due when today > its last day + g. Nothing is due before the KPI's `start`
    nor after its `end`. `missing_since` is the period after the latest value (or the
    `start` period when there is no value at all; None when that is unknown).
    """
    months = {"year_start_month": year_start_month, "harvest_start_month": harvest_start_month}
    grain = kpi.grain
    grace = kpi.grace_days if kpi.grace_days is not None else GRACE_DAYS[grain]
    due = shift(period_start(today - timedelta(days=grace), grain, **months), grain, -1)
    if kpi.end is not None:
        due = min(due, period_start(kpi.end, grain, **months))
    first = period_start(kpi.start, grain, **months) if kpi.start is not None else None
    if first is not None and due < first:
        return Freshness(due_period=None, missing=False, missing_since=None, missing_count=0)
    if latest is not None and latest >= due:
        return Freshness(due_period=due, missing=False, missing_since=None, missing_count=0)
    since = shift(latest, grain, 1) if latest is not None else first
    if since is not None and first is not None:
        since = max(since, first)
    count = periods_apart(since, due, grain) + 1 if since is not None else 0
    return Freshness(due_period=due, missing=True, missing_since=since, missing_count=count)


def _ratio(change: Decimal, reference: Decimal) -> Decimal | None:
    return change / abs(reference) if reference else None


def trend(kpi: KpiFacts, by_period: dict[date, PeriodValue], latest: PeriodValue) -> Trend:
    """Change against the previous period and the same period a year (a harvest) earlier."""
    value = latest.value
    previous_period = shift(latest.period, kpi.grain, -1)
    year_ago_period = year_earlier(latest.period, kpi.grain)
    previous = by_period.get(previous_period)
    year_ago = by_period.get(year_ago_period)
    previous_value = previous.value if previous is not None else None
    year_ago_value = year_ago.value if year_ago is not None else None
    change = value - previous_value if previous_value is not None and value is not None else None
    improving = None
    if change and kpi.direction != Direction.BAND:
        improving = (change > 0) == (kpi.direction == Direction.UP)
    year_change = value - year_ago_value if year_ago_value is not None and value is not None else None
    return Trend(
        previous_period=previous_period,
        previous_value=previous_value,
        change=change,
        change_ratio=None if change is None or previous_value is None else _ratio(change, previous_value),
        improving=improving,
        year_ago_period=year_ago_period,
        year_ago_value=year_ago_value,
        year_change=year_change,
        year_change_ratio=None
        if year_change is None or year_ago_value is None
        else _ratio(year_change, year_ago_value),
    )


def evaluate(
    kpi: KpiFacts,
    values: Iterable[PeriodValue],
    targets: Sequence[TargetSpan],
    *,
    today: date,
    year_start_month: int = 1,
    harvest_start_month: int = 10,
    series_length: int = SERIES_LENGTH,
) -> KpiReading:
    """Everything a tile needs for one KPI, as of `today`.

    `values` are at the KPI's grain, each named by its period's first day (as stored);
    values for periods that start after `today` are ignored. The status comes from the
    latest value against its own period's target when there is one; otherwise from the
    pace inside the longest multi-period target span that holds the latest period;
    otherwise it is no_data (no value, or no target to judge it by — `story.status_word`
    then says "Sin meta"). `progress` is toward the period's own target or, when only a
    span applies, toward the whole span's target (4.400 of 10.000 qq so far is 0,44).
    """
    months = {"year_start_month": year_start_month, "harvest_start_month": harvest_start_month}
    grain = kpi.grain
    by_period = {pv.period: pv for pv in values}
    if by_period and max(by_period) > today:
        by_period = {period: pv for period, pv in by_period.items() if period <= today}
    latest_period = max((period for period, pv in by_period.items() if pv.value is not None), default=None)
    latest = by_period[latest_period] if latest_period is not None else None
    fresh = freshness(kpi, latest.period if latest else None, today=today, **months)
    target = span = paced = None
    attained = None
    if latest is not None:
        # Ten years of targets hold the latest period in only one or two spans: look once.
        holding = [t for t in targets if t.start <= latest.period <= t.end]
        target = target_for_period(holding, latest.period, grain)
        span = span_for(holding, latest.period, grain)
        paced = pace(kpi, by_period, span, latest.period, **months) if span is not None else None
        attained = attainment(kpi, latest.value, target)
    if target is not None:
        status = status_for(kpi, attained)
    elif paced is not None:
        status = paced.status
    else:
        status = Status.NO_DATA
    value = latest.value if latest else None
    difference, difference_ratio = gap(kpi, value, target)
    sentences: dict[str, str] = {}
    reading = KpiReading(
        kpi=kpi,
        period=latest.period if latest else None,
        value=value,
        target=target,
        attainment=attained,
        progress=(
            progress(kpi, value, target)
            if paced is None or target is not None
            else progress(kpi, paced.actual, paced.span)
        ),
        gap=difference,
        gap_ratio=difference_ratio,
        status=status,
        pace=paced,
        trend=trend(kpi, by_period, latest) if latest else Trend(),
        series=_series(by_period, latest, fresh, grain, series_length),
        freshness=fresh,
        outlook=pace_outlook(paced),
        story=sentences,
    )
    # The sentences are read off the finished reading, so they can only repeat its figures.
    for lang in LANGUAGES:
        sentences[lang] = story.kpi_story(reading, lang)
    return reading


def pace_outlook(paced: Pace | None) -> Outlook | None:
    """Where a running span ends at the current pace (None once the span is complete, or without a projection)."""
    if paced is None or paced.complete or paced.projected is None:
        return None
    return Outlook(source="pace", span=paced.span, projected=paced.projected, share=paced.projected_share)


def with_outlook(reading: KpiReading, outlook: Outlook | None) -> KpiReading:
    """The reading with another outlook (a current forecast in place of the pace), its sentences told again.

    Every surface renders the reading this returns, so the forecast's figures are the only ones
    said anywhere; without a forecast the reading keeps the pace's outlook.
    """
    if outlook is None or outlook == reading.outlook:
        return reading
    sentences: dict[str, str] = {}
    told = replace(reading, outlook=outlook, story=sentences)
    for lang in LANGUAGES:
        sentences[lang] = story.kpi_story(told, lang)
    return told


def _series(
    by_period: Mapping[date, PeriodValue], latest: PeriodValue | None, fresh: Freshness, grain: Grain, length: int
) -> tuple[PeriodValue, ...]:
    """The last `length` periods up to the latest value or the due period, whichever is later."""
    if latest is None or length <= 0:
        return ()
    end = latest.period
    if fresh.due_period is not None and fresh.due_period > end:
        end = fresh.due_period
    periods = run_of_periods(shift(end, grain, 1 - length), grain, length)
    return tuple(by_period.get(p) or PeriodValue(p, None) for p in periods)


def objective_status(counts: dict[Status, int]) -> Status:
    """Every judged KPI on track → on track; more than half off track → off track; else at risk.

    KPIs without data or target are left out; with none left the objective has no_data.
    One KPI off track among several makes the objective at risk, never silently green:
    amber must trigger action (kpi-domain.md §5).
    """
    on, risk, off = counts[Status.ON_TRACK], counts[Status.AT_RISK], counts[Status.OFF_TRACK]
    judged = on + risk + off
    if not judged:
        return Status.NO_DATA
    if on == judged:
        return Status.ON_TRACK
    return Status.OFF_TRACK if 2 * off > judged else Status.AT_RISK


def summarise_objective(readings: Iterable[KpiReading], *, name: str = "", name_en: str = "") -> ObjectiveReading:
    """An objective's status from its KPIs' readings (see `objective_status`), with its sentences."""
    readings = tuple(readings)
    counts = dict.fromkeys(Status, 0)
    for reading in readings:
        counts[reading.status] += 1
    no_data = sum(1 for r in readings if r.value is None)
    # A plain metric is followed without a target on purpose: only a KPI lacking one is news.
    no_target = sum(
        1 for r in readings if r.value is not None and r.status == Status.NO_DATA and r.kpi.kind == Kind.KPI
    )
    attention = tuple(r for r in readings if r.status == Status.OFF_TRACK) + tuple(
        r for r in readings if r.status == Status.AT_RISK
    )
    sentences: dict[str, str] = {}
    summary = ObjectiveReading(
        name=name,
        name_en=name_en,
        status=objective_status(counts),
        counts=counts,
        total=len(readings),
        judged=len(readings) - counts[Status.NO_DATA],
        no_data=no_data,
        no_target=no_target,
        attention=attention,
        readings=readings,
        story=sentences,
    )
    for lang in LANGUAGES:
        sentences[lang] = story.objective_story(summary, lang)
    return summary
