"""Small SVG charts of a key result's check-ins, drawn on the server: values and confidence over the cycle.

The SVG goes inline into the page. It carries no style attributes and no <style> element,
only classes that okrs.css colours, so the Content-Security-Policy holds. A <title> and an
aria-label say in words what the chart shows for people who cannot see it.
"""

from datetime import date
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString

from rumbo.engine.okrs.okr_story import format_value
from rumbo.engine.okrs.okr_types import LOW_CONFIDENCE, KeyResultKind
from rumbo.kpis.charts.toolkit import Scale, labelled_svg

WIDTH, HEIGHT = 320, 132
LEFT, RIGHT, TOP, BOTTOM = 44, 8, 10, 22


def _x(day: date, start: date, end: date) -> float:
    """Where `day` falls in the cycle; a day outside it stays on the edge."""
    return Scale(0, max((end - start).days, 1), LEFT, WIDTH - RIGHT)((day - start).days)


def _y(value: float, low: float, high: float) -> float:
    return Scale(low, high, HEIGHT - BOTTOM, TOP)(value)


def _frame(start: date, end: date, lang: str) -> list[str]:
    bottom = HEIGHT - BOTTOM
    fmt = "%d/%m" if lang == "es" else "%m/%d"
    return [
        f'<line class="chart-axis" x1="{LEFT}" y1="{bottom}" x2="{WIDTH - RIGHT}" y2="{bottom}"/>',
        f'<text class="chart-label" x="{LEFT}" y="{HEIGHT - 6}">{start.strftime(fmt)}</text>',
        f'<text class="chart-label chart-end" x="{WIDTH - RIGHT}" y="{HEIGHT - 6}">{end.strftime(fmt)}</text>',
    ]


def _path(points: list[tuple[float, float]], css: str) -> list[str]:
    if not points:
        return []
    line = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    dots = [f'<circle class="chart-dot {css}" cx="{x:.1f}" cy="{y:.1f}" r="3.5"/>' for x, y in points]
    return [f'<polyline class="chart-line {css}" points="{line}"/>', *dots]


def _today_mark(today: date | None, start: date, end: date) -> list[str]:
    if today is None or not start <= today <= end:
        return []
    x = _x(today, start, end)
    return [f'<line class="chart-today" x1="{x:.1f}" y1="{TOP}" x2="{x:.1f}" y2="{HEIGHT - BOTTOM}"/>']


def values_chart(
    points: list[tuple[date, Decimal]],
    *,
    start: date,
    end: date,
    baseline: Decimal,
    target: Decimal,
    kind: str,
    label: str,
    lang: str = "es",
    today: date | None = None,
) -> SafeString:
    """The checked-in values against the straight path from the baseline (cycle start) to the target (cycle end)."""
    numbers = [float(v) for _, v in points] + [float(baseline), float(target)]
    low, high = min(numbers), max(numbers)
    pad = (high - low) * 0.08 or 1
    low, high = low - pad, high + pad
    kind = KeyResultKind(kind)
    body = _frame(start, end, lang) + _today_mark(today, start, end)
    for value, css in ((baseline, "chart-baseline"), (target, "chart-target")):
        y = _y(float(value), low, high)
        body.append(f'<line class="{css}" x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}"/>')
        body.append(
            f'<text class="chart-label chart-value" x="{LEFT - 4}" y="{y + 4:.1f}">{escape(format_value(value, lang, kind))}</text>'
        )
    body.append(
        f'<line class="chart-pace" x1="{LEFT}" y1="{_y(float(baseline), low, high):.1f}" '
        f'x2="{WIDTH - RIGHT}" y2="{_y(float(target), low, high):.1f}"/>'
    )
    body += _path([(_x(d, start, end), _y(float(v), low, high)) for d, v in points], "chart-values")
    return labelled_svg(WIDTH, HEIGHT, body, label=label, css="chart-values-chart")


def confidence_chart(
    points: list[tuple[date, int]], *, start: date, end: date, label: str, lang: str = "es", today: date | None = None
) -> SafeString:
    """Confidence 0–10 over the cycle; the low band (3 or less) is shaded."""
    body = _frame(start, end, lang) + _today_mark(today, start, end)
    low_top = _y(LOW_CONFIDENCE + 0.5, 0, 10)
    body.insert(
        0,
        f'<rect class="chart-low" x="{LEFT}" y="{low_top:.1f}" width="{WIDTH - LEFT - RIGHT}" height="{HEIGHT - BOTTOM - low_top:.1f}"/>',
    )
    for level in (0, 5, 10):
        y = _y(level, 0, 10)
        body.append(f'<line class="chart-grid" x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}"/>')
        body.append(f'<text class="chart-label chart-value" x="{LEFT - 4}" y="{y + 4:.1f}">{level}</text>')
    body += _path([(_x(d, start, end), _y(c, 0, 10)) for d, c in points], "chart-confidence")
    return labelled_svg(WIDTH, HEIGHT, body, label=label, css="chart-confidence-chart")
