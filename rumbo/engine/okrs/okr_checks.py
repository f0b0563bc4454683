"""The checks an OKR must pass before it is saved, and the warnings about how many there are.

Validation functions raise `RumboError` with a Spanish message marked for translation;
the app calls them from its forms and services, and the scoring calls them again so a
bad fact never turns into a plausible-looking score. Warnings are not errors: the
method advises 2–5 key results per objective and at most 5 objectives per level, but a
cooperative may have reasons to differ.
"""

import math
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from rumbo.engine.errors import RumboError, gettext_noop
from rumbo.engine.numbers import parse_number
from rumbo.engine.okrs import okr_story
from rumbo.engine.okrs.okr_types import (
    MAX_KEY_RESULTS,
    MAX_OBJECTIVES_PER_LEVEL,
    MIN_KEY_RESULTS,
    Cycle,
    KeyResultFacts,
    KeyResultKind,
    Number,
    ObjectiveFacts,
)


def figure(value: Number | None, title: str) -> Decimal:
    """Read a fact's number once, refusing what cannot be scored (None, NaN, infinity, text)."""
    number = parse_number(value)
    if not number.is_finite():
        raise RumboError(gettext_noop("«%(title)s» tiene un valor que no es un número finito."), title=title)
    return number


def validate_weight(weight: Number, title: str) -> Decimal:
    """A weight says how much a key result counts; zero or less would hide or invert it."""
    number = figure(weight, title)
    if number <= 0:
        raise RumboError(
            gettext_noop("El peso de «%(title)s» debe ser mayor que cero; se recibió %(value)s."),
            title=title,
            value=_plain(number),
        )
    return number


def validate_targets(baseline: Number | None, target: Number | None, title: str) -> tuple[Decimal, Decimal]:
    """A measured key result needs somewhere to start and somewhere else to arrive."""
    if baseline is None or target is None:
        raise RumboError(
            gettext_noop("El resultado clave «%(title)s» necesita una línea base y una meta."), title=title
        )
    start, goal = figure(baseline, title), figure(target, title)
    if start == goal:
        raise RumboError(
            gettext_noop(
                "La meta de «%(title)s» es igual a su línea base (%(value)s): no habría nada que mover. "
                "Elija una meta más alta o más baja."
            ),
            title=title,
            value=_plain(start),
        )
    return start, goal


def validate_confidence(value: object) -> int:
    """Confidence is a whole number from 0 (no chance) to 10 (certain)."""
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float, Decimal))
        or not (math.isfinite(value) and 0 <= value <= 10 and value == int(value))
    ):
        raise RumboError(gettext_noop("La confianza es un número entero de 0 a 10; «%(value)s» no lo es."), value=value)
    return int(value)


def validate_check_in(cycle: Cycle, on: date, confidence: object) -> None:
    """A check-in belongs to its cycle: outside it, it would bend the trend of another quarter."""
    validate_confidence(confidence)
    if not cycle.start <= on <= cycle.end:
        raise RumboError(
            gettext_noop("El seguimiento del %(date)s cae fuera del ciclo, que va del %(start)s al %(end)s."),
            date=on.strftime("%d/%m/%Y"),
            start=cycle.start.strftime("%d/%m/%Y"),
            end=cycle.end.strftime("%d/%m/%Y"),
        )


def validate_key_result(facts: KeyResultFacts, cycle: Cycle) -> None:
    validate_weight(facts.weight, facts.title)
    if facts.kind != KeyResultKind.MILESTONE:
        validate_targets(facts.baseline, facts.target, facts.title)
        if facts.current is not None:
            figure(facts.current, facts.title)
    for on, confidence in facts.confidences:
        validate_check_in(cycle, on, confidence)


def validate_objective(facts: ObjectiveFacts) -> None:
    for key_result in facts.key_results:
        validate_key_result(key_result, facts.cycle)


def would_create_cycle(
    objective_id: Hashable, proposed_parent_id: Hashable | None, parent_of: Mapping[Hashable, Hashable | None]
) -> bool:
    """True when hanging the objective under that parent would make it its own ancestor.

    `parent_of` maps each objective's id to its parent's id (or None). A loop already in
    the data that does not pass through this objective is not this change's doing and
    is not reported here; the walk just stops there.
    """
    seen = set()
    current = proposed_parent_id
    while current is not None and current not in seen:
        if current == objective_id:
            return True
        seen.add(current)
        current = parent_of.get(current)
    return False


def validate_parent(
    objective_id: Hashable, proposed_parent_id: Hashable | None, parent_of: Mapping[Hashable, Hashable | None]
) -> None:
    if would_create_cycle(objective_id, proposed_parent_id, parent_of):
        raise RumboError(
            gettext_noop(
                "Ese objetivo padre formaría un círculo: un objetivo no puede depender de sí mismo "
                "ni de uno de los objetivos que dependen de él."
            )
        )


class AlignmentIssue(StrEnum):
    TOO_FEW_KEY_RESULTS = "too_few_key_results"
    TOO_MANY_KEY_RESULTS = "too_many_key_results"
    TOO_MANY_OBJECTIVES = "too_many_objectives"


@dataclass(frozen=True)
class ObjectiveNode:
    """What the alignment checks need to know about one objective."""

    id: Hashable
    title: str
    parent_id: Hashable | None
    cycle: Cycle
    key_result_count: int


@dataclass(frozen=True)
class AlignmentWarning:
    issue: AlignmentIssue
    count: int
    cycle: Cycle
    objective_id: Hashable | None  # the objective with too few or too many key results
    parent_id: Hashable | None  # the level with too many objectives (None: the top level)
    text_es: str
    text_en: str


def alignment_warnings(nodes: Iterable[ObjectiveNode]) -> list[AlignmentWarning]:
    """Warn past 5 key results per objective, under 2, and past 5 objectives per level and cycle."""
    nodes = list(nodes)
    titles = {node.id: node.title for node in nodes}
    warnings = []
    for node in nodes:
        count = node.key_result_count
        if count < MIN_KEY_RESULTS or count > MAX_KEY_RESULTS:
            issue = (
                AlignmentIssue.TOO_FEW_KEY_RESULTS if count < MIN_KEY_RESULTS else AlignmentIssue.TOO_MANY_KEY_RESULTS
            )
            es, en = okr_story.key_result_count_texts(node.title, count)
            warnings.append(AlignmentWarning(issue, count, node.cycle, node.id, node.parent_id, es, en))
    levels = Counter((node.parent_id, node.cycle) for node in nodes)
    for (parent_id, cycle), count in levels.items():
        if count > MAX_OBJECTIVES_PER_LEVEL:
            es, en = okr_story.objective_count_texts(count, cycle, parent_id is None, titles.get(parent_id))
            warnings.append(AlignmentWarning(AlignmentIssue.TOO_MANY_OBJECTIVES, count, cycle, None, parent_id, es, en))
    return warnings


def _plain(value: Decimal) -> str:
    return okr_story.format_value(value, "es")
