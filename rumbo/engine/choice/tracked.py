"""Does the cooperative already measure this? The one rule that recognises the same indicator twice.

A catalogue template is already tracked by one of the cooperative's KPIs or metrics when
that row was made from it (its template id), when both carry the same name once case,
accents, spaces, punctuation and a closing abbreviation in brackets are set aside
(«Costo por adquisición (CPA)» is «costo por adquisición»), when both carry the same
abbreviation («OTIF»), or when the row's description states the template's definition
and formula (the measure itself, as adoption writes it). Two rows are duplicates by the
same rule. The assistant, the catalogue, adoption and the quality check all ask here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from rumbo.engine.choice.catalog import KpiTemplate, by_slug
from rumbo.engine.choice.catalog.objectives import normalise

_BRACKET = re.compile(r"\s*\(([^()]*)\)\s*$")
_ABBREVIATION = re.compile(r"^[A-Za-z][A-Za-z0-9]{1,9}$")


class Same(StrEnum):
    TEMPLATE = "template"  # made from the same catalogue template
    NAME = "name"  # the same name or abbreviation
    MEASURE = "measure"  # the same definition and formula


@dataclass(frozen=True)
class Tracked:
    """One of the cooperative's KPIs or metrics as the rule reads it."""

    id: str
    name: str
    template_slug: str = ""
    description: str = ""


def name_key(name: str) -> str:
    """The name without case, accents, punctuation or a closing bracket: "Razón (ratio) " → "razon"."""
    return normalise(_BRACKET.sub("", str(name))) or normalise(name)


def abbreviation(name: str) -> str:
    """ "OTIF" for «Entregas a tiempo y completas (OTIF)» or for «OTIF» itself; "" when there is none."""
    text = str(name).strip()
    found = _BRACKET.search(text)
    word = found.group(1).strip() if found else text
    return word.casefold() if _ABBREVIATION.match(word) and (found or word.isupper()) else ""


def _names(t: KpiTemplate) -> set[str]:
    return {name_key(t.name_es), name_key(t.name_en)}


def _abbreviations(t: KpiTemplate) -> set[str]:
    return {a for a in (abbreviation(t.name_es), abbreviation(t.name_en)) if a}


def _states_measure(description: str, t: KpiTemplate) -> bool:
    text = normalise(description)
    return bool(text) and any(
        normalise(t.text("definition", lang)) in text and normalise(t.text("formula", lang)) in text
        for lang in ("es", "en")
    )


def same_as_template(kpi: Tracked, t: KpiTemplate) -> Same | None:
    """How `kpi` already measures what `t` measures, or None."""
    if kpi.template_slug == t.slug:
        return Same.TEMPLATE
    if name_key(kpi.name) in _names(t):
        return Same.NAME
    mine = abbreviation(kpi.name)
    if mine and mine in _abbreviations(t):
        return Same.NAME
    if _states_measure(kpi.description, t):
        return Same.MEASURE
    return None


def tracking(t: KpiTemplate, kpis: Iterable[Tracked]) -> Tracked | None:
    """The first of `kpis` that already measures what `t` measures."""
    return next((k for k in kpis if same_as_template(k, t) is not None), None)


def tracked_templates(templates: Iterable[KpiTemplate], kpis: Sequence[Tracked]) -> dict[str, Tracked]:
    """Template slug → the first KPI or metric that already measures it, for the templates that have one.

    The same answer as `tracking` for each template, from indexes built once: the catalogue
    page and the assistant ask it for every template at once.
    """
    by_template: dict[str, Tracked] = {}
    by_name: dict[str, Tracked] = {}
    by_abbreviation: dict[str, Tracked] = {}
    described = []
    for kpi in kpis:
        by_template.setdefault(kpi.template_slug, kpi)
        by_name.setdefault(name_key(kpi.name), kpi)
        if mine := abbreviation(kpi.name):
            by_abbreviation.setdefault(mine, kpi)
        if text := normalise(kpi.description):
            described.append((text, kpi))
    position = {kpi.id: i for i, kpi in enumerate(kpis)}
    found = {}
    for t in templates:
        candidates = [
            by_template.get(t.slug),
            *(by_name.get(n) for n in _names(t)),
            *(by_abbreviation.get(a) for a in _abbreviations(t)),
        ]
        measures = [
            (normalise(t.text("definition", lang)), normalise(t.text("formula", lang))) for lang in ("es", "en")
        ]
        candidates += [kpi for text, kpi in described if any(d in text and f in text for d, f in measures)]
        present = [k for k in candidates if k is not None]
        if present:
            found[t.slug] = min(present, key=lambda k: position[k.id])
    return found


MEASURE_WORDS = 4  # a shorter description («Ventas del mes») says too little to call two rows the same


@dataclass(frozen=True)
class _Keys:
    names: frozenset[str]  # its name and, when made from a template, the template's names
    abbreviations: frozenset[str]
    description: str
    template: KpiTemplate | None


def _keys(kpi: Tracked) -> _Keys:
    t = by_slug().get(kpi.template_slug)
    names = {name_key(kpi.name)} | (_names(t) if t else set())
    mine = abbreviation(kpi.name)
    abbreviations = ({mine} if mine else set()) | (_abbreviations(t) if t else set())
    description = normalise(kpi.description)
    return _Keys(
        frozenset(names), frozenset(abbreviations), description if len(description.split()) >= MEASURE_WORDS else "", t
    )


def _same(a: Tracked, ka: _Keys, b: Tracked, kb: _Keys) -> Same | None:
    if a.template_slug and a.template_slug == b.template_slug:
        return Same.TEMPLATE
    if ka.names & kb.names or ka.abbreviations & kb.abbreviations:
        return Same.NAME
    if ka.description and ka.description == kb.description:
        return Same.MEASURE
    if (ka.template and _states_measure(b.description, ka.template)) or (
        kb.template and _states_measure(a.description, kb.template)
    ):
        return Same.MEASURE
    return None


def same_kpi(a: Tracked, b: Tracked) -> Same | None:
    """How two rows measure the same thing, or None."""
    return _same(a, _keys(a), b, _keys(b))


def duplicates(kpis: Sequence[Tracked]) -> list[tuple[Tracked, Tracked, Same]]:
    """(row, the earlier row it repeats, how) for each row that repeats an earlier one, in order."""
    keys = [_keys(k) for k in kpis]
    found = []
    for i, kpi in enumerate(kpis):
        earlier = next(
            ((kpis[j], same) for j in range(i) if (same := _same(kpi, keys[i], kpis[j], keys[j])) is not None), None
        )
        if earlier is not None:
            found.append((kpi, *earlier))
    return found
