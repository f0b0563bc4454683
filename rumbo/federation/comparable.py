"""What makes a member's KPI comparable with its peers': its catalogue template, frequency and unit.

A unit is read with the cooperative's own units (`local`, {"lata": "12,5 kg"}, from
`orgs.selectors.local_units_of`): a member converts its values into the template's unit before
they leave, so a federation never needs to know what a member's «lata» is worth.
"""

from collections.abc import Mapping
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from rumbo.engine.choice.catalog import UNITS, KpiTemplate, by_slug
from rumbo.engine.network import units
from rumbo.kpis.models import Kpi

ONE = Decimal(1)
COUNTS = {"count", "units"}  # catalogue units whose KPIs name what they count in their own words


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


def kept_unit(unit_text: str, t: KpiTemplate, local: Mapping[str, str] | None = None) -> str:
    """The unit a federation keeps a template's contributions in: its network KPI's unit (read with the
    federation's own units, `local`), else the template's."""
    if same_words(unit_text, t):
        return template_unit(t)
    return units.canonical(unit_text, local) or unit_text.strip()


def shown_factor(kept: str, unit_text: str, t: KpiTemplate, local: Mapping[str, str] | None = None) -> Decimal:
    """What a figure in the kept unit is multiplied by to read in a network KPI's own unit (kg → qq, kg → «saco»).

    1 for the template's words, a pure number or a percentage (a ratio's scale is the ratio's own
    business), and for a unit that does not convert.
    """
    if same_words(unit_text, t) or kept in ("", "%") or kept == unit_text.strip():
        return ONE
    factor = units.convert(1.0, kept, unit_text, local)
    return Decimal(str(factor)) if factor else ONE


def template_of(kpi: Kpi) -> KpiTemplate:
    """The catalogue template a KPI is made from; refused for a KPI that comes from none (it cannot be compared)."""
    found = by_slug().get(kpi.template_slug) if kpi.template_slug else None
    if found is None:
        raise ValidationError(
            _(
                "«%(kpi)s» no viene de una plantilla del catálogo, así que ninguna red puede compararlo: solo se comparten indicadores del catálogo."
            )
            % {"kpi": kpi.name}
        )
    return found


def conversion(kpi: Kpi, t: KpiTemplate, local: Mapping[str, str] | None = None) -> tuple[str, Decimal]:
    """The unit the KPI's values are sent in and the factor that takes them there; refused when it cannot be matched.

    Blank or the template's own words: the template's unit. A unit the library converts to the
    template's, one of the cooperative's own (`local`) included: converted (qq or latas to kg). A
    template whose unit the library does not know ("moneda") takes the canonical form of the KPI's
    own known unit (USD), which the federation converts to its own or refuses; a count takes any
    word for what is counted ("socios"). An unknown unit is refused with a pointer to the
    cooperative's own units, where it can be defined.
    """
    target = template_unit(t)
    if same_words(kpi.unit, t):
        return target, ONE
    factor = units.convert(1.0, kpi.unit, target, local)
    if factor is not None:
        return target, Decimal(str(factor))
    own = units.canonical(kpi.unit, local)
    if in_words(t) and own:  # a template in words the library does not know ("moneda"): a currency, say
        return own, Decimal(str(units.convert(1.0, kpi.unit, own, local) or 1))
    if t.unit in COUNTS and own is None:  # whatever is counted, in the cooperative's own word ("visitas")
        return target, ONE
    said = _("La unidad «%(unit)s» de «%(kpi)s» no se puede comparar con la de la red («%(target)s»).") % {
        "unit": kpi.unit,
        "kpi": kpi.name,
        "target": target,
    }
    if own is None:
        said += " " + _(
            "Si es una unidad propia de la cooperativa, su administración la define en «Cooperativa», "
            "«Unidades propias» (por ejemplo, una lata = 12,5 kg)."
        )
    raise ValidationError(said)


def check_comparable(kpi: Kpi, t: KpiTemplate, local: Mapping[str, str] | None = None) -> None:
    """Refused (with the reason) when the KPI's frequency or unit cannot be matched with its template's."""
    if (kpi.frequency or "month") != t.frequency.value:
        raise ValidationError(
            _(
                "«%(kpi)s» se mide con otra frecuencia que la plantilla del catálogo, así que la red no puede compararlo."
            )
            % {"kpi": kpi.name}
        )
    conversion(kpi, t, local)
