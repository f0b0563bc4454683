"""OKR scores for the reports, through the OKR app's own selectors, and only when that app is there.

The PDF, the digest and the WhatsApp text show OKRs only while a cycle is running on the
day the report is about; without the OKR app (or without a running cycle) they simply
leave the section out.
"""

from collections.abc import Collection
from typing import TYPE_CHECKING

from rumbo.engine.vocab import Status
from rumbo.orgs.models import Cooperative

if TYPE_CHECKING:
    from rumbo.okrs.models import Cycle, OkrObjective
    from rumbo.okrs.readings import ScoredObjective

from dataclasses import dataclass
from datetime import date

from django.apps import apps
from django.utils.translation import gettext as _

STATUS_OF_COLOUR = {"green": "on_track", "yellow": "at_risk", "red": "off_track"}


def available() -> bool:
    return apps.is_installed("rumbo.okrs")


@dataclass(frozen=True)
class KrRow:
    """One key result: its figures and grade in words."""

    key_result: object
    baseline: str
    target: str
    current: str
    grade: str
    colour_word: str
    status: str
    icon: object
    slip: str  # "Detrás del ritmo, la confianza baja", or ""


@dataclass(frozen=True)
class OkrRow:
    """One objective of the running cycle as the reports show it."""

    objective: object
    key_results: list[KrRow]
    grade: str  # "0,46"
    expected: str  # "0,63": the grade expected by now
    colour: str  # green, yellow, red
    colour_word: str  # "Amarillo: a medias"
    status: str  # the board status word the colour reads as (on_track, at_risk, off_track)
    icon: object  # the status shape of the colour, so it reads in black and white
    type_word: str  # "Aspiracional"
    slipping: bool
    story: str
    unreadable: tuple = ()  # key results left unscored: a figure of theirs cannot be read


@dataclass(frozen=True)
class OkrSection:
    cycle: object
    rows: list[OkrRow]
    elapsed: str  # "63 %"


def _objective(scored: "ScoredObjective") -> "OkrObjective":
    return scored.objective


def running_cycle(coop: Cooperative, as_of: date) -> "Cycle | None":
    """The open cycle that holds `as_of` (the shortest, when a quarter runs inside a year), or None."""
    if not available():
        return None
    from rumbo.okrs import selectors

    holding = [c for c in selectors.cycles_of(coop) if c.start <= as_of <= c.end and not c.is_closed]
    return selectors.current_cycle(coop, as_of, holding) if holding else None


def okr_section(coop: Cooperative, as_of: date, lang: str, *, areas: Collection[str] = ()) -> OkrSection | None:
    """The running cycle's objectives with their scores (OKR selectors: a fixed number of queries), or None."""
    cycle = running_cycle(coop, as_of)
    if cycle is None:
        return None
    from rumbo.engine.numbers import format_percent
    from rumbo.engine.okrs.okr_story import format_grade, format_value
    from rumbo.kpis.charts import status_icon
    from rumbo.okrs import selectors
    from rumbo.okrs.choices import COLOUR_LABEL, Type

    scored = selectors.scored_objectives(coop, cycle, as_of)
    if areas:
        scored = [s for s in scored if not _objective(s).area or _objective(s).area in areas]
    if not scored:
        return None
    types = dict(Type.choices)

    def value(figure, kind):
        return "—" if figure is None else format_value(figure, lang, kind)

    def kr_row(skr) -> KrRow:
        kr, score = skr.key_result, skr.score
        milestone = kr.kind == "milestone"
        status = STATUS_OF_COLOUR.get(str(score.colour), "no_data")
        return KrRow(
            key_result=kr,
            baseline="" if milestone else value(kr.baseline, kr.kind),
            target="" if milestone else value(kr.target, kr.kind),
            current=(_("hecho") if kr.done else _("pendiente")) if milestone else value(skr.current, kr.kind),
            grade=format_grade(score.grade, lang),
            colour_word=str(COLOUR_LABEL.get(score.colour, "")),
            status=status,
            icon=status_icon(Status(status)),
            slip=slip_words(score.reasons),
        )

    rows = []
    for s in scored:
        status = STATUS_OF_COLOUR.get(str(s.score.colour), "no_data")
        rows.append(
            OkrRow(
                objective=s.objective,
                key_results=[kr_row(k) for k in s.key_results],
                grade=format_grade(s.score.grade, lang),
                expected=format_grade(s.score.expected, lang),
                colour=str(s.score.colour),
                colour_word=str(COLOUR_LABEL.get(s.score.colour, "")),
                status=status,
                icon=status_icon(Status(status)),
                type_word=str(types.get(_objective(s).type, "")),
                slipping=s.score.slipping,
                story=s.score.story_en if lang == "en" else s.score.story_es,
                unreadable=tuple(s.unreadable),
            )
        )
    return OkrSection(cycle=cycle, rows=rows, elapsed=format_percent(scored[0].score.elapsed, 0, lang))


def slip_words(reasons) -> str:
    """'Detrás del ritmo, la confianza baja': a key result's reasons in words ("" when it is not slipping)."""
    from rumbo.okrs.choices import SLIP_LABEL

    reasons = [str(r) for r in reasons]
    if "confidence_falling" in reasons and "confidence_low" in reasons:  # saying both repeats itself
        reasons.remove("confidence_low")
    words = [str(SLIP_LABEL.get(r, "")) for r in reasons]
    text = ", ".join(w for w in words if w)
    return text[:1] + text[1:].lower()
