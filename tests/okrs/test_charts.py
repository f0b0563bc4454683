"""The SVG charts of a key result: drawn on the server, classes only (the CSP forbids style), text escaped."""

import re
from datetime import date
from decimal import Decimal

from rumbo.okrs.charts import confidence_chart, values_chart

START, END = date(2025, 1, 1), date(2025, 3, 31)


def quarter_chart(points, *, baseline, target, kind="number", label="x", **more) -> str:
    """The values chart of a key result over the first quarter of 2025."""
    return values_chart(points, start=START, end=END, baseline=baseline, target=target, kind=kind, label=label, **more)


def test_the_values_chart_draws_baseline_target_pace_and_one_dot_per_check_in():
    svg = quarter_chart(
        [(date(2025, 1, 7), Decimal(12)), (date(2025, 1, 14), Decimal(15))],
        baseline=Decimal(10),
        target=Decimal(50),
        label="Valores de «A & B»",
        today=date(2025, 1, 20),
    )
    assert svg.count("<circle") == 2 and 'class="chart-target"' in svg and 'class="chart-pace"' in svg
    assert ">50</text>" in svg and ">10</text>" in svg
    assert 'aria-label="Valores de «A &amp; B»"' in svg and "<title>Valores de «A &amp; B»</title>" in svg
    assert not re.search(r"style=|<style|<script", svg)


def test_percentages_are_labelled_as_such_in_spanish():
    svg = quarter_chart([(date(2025, 2, 1), Decimal("62.5"))], baseline=Decimal(55), target=Decimal(70), kind="percent")
    assert "70\u00a0%" in svg


def test_the_confidence_chart_shades_the_low_band_and_stays_inside_the_frame():
    svg = confidence_chart(
        [(date(2025, 1, 7), 7), (date(2025, 3, 31), 0), (date(2025, 5, 1), 10)], start=START, end=END, label="c"
    )
    assert 'class="chart-low"' in svg and svg.count("<circle") == 3
    xs = [float(x) for x in re.findall(r'cx="([\d.]+)"', svg)]
    assert all(44 <= x <= 312 for x in xs)


def test_a_flat_series_does_not_divide_by_zero():
    svg = quarter_chart([(date(2025, 1, 7), Decimal(10))], baseline=Decimal(10), target=Decimal(10))
    assert "<polyline" in svg
