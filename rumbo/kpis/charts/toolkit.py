"""The SVG toolkit every chart is drawn with: colours, the SVG document, scales, lines and the page chart's frame.

Charts of every app (KPIs, OKRs, forecasts) draw with these public names and nothing
else. Two document forms: `svg` carries presentation attributes, a <title> and a <desc>,
so a chart looks right alone, in a PDF or an e-mail; `labelled_svg` carries classes only
(a stylesheet colours it) and says in an aria-label what it shows. Neither has a style
attribute or a <style> element: the Content-Security-Policy forbids them. Coordinates
are written with one decimal at most (`n`), which keeps a chart a few hundred bytes.
"""

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from django.utils import html
from django.utils.safestring import SafeString, mark_safe

from rumbo.engine.numbers import format_number
from rumbo.engine.vocab import Status

INK, MUTED, LINE = "#1d2523", "#5b6663", "#b9b1a4"
STATUS_COLOUR = {
    Status.ON_TRACK: "#1e7a3c",
    Status.AT_RISK: "#a86400",
    Status.OFF_TRACK: "#b3261e",
    Status.NO_DATA: "#6b6f73",
}
# Zones get lighter as they get better, so they stay apart in black and white too.
ZONE_FILL = {"off": "#ecd3cf", "risk": "#f6e7c8", "ok": "#ffffff"}

# The page charts (a KPI's history, its forecast): their size and the margins of the plotting area.
PAGE_WIDTH, PAGE_HEIGHT = 360, 230
PAGE_TOP, PAGE_BOTTOM, PAGE_RIGHT = 10, 26, 8

Points = Iterable[tuple[int, object]]  # (slot, value); a value of None breaks a line


def n(x: float) -> str:
    """A coordinate with one decimal at most: '12', '12.5'."""
    text = f"{x:.1f}"
    return text[:-2] if text.endswith(".0") else text


def svg(width: int, height: int, body: str, *, title: str, css: str, desc: str = "") -> SafeString:
    """A chart with presentation attributes, its <title> and, when given, a <desc>."""
    description = f"<desc>{escape(desc)}</desc>" if desc else ""
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" class={quoteattr(css)} viewBox="0 0 {width} {height}" role="img">'
        f"<title>{escape(title)}</title>{description}{body}</svg>"
    )


def labelled_svg(width: int, height: int, body: Sequence[str], *, label: str, css: str) -> SafeString:
    """A chart of classes only (class "chart" and `css`), named by an aria-label and a <title>."""
    label = html.escape(label)
    return mark_safe(
        f'<svg class="chart {css}" viewBox="0 0 {width} {height}" role="img" aria-label="{label}" '
        f'preserveAspectRatio="xMidYMid meet" xmlns="http://www.w3.org/2000/svg"><title>{label}</title>{"".join(body)}</svg>'
    )


class Scale:
    """Maps values in [low, high] to pixels in [start, end] (end may be below start, for y); clamps the rest."""

    def __init__(self, low: float, high: float, start: float, end: float):
        if high <= low:
            low, high = low - 1, high + 1
        self.low, self.high, self.start, self.end = low, high, start, end

    def __call__(self, value) -> float:
        value = min(max(float(value), self.low), self.high)
        return self.start + (value - self.low) / (self.high - self.low) * (self.end - self.start)


def line(points: Points, x: Callable, y: Callable, attributes: str) -> str:
    """A path through the points, broken where a value is missing ("" when there is none)."""
    path, previous = [], None
    for i, v in points:
        if v is None:
            continue
        path.append(f"{'L' if previous == i - 1 else 'M'}{n(x(i))} {n(y(v))}")
        previous = i
    return f'<path d="{"".join(path)}" {attributes}/>' if path else ""


def through(points: Sequence[tuple[int, float]], x: Callable, y: Callable) -> str:
    """Path data joining every point in order, unbroken (an outline, a forecast)."""
    return "".join(f"{'M' if k == 0 else 'L'}{n(x(i))} {n(y(v))}" for k, (i, v) in enumerate(points))


def steps(points: Points, x: Callable, y: Callable, step: float, attributes: str) -> str:
    """A flat segment across each slot at its value, joined while the value runs on (a target per period)."""
    path, previous = [], None
    for i, v in points:
        if v is None:
            previous = None
            continue
        start, level = x(i) - step / 2, n(y(v))
        path.append(f"{'L' if previous == i - 1 else 'M'}{n(start)} {level}H{n(start + step)}")
        previous = i
    return f'<path d="{"".join(path)}" {attributes}/>' if path else ""


# ---- The page charts' frame: a white plotting area, value lines with labels, period labels below.


def nice_ticks(low: float, high: float, count: int = 4) -> list[float]:
    """About `count` round values (steps of 1, 2, 2.5 or 5 times a power of ten) from `low` to `high`."""
    raw = (high - low) / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = math.ceil(low / step) * step
    return [first + i * step for i in range(int((high - first) / step) + 1)]


@dataclass(frozen=True)
class Frame:
    """The plotting area of a page chart: where it starts, each period's width, the value scale, and its grid drawn."""

    left: float
    step: float
    y: Scale
    background: str  # the white plotting area
    grid: str  # the value lines with their labels


def value_frame(figures: Sequence[float], slots: int, *, decimals: int, lang: str, from_zero: bool = False) -> Frame:
    """A frame whose scale holds every figure with some room around it (from 0 when `from_zero`)."""
    low, high = min(figures), max(figures)
    pad = (high - low) * 0.08 or abs(high) * 0.1 or 1
    bottom = 0 if from_zero else low - pad
    ticks = nice_ticks(bottom, high + pad)
    decimals = max(0, -math.floor(math.log10(ticks[1] - ticks[0]))) if len(ticks) > 1 else decimals
    return framed(ticks, min(ticks[0], bottom), max(ticks[-1], high + pad), slots, decimals=decimals, lang=lang)


def framed(ticks: Sequence[float], low: float, high: float, slots: int, *, decimals: int, lang: str) -> Frame:
    """A frame over `slots` periods whose value lines stand at `ticks`, from `low` to `high`."""
    tick_text = [format_number(t, decimals, lang) for t in ticks]
    left = 8 + 6.2 * max(len(t) for t in tick_text)
    y = Scale(low, high, PAGE_HEIGHT - PAGE_BOTTOM, PAGE_TOP)
    grid = "".join(
        f'<path d="M{n(left)} {n(y(tick))}H{PAGE_WIDTH - PAGE_RIGHT}" stroke="{LINE}" stroke-width=".6"/>'
        f'<text x="{n(left - 4)}" y="{n(y(tick) + 3.5)}" text-anchor="end">{text}</text>'
        for tick, text in zip(ticks, tick_text)
    )
    width, height = n(PAGE_WIDTH - left - PAGE_RIGHT), PAGE_HEIGHT - PAGE_TOP - PAGE_BOTTOM
    background = f'<rect x="{n(left)}" y="{PAGE_TOP}" width="{width}" height="{height}" fill="#fff"/>'
    return Frame(left, (PAGE_WIDTH - left - PAGE_RIGHT) / slots, y, background, grid)


def period_label(x: float, text: str, anchor: str = "middle") -> str:
    """A period's name under the plotting area, at `x`."""
    return f'<text x="{n(x)}" y="{PAGE_HEIGHT - 8}" text-anchor="{anchor}">{escape(text)}</text>'


def page_chart(body: list[str], *, title: str, desc: str, css: str = "chart") -> SafeString:
    """The page chart's SVG around its drawn parts, in the pages' type."""
    return svg(
        PAGE_WIDTH,
        PAGE_HEIGHT,
        f'<g font-size="10.5" font-family="sans-serif" fill="{MUTED}">{"".join(body)}</g>',
        title=title,
        desc=desc,
        css=css,
    )
