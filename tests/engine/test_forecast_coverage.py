"""The forecast's ranges mean what they say: on series drawn from known distributions, the 80 % range holds about 80 %.

Each design is a process whose future is random in a known way (noise around a season and a
trend, a seasonal random walk, a level that drifts with noise that grows with it); the
forecast sees 24, 36 or 48 months, the outcomes are the next 12. The seeds are fixed, so the
figures are the same on every run; the bounds leave room for the spread of 8 series × 12
months of correlated outcomes per design and history. Known weakness: with 48 months the
backtest narrows the range, which then holds 60–75 % on these designs (docs/benchmarks.md).
"""

from datetime import date

import numpy as np
import pytest

from rumbo.engine.forecasting.forecast import forecast
from rumbo.engine.timeline.periods import shift
from rumbo.engine.vocab import Grain

SEASON = 25 * np.cos(2 * np.pi * (np.arange(120) - 11) / 12)  # peak in December


def noise_around_a_season(n: int, rng: np.random.Generator) -> np.ndarray:
    t = np.arange(n)
    return 200 + 0.8 * t + SEASON[:n] + rng.normal(0, 8, n)


def seasonal_random_walk(n: int, rng: np.random.Generator) -> np.ndarray:
    """This month is the same month last year plus a shock: the future spreads out year after year."""
    y = list(300 + SEASON[:12] + rng.normal(0, 6, 12))
    for t in range(12, n):
        y.append(y[t - 12] + rng.normal(1.0, 6))
    return np.array(y)


def growing_level_with_proportional_noise(n: int, rng: np.random.Generator) -> np.ndarray:
    """Deliveries whose level wanders and whose noise is a share of it (log-normal), never below zero."""
    level = 100 * np.exp(np.cumsum(rng.normal(0.01, 0.03, n)))
    return level * (1 + 0.3 * np.cos(2 * np.pi * np.arange(n) / 12)) * rng.lognormal(0, 0.08, n)


DESIGNS = [noise_around_a_season, seasonal_random_walk, growing_level_with_proportional_noise]


def outcomes_inside(design, history: int, seeds: range, level: float) -> list[bool]:
    inside = []
    for seed in seeds:
        y = design(history + 12, np.random.default_rng(seed))
        series = [(shift(date(2020, 1, 1), Grain.MONTH, k), float(v)) for k, v in enumerate(y[:history])]
        fc = forecast(series, season_length=12, horizon=12, level=level)
        inside += [p.low <= actual <= p.high for p, actual in zip(fc.points, y[history:])]
    return inside


HISTORIES = (24, 36, 48)


@pytest.fixture(scope="module")
def held() -> dict:
    """Share of outcomes inside the 80 % range, by design and history (8 series of each)."""
    return {
        (design.__name__, history): np.mean(outcomes_inside(design, history, range(8), 0.8))
        for design in DESIGNS
        for history in HISTORIES
    }


def test_the_80_percent_range_holds_about_80_percent_of_outcomes(held):
    assert 0.75 <= np.mean(list(held.values())) <= 0.88, held


@pytest.mark.parametrize("design", DESIGNS, ids=lambda d: d.__name__)
def test_every_kind_of_series_gets_a_range_that_means_roughly_what_it_says(held, design):
    share = np.mean([held[design.__name__, history] for history in HISTORIES])
    assert 0.7 <= share <= 0.92, held
    # With one or no year of backtest to learn from, the range errs on the wide side, never the narrow one.
    assert held[design.__name__, 24] >= 0.75, held


def test_the_95_percent_range_holds_more_and_about_95_percent():
    inside = outcomes_inside(noise_around_a_season, 36, range(6), 0.95)
    inside += outcomes_inside(growing_level_with_proportional_noise, 36, range(6), 0.95)
    assert 0.88 <= np.mean(inside) <= 1.0
