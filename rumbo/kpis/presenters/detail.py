"""What a KPI's page shows besides its rows: its reading, its charts with their words, and its definition.

Shared by the page and, later, the KPI's PDF: one reading (`readings.read_kpi`), the same
tile texts as the board, and charts that carry their own text alternative.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from rumbo.engine.status.phrases import amount
from rumbo.engine.status.readings import KpiReading
from rumbo.engine.timeline.periods import label
from rumbo.kpis import charts, readings
from rumbo.kpis.models import Kpi
from rumbo.kpis.presenters import explain, tiles


@dataclass(frozen=True)
class ChartRow:
    period: str
    value: str
    target: str
    year_ago: str


@dataclass(frozen=True)
class KpiPage:
    tile: tiles.Tile
    reading: KpiReading
    history: SafeString
    rows: list[ChartRow]  # the history chart as a table
    cumulative: SafeString
    has_zones: bool
    plain: list[str]
    # What the reading left out because a stored figure cannot be read: values' periods, targets' (start, end).
    unreadable_periods: tuple = ()
    unreadable_targets: tuple = ()


def _history_desc(reading: KpiReading, rows: list[charts.HistoryRow], lang: str) -> str:
    present = [r.value for r in rows if r.value is not None]
    kpi, grain = reading.kpi, reading.kpi.grain
    return _(
        "De %(first)s a %(last)s: entre %(low)s y %(high)s; el último valor es %(latest)s. "
        "La línea discontinua es la meta; la punteada, el mismo periodo del año anterior."
    ) % {
        "first": label(rows[0].period, grain, lang),
        "last": label(rows[-1].period, grain, lang),
        "low": amount(min(present), kpi, lang),
        "high": amount(max(present), kpi, lang),
        "latest": amount(present[-1], kpi, lang),
    }


def kpi_page(kpi: Kpi, *, lang: str, today: date) -> KpiPage:
    reading, data = readings.read_kpi(kpi, today=today)
    facts = data.facts
    end = reading.freshness.due_period or reading.period
    if reading.period is not None and (end is None or reading.period > end):
        end = reading.period
    rows = charts.history_rows(facts, data.values, data.targets, end=end) if end else []
    history = cumulative = SafeString("")
    # A value older than the chart's window (a daily KPI's value of last year) draws no chart.
    if reading.value is not None and any(r.value is not None for r in rows):
        history = charts.history(
            facts,
            rows,
            status=reading.status,
            lang=lang,
            title=_("%(name)s: valores frente a la meta") % {"name": kpi.name},
            desc=_history_desc(reading, rows, lang),
        )
        cumulative = charts.cumulative(
            facts,
            data.values,
            reading,
            lang=lang,
            title=_("%(name)s: acumulado frente a la meta") % {"name": kpi.name},
            desc=_(
                "El total acumulado (línea continua) frente a un avance parejo hasta la meta (línea discontinua), "
                "el del año anterior (punteada) y lo previsto a la fecha (rombo)."
            ),
        )

    def text(value: Decimal | None) -> str:
        return amount(value, facts, lang) if value is not None else "—"

    table = [
        ChartRow(
            label(r.period, facts.grain, lang),
            text(r.value),
            tiles.target_text(r.target, reading, lang) if r.target else "—",
            text(r.year_ago),
        )
        for r in reversed(rows)
    ]
    return KpiPage(
        tile=tiles.tile(kpi, reading, tiles.words(lang), url="", unreadable=data.has_unreadable),
        reading=reading,
        history=history,
        rows=table,
        cumulative=cumulative,
        has_zones=any(r.target is not None for r in rows),
        plain=explain.plain_words(kpi, facts, lang),
        unreadable_periods=data.unreadable_periods,
        unreadable_targets=data.unreadable_targets,
    )
