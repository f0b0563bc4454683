"""The network's band on a member's KPI page: its own values over the network's middle half and median.

Drawn with the kpis chart toolkit, like every page chart: the shaded band runs from the first
to the third quartile of the network, the dashed line is the median, the solid line is the
member's own value. Where a period's quartiles are not published the band breaks.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.safestring import SafeString, mark_safe

from rumbo.kpis.charts.history import short_label
from rumbo.kpis.charts.toolkit import INK, line, n, page_chart, period_label, through, value_frame

BAND_FILL = "#cfe0ea"  # a cool blue-grey, apart from the status zones' warm colours
MEDIAN = "#2f5d73"


@dataclass(frozen=True)
class BandRow:
    """One period of the band chart, in the KPI's unit."""

    period: date
    own: Decimal | None
    p25: Decimal | None
    median: Decimal | None
    p75: Decimal | None


def _runs(rows: Sequence[BandRow]) -> list[list[int]]:
    """Runs of consecutive periods whose quartiles are published."""
    runs: list[list[int]] = []
    for i, r in enumerate(rows):
        if r.p25 is None or r.p75 is None:
            continue
        if runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


def band_chart(rows: Sequence[BandRow], *, grain, decimals: int, lang: str, title: str, desc: str) -> SafeString:
    """The chart, or "" when neither the member nor the network has a figure to draw."""
    figures = [float(x) for r in rows for x in (r.own, r.p25, r.median, r.p75) if x is not None]
    if not figures or not any(r.p25 is not None for r in rows):
        return mark_safe("")
    frame = value_frame(figures, len(rows), decimals=decimals, lang=lang)
    left, step, y = frame.left, frame.step, frame.y
    x = lambda i: left + (i + 0.5) * step  # noqa: E731 - the centre of period i's slot
    body = [frame.background, frame.grid]
    for run in _runs(rows):
        if len(run) == 1:  # one period alone: a short bar across its slot
            i = run[0]
            top, bottom = y(rows[i].p75), y(rows[i].p25)
            body.append(
                f'<rect class="network-band" x="{n(x(i) - step / 3)}" y="{n(top)}" width="{n(step * 2 / 3)}" '
                f'height="{n(max(bottom - top, 1))}" fill="{BAND_FILL}"/>'
            )
            continue
        upper = [(i, float(rows[i].p75)) for i in run]  # type: ignore[arg-type]
        lower = [(i, float(rows[i].p25)) for i in reversed(run)]  # type: ignore[arg-type]
        body.append(f'<path class="network-band" d="{through(upper + lower, x, y)}Z" fill="{BAND_FILL}"/>')
    body.append(
        line(
            [(i, r.median) for i, r in enumerate(rows)],
            x,
            y,
            f'class="network-median" stroke="{MEDIAN}" stroke-width="1.8" stroke-dasharray="6 3" fill="none"',
        )
    )
    own = [(i, r.own) for i, r in enumerate(rows)]
    body.append(line(own, x, y, f'class="actual" stroke="{INK}" stroke-width="2.2" fill="none"'))
    body += [f'<circle cx="{n(x(i))}" cy="{n(y(v))}" r="2.2" fill="{INK}"/>' for i, v in own if v is not None]
    shown = sorted({0, len(rows) // 3, 2 * len(rows) // 3, len(rows) - 1})
    body += [period_label(x(i), short_label(rows[i].period, grain, lang)) for i in shown]
    return page_chart(body, title=title, desc=desc, css="chart network-chart")
