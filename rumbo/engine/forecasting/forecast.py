"""Where a KPI is heading: a forecast with an honest range, and the share of the target it reaches.

`forecast()` tries a few simple, robust models (seasonal naive, exponential smoothing with
and without a season, also on logarithms, a straight line with and without a season) on
the series' own past, ranks them by rolling-origin MASE, averages the best two and pools
their simulated futures for the range. Too little history gives a result that says so, and
the caller falls back to pace (targets.py). `project()` turns a forecast into the share of
a target reached by the end of its span, with a range and a probability.

Cost: about 15 small statsmodels fits, 70–200 ms of CPU for one monthly KPI (wall time
grows on a busy machine). The result depends only on the arguments (the simulation is
seeded), so the caller can cache it keyed on the series' values and the arguments.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import numpy as np
import pandas as pd
from statsmodels.regression.linear_model import OLS
from statsmodels.tools.sm_exceptions import ConvergenceWarning
from statsmodels.tsa.exponential_smoothing.ets import ETSModel

try:
    from threadpoolctl import threadpool_limits
except ImportError:  # only speed is lost: the fits then share BLAS threads with the rest of the process
    threadpool_limits = None

from rumbo.engine.errors import RumboError, gettext_noop
from rumbo.engine.status.readings import Outlook, TargetSpan
from rumbo.engine.status.story import outlook_parts
from rumbo.engine.timeline.periods import periods_apart, run_of_periods, shift
from rumbo.engine.vocab import Aggregation, Direction, Grain

Series = Sequence[tuple[date, float | None]]

MIN_TRAIN = 6  # below this no model has anything to learn from
MIN_HISTORY = 10
MAX_HISTORY = 120
ORIGINS = 3  # rolling origins for the holdout error: more is steadier, each costs a refit
PATHS = 1000  # simulated futures for the range and probability of a total
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
    model: str | None  # the two models averaged, "ets_seasonal+linear_trend_seasonal"; None: fall back to pace
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
    values = pd.Series(np.nan, index=grid, dtype=float)
    values[[d for d, _ in known]] = [v for _, v in known]
    gaps = int(values.isna().sum())
    return grid, values.interpolate().to_numpy(), gaps, grain


def _season(season_length: int | None) -> int:
    return season_length if season_length and season_length > 1 else 1


@contextmanager
def quiet_statistics():
    """Run small statsmodels fits on one BLAS thread and without the warnings short series raise.

    The matrices are tiny, so BLAS threads only contend with each other and with the web
    server's other workers: on a busy two-core machine one thread made a forecast 5× faster.
    Convergence warnings on short or flat series are expected: the holdout error judges the fit.
    """
    one_thread = threadpool_limits(limits=1, user_api="blas") if threadpool_limits else nullcontext()
    with one_thread, warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        warnings.simplefilter("ignore", RuntimeWarning)  # overflow in a diverging candidate, then rejected
        yield


class _Model:
    """One candidate: fit on a history, give point forecasts and simulated futures."""

    def __init__(self, name: str, m: int):
        self.name, self.m = name, m
        self.log = name.endswith("_log")  # fitted on logarithms: a season that grows with the level
        self.lag = m if name == "seasonal_naive" else 1

    def min_train(self) -> int:
        if self.name == "seasonal_naive":
            return self.m + 1
        if self.name.startswith(("ets_seasonal", "linear_trend_seasonal")):
            return max(2 * self.m, 10 + 2 * (self.m // 2))  # statsmodels' heuristic start needs two seasons
        return MIN_TRAIN

    def fit(self, y: np.ndarray) -> _Model:
        self.y = y
        endog = pd.Series(np.log(y) if self.log else y)
        if self.name in ("naive", "seasonal_naive"):
            # The (seasonal) random walk has one parameter, its innovation variance, whose maximum
            # likelihood estimate is the mean squared difference: statsmodels' SARIMAX finds the same
            # figure (tests/engine/test_forecast.py checks it) but costs up to a second at 52 weeks.
            diffs = y[self.lag :] - y[: -self.lag]
            self.sigma = math.sqrt(float(np.mean(diffs**2))) if len(diffs) else 0.0
        elif self.name.startswith("linear_trend"):
            self.res = OLS(endog.to_numpy(), self._design(np.arange(len(y)))).fit()
        else:
            seasonal = self.name.startswith("ets_seasonal")
            trend = self.name == "ets_trend" or seasonal
            self.res = ETSModel(
                endog,
                error="add",
                trend="add" if trend else None,
                damped_trend=trend,
                seasonal="add" if seasonal else None,
                seasonal_periods=self.m if seasonal else None,
                initialization_method="heuristic" if len(y) >= 10 else "estimated",
            ).fit(disp=False)
        return self

    def _design(self, t: np.ndarray) -> np.ndarray:
        columns = [np.ones(len(t)), t.astype(float)]
        if self.name == "linear_trend_seasonal":
            columns += [(t % self.m == k).astype(float) for k in range(1, self.m)]
        return np.column_stack(columns)

    def point(self, h: int) -> np.ndarray:
        if self.name.startswith("linear_trend"):
            return self.res.predict(self._design(np.arange(len(self.y), len(self.y) + h)))
        if self.name in ("naive", "seasonal_naive"):
            return np.resize(self.y[-self.lag :], h)
        values = np.asarray(self.res.forecast(h))
        return np.exp(values) if self.log else values

    def simulate(self, h: int, rng: np.random.Generator) -> np.ndarray:
        """PATHS × h simulated futures: the range of each period, and of a sum of several."""
        if self.name.startswith("linear_trend"):
            # Draw the line's coefficients and the noise, as OLS's own prediction interval assumes.
            design = self._design(np.arange(len(self.y), len(self.y) + h))
            betas = rng.multivariate_normal(self.res.params, self.res.cov_params(), size=PATHS)
            return betas @ design.T + rng.normal(scale=math.sqrt(self.res.scale), size=(PATHS, h))
        if self.name in ("naive", "seasonal_naive"):
            shocks, steps = rng.normal(scale=self.sigma, size=(PATHS, h)), np.arange(h)
            for k in range(min(self.lag, h)):  # each period adds its shock to the one a season before it
                shocks[:, steps % self.lag == k] = shocks[:, steps % self.lag == k].cumsum(axis=1)
            return self.point(h) + shocks
        sims = np.asarray(self.res.simulate(h, anchor="end", repetitions=PATHS, rng=rng), dtype=float)
        sims = sims.reshape(h, PATHS).T
        return np.exp(sims) if self.log else sims


def candidates(m: int, positive: bool) -> list[str]:
    """The models tried, simplest first (ties go to the simpler one)."""
    names = ["seasonal_naive" if m > 1 else "naive", "ets", "ets_trend", "linear_trend"]
    if m > 1:
        names += ["ets_seasonal", "linear_trend_seasonal"] + (["ets_seasonal_log"] if positive else [])
    return names


def _scale(train: np.ndarray, m: int) -> float:
    """MASE's denominator: the in-sample error of the seasonal naive forecast (naive when too short)."""
    lag = m if len(train) > m else 1
    scale = float(np.mean(np.abs(train[lag:] - train[:-lag]))) if len(train) > lag else 0.0
    return scale if scale > 0 else 1.0


def holdout(y: np.ndarray, *, m: int, h_eval: int, names: Sequence[str]) -> tuple[dict[str, list], list]:
    """Each model's forecasts from up to ORIGINS rolling origins, and the (actuals, MASE scale) there."""
    step = max(1, h_eval // ORIGINS)
    origins = [len(y) - h_eval - j * step for j in range(ORIGINS)]
    models = [_Model(name, m) for name in names]
    # Prefer fewer origins to dropping the seasonal models; below MIN_TRAIN nothing is learnt.
    origins = [o for o in origins if o >= max(mod.min_train() for mod in models)] or [
        o for o in origins if o >= MIN_TRAIN
    ]
    preds: dict[str, list] = {}
    for origin in origins:
        for model in models:
            if origin < model.min_train() or (model.log and y[:origin].min() <= 0):
                continue
            try:
                pred = model.fit(y[:origin]).point(h_eval)
            except (ValueError, np.linalg.LinAlgError):  # a degenerate fit: the model is out of the running
                continue
            if np.all(np.isfinite(pred)):
                preds.setdefault(model.name, []).append(pred)
    truth = [(y[o : o + h_eval], _scale(y[:o], m)) for o in origins]
    return {name: p for name, p in preds.items() if len(p) == len(origins)}, truth


def _mase(preds: list, truth: list) -> float:
    return float(np.mean([np.mean(np.abs(p - actual)) / scale for p, (actual, scale) in zip(preds, truth)]))


def forecast(
    series: Series, *, season_length: int | None, horizon: int, level: float = 0.8, grain: Grain | None = None
) -> Forecast:
    """Forecast `horizon` periods after the last known value, with a `level` prediction range.

    The two models with the smallest rolling-origin MASE are averaged (a combination is
    steadier than either, bench/forecast_accuracy.py shows it); their simulated futures are
    pooled for the range. Pure: the same arguments give the same result (the simulation is seeded).
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
    names = candidates(m, positive=bool(y.min() > 0))
    with quiet_statistics():
        preds, truth = holdout(y, m=m, h_eval=h_eval, names=names)
        scores = {name: _mase(p, truth) for name, p in preds.items()}
        if not scores:  # every model failed on this history: as good as too little of it
            return Forecast(None, (), level, None, (), len(y), min_history, grain, "too_little_history")
        best = sorted(scores, key=lambda n: (round(scores[n], 6), names.index(n)))[:2]
        models = [_Model(name, m).fit(y) for name in best]
        mean = np.mean([model.point(horizon) for model in models], axis=0)
        rng = np.random.default_rng(SEED)
        paths = np.vstack([model.simulate(horizon, rng) for model in models])
    paths[~np.isfinite(paths)] = np.nan  # a diverging simulated path says nothing about the range
    tail = (1 - level) / 2
    low, high = np.nanquantile(paths, tail, axis=0), np.nanquantile(paths, 1 - tail, axis=0)
    periods = [shift(dates[-1], grain, k) for k in range(1, horizon + 1)]
    points = tuple(
        ForecastPoint(p, float(f), float(min(lo, f)), float(max(hi, f)))
        for p, f, lo, hi in zip(periods, mean, low, high)
    )
    combined = _mase(list(np.mean([preds[name] for name in best], axis=0)), truth)
    paths = paths.astype(np.float32)
    paths.setflags(write=False)
    return Forecast(
        "+".join(best), points, level, combined, tuple(sorted(scores.items())), len(y), min_history, grain, paths=paths
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
}


def model_words(model: str, *, lang: str = "es") -> str:
    """'ets_seasonal+linear_trend' as people read it: 'suavizado exponencial con estacionalidad y tendencia lineal'."""
    english = lang[:2] == "en"
    names = [MODEL_WORDS[code][english] if code in MODEL_WORDS else code for code in model.split("+") if code]
    return (" and " if english else " y ").join(names)
