"""One KPI's forecast to the end of its target, from the rows the board reads: which target, how far, what share of it.

The engine forecasts and projects (`rumbo.engine.forecasting.forecast`); this module only decides what
to ask it from a KPI's data: the target the forecast is measured against (the span the
board paces while it runs, or else the next target that starts right after the latest
value), the horizon (to that target's last period) and what counts so far. The service,
the KPI page and `rumbo forecast` share it.
"""

from dataclasses import dataclass, replace
from datetime import date

import numpy as np

from rumbo.engine.forecasting.forecast import (
    Forecast,
    ForecastPoint,
    Projection,
    forecast,
    project,
    projection_sentences,
    too_little_history_sentence,
)
from rumbo.engine.status.readings import KpiReading, TargetSpan
from rumbo.engine.timeline.periods import period_start, periods_apart, shift
from rumbo.engine.timeline.targets import span_for, target_for_period
from rumbo.engine.vocab import Aggregation, Direction, Grain
from rumbo.kpis.readings import KpiData

LEVEL = 0.8  # the range holds the truth four times out of five: wide enough to be honest, narrow enough to steer by
SEASONS = {Grain.DAY: 7, Grain.WEEK: 52, Grain.MONTH: 12, Grain.QUARTER: 4}
# Without a target ahead the chart still looks this far; a target further away than the cap is not projected.
DEFAULT_HORIZON = {Grain.DAY: 14, Grain.WEEK: 8, Grain.MONTH: 6, Grain.QUARTER: 4, Grain.YEAR: 2, Grain.HARVEST: 2}
MAX_HORIZON = {Grain.DAY: 120, Grain.WEEK: 104, Grain.MONTH: 36, Grain.QUARTER: 12, Grain.YEAR: 5, Grain.HARVEST: 5}
LANGUAGES = ("es", "en")


@dataclass(frozen=True)
class Goal:
    """The target a forecast is measured against and what already counts toward it."""

    span: TargetSpan
    first_period: date
    last_period: date
    aggregation: Aggregation  # as project() takes it: a ratio is followed as the mean of its periods
    actual_so_far: float
    periods_so_far: int


@dataclass(frozen=True)
class KpiForecastResult:
    forecast: Forecast
    goal: Goal | None
    projection: Projection | None
    cumulative: tuple[tuple[date, float, float, float], ...]  # running total to the span's end (SUM targets)
    sentences: dict[str, str]


def series_of(data: KpiData, *, today: date) -> list[tuple[date, float]]:
    """The KPI's known values up to today, as the engine's forecast takes them."""
    return [(pv.period, float(pv.value)) for pv in data.values if pv.value is not None and pv.period <= today]


def goal_of(data: KpiData, reading: KpiReading, *, months: dict) -> Goal | None:
    """The running span the board paces, or the target that starts right after the latest value; None when neither."""
    latest, grain = reading.period, data.facts.grain
    if latest is None:
        return None
    span: TargetSpan | None
    if reading.pace is not None and not reading.pace.complete:
        span = reading.pace.span
    else:
        following = shift(latest, grain, 1)
        span = span_for(data.targets, following, grain) or target_for_period(data.targets, following, grain)
        if span is None or period_start(span.start, grain, **months) != following:
            return None  # a later target would count forecast periods outside it
    first, last = (period_start(d, grain, **months) for d in (span.start, span.end))
    if last <= latest or periods_apart(latest, last, grain) > MAX_HORIZON[grain]:
        return None
    so_far = [float(pv.value) for pv in data.values if pv.value is not None and first <= pv.period <= latest]
    aggregation = data.facts.aggregation
    if aggregation == Aggregation.RATIO:
        aggregation = Aggregation.MEAN
    if aggregation == Aggregation.SUM:
        actual = sum(so_far)
    elif aggregation == Aggregation.MEAN:
        actual = sum(so_far) / len(so_far) if so_far else 0.0
    else:
        actual = so_far[-1] if so_far else 0.0
    return Goal(span, first, last, aggregation, actual, len(so_far))


def _target_of(span: TargetSpan, direction: Direction) -> float | None:
    if direction == Direction.BAND:
        return None
    return float(span.value) if span.value is not None else None


def sentence(parts: tuple[str, ...]) -> str:
    """('al ritmo actual llegará…', 'probabilidad de alcanzarla: 40 %') → 'Al ritmo actual llegará…; probabilidad…: 40 %.'"""
    if not parts:
        return ""
    text = "; ".join(parts)
    return text[0].upper() + text[1:] + "."


def _cumulative(fc: Forecast, goal: Goal, inside: list[int]) -> tuple:
    """Actual so far plus the forecast, period by period, with the range of the running total."""
    if fc.paths is None or not inside:
        return ()
    tail = (1 - fc.level) / 2
    totals = goal.actual_so_far + np.cumsum(fc.paths[:, inside].astype(float), axis=1)
    centre = goal.actual_so_far + np.cumsum([fc.points[i].forecast for i in inside])
    low = np.nanquantile(totals, tail, axis=0)
    high = np.nanquantile(totals, 1 - tail, axis=0)
    return tuple(
        (fc.points[i].period, float(c), float(min(lo, c)), float(max(hi, c)))
        for i, c, lo, hi in zip(inside, centre, low, high)
    )


def not_below_zero(fc: Forecast) -> Forecast:
    """The forecast of a KPI that has never been negative (deliveries, sales, calls) floored at zero.

    A straight line or a season fitted to a harvest that stops in May would otherwise forecast
    −55 quintales for June; the floor applies to the simulated futures too, so the range and
    the share of the target stay consistent with the points.
    """
    points = tuple(ForecastPoint(p.period, max(p.forecast, 0.0), max(p.low, 0.0), max(p.high, 0.0)) for p in fc.points)
    return replace(fc, points=points, paths=None if fc.paths is None else np.maximum(fc.paths, 0))


def forecast_data(
    data: KpiData, reading: KpiReading, *, today: date, months: dict, horizon: int | None = None
) -> KpiForecastResult:
    """Forecast a KPI to its target's end (or `horizon` periods ahead) and project the share of the target it reaches."""
    facts = data.facts
    grain = facts.grain
    goal = goal_of(data, reading, months=months)
    if horizon is None:
        if goal:
            assert reading.period is not None, "a KPI with a goal to reach has a latest period"
            horizon = periods_apart(reading.period, goal.last_period, grain)
        else:
            horizon = DEFAULT_HORIZON[grain]
    series = series_of(data, today=today)
    fc = forecast(series, season_length=SEASONS.get(grain), horizon=max(horizon, 1), level=LEVEL, grain=grain)
    if fc.enough_history and min(v for _, v in series) >= 0:
        fc = not_below_zero(fc)
    projection, cumulative = None, ()
    if not fc.enough_history:
        sentences = {lang: too_little_history_sentence(fc, lang=lang) for lang in LANGUAGES}
        return KpiForecastResult(fc, goal, None, (), sentences)
    if goal is not None and fc.points and fc.points[-1].period >= goal.last_period:
        projection = project(
            fc,
            target=_target_of(goal.span, facts.direction),
            span_end=goal.last_period,
            aggregation=goal.aggregation,
            actual_so_far=goal.actual_so_far,
            periods_so_far=goal.periods_so_far,
            direction=facts.direction,
        )
        if goal.aggregation == Aggregation.SUM:
            cumulative = _cumulative(fc, goal, [i for i, p in enumerate(fc.points) if p.period <= goal.last_period])
    sentences = {
        lang: sentence(projection_sentences(projection, lang=lang)) if projection else "" for lang in LANGUAGES
    }
    return KpiForecastResult(fc, goal, projection, cumulative, sentences)
