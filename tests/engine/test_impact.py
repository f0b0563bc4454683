"""Impact of an initiative: a real step is found with its sign, and no step is rarely called one."""

from datetime import date

import numpy as np
import pytest

from rumbo.engine.drivers.impact import impact, impact_sentence
from rumbo.engine.errors import RumboError
from rumbo.engine.numbers import NBSP
from rumbo.engine.timeline.periods import shift
from rumbo.engine.vocab import Grain, InitiativeKind

START = date(2021, 1, 1)


def monthly_sales(n, seed, *, step=0.0, start=24, noise=3.0):
    """Monthly sales with growth, a harvest season and noise; a step of `step` from month `start`."""
    rng = np.random.default_rng(seed)
    t = np.arange(n)
    values = 100 + 0.5 * t + 15 * np.sin(2 * np.pi * t / 12) + rng.normal(0, noise, n) + step * (t >= start)
    return [(shift(START, Grain.MONTH, k), float(v)) for k, v in enumerate(values)]


def test_it_finds_a_known_rise_and_its_size():
    series = monthly_sales(36, 3, step=18)
    report = impact(series, start=series[24][0], season_length=12)
    assert report.verdict == "up" and report.conclusive
    assert report.low < 18 < report.high
    assert report.p_value < 0.001
    assert report.before == 24 and report.after == 12 and report.season_adjusted
    assert 0 < report.relative_low < report.relative < report.relative_high
    sentence = impact_sentence(report, kpi_name="Ventas cerradas por mes")
    assert sentence.startswith("Tras el inicio de la campaña, «Ventas cerradas por mes» subió ~")
    assert sentence.endswith(", ya descontada la temporada.")
    assert f"{NBSP}% (entre " in sentence
    english = impact_sentence(report, kpi_name="Closed sales per month", lang="en")
    assert english.startswith("After the campaign started, “Closed sales per month” rose by ~")
    assert english.endswith(", after accounting for the season.")


def test_it_finds_a_fall_and_says_so_in_positive_sizes():
    series = monthly_sales(36, 4, step=-18)
    report = impact(series, start=series[24][0], season_length=12)
    assert report.verdict == "down" and report.high < 0
    sentence = impact_sentence(report, kpi_name="Ventas", initiative=InitiativeKind.CAMBIO)
    assert sentence.startswith("Tras el cambio estratégico, «Ventas» bajó ~")
    assert "−" not in sentence


def test_a_known_step_is_found_with_its_sign_in_most_series():
    ups = sum(
        impact(s, start=s[24][0], season_length=12).verdict == "up"
        for s in (monthly_sales(36, seed, step=9) for seed in range(30))
    )
    assert ups >= 27


def test_no_step_is_called_a_change_in_at_most_one_series_in_ten():
    called = 0
    for seed in range(200):
        series = monthly_sales(36, 1000 + seed)
        called += impact(series, start=series[24][0], season_length=12).conclusive
    assert called / 200 <= 0.10


def test_when_the_interval_spans_zero_it_says_the_data_cannot_tell():
    series = monthly_sales(36, 8, step=0.5)
    report = impact(series, start=series[24][0], season_length=12)
    assert report.verdict == "unclear" and report.low < 0 < report.high
    assert "los datos no permiten afirmar que «Ventas» cambió (entre −" in impact_sentence(report, kpi_name="Ventas")


def test_too_little_data_before_the_start_cannot_discount_the_season():
    series = monthly_sales(20, 1, start=8)
    report = impact(series, start=series[8][0], season_length=12)
    assert report.verdict == "too_little_before" and report.effect is None
    assert impact_sentence(report, kpi_name="Ventas") == (
        "Hay pocos datos antes del inicio para saber si «Ventas» cambió: 8 meses, hacen falta 15."
    )


def test_too_little_data_after_the_start_is_too_early():
    series = monthly_sales(26, 1)
    report = impact(series, start=series[24][0], season_length=12)
    assert report.verdict == "too_little_after"
    assert impact_sentence(report, kpi_name="Ventas", lang="en") == (
        "After the campaign started, it is too early to tell: 2 months of data, it takes 3."
    )


def test_data_after_the_end_is_left_out():
    series = monthly_sales(40, 2, step=18)
    report = impact(series, start=series[24][0], end=series[31][0], season_length=12)
    assert report.after == 8


def test_without_a_season_it_discounts_the_trend_only():
    rng = np.random.default_rng(6)
    values = 50 + 0.3 * np.arange(20) + rng.normal(0, 1, 20) + 6 * (np.arange(20) >= 12)
    series = [(shift(START, Grain.QUARTER, k), float(v)) for k, v in enumerate(values)]
    report = impact(series, start=series[12][0], season_length=None)
    assert report.verdict == "up" and not report.season_adjusted and report.grain == Grain.QUARTER
    assert impact_sentence(report, kpi_name="Socios activos").endswith("ya descontada la tendencia.")


def test_an_end_before_the_start_is_refused():
    series = monthly_sales(36, 1)
    with pytest.raises(RumboError):
        impact(series, start=series[24][0], end=series[20][0], season_length=12)
