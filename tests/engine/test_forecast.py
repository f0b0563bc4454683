"""Forecasts: they beat the seasonal naive forecast, their ranges hold the truth, and they say when they cannot."""

import time
from datetime import date

import numpy as np
import pandas as pd
import pytest
from statsmodels.tsa.statespace.sarimax import SARIMAX

from rumbo.engine.errors import RumboError
from rumbo.engine.forecasting.forecast import (
    Projection,
    forecast,
    infer_grain,
    project,
    projection_sentences,
    too_little_history_sentence,
)
from rumbo.engine.forecasting.members import SeasonalNaiveDrift
from rumbo.engine.numbers import NBSP
from rumbo.engine.timeline.periods import shift
from rumbo.engine.vocab import Aggregation, Direction, Grain

pytestmark = pytest.mark.slow  # real processes or long runs: a parallel run starts this file first

START = date(2018, 1, 1)


def months(values, start=START):
    return [(shift(start, Grain.MONTH, k), None if v is None else float(v)) for k, v in enumerate(values)]


def seasonal_series(n, seed, *, noise=4.0):
    """Monthly sales with a harvest season, growth and noise; n + 12 values (the last 12 are the future)."""
    rng = np.random.default_rng(seed)
    t = np.arange(n + 12)
    season = 25 * np.cos(2 * np.pi * (t - 11) / 12)  # peak in December
    return 200 + 0.8 * t + season + rng.normal(0, noise, len(t))


def test_it_says_when_there_is_too_little_history():
    fc = forecast(months([10, 12, 11, 13, 12, 14]), season_length=12, horizon=6)
    assert not fc.enough_history
    assert fc.model is None and fc.points == () and fc.reason == "too_little_history"
    assert fc.history == 6 and fc.min_history > 6
    assert "historia suficiente" in too_little_history_sentence(fc)
    assert "Not enough history" in too_little_history_sentence(fc, lang="en")
    with pytest.raises(RumboError):
        project(fc, target=100, span_end=date(2018, 12, 1), aggregation=Aggregation.SUM)


def test_a_seasonal_series_beats_the_seasonal_naive_forecast():
    rumbo, naive = [], []
    for seed in range(4):
        y = seasonal_series(48, seed)
        fc = forecast(months(y[:48]), season_length=12, horizon=12)
        future = y[48:]
        rumbo.append(np.mean(np.abs([p.forecast for p in fc.points] - future)))
        naive.append(np.mean(np.abs(y[36:48] - future)))
    assert np.mean(rumbo) < np.mean(naive)


def test_points_are_sensible_and_dated_after_the_last_value():
    y = seasonal_series(36, 7)[:36]
    fc = forecast(months(y), season_length=12, horizon=3)
    assert [p.period for p in fc.points] == [date(2021, 1, 1), date(2021, 2, 1), date(2021, 3, 1)]
    for p in fc.points:
        assert p.low <= p.forecast <= p.high
        assert y.min() * 0.5 < p.forecast < y.max() * 1.5
    assert fc.holdout_mase is not None and fc.holdout_mase > 0
    assert dict(fc.candidates).keys() == {"ets", "theta", "seasonal_naive_drift"}
    assert fc.model == "ets+theta+seasonal_naive_drift"


def test_it_is_a_pure_function_of_its_inputs():
    series = months(seasonal_series(40, 3)[:40])
    first, second = (forecast(series, season_length=12, horizon=12) for _ in range(2))
    assert first == second
    assert np.array_equal(first.paths, second.paths)


def test_a_flat_series_forecasts_its_value():
    fc = forecast(months([50] * 30), season_length=12, horizon=4)
    assert [round(p.forecast, 6) for p in fc.points] == [50] * 4


def test_empty_periods_at_the_ends_are_dropped_and_gaps_inside_interpolated():
    values = list(seasonal_series(30, 5)[:30])
    values[10] = values[20] = None
    fc = forecast(months([None, None] + values + [None]), season_length=12, horizon=2)
    assert fc.enough_history and fc.history == 30
    assert fc.points[0].period == shift(START, Grain.MONTH, 32)


def test_a_series_with_more_gaps_than_values_is_not_forecast():
    values = [1.0, None, None, 2.0, None, None, 3.0, None, None, 4.0, None, None, 5.0]
    assert not forecast(months(values), season_length=None, horizon=2).enough_history


@pytest.mark.parametrize(
    ("grain", "start", "season", "step_days"),
    [(Grain.WEEK, date(2024, 1, 1), 52, 7), (Grain.DAY, date(2024, 1, 1), None, 1)],
)
def test_weekly_and_daily_series_step_by_their_grain(grain, start, season, step_days):
    rng = np.random.default_rng(1)
    n = 120
    series = [(shift(start, grain, k), float(100 + rng.normal())) for k in range(n)]
    assert infer_grain([d for d, _ in series]) == grain
    fc = forecast(series, season_length=season, horizon=3)
    assert fc.grain == grain
    assert (fc.points[0].period - series[-1][0]).days == step_days


def test_seasonal_naive_with_drift_uses_the_same_drift_and_variance_as_statsmodels_sarimax():
    y = seasonal_series(48, 11)[:48]
    ours = SeasonalNaiveDrift(12, log=False).fit(y)
    sarimax = SARIMAX(pd.Series(y), order=(0, 0, 0), seasonal_order=(0, 1, 0, 12), trend="c").fit(disp=False)
    assert ours.sigma**2 == pytest.approx(sarimax.params["sigma2"], rel=0.02)
    assert ours.drift == pytest.approx(sarimax.params["intercept"], rel=0.02)


def test_one_kpi_is_forecast_well_under_a_second():
    series = months(seasonal_series(60, 2)[:60])
    forecast(series, season_length=12, horizon=12)  # imports and caches warmed
    started = time.process_time()
    forecast(series, season_length=12, horizon=12)
    assert time.process_time() - started < 1.0


def test_projection_of_a_sum_adds_the_forecast_to_the_actuals_so_far():
    fc = forecast(months(seasonal_series(48, 4)[:48]), season_length=12, horizon=12)
    inside = [p.forecast for p in fc.points if p.period <= date(2022, 6, 1)]
    target = 1000 + sum(inside)
    p = project(fc, target=target, span_end=date(2022, 6, 30), aggregation=Aggregation.SUM, actual_so_far=1000)
    assert p.periods == 6
    assert p.projected == pytest.approx(target)
    assert p.low < p.projected < p.high
    assert p.share == pytest.approx(1.0)
    assert 0.3 < p.probability < 0.7  # the target is the central forecast: about even odds
    easy = project(fc, target=target * 0.8, span_end=date(2022, 6, 30), aggregation=Aggregation.SUM, actual_so_far=1000)
    assert easy.probability > 0.95 and easy.share > 1.2


def test_projection_for_lower_is_better_counts_staying_below_the_target():
    fc = forecast(months(seasonal_series(48, 4)[:48]), season_length=12, horizon=12)
    last = fc.points[-1].forecast
    up = project(fc, target=last * 1.1, span_end=date(2022, 12, 1), aggregation=Aggregation.LAST)
    down = project(
        fc, target=last * 1.1, span_end=date(2022, 12, 1), aggregation=Aggregation.LAST, direction=Direction.DOWN
    )
    assert up.projected == pytest.approx(last)
    assert up.probability < 0.5 < down.probability
    assert up.probability + down.probability == pytest.approx(1.0)
    band = project(fc, target=last, span_end=date(2022, 12, 1), aggregation=Aggregation.LAST, direction=Direction.BAND)
    assert band.probability is None


def test_projection_refuses_a_span_the_forecast_does_not_reach():
    fc = forecast(months(seasonal_series(48, 4)[:48]), season_length=12, horizon=3)
    with pytest.raises(RumboError):
        project(fc, target=100, span_end=date(2022, 12, 31), aggregation=Aggregation.SUM)


def test_projection_sentences_in_spanish_and_english():
    p = Projection(880, 800, 950, 0.88, 0.80, 0.95, 0.35, 0.8, 6)
    assert projection_sentences(p) == (
        f"al ritmo actual llegará a ~88{NBSP}% de la meta (entre 80{NBSP}% y 95{NBSP}%)",
        f"probabilidad de alcanzarla: 35{NBSP}%",
    )
    assert projection_sentences(p, lang="en") == (
        "at the current pace it will reach ~88% of the target (between 80% and 95%)",
        "probability of reaching it: 35%",
    )
    sure = Projection(880, 800, 950, 0.88, 0.80, 0.95, 0.999, 0.8, 6)
    assert projection_sentences(sure)[1] == f"probabilidad de alcanzarla: más de 99{NBSP}%"
