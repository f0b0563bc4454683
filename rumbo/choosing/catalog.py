"""Finding templates in the catalogue: the board's filters, an accent-free text search, an objective's words first."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from rumbo.choosing.presenters.labels import haystack, name_key
from rumbo.engine.choice.catalog import KpiTemplate, templates
from rumbo.engine.choice.catalog.objectives import match_text, normalise

# Filter name → how a template answers it (a tuple when a template can have several).
FACETS = {
    "area": lambda t: tuple(a.value for a in t.areas),
    "indicator": lambda t: t.indicator.value,
    "nature": lambda t: t.nature.value,
    "buyer_stage": lambda t: t.buyer_stage.value,
    # Only templates made for the stage: the 76 that fit any stage would bury them.
    "market_stage": lambda t: tuple(s.value for s in t.market_stages),
    "family": lambda t: t.family,
}


@dataclass(frozen=True)
class Query:
    text: str = ""
    wanted: Mapping[str, str] = field(default_factory=dict)  # facet → value
    objective_text: str = ""  # rank templates its words point to first


def _matches(t: KpiTemplate, wanted: Mapping[str, str]) -> bool:
    for name, value in wanted.items():
        answer = FACETS[name](t)
        if (value not in answer) if isinstance(answer, tuple) else (answer != value):
            return False
    return True


def search(query: Query, lang: str, pool: Sequence[KpiTemplate] | None = None) -> list[KpiTemplate]:
    """Templates that pass every filter and contain every word typed, best first.

    A word matches the start of any word of the template's texts in `lang`, so "produc"
    finds "producción" and "Produccion" alike. Templates whose name holds the words come
    before those that only mention them; then those an objective's words point to; ties
    keep catalogue order.
    """
    words = normalise(query.text).split()
    found = [
        t
        for t in (templates() if pool is None else pool)
        if _matches(t, query.wanted) and all(f" {w}" in haystack(t, lang) for w in words)
    ]
    hinted = match_text(query.objective_text) if query.objective_text else None

    def rank(t: KpiTemplate) -> tuple[int, int]:
        in_name = 0 if words and all(f" {w}" in name_key(t, lang) for w in words) else 1
        pointed = 1
        if hinted is not None and (t.slug in hinted.slugs or t.family in hinted.families):
            pointed = 0
        return in_name, pointed

    return sorted(found, key=rank)
