"""What the assembly PDF and the full report show, read through the board's one reading path.

Statuses, stories and charts come from `kpis.readings.read_board` and `kpis.tiles`, so a
printed page says exactly what the board said on the same day. The one rule of our own
is which KPIs the one-page board shows: KPIs (not plain metrics), those needing attention
first — off track, at risk, without data, on track — then in the order of their
objectives and their own; as many as fit on the page (`pdf.one_page` keeps them).
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.utils.formats import date_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from rumbo.engine.status.story import STATUS_WORDS
from rumbo.engine.vocab import Status
from rumbo.kpis import charts, readings
from rumbo.kpis.choices import Area
from rumbo.kpis.presenters import tiles
from rumbo.reports import okrs

# As many tiles as a page holds with nothing above them; the layout keeps those that fit (`pdf.one_page`).
MOST_ON_A_PAGE = 12
LEGEND_ORDER = (Status.ON_TRACK, Status.AT_RISK, Status.OFF_TRACK, Status.NO_DATA)


@dataclass(frozen=True)
class Options:
    """What the person asked for: the day the report is about, which areas and objectives, which language."""

    as_of: date
    lang: str = "es"
    areas: tuple[str, ...] = ()
    objectives: tuple[int, ...] = ()  # kpis.Objective ids
    group: str = "objective"  # how the full report makes its pages: "objective" or "area"


@dataclass
class AssemblyBoard:
    coop: object
    options: Options
    produced_on: date
    cards: list  # tiles.ObjectiveCard
    tiles: list  # tiles.Tile, in the order they should be shown
    okr: okrs.OkrSection | None
    legend: list[tuple[Status, SafeString, str]]
    board: readings.Board
    labels: dict = field(default_factory=dict)

    @property
    def candidates(self) -> list[tuple[object, str]]:
        """The tiles the page may hold, each with the line to print if it is the last one that fits."""
        return [(t, self.rest_after(i + 1)) for i, t in enumerate(self.tiles[:MOST_ON_A_PAGE])]

    @property
    def rest_all(self) -> str:
        """The foot's line when no tile fits (the heading of the tiles sets it first)."""
        return self.rest_after(0)

    def rest_after(self, shown: int) -> str:
        """'Otros 11 indicadores, en el informe completo: 6 en riesgo, 5 van por buen rumbo.' ("" when none is left)."""
        left = self.tiles[shown:]
        if not left:
            return ""
        counts = Counter(t.status for t in left)
        parts = ", ".join(count_phrase(s, counts[s]) for s in sorted(counts, key=tiles.ATTENTION_ORDER.__getitem__))
        lead = ngettext(
            "Otro indicador, en el informe completo", "Otros %(n)s indicadores, en el informe completo", len(left)
        )
        return f"{lead % {'n': len(left)}}: {parts}."

    @property
    def counts(self) -> list[tuple[Status, SafeString, str]]:
        """Every KPI counted by status, worst first: (status, icon, "6 en riesgo")."""
        counts = Counter(t.status for t in self.tiles)
        return [
            (s, charts.status_icon(s), count_phrase(s, counts[s]))
            for s in sorted(counts, key=tiles.ATTENTION_ORDER.__getitem__)
        ]


def count_phrase(status: Status, n: int) -> str:
    phrases = {
        Status.OFF_TRACK: ngettext("%(n)s fuera de rumbo", "%(n)s fuera de rumbo", n),
        Status.AT_RISK: ngettext("%(n)s en riesgo", "%(n)s en riesgo", n),
        Status.NO_DATA: ngettext("%(n)s sin datos", "%(n)s sin datos", n),
        Status.ON_TRACK: ngettext("%(n)s va por buen rumbo", "%(n)s van por buen rumbo", n),
    }
    return phrases[status] % {"n": n}


def _attention_key(objective_rank: dict):
    def key(tile):
        late = 0 if tile.reading.freshness.missing else 1
        return (
            tiles.ATTENTION_ORDER[tile.status],
            late,
            objective_rank.get(tile.kpi.objective_id, len(objective_rank)),
            tile.kpi.position,
            tile.kpi.name,
        )

    return key


def wanted(kpi, options: Options) -> bool:
    return (not options.areas or kpi.area in options.areas) and (
        not options.objectives or kpi.objective_id in options.objectives
    )


def objective_wanted(objective, options: Options, kpis) -> bool:
    if options.objectives:
        return objective.pk in options.objectives
    if options.areas:
        return objective.area in options.areas or any(
            k.objective_id == objective.pk and k.area in options.areas for k in kpis
        )
    return True


def assembly_board(coop, options: Options, *, produced_on: date, board: readings.Board | None = None) -> AssemblyBoard:
    """The one-page board's content (call inside `translation.override(options.lang)`)."""
    board = board or readings.read_board(coop, today=options.as_of)
    lang = options.lang
    cards = [
        tiles.objective_card(o, summary, lang)
        for o, summary in board.objectives
        if objective_wanted(o, options, board.kpis)
    ]
    rank = {o.pk: i for i, (o, _summary) in enumerate(board.objectives)}
    words = tiles.words(lang)
    shown = [
        tiles.tile(k, board.reading(k), words, "", unreadable=k.pk in board.unreadable)
        for k in board.kpis
        if k.is_kpi and wanted(k, options)
    ]
    shown.sort(key=_attention_key(rank))
    legend = [(s, charts.status_icon(s), STATUS_WORDS[lang][s]) for s in LEGEND_ORDER]
    return AssemblyBoard(
        coop=coop,
        options=options,
        produced_on=produced_on,
        cards=cards,
        tiles=shown,
        okr=okrs.okr_section(coop, options.as_of, lang, areas=options.areas),
        legend=legend,
        board=board,
        labels=report_labels(coop, options, produced_on),
    )


def report_labels(coop, options: Options, produced_on: date) -> dict:
    """The words of the page's head and foot, in the report's language."""
    areas = dict(Area.choices)
    scope = ", ".join(str(areas.get(a, a)) for a in options.areas)
    return {
        "as_of": _("Situación al %(day)s") % {"day": date_format(options.as_of, "DATE_FORMAT")},
        "produced": _("Elaborado el %(day)s") % {"day": date_format(produced_on, "SHORT_DATE_FORMAT")},
        "scope": _("Áreas: %(areas)s") % {"areas": scope} if scope else "",
    }
