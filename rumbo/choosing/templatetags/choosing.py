"""Template helpers for choosing KPIs: the method's "?" explanations, and the quality block of a KPI's page."""

from django import template
from django.utils import timezone
from django.utils.translation import get_language

from rumbo.choosing.presenters.labels import lang_of
from rumbo.engine.choice.catalog import CatalogError
from rumbo.engine.choice.catalog.glossary import glossary_entry

register = template.Library()

# The KPI form's fields that name a concept of the method, and the "?" that explains it.
FORM_CONCEPTS = (
    ("id_kind", "kpi_vs_metrica"),
    ("id_objective", "que_es_un_kpi"),
    ("id_nature", "cuantitativo_vs_cualitativo"),
    ("id_indicator", "prospectivo_vs_retrospectivo"),
    ("id_buyer_stage", "etapa_comprador"),
    ("id_market_stage", "etapa_mercado"),
    ("id_initiative", "seguimiento"),
    ("id_area", "area"),
)


@register.inclusion_tag("choosing/_explain.html")
def explain(slug_or_key: str):
    """`{% explain "kpi_vs_metrica" %}`: a "?" that opens the glossary's short explanation, without JavaScript.

    Takes a glossary slug or a vocabulary value it explains ("leading", "pmf"…); an unknown
    one shows nothing rather than break the page.
    """
    try:
        entry = glossary_entry(str(slug_or_key))
    except CatalogError:
        return {"entry": None}
    lang = lang_of(get_language())
    term = entry.term(lang)
    heading = term if term.endswith(("?", "!", ".")) else f"{term}."
    return {"entry": entry, "term": term, "heading": heading, "text": entry.text(lang)}


# Form fields (of any form of this app) that name a concept, and the "?" for it.
FIELD_CONCEPTS = {
    "objective": "kpi_vs_metrica",
    "kind": "kpi_vs_metrica",
    "nature": "cuantitativo_vs_cualitativo",
    "indicator": "prospectivo_vs_retrospectivo",
    "buyer_stage": "etapa_comprador",
    "market_stage": "etapa_mercado",
    "initiative": "seguimiento",
    "area": "area",
    "target_value": "smart",
    "target_low": "smart",
    "end": "smart",
}


@register.inclusion_tag("choosing/_explain.html")
def explain_field(name: str):
    """The "?" of the concept a form field names, or nothing."""
    slug = FIELD_CONCEPTS.get(str(name))
    return explain(slug) if slug else {"entry": None}


@register.simple_tag
def explain_term(slug_or_key: str) -> str:
    """The name of a glossary entry in the reader's language."""
    try:
        return glossary_entry(str(slug_or_key)).term(lang_of(get_language()))
    except CatalogError:
        return ""


@register.filter
def line_fields(form, line) -> list:
    """The target boxes of one line of the assistant's list."""
    return form.line_fields(line)


@register.inclusion_tag("choosing/_kpi_form_help.html")
def kpi_form_explanations():
    """The "?" of each concept on the KPI form; rumbo/static/rumbo/choosing.js puts each next to its label."""
    return {"concepts": FORM_CONCEPTS}


@register.inclusion_tag("choosing/_kpi_quality_block.html", takes_context=True)
def kpi_quality(context, kpi):
    """What the quality check says about this KPI and its objective (two queries, whatever the cooperative's size)."""
    from rumbo.choosing.presenters.report import build_report
    from rumbo.choosing.selectors import quality_input

    request = context.get("request")
    membership = getattr(request, "membership", None)
    if membership is None or kpi is None or getattr(kpi, "pk", None) is None:
        return {"items": []}
    found = quality_input(request.coop, today=timezone.localdate())
    report = build_report(found, found.check(), coop=request.coop, membership=membership)
    return {"items": report.for_kpi(kpi), "request": request, "kpi": kpi, "csrf_token": context.get("csrf_token")}
