"""SVG charts drawn on the server from engine readings: status icons, sparklines, bullets and a KPI's history.

Hand-written SVG rather than pygal: pygal takes about 20 ms and 13 KB per sparkline (a board
of 60 tiles would take over a second), and it puts a <style> in every chart, which the
page's Content-Security-Policy blocks when the SVG is inlined. These charts are a few
hundred bytes each, carry presentation attributes (so they look right alone, in a PDF or
an e-mail) and CSS classes (so rumbo.css can restyle them), and every one has a <title>
and role="img"; the page next to them always says the same in words. Every chart, of this
app and of the apps above it, draws with the public names of `rumbo.kpis.charts.toolkit`.
"""

from rumbo.kpis.charts.history import HISTORY_PERIODS, HistoryRow, cumulative, history, history_rows, short_label
from rumbo.kpis.charts.small import Zones, bullet, sparkline, status_icon, zones
from rumbo.kpis.charts.toolkit import STATUS_COLOUR, nice_ticks

__all__ = [
    "HISTORY_PERIODS",
    "STATUS_COLOUR",
    "HistoryRow",
    "Zones",
    "bullet",
    "cumulative",
    "history",
    "history_rows",
    "nice_ticks",
    "short_label",
    "sparkline",
    "status_icon",
    "zones",
]
