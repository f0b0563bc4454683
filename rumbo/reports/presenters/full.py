"""The full report's content: the assembly board, then a page per objective (or area) with each KPI's chart, then OKRs.

Every KPI is read once, by the board (`read_board`), and its chart is drawn from all its
values and targets, loaded for every KPI in two queries (`readings.kpi_data`), with the
same chart functions as the KPI's page.
"""

from dataclasses import dataclass
from datetime import date

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from rumbo.engine.status.readings import KpiReading
from rumbo.engine.vocab import Aggregation
from rumbo.kpis import charts, readings
from rumbo.kpis.choices import Area
from rumbo.kpis.presenters import tiles
from rumbo.reports.presenters.assembly import AssemblyBoard, Options, assembly_board, wanted


@dataclass(frozen=True)
class KpiBlock:
    tile: tiles.Tile
    chart: SafeString
    chart_kind: str  # "history", "cumulative" or ""


@dataclass(frozen=True)
class Section:
    title: str
    card: tiles.ObjectiveCard | None  # the objective's status and sentence, when the section is one
    blocks: list[KpiBlock]


@dataclass
class FullReport:
    board: AssemblyBoard
    sections: list[Section]

    @property
    def okr(self):
        return self.board.okr


def _chart(kpi, reading: KpiReading, data: readings.KpiData, lang: str, as_of: date) -> tuple[SafeString, str]:
    facts = data.facts
    values = [pv for pv in data.values if pv.period <= as_of]  # a report about an earlier day ignores later values
    if reading.value is None:
        return SafeString(""), ""
    pace = reading.pace
    if (
        pace is not None
        and facts.aggregation == Aggregation.SUM
        and pace.span.value is not None
        and reading.target is None
    ):
        drawn = charts.cumulative(
            facts,
            values,
            reading,
            lang=lang,
            title=_("%(name)s: acumulado frente a la meta") % {"name": kpi.name},
            desc="",
        )
        if drawn:
            return drawn, "cumulative"
    end = max(d for d in (reading.freshness.due_period, reading.period) if d is not None)
    rows = charts.history_rows(facts, values, data.targets, end=end)
    drawn = (
        charts.history(
            facts,
            rows,
            status=reading.status,
            lang=lang,
            title=_("%(name)s: valores frente a la meta") % {"name": kpi.name},
            desc="",
        )
        if rows
        else SafeString("")
    )
    return drawn, "history" if drawn else ""


def _blocks(kpis, board: readings.Board, data: dict, words: tiles.Words, as_of: date) -> list[KpiBlock]:
    out = []
    for kpi in kpis:
        reading = board.reading(kpi)
        chart, kind = _chart(kpi, reading, data[kpi.pk], words.lang, as_of)
        out.append(KpiBlock(tiles.tile(kpi, reading, words, "", unreadable=data[kpi.pk].has_unreadable), chart, kind))
    return out


def full_report(coop, options: Options, *, produced_on: date) -> FullReport:
    """Call inside `translation.override(options.lang)`."""
    board_report = assembly_board(coop, options, produced_on=produced_on)
    board = board_report.board
    kpis = [k for k in board.kpis if wanted(k, options)]
    data = readings.kpi_data(kpis)
    words = tiles.words(options.lang)
    sections = []
    if options.group == "area":
        for value, label in Area.choices:
            in_area = [k for k in kpis if k.area == value]
            if in_area:
                sections.append(Section(str(label), None, _blocks(in_area, board, data, words, options.as_of)))
    else:
        for card in board_report.cards:
            mine = [k for k in kpis if k.objective_id == card.objective.pk]
            sections.append(Section(card.objective.title, card, _blocks(mine, board, data, words, options.as_of)))
        loose = [k for k in kpis if k.objective_id is None]
        if loose:
            sections.append(
                Section(_("Indicadores sin objetivo"), None, _blocks(loose, board, data, words, options.as_of))
            )
    return FullReport(board=board_report, sections=sections)
