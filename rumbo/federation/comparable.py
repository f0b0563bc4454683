"""What makes a member's KPI comparable with its peers': the unit its template's values travel and are kept in."""

from rumbo.engine.choice.catalog import UNITS, KpiTemplate
from rumbo.engine.network import units


def template_unit(t: KpiTemplate) -> str:
    """The unit every member's values of this template are sent in: the catalogue's, as the units library names it.

    The library reads the catalogue's codes ("kg_per_ha" → "kg/ha", "units" → "count"); a unit it
    does not know ("moneda", "por campaña") or a pure number ("veces") keeps the catalogue's words.
    """
    for text in (t.unit, UNITS[t.unit][0]):
        found = units.canonical(text)
        if found:
            return found
    return UNITS[t.unit][0]


def in_words(t: KpiTemplate) -> bool:
    """A template whose unit the units library does not know ("moneda", "por campaña"): only words compare."""
    return not any(units.canonical(text) is not None for text in (t.unit, UNITS[t.unit][0]))


def same_words(own: str, t: KpiTemplate) -> bool:
    """A KPI's unit left blank or written as the catalogue writes it."""
    own = own.strip().lower()
    return not own or own in {UNITS[t.unit][0].lower(), UNITS[t.unit][1].lower(), t.unit, template_unit(t).lower()}


def kept_unit(unit_text: str, t: KpiTemplate) -> str:
    """The unit a federation keeps a template's contributions in: its network KPI's unit, else the template's."""
    if same_words(unit_text, t):
        return template_unit(t)
    return units.canonical(unit_text) or unit_text.strip()
