"""Leading indicators: a known lead is found, and independent series are rarely called leading."""

from datetime import date

import numpy as np
import pytest
from statsmodels.tsa.stattools import grangercausalitytests

from rumbo.engine.drivers.leading import granger_p_value, leading_check, leading_sentence
from rumbo.engine.errors import RumboError
from rumbo.engine.timeline.periods import shift
from rumbo.engine.vocab import Grain

START = date(2019, 1, 1)


def months(values):
    return [(shift(START, Grain.MONTH, k), float(v)) for k, v in enumerate(values)]


def calls_and_sales(n, seed, *, lag=2, noise=1.0, sign=1.0):
    """Calls per month, and sales that follow them `lag` months later, with a harvest season and noise."""
    rng = np.random.default_rng(seed)
    calls = 50 + np.cumsum(rng.normal(0, 1, n + lag)) * 0.5 + rng.normal(0, 2, n + lag)
    season = 10 * np.sin(2 * np.pi * np.arange(n) / 12)
    sales = 100 + sign * 2 * calls[:-lag] + season + rng.normal(0, 2 * noise, n)
    return calls[lag:], sales


def test_a_lead_of_two_months_is_found():
    found = []
    for seed in range(10):
        calls, sales = calls_and_sales(48, seed)
        report = leading_check(months(calls), months(sales), max_lag=4, season_length=12)
        found.append(report.verdict == "leads" and report.lag == 2)
    assert sum(found) >= 9
    assert report.overlap == 48 and report.granger_p < report.threshold_p == pytest.approx(0.05 / 4)
    assert len(report.correlations) == 5
    assert leading_sentence(report) == f"anticipa con ~2 meses de adelanto ({_strength_es(report)})"
    assert leading_sentence(report, lang="en").startswith("moves ~2 months ahead (")


def _strength_es(report):
    return {"strong": "fuerte", "moderate": "moderada", "weak": "débil"}[report.strength]


def test_a_lead_that_works_against_says_so():
    calls, sales = calls_and_sales(48, 1, lag=1, sign=-1.0)
    report = leading_check(months(calls), months(sales), max_lag=3, season_length=12)
    assert report.verdict == "leads" and report.lag == 1 and report.correlation < 0
    assert leading_sentence(report).startswith("anticipa con ~1 mes de adelanto (")
    assert "en sentido contrario" in leading_sentence(report)


def test_independent_series_are_called_leading_in_at_most_one_in_ten():
    # White noise, random walks and shared-season-with-trend pairs, 200 pairs in all.
    leads = 0
    for seed in range(200):
        rng = np.random.default_rng(seed)
        n, t = 48, np.arange(48)
        if seed % 3 == 0:
            x, y = rng.normal(size=n), rng.normal(size=n)
        elif seed % 3 == 1:
            x, y = rng.normal(size=n).cumsum(), rng.normal(size=n).cumsum()
        else:  # both follow the harvest, one a month before the other: the season, not a lead
            x = 50 + t + 10 * np.sin(2 * np.pi * t / 12) + rng.normal(0, 2, n)
            y = 80 + 0.5 * t + 10 * np.sin(2 * np.pi * (t - 1) / 12) + rng.normal(0, 2, n)
        report = leading_check(months(x), months(y), max_lag=3, season_length=12)
        leads += report.verdict == "leads"
    assert leads / 200 <= 0.10


def test_series_that_move_in_the_same_month_move_together():
    together = 0
    for seed in range(5):
        rng = np.random.default_rng(seed)
        x = rng.normal(0, 1, 40).cumsum() + rng.normal(0, 1, 40)
        y = 3 * x + rng.normal(0, 1, 40)
        report = leading_check(months(x), months(y), max_lag=3, season_length=None)
        together += report.verdict == "together"
    assert together >= 4
    assert leading_sentence(report) == "se mueven juntos pero no lo anticipa"
    assert leading_sentence(report, lang="en") == "they move together, but it does not move first"


def test_too_few_months_is_not_enough_evidence():
    calls, sales = calls_and_sales(8, 0)
    report = leading_check(months(calls), months(sales), max_lag=3, season_length=12)
    assert report.verdict == "insufficient" and report.overlap == 8 and report.lag is None
    assert (
        leading_sentence(report)
        == f"no hay evidencia suficiente (solo 8 meses de datos; hacen falta {report.min_overlap} meses)"
    )
    assert leading_sentence(report, lang="en").startswith("not enough evidence (only 8 months of data")


def test_only_the_months_both_series_have_are_compared():
    calls, sales = calls_and_sales(48, 3)
    report = leading_check(months(calls)[:40], months(sales)[5:], max_lag=3, season_length=None)
    assert report.overlap == 35


def test_unrelated_series_do_not_lead():
    rng = np.random.default_rng(5)
    report = leading_check(months(rng.normal(size=40)), months(rng.normal(size=40)), max_lag=2, season_length=None)
    assert report.verdict in ("no_lead", "together")
    if report.verdict == "no_lead":
        assert leading_sentence(report) == "no lo anticipa"


def test_granger_without_season_matches_statsmodels():
    rng = np.random.default_rng(2)
    x, y = rng.normal(size=60), rng.normal(size=60)
    y[1:] += 0.4 * x[:-1]
    ours = granger_p_value(y, x, lag=2)
    theirs = grangercausalitytests(np.column_stack([y, x]), maxlag=[2])[2][0]["ssr_ftest"][1]
    assert ours == pytest.approx(theirs)


def test_a_lag_of_zero_is_refused():
    with pytest.raises(RumboError):
        leading_check(months([1, 2]), months([1, 2]), max_lag=0, season_length=None)
