"""Where a KPI is heading: a forecast with an honest range, and the share of the target it reaches.

`forecast()` combines three simple members (`members.py`: damped exponential smoothing with a
season, the Theta method, the seasonal naive forecast with drift; on logarithms for a positive
series) by their median, which is steadier than any one of them and than their mean. The range
is the members' pooled simulated futures, widened when the series' own rolling-origin backtest
says they would have held fewer outcomes than asked (a conformal correction). Too little history
gives a result that says so, and the caller falls back to pace (targets.py). `project()` turns a
forecast into the share of a target reached by the end of its span, with a range and a probability.

bench/forecast_accuracy.py measures it against statsforecast's AutoETS, AutoTheta and AutoARIMA on
real monthly series cut to 24–96 months (docs/benchmarks.md). Cost: one statsmodels fit and a few
smoothing passes, 40–100 ms of CPU for one monthly KPI. The result depends only on the arguments
(the simulation is seeded), so the caller can cache it keyed on the series' values and the arguments.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import numpy as np

try:
    from threadpoolctl import threadpool_limits
except ImportError:  # only speed is lost: the fits then share BLAS threads with the rest of the process
    threadpool_limits = None

from rumbo.engine.errors import RumboError, gettext_noop
from rumbo.engine.forecasting.members import MEMBERS, NAMES, Member, seasonal_fits
from rumbo.engine.status.readings import Outlook, TargetSpan
from rumbo.engine.status.story import outlook_parts
from rumbo.engine.timeline.periods import periods_apart, run_of_periods, shift
from rumbo.engine.vocab import Aggregation, Direction, Grain

Series = Sequence[tuple[date, float | None]]

MIN_TRAIN = 6  # below this no model has anything to learn from
MIN_HISTORY = 10
MAX_HISTORY = 120
ORIGINS = 3  # rolling origins of the backtest: more is steadier, each costs a smoothing pass
PATHS = 1000  # simulated futures for the range and probability of a total
BACKTEST_PATHS = 300  # the same at each backtest origin, where only the range's width is wanted
COMBINE = "median"  # of the members' point forecasts
LOGS = True  # a positive series is forecast on logarithms: its season and its noise grow with its level
PRIOR_WIDENING = 1.0  # what the range is widened by with no backtest to learn from
# Outcomes' worth of trust in that prior: the backtest's origins overlap and its smoothing reuses parameters
# fitted on the whole history, so on its own it narrows the range too much (tests/engine/test_forecast_coverage.py).
PRIOR_WEIGHT = 36
SEED = 20240601  # fixed, so that the same series always gives the same answer
MAX_GAP_SHARE = 0.2  # more missing periods than this and interpolation would invent the KPI


@dataclass(frozen=True)
class ForecastPoint:
    period: date
    forecast: float
    low: float
    high: float


@dataclass(frozen=True)
class Forecast:
    model: str | None  # the members combined, "ets+theta+seasonal_naive_drift"; None: fall back to pace
    points: tuple[ForecastPoint, ...]
    level: float
    holdout_mase: float | None  # the combination's error on the series' own past (1 = in-sample naive's)
    candidates: tuple[tuple[str, float], ...]  # every model tried and its holdout MASE
    history: int  # usable periods
    min_history: int  # periods a forecast needs at this horizon
    grain: Grain
    reason: str = ""  # "too_little_history" when model is None
    paths: np.ndarray | None = field(default=None, repr=False, compare=False)  # pooled simulated futures × horizon

    @property
    def enough_history(self) -> bool:
        return self.model is not None


@dataclass(frozen=True)
class Projection:
    projected: float  # the KPI's value over the target's span: actuals so far plus the forecast
    low: float
    high: float
    share: float | None  # projected / target
    share_low: float | None
    share_high: float | None
    probability: float | None  # chance of reaching the target (None for a band or no target)
    level: float
    periods: int  # forecast periods inside the span


def infer_grain(dates: Sequence[date]) -> Grain:
    """The grain of a regular series, read from the typical gap between its periods."""
    if len(dates) < 2:
        return Grain.MONTH
    gap = float(np.median(np.diff(sorted(d.toordinal() for d in dates))))
    for grain, days in ((Grain.DAY, 1), (Grain.WEEK, 7), (Grain.MONTH, 30.4), (Grain.QUARTER, 91.3)):
        if gap < days * 1.5:
            return grain
    return Grain.YEAR


def prepare(series: Series, grain: Grain | None = None) -> tuple[list[date], np.ndarray, int, Grain]:
    """Put a series on its regular grid: empty periods at both ends dropped, gaps inside interpolated.

    Returns the periods, the values, how many were interpolated, and the grain (inferred
    when not given). Periods must be period starts (periods.py), as the database keeps them;
    a value off the grid its first period starts (kept before a KPI's frequency changed) is left out.
    """
    known = sorted((d, float(v)) for d, v in series if v is not None and math.isfinite(v))
    grain = grain or infer_grain([d for d, _ in known])
    if not known:
        return [], np.array([]), 0, grain
    first = known[0][0]
    known = [(d, v) for d, v in known if shift(first, grain, periods_apart(first, d, grain)) == d]
    grid = run_of_periods(first, grain, periods_apart(first, known[-1][0], grain) + 1)
    import pandas as pd  # loaded on first use, as statsmodels and scipy are: together two seconds at every start

    values = pd.Series(np.nan, index=grid, dtype=float)
    values[[d for d, _ in known]] = [v for _, v in known]
    gaps = int(values.isna().sum())
    return grid, values.interpolate().to_numpy(), gaps, grain


def _season(season_length: int | None) -> int:
    return season_length if season_length and season_length > 1 else 1


@contextmanager
def quiet_statistics() -> Iterator[None]:
    """Run small statsmodels fits on one BLAS thread and without the warnings short series raise.

    The matrices are tiny, so BLAS threads only contend with each other and with the web
    server's other workers: on a busy two-core machine one thread made a forecast 5× faster.
    Convergence warnings on short or flat series are expected: the holdout error judges the fit.
    """
    from statsmodels.tools.sm_exceptions import ConvergenceWarning  # loaded on first use (see prepare)

    one_thread = threadpool_limits(limits=1, user_api="blas") if threadpool_limits else nullcontext()
    with one_thread, warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        warnings.simplefilter("ignore", RuntimeWarning)  # overflow in a diverging candidate, then rejected
        yield


def candidates(m: int, positive: bool) -> list[str]:
    """The members a forecast combines (the same whatever the series: a combination needs no choice)."""
    return list(NAMES)


def _scale(train: np.ndarray, m: int) -> float:
    """MASE's denominator: the in-sample error of the seasonal naive forecast (naive when too short)."""
    lag = m if len(train) > m else 1
    scale = float(np.mean(np.abs(train[lag:] - train[:-lag]))) if len(train) > lag else 0.0
    return scale if scale > 0 else 1.0


def _fit(y: np.ndarray, m: int, log: bool, like: dict[str, Member] | None = None) -> dict[str, Member]:
    """The members that fit this history (a degenerate fit leaves its member out)."""
    fitted: dict[str, Member] = {}
    for name in NAMES:
        try:
            member = MEMBERS[name](m, log).fit(y, like.get(name) if like else None)
            if np.all(np.isfinite(member.point(1))):
                fitted[name] = member
        except (ValueError, np.linalg.LinAlgError):
            continue
    return fitted


def _combine(points: list[np.ndarray]) -> np.ndarray:
    combined: np.ndarray = np.median(points, axis=0) if COMBINE == "median" else np.mean(points, axis=0)
    return combined


def _spread(members: dict[str, Member], h: int, paths: int, rng: np.random.Generator) -> np.ndarray:
    """The pooled simulated futures of the members, as deviations from their median (paths × h)."""
    pooled = np.vstack([member.simulate(h, paths // len(members), rng) for member in members.values()])
    pooled[~np.isfinite(pooled)] = np.nan  # a diverging simulated path says nothing about the range
    spread: np.ndarray = pooled - np.nanmedian(pooled, axis=0)
    return spread


def _bounds(spread: np.ndarray, level: float) -> tuple[np.ndarray, np.ndarray]:
    tail = (1 - level) / 2
    return np.nanquantile(spread, tail, axis=0), np.nanquantile(spread, 1 - tail, axis=0)


def backtest(
    y: np.ndarray, *, m: int, log: bool, h_eval: int, level: float, final: dict[str, Member], rng: np.random.Generator
) -> tuple[dict[str, float], np.ndarray]:
    """Rolling origins on the series' own past: each member's and the combination's MASE, and how far
    outside (>1) or inside (<1) the range each outcome fell, as a share of the range's half-width there."""
    step = max(1, h_eval // 3)
    seasonal = seasonal_fits(len(y), m)
    # Whole-horizon origins only: errors a few periods ahead say little about the range a year ahead.
    origins = [len(y) - h_eval - step * j for j in range(ORIGINS)]
    origins = [o for o in origins if o >= MIN_TRAIN and seasonal_fits(o, m) == seasonal]
    errors: dict[str, list[float]] = {}
    scores: list[float] = []
    for origin in origins:
        members = _fit(y[:origin], m, log, like=final)
        if not members:
            continue
        k = h_eval
        actual, scale = y[origin : origin + k], _scale(y[:origin], m)
        points = {name: member.point(k) for name, member in members.items()}
        point = _combine(list(points.values()))
        for name, p in {**points, "+".join(members): point}.items():
            errors.setdefault(name, []).append(float(np.mean(np.abs(p - actual))) / scale)
        low, high = _bounds(_spread(members, k, BACKTEST_PATHS, rng), level)
        miss = actual - point
        width = np.where(miss >= 0, high, -low)
        scores += list(np.abs(miss) / np.maximum(width, 1e-9 * scale))
    return {name: float(np.mean(e)) for name, e in errors.items()}, np.array(scores)


def widening(scores: np.ndarray, level: float) -> float:
    """How much to widen (or narrow) the members' simulated range for it to have held `level` of the outcomes.

    The conformal quantile of the backtest's scores, shrunk towards PRIOR_WIDENING by PRIOR_WEIGHT
    outcomes' worth: a short series has few outcomes to learn from, and they are not independent.
    """
    scores = scores[np.isfinite(scores)]
    if not len(scores):
        return PRIOR_WIDENING
    rank = min(1.0, math.ceil((len(scores) + 1) * level) / len(scores))
    learnt = float(np.quantile(scores, rank))
    return (len(scores) * learnt + PRIOR_WEIGHT * PRIOR_WIDENING) / (len(scores) + PRIOR_WEIGHT)


def forecast(
    series: Series, *, season_length: int | None, horizon: int, level: float = 0.8, grain: Grain | None = None
) -> Forecast:
    """Forecast `horizon` periods after the last known value, with a `level` prediction range.

    The point is the median of three members (exponential smoothing, Theta, the seasonal naive
    forecast with drift; on logarithms for a positive series). The range is the members' pooled
    simulated futures around it, widened or narrowed so that on rolling origins of the series' own
    past it would have held `level` of the outcomes. Pure: the same arguments give the same
    result (the simulation is seeded).
    """
    if horizon < 1 or not 0 < level < 1:
        raise RumboError(gettext_noop("El horizonte debe ser de al menos un periodo y el nivel estar entre 0 y 1."))
    dates, y, gaps, grain = prepare(series, grain)
    m = _season(season_length)
    # Older history costs time and rarely helps, as businesses change: ten years or three seasons suffice.
    y = y[-max(MAX_HISTORY, 3 * m) :]
    h_eval = min(horizon, m if m > 1 else max(1, min(6, len(y) // 5)))
    min_history = max(MIN_HISTORY, MIN_TRAIN + h_eval)
    if len(y) < min_history or gaps > MAX_GAP_SHARE * len(y):
        return Forecast(None, (), level, None, (), len(y), min_history, grain, "too_little_history")
    log = LOGS and bool(y.min() > 0)
    rng = np.random.default_rng(SEED)
    with quiet_statistics():
        members = _fit(y, m, log)
        if not members:  # every member failed on this history: as good as too little of it
            return Forecast(None, (), level, None, (), len(y), min_history, grain, "too_little_history")
        mase, scores = backtest(y, m=m, log=log, h_eval=h_eval, level=level, final=members, rng=rng)
        mean = _combine([member.point(horizon) for member in members.values()])
        spread = _spread(members, horizon, PATHS, rng)
    paths = mean + widening(scores, level) * spread
    low, high = _bounds(paths, level)
    periods = [shift(dates[-1], grain, k) for k in range(1, horizon + 1)]
    points = tuple(
        ForecastPoint(p, float(f), float(min(lo, f)), float(max(hi, f)))
        for p, f, lo, hi in zip(periods, mean, low, high)
    )
    model = "+".join(members)
    paths = paths.astype(np.float32)
    paths.setflags(write=False)
    return Forecast(
        model,
        points,
        level,
        mase.get(model),
        tuple(sorted((k, v) for k, v in mase.items() if k in members)),
        len(y),
        min_history,
        grain,
        paths=paths,
    )


def project(
    fc: Forecast,
    *,
    target: float | None,
    span_end: date,
    aggregation: Aggregation,
    actual_so_far: float = 0.0,
    periods_so_far: int = 0,
    direction: Direction = Direction.UP,
) -> Projection:
    """The KPI's value at the end of the target's span, from the actuals so far and the forecast.

    SUM adds the forecast periods that start on or before `span_end` to `actual_so_far`;
    MEAN averages them with the `periods_so_far` actual periods; LAST takes the last one.
    The range and the probability come from the forecast's simulated futures. The forecast
    must reach the span's last period: ask for periods.periods_apart(last actual, span's
    last period) periods at least.
    """
    if not fc.enough_history:
        raise RumboError(gettext_noop("No hay historia suficiente para proyectar este KPI."))
    inside = [i for i, p in enumerate(fc.points) if p.period <= span_end]
    if fc.points and fc.points[-1].period < span_end and shift(fc.points[-1].period, fc.grain, 1) <= span_end:
        raise RumboError(gettext_noop("El pronóstico no llega hasta el final del periodo de la meta."))
    if aggregation == Aggregation.RATIO:
        raise RumboError(gettext_noop("Un cociente se proyecta desde su numerador y su denominador."))
    means = np.array([fc.points[i].forecast for i in inside])
    sims = fc.paths[:, inside].astype(float) if fc.paths is not None else means[None, :]
    if aggregation == Aggregation.LAST:
        if not inside:
            raise RumboError(gettext_noop("El pronóstico no llega hasta el final del periodo de la meta."))
        centre, totals = float(means[-1]), sims[:, -1]
    elif aggregation == Aggregation.MEAN:
        count = periods_so_far + len(inside)
        centre = (actual_so_far * periods_so_far + means.sum()) / max(count, 1)
        totals = (actual_so_far * periods_so_far + sims.sum(axis=1)) / max(count, 1)
    else:
        centre, totals = actual_so_far + float(means.sum()), actual_so_far + sims.sum(axis=1)
    tail = (1 - fc.level) / 2
    totals = totals[np.isfinite(totals)]
    low, high = (float(q) for q in np.quantile(totals, [tail, 1 - tail]))
    low, high = min(low, centre), max(high, centre)
    probability = None
    if target is not None and direction != Direction.BAND:
        probability = float(np.mean(totals >= target if direction == Direction.UP else totals <= target))
    share = (lambda v: v / target) if target else (lambda v: None)
    return Projection(centre, low, high, share(centre), share(low), share(high), probability, fc.level, len(inside))


def projection_sentences(p: Projection, *, lang: str = "es") -> tuple[str, ...]:
    """'al ritmo actual llegará a ~88 % de la meta (entre 80 % y 95 %)' and the chance of reaching it.

    Worded by `story.outlook_parts`, as every surface tells a KPI's outlook."""
    return outlook_parts(projection_outlook(p), lang)


def projection_outlook(p: Projection, span: TargetSpan | None = None) -> Outlook:
    """The projection as the reading's outlook (`readings.Outlook`)."""
    return Outlook(
        source="forecast",
        span=span,
        projected=_exact(p.projected),
        share=_exact(p.share),
        low=_exact(p.low),
        high=_exact(p.high),
        share_low=_exact(p.share_low),
        share_high=_exact(p.share_high),
        probability=_exact(p.probability),
        level=_exact(p.level),
    )


def _exact(value: float | None) -> Decimal | None:
    """A float as the Decimal of its shortest text (0.88, not 0.88000000000000000444); None for None or NaN."""
    if value is None or not math.isfinite(value):
        return None
    return Decimal(repr(float(value)))


def too_little_history_sentence(fc: Forecast, *, lang: str = "es") -> str:
    if lang[:2] == "en":
        return (
            f"Not enough history to forecast yet ({fc.history} of {fc.min_history} periods); shown at the current pace."
        )
    return f"Aún no hay historia suficiente para pronosticar ({fc.history} de {fc.min_history} periodos); se muestra al ritmo actual."


# Each candidate model in words, Spanish then English: a page names the two it combined, never their codes.
MODEL_WORDS = {
    "naive": ("repetir el último valor", "repeat the last value"),
    "seasonal_naive": ("repetir la última temporada", "repeat the last season"),
    "ets": ("suavizado exponencial", "exponential smoothing"),
    "ets_trend": ("suavizado exponencial con tendencia", "exponential smoothing with trend"),
    "ets_seasonal": ("suavizado exponencial con estacionalidad", "exponential smoothing with seasonality"),
    "ets_seasonal_log": (
        "suavizado exponencial con estacionalidad proporcional",
        "exponential smoothing with proportional seasonality",
    ),
    "linear_trend": ("tendencia lineal", "linear trend"),
    "linear_trend_seasonal": ("tendencia lineal con estacionalidad", "linear trend with seasonality"),
    "theta": ("el método Theta", "the Theta method"),
    "seasonal_naive_drift": (
        "repetir la última temporada con su cambio medio",
        "repeat the last season with its average change",
    ),
}


def model_words(model: str, *, lang: str = "es") -> str:
    """'ets+theta+seasonal_naive_drift' as people read it: 'suavizado exponencial, el método Theta y repetir…'."""
    english = lang[:2] == "en"
    names = [MODEL_WORDS[code][english] if code in MODEL_WORDS else code for code in model.split("+") if code]
    if len(names) < 3:
        return (" and " if english else " y ").join(names)
    return ", ".join(names[:-1]) + (" and " if english else " y ") + names[-1]
