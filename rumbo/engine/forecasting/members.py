"""The three simple models a forecast combines: exponential smoothing, Theta, and the seasonal naive forecast with drift.

Each member fits a history (on logarithms when the forecast asks for it), gives point
forecasts and simulated futures. They are the three the M-competitions keep finding hard to
beat together: damped-trend exponential smoothing with a season, the Theta method (simple
exponential smoothing with half the straight line's slope, on the deseasonalised series) and
last year's value plus the average yearly change. Theta and the naive forecast are a few
numpy lines each; only exponential smoothing is a statsmodels fit, and on the backtest's
shorter histories it is re-run with the parameters of the full fit (a smoothing pass, not a fit).
"""

from __future__ import annotations

import math
from typing import Any, Self

import numpy as np

NAMES = ("ets", "theta", "seasonal_naive_drift")
ALPHAS = np.linspace(0.02, 0.98, 25)  # the grid Theta's smoothing weight is chosen from


def seasonal_fits(n: int, m: int) -> bool:
    """Whether a history of n periods has the two full seasons a seasonal member needs to start."""
    return m > 1 and n >= max(2 * m, 10 + 2 * (m // 2))


class Member:
    name = ""

    def __init__(self, m: int, log: bool):
        self.m, self.log = m, log

    def _in(self, y: np.ndarray) -> np.ndarray:
        return np.log(y) if self.log else y

    def _out(self, x: np.ndarray) -> np.ndarray:
        return np.exp(np.clip(x, -700, 700)) if self.log else x

    def fit(self, y: np.ndarray, like: Self | None = None) -> Self:
        """Fit on y; with `like` (a member of the same kind), reuse its parameters."""
        raise NotImplementedError

    def point(self, h: int) -> np.ndarray:
        """The forecast h periods ahead."""
        raise NotImplementedError

    def simulate(self, h: int, n: int, rng: np.random.Generator) -> np.ndarray:
        """n simulated futures of h periods (n × h)."""
        raise NotImplementedError


class Ets(Member):
    """Additive errors, damped additive trend, additive season (on logs: a season that grows with the level)."""

    name = "ets"
    res: Any  # statsmodels' fitted ETS results, once fit

    def _model(self, x: np.ndarray) -> Any:
        import pandas as pd  # loaded on first use with statsmodels: two seconds no page or command start should pay
        from statsmodels.tsa.exponential_smoothing.ets import ETSModel

        seasonal = seasonal_fits(len(x), self.m)
        return ETSModel(
            pd.Series(x),
            error="add",
            trend="add",
            damped_trend=True,
            seasonal="add" if seasonal else None,
            seasonal_periods=self.m if seasonal else None,
            initialization_method="heuristic" if len(x) >= 10 else "estimated",
        )

    def fit(self, y: np.ndarray, like: Ets | None = None) -> Ets:
        """Fit on y; with `like`, smooth y with `like`'s parameters instead (same start, same season)."""
        x = self._in(y)
        model = self._model(x)
        if like is not None and len(like.res.params) == len(model.param_names):
            self.res = model.smooth(like.res.params)
        else:
            self.res = model.fit(disp=False)
        return self

    def point(self, h: int) -> np.ndarray:
        return self._out(np.asarray(self.res.forecast(h), dtype=float))

    def simulate(self, h: int, n: int, rng: np.random.Generator) -> np.ndarray:
        sims = np.asarray(self.res.simulate(h, anchor="end", repetitions=n, rng=rng), dtype=float)
        return self._out(sims.reshape(h, n).T)


def _season_index(x: np.ndarray, m: int, multiplicative: bool) -> np.ndarray:
    """Classical decomposition's seasonal index by position in the season (x[i] sits at i % m)."""
    weights = np.r_[0.5, np.ones(m - 1), 0.5] / m if m % 2 == 0 else np.ones(m) / m
    trend = np.convolve(x, weights, mode="valid")
    start = len(weights) // 2
    ratio = x[start : start + len(trend)] / trend if multiplicative else x[start : start + len(trend)] - trend
    positions = (np.arange(len(trend)) + start) % m
    index = np.array([ratio[positions == k].mean() for k in range(m)])
    seasonal: np.ndarray = index / index.mean() if multiplicative else index - index.mean()
    return seasonal


def _acf(x: np.ndarray, lags: int) -> np.ndarray:
    d = x - x.mean()
    denominator = float(d @ d) or 1.0
    return np.array([float(d[k:] @ d[: len(d) - k]) / denominator for k in range(lags + 1)])


class Theta(Member):
    """The Theta method as Hyndman and Billah write it: SES with drift, on the series without its season.

    The season is removed (multiplicatively when positive) only when the autocorrelation at
    one season is significant at 90 %, as forecast::thetaf does.
    """

    name = "theta"

    def fit(self, y: np.ndarray, like: Theta | None = None) -> Theta:
        x = self._in(y)
        n, m = len(x), self.m
        self.multiplicative = bool(x.min() > 0)
        self.index = None
        if seasonal_fits(n, m):
            r = _acf(x, m)
            if abs(r[m]) > 1.645 * math.sqrt((1 + 2 * float(np.sum(r[1:m] ** 2))) / n):
                self.index = _season_index(x, m, self.multiplicative)
        z = self._deseason(x, 0)
        # SES for every weight on the grid at once; the one with the smallest squared one-step error wins.
        levels, errors = np.full(len(ALPHAS), z[0]), np.zeros((n - 1, len(ALPHAS)))
        for t in range(1, n):
            errors[t - 1] = z[t] - levels
            levels = levels + ALPHAS * errors[t - 1]
        best = int(np.argmin((errors**2).sum(axis=0)))
        self.alpha, self.level = float(ALPHAS[best]), float(levels[best])
        self.sigma = float(np.std(errors[:, best])) if n > 2 else 0.0
        times = np.arange(n, dtype=float)
        self.drift = float(np.polyfit(times, z, 1)[0]) / 2 if n > 2 else 0.0
        self.n = n
        return self

    def _deseason(self, x: np.ndarray, first: int) -> np.ndarray:
        if self.index is None:
            return x
        index = self.index[(np.arange(len(x)) + first) % self.m]
        plain: np.ndarray = x / index if self.multiplicative else x - index
        return plain

    def _reseason(self, z: np.ndarray) -> np.ndarray:
        if self.index is None:
            return z
        index = self.index[(np.arange(z.shape[-1]) + self.n) % self.m]
        seasonal: np.ndarray = z * index if self.multiplicative else z + index
        return seasonal

    def _centre(self, h: int) -> np.ndarray:
        a, steps = self.alpha, np.arange(1, h + 1)
        return self.level + self.drift * ((steps - 1) + 1 / a - (1 - a) ** self.n / a)

    def point(self, h: int) -> np.ndarray:
        return self._out(self._reseason(self._centre(h)))

    def simulate(self, h: int, n: int, rng: np.random.Generator) -> np.ndarray:
        shocks = rng.normal(scale=self.sigma, size=(n, h))
        # Each period's shock, plus alpha times every earlier one carried in the level.
        carried = np.concatenate([np.zeros((n, 1)), np.cumsum(shocks, axis=1)[:, :-1]], axis=1)
        return self._out(self._reseason(self._centre(h) + shocks + self.alpha * carried))


class SeasonalNaiveDrift(Member):
    """Last season's value plus the average change over one season (the last value plus the average step without one)."""

    name = "seasonal_naive_drift"

    def fit(self, y: np.ndarray, like: SeasonalNaiveDrift | None = None) -> SeasonalNaiveDrift:
        x = self._in(y)
        self.lag = self.m if self.m > 1 and len(x) > self.m else 1
        self.last = x[-self.lag :]
        diffs = x[self.lag :] - x[: -self.lag]
        self.drift = float(diffs.mean()) if len(diffs) else 0.0
        # The maximum likelihood variance of a (seasonal) random walk with drift, as SARIMAX finds it.
        self.sigma = math.sqrt(float(np.mean((diffs - self.drift) ** 2))) if len(diffs) else 0.0
        return self

    def _centre(self, h: int) -> np.ndarray:
        steps = np.arange(h)
        centre: np.ndarray = np.resize(self.last, h) + (steps // self.lag + 1) * self.drift
        return centre

    def point(self, h: int) -> np.ndarray:
        return self._out(self._centre(h))

    def simulate(self, h: int, n: int, rng: np.random.Generator) -> np.ndarray:
        shocks, steps = rng.normal(scale=self.sigma, size=(n, h)), np.arange(h)
        for k in range(min(self.lag, h)):  # each period adds its shock to the one a season before it
            shocks[:, steps % self.lag == k] = shocks[:, steps % self.lag == k].cumsum(axis=1)
        return self._out(self._centre(h) + shocks)


MEMBERS: dict[str, type[Member]] = {cls.name: cls for cls in (Ets, Theta, SeasonalNaiveDrift)}
