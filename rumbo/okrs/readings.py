"""The one place where OKR rows become the engine's facts, and where scores come back for the pages.

Pages, the PDF and the API ask `score_objectives` rather than the engine directly, so a
key result that follows a KPI reads the same value everywhere: the KPI's latest value
with a period inside the cycle (and not after the day scored), or, once the cycle is
closed, the value frozen at the close.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils.translation import get_language

from rumbo.engine.okrs import okr
from rumbo.engine.status.readings import KpiReading
from rumbo.engine.vocab import Aggregation

if TYPE_CHECKING:
    from rumbo.okrs.models import KeyResult, OkrObjective


def cycle_facts(cycle) -> okr.Cycle:
    return okr.Cycle(cycle.start, cycle.end)


def as_of_for(cycle, today: date) -> date:
    """Scores are taken today, or on the last day of a cycle that is over."""
    return min(today, cycle.end)


def kpi_values_in_cycle(measurements, cycle, as_of: date) -> dict[int, tuple[date, Decimal]]:
    """The latest (period, value) of each KPI among (kpi_id, period, value) rows, counting periods inside the cycle up to `as_of`."""
    latest: dict[int, tuple[date, Decimal]] = {}
    for kpi_id, period, value in measurements:
        if value is None or not cycle.start <= period <= min(cycle.end, as_of):
            continue
        if kpi_id not in latest or period > latest[kpi_id][0]:
            latest[kpi_id] = (period, value)
    return latest


def current_of(key_result, cycle, kpi_values: dict) -> Decimal | None:
    if key_result.kpi_id is not None and not cycle.is_closed:
        found = kpi_values.get(key_result.kpi_id)
        return found[1] if found else None
    return key_result.current


def key_result_facts(key_result, cycle, kpi_values: dict, check_ins) -> okr.KeyResultFacts:
    return okr.KeyResultFacts(
        title=key_result.title,
        kind=okr.KeyResultKind(key_result.kind),
        baseline=key_result.baseline,
        target=key_result.target,
        current=current_of(key_result, cycle, kpi_values),
        done=key_result.done,
        weight=key_result.weight,
        confidences=tuple((c.date, c.confidence) for c in check_ins),
    )


def scorable(key_result) -> bool:
    """False for a key result with a figure that cannot be read (see rumbo.kpis.fields): it is shown apart, unscored.

    The database requires a weight, and a baseline and a target for a number or percentage,
    so a missing one here is a stored figure out of its column's range.
    """
    figures = (
        [key_result.weight] if key_result.is_milestone else [key_result.weight, key_result.baseline, key_result.target]
    )
    return all(figure is not None for figure in figures)


def readable_key_results(objective) -> list:
    """The objective's key results that can be scored, in the order of its review's `key_results`."""
    return [kr for kr in objective.key_results.all() if scorable(kr)]


def objective_facts(objective, cycle, key_results, kpi_values: dict, check_ins_of) -> okr.ObjectiveFacts:
    return okr.ObjectiveFacts(
        title=objective.title,
        type=okr.ObjectiveType(objective.type),
        cycle=cycle_facts(cycle),
        key_results=[key_result_facts(kr, cycle, kpi_values, check_ins_of(kr)) for kr in key_results],
    )


@dataclass(frozen=True)
class CheckInRow:
    """A check-in as the pages show it: read as plain values, not model instances (a quarter has hundreds)."""

    date: date
    confidence: int
    value: Decimal | None
    done: bool | None
    comment: str
    author: str
    sent_offline: bool = False  # typed without signal and sent later («enviado sin conexión»)


@dataclass
class ScoredKeyResult:
    key_result: "KeyResult"
    score: okr.KeyResultScore
    current: Decimal | None
    check_ins: list[CheckInRow] = field(default_factory=list)
    story: str = ""


@dataclass
class ScoredObjective:
    objective: "OkrObjective"
    score: okr.ObjectiveScore
    key_results: list[ScoredKeyResult]
    story: str = ""
    unreadable: list = field(default_factory=list)  # key results left unscored: a figure cannot be read


def _story(scored, lang: str) -> str:
    return scored.story_en if lang == "en" else scored.story_es


def score_objectives(
    objectives, key_results_of: dict, check_ins_of: dict, cycle, as_of: date, measurements
) -> list[ScoredObjective]:
    """Score objectives from their key results (by objective id) and check-ins (by key result id, oldest first)."""
    lang = (get_language() or "es")[:2]
    kpi_values = kpi_values_in_cycle(measurements, cycle, as_of)
    out = []
    for objective in objectives:
        key_results = [kr for kr in key_results_of.get(objective.pk, []) if scorable(kr)]
        unreadable = [kr for kr in key_results_of.get(objective.pk, []) if not scorable(kr)]
        facts = objective_facts(objective, cycle, key_results, kpi_values, lambda kr: check_ins_of.get(kr.pk, []))
        score = okr.score_objective(facts, as_of=as_of)
        scored_krs = [
            ScoredKeyResult(
                kr, kr_score, current_of(kr, cycle, kpi_values), check_ins_of.get(kr.pk, []), _story(kr_score, lang)
            )
            for kr, kr_score in zip(key_results, score.key_results)
        ]
        out.append(ScoredObjective(objective, score, scored_krs, _story(score, lang), unreadable))
    return out


def review_objectives(objectives, cycle, measurements) -> list[tuple["OkrObjective", okr.ObjectiveReview]]:
    """Final grades and what carries over, from the values at the end of the cycle."""
    kpi_values = kpi_values_in_cycle(measurements, cycle, cycle.end)
    out = []
    for objective in objectives:
        key_results = readable_key_results(objective)
        facts = objective_facts(objective, cycle, key_results, kpi_values, lambda kr: ())
        out.append((objective, okr.review_objective(facts)))
    return out


def alignment_nodes(objectives) -> list[okr.ObjectiveNode]:
    """Objectives with `key_result_count` annotated (or key results prefetched), as the alignment checks read them."""
    nodes = []
    for o in objectives:
        count = o.key_result_count if hasattr(o, "key_result_count") else len(o.key_results.all())
        nodes.append(okr.ObjectiveNode(o.pk, o.title, o.parent_id, cycle_facts(o.cycle), count))
    return nodes


# The KPI side: the target a key result that follows a KPI aims at.


def per_period_target(reading: KpiReading) -> Decimal | None:
    """The target in the units of one period's value: what a key result that follows the KPI aims at."""
    if reading.target is not None:
        span = reading.target
    elif reading.pace is not None:
        span = reading.pace.span
        if span.value is not None and reading.kpi.aggregation == Aggregation.SUM and reading.pace.periods:
            return span.value / reading.pace.periods
    else:
        return None
    if span.value is not None:
        return span.value
    if span.low is not None and span.high is not None:
        return (span.low + span.high) / 2
    return span.low if span.low is not None else span.high
