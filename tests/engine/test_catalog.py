"""The KPI template library, its glossary and its keywords are complete and consistent."""

import re
from decimal import Decimal
from pathlib import Path

import pytest
from simpleeval import simple_eval

from rumbo.engine.choice import catalog
from rumbo.engine.choice.catalog import (
    FAMILIES,
    UNITS,
    CatalogError,
    DeckSection,
    build_templates,
    formula_names,
    inputs,
    sources,
    template,
    templates,
)
from rumbo.engine.choice.catalog.glossary import glossary, glossary_entry
from rumbo.engine.choice.catalog.objectives import example_objectives, match_text, normalise
from rumbo.engine.vocab import (
    Aggregation,
    Area,
    BuyerStage,
    Direction,
    Grain,
    Indicator,
    Kind,
    MarketStage,
    Nature,
    ScaleKind,
)

ALL = templates()
COMPUTABLE = [t for t in ALL if t.expression]
# The course deck lives in shared/, beside the checkout (as in CI).
DECK = Path(__file__).resolve().parents[3] / "shared" / "seed" / "curso-kpi-etapa2-objetivos.md"

# Every example the deck gives, under the deck's own name (Spanish, or English where the
# deck writes English), with the section it appears in.
DECK_EXAMPLES = [
    ("cuantitativo", "name_es", "Producción total de café"),
    ("cuantitativo", "name_es", "Ingresos totales"),
    ("cuantitativo", "name_es", "Tasa de supervivencia de los árboles"),
    ("cuantitativo", "name_es", "Nivel de endeudamiento"),
    ("cuantitativo", "name_es", "Tasa de retención de los miembros"),
    ("cualitativo", "name_es", "Calidad del café"),
    ("cualitativo", "name_es", "Eficiencia del proceso"),
    ("cualitativo", "name_es", "Flexibilidad"),
    ("cualitativo", "name_es", "Fiabilidad del equipo"),
    ("cualitativo", "name_es", "Seguridad en el trabajo"),
    ("prospectivo", "name_es", "Llamadas a clientes por día"),
    ("prospectivo", "name_es", "Mensajes enviados a clientes diariamente"),
    ("prospectivo", "name_es", "Conversaciones con clientes por campaña publicitaria"),
    ("retrospectivo", "name_es", "Ventas cerradas por mes"),
    ("retrospectivo", "name_es", "Estudiantes capacitados por categoría de curso"),
    ("retrospectivo", "name_es", "Campañas publicitarias realizadas en el periodo"),
    ("retrospectivo", "name_es", "Chocolates vendidos en el año"),
    ("pre_pmf", "name_en", "Qualitative feedback"),
    ("pre_pmf", "name_en", "Customer interviews"),
    ("pre_pmf", "name_en", "Awareness"),
    ("pre_pmf", "name_en", "Stickiness"),
    ("pmf", "name_en", "Monthly recurring revenue (MRR)"),
    ("pmf", "name_en", "Renewals"),
    ("pmf", "name_en", "Churn"),
    ("pmf", "name_en", "Customer satisfaction"),
    ("expansion", "name_en", "Cost per acquisition (CPA)"),
    ("expansion", "name_en", "Average order size (AOS)"),
    ("expansion", "name_en", "Lifetime value (LTV)"),
    ("expansion", "name_en", "Number of customers acquired"),
]


def test_the_catalogue_has_at_least_80_templates():
    assert len(ALL) >= 80


def test_templates_are_loaded_once():
    assert templates() is templates()


@pytest.mark.parametrize("t", ALL, ids=lambda t: t.slug)
def test_every_template_is_complete(t):
    for field in ("name", "definition", "formula", "why"):
        for lang in ("es", "en"):
            assert t.text(field, lang).strip(), (field, lang)
    assert re.fullmatch(r"[a-z][a-z0-9_]*", t.slug)
    assert t.family in FAMILIES and t.unit in UNITS and t.areas
    assert isinstance(t.direction, Direction) and isinstance(t.frequency, Grain)
    assert isinstance(t.aggregation, Aggregation) and isinstance(t.nature, Nature)
    assert isinstance(t.indicator, Indicator) and isinstance(t.buyer_stage, BuyerStage)
    assert all(isinstance(s, MarketStage) and s is not MarketStage.NONE for s in t.market_stages)
    assert all(n in sources() for n in t.sources)
    if t.aggregation is Aggregation.RATIO:
        assert t.numerator and t.denominator


@pytest.mark.parametrize("attribute", ["slug", "name_es", "name_en"])
def test_names_and_slugs_are_unique(attribute):
    values = [getattr(t, attribute).casefold() for t in ALL]
    assert len(values) == len(set(values))


@pytest.mark.parametrize("indicator", list(Indicator))
@pytest.mark.parametrize("area", list(Area))
def test_every_area_has_leading_and_lagging_templates(area, indicator):
    assert any(area in t.areas and t.indicator is indicator for t in ALL)


@pytest.mark.parametrize("stage", [s for s in BuyerStage if s is not BuyerStage.NONE])
def test_every_buyer_stage_is_covered(stage):
    assert sum(t.buyer_stage is stage for t in ALL) >= 3


@pytest.mark.parametrize("stage", [s for s in MarketStage if s is not MarketStage.NONE])
def test_every_market_stage_is_covered(stage):
    assert sum(stage in t.market_stages for t in ALL) >= 4


@pytest.mark.parametrize("section, attribute, name", DECK_EXAMPLES)
def test_every_deck_example_is_present_by_its_deck_name(section, attribute, name):
    found = [t for t in ALL if getattr(t, attribute) == name]
    assert len(found) == 1, name
    assert found[0].deck_example and found[0].deck_section == DeckSection(section)


def test_only_the_deck_examples_are_marked_as_such():
    assert sum(t.deck_example for t in ALL) == len(DECK_EXAMPLES)


@pytest.mark.parametrize("t", [t for t in ALL if t.deck_example], ids=lambda t: t.slug)
def test_deck_examples_fit_their_section(t):
    fits = {
        DeckSection.CUANTITATIVO: t.nature is Nature.QUANTITATIVE,
        DeckSection.CUALITATIVO: t.nature is Nature.QUALITATIVE,
        DeckSection.PROSPECTIVO: t.indicator is Indicator.LEADING,
        DeckSection.RETROSPECTIVO: t.indicator is Indicator.LAGGING,
        DeckSection.PRE_PMF: MarketStage.PRE_PMF in t.market_stages,
        DeckSection.PMF: MarketStage.PMF in t.market_stages,
        DeckSection.EXPANSION: MarketStage.EXPANSION in t.market_stages,
    }
    assert fits[t.deck_section]


@pytest.mark.parametrize("t", COMPUTABLE, ids=lambda t: t.slug)
def test_every_formula_uses_exactly_its_declared_inputs(t):
    declared = {i.name for i in t.inputs}
    assert formula_names(t.expression) == declared
    for part in (t.numerator, t.denominator):
        if part:
            assert formula_names(part) <= declared
    for i in t.inputs:
        assert i.es and i.en and i.unit in UNITS and inputs()[i.name] == i


@pytest.mark.parametrize("t", COMPUTABLE, ids=lambda t: t.slug)
def test_every_formula_evaluates_and_ratios_match_numerator_over_denominator(t):
    for seed in (3, 7):
        names = {i.name: float(seed + n) for n, i in enumerate(t.inputs)}
        value = simple_eval(t.expression, names=names)
        assert isinstance(value, float)
        if t.numerator:
            quotient = simple_eval(f"({t.numerator}) / ({t.denominator})", names=names)
            assert value / quotient == pytest.approx(100) or value / quotient == pytest.approx(1)


def test_only_rubric_and_cupping_scores_lack_a_formula():
    assert all(
        t.nature is Nature.QUALITATIVE and t.scale.kind in (ScaleKind.RUBRIC, ScaleKind.RANGE)
        for t in ALL
        if not t.expression
    )


@pytest.mark.parametrize("t", ALL, ids=lambda t: t.slug)
def test_qualitative_templates_and_only_they_declare_a_scale(t):
    assert (t.scale is not None) == (t.nature is Nature.QUALITATIVE)
    if t.scale:
        assert t.scale.min < t.scale.max and t.scale.levels
        assert all(t.scale.min <= level.value <= t.scale.max and level.es and level.en for level in t.scale.levels)


def test_the_carrier_reliability_rubric_describes_both_ends_and_the_middle():
    scale = template("fiabilidad_transportista").scale
    assert scale.kind is ScaleKind.RUBRIC and [lvl.value for lvl in scale.levels] == [1, 3, 5]
    assert "20 %" in scale.levels[0].es and "5 %" in scale.levels[2].es


def test_the_coffee_quality_scale_is_the_sca_100_point_scale():
    scale = template("calidad_cafe").scale
    assert (scale.kind, scale.min, scale.max, scale.step) == (ScaleKind.RANGE, 0, 100, Decimal("0.25"))
    assert [lvl.value for lvl in scale.levels] == [0, 80, 85, 90]


@pytest.mark.parametrize("t", [t for t in ALL if t.anticipates], ids=lambda t: t.slug)
def test_a_leading_template_anticipates_lagging_ones(t):
    assert t.indicator is Indicator.LEADING
    assert all(template(s).indicator is Indicator.LAGGING for s in t.anticipates)


def test_each_stage_family_has_templates():
    families = {t.family for t in ALL}
    assert {"engagement", "recurring_revenue", "unit_economics"} <= families


def test_an_unknown_slug_is_an_error():
    with pytest.raises(CatalogError):
        template("no_existe")


GOOD_ROW = {
    "slug": "x",
    "family": "sales",
    "name_es": "Equis",
    "name_en": "Ex",
    "definition_es": "d",
    "definition_en": "d",
    "formula_es": "f",
    "formula_en": "f",
    "expression": "ingresos / pedidos",
    "inputs": ["ingresos", "pedidos"],
    "numerator": "ingresos",
    "denominator": "pedidos",
    "unit": "currency_per_order",
    "direction": "up",
    "frequency": "month",
    "aggregation": "ratio",
    "nature": "quantitative",
    "indicator": "lagging",
    "areas": ["ventas"],
    "why_es": "w",
    "why_en": "w",
    "sources": [14],
}


def _build(**changes):
    row = {k: v for k, v in {**GOOD_ROW, **changes}.items() if v is not None}
    return build_templates([("prueba.toml", {"kpi": [row]})], inputs(), sources())


def test_a_good_row_builds():
    assert _build()[0].name_en == "Ex"


@pytest.mark.parametrize(
    "changes",
    [
        {"name_en": None},
        {"why_es": " "},
        {"family": "misc"},
        {"unit": "parsecs"},
        {"direction": "sideways"},
        {"expression": "ingresos / visitas"},
        {"inputs": ["ingresos", "pedidos", "kg_vendidos"]},
        {"denominator": None},
        {"expression": "__import__('os')"},
        {"nature": "qualitative"},
        {"areas": []},
        {"areas": ["ventas", "ventas"]},
        {"sources": [999]},
        {"deck_example": True},
        {"deck_example": True, "deck_section": "prospectivo"},
        {"anticipates": ["ventas_cerradas_mes"]},
        {"inputs": ["ingresos", "no_declarada"]},
        {"sectors": ["petroleo"]},
        {"sectors": ["software", "software"]},
    ],
)
def test_the_loader_rejects_a_broken_row(changes):
    with pytest.raises(CatalogError):
        _build(**changes)


def test_a_template_without_sectors_fits_every_cooperative_and_one_with_them_only_those():
    assert _build()[0].fits("agro") and _build()[0].fits("software")
    made_for = _build(sectors=["software"])[0]
    assert made_for.fits("software") and not made_for.fits("agro")


@pytest.mark.parametrize("slug", ["trir", "ltifr", "adherencia"])
def test_templates_made_for_large_industry_or_software_say_so(slug):
    assert not template(slug).fits("agro")


def test_the_loader_rejects_a_repeated_name():
    row = dict(GOOD_ROW)
    with pytest.raises(CatalogError):
        build_templates([("a.toml", {"kpi": [row, {**row, "slug": "y"}]})], inputs(), sources())


def test_the_sources_are_the_85_references_of_the_domain_note():
    assert sorted(sources()) == list(range(1, 86))
    assert catalog.template_sources(template("otif"))[0].url.startswith("https://calcsimpler.com/")


# ---------------------------------------------------------------- glossary

GLOSSARY_SLUGS = [
    "kpi_vs_metrica",
    "cuantitativo_vs_cualitativo",
    "prospectivo_vs_retrospectivo",
    "okr_vs_kpi",
    "etapa_comprador",
    "descubrimiento",
    "consideracion",
    "decision",
    "etapa_mercado",
    "pre_pmf",
    "pmf",
    "expansion",
    "sobrecarga_datos",
    "smart",
]


def _sentences(text):
    return [s for s in re.split(r"(?<=[.!?])»?\s+(?=[«'A-ZÁÉÍÓÚÑ¿(])", text.strip()) if s]


@pytest.mark.parametrize("slug", GLOSSARY_SLUGS)
def test_the_glossary_explains_each_idea_of_the_deck(slug):
    entry = glossary()[slug]
    for lang in ("es", "en"):
        assert entry.term(lang) and 1 <= len(_sentences(entry.text(lang))) <= 3


@pytest.mark.skipif(not DECK.exists(), reason="the course deck is kept outside the repository")
@pytest.mark.parametrize("entry", [e for e in glossary().values() if e.deck_quote], ids=lambda e: e.slug)
def test_the_glossary_quotes_the_deck_word_for_word(entry):
    deck = DECK.read_text().replace("**", "").casefold()
    assert entry.deck_quote.casefold() in deck
    # in the language the deck says it: its English slides are quoted in English, told in Spanish in words of ours
    assert (
        entry.deck_quote.casefold() in entry.text_es.casefold()
        or entry.deck_quote.casefold() in entry.text_en.casefold()
    )


@pytest.mark.parametrize(
    "key", [*Indicator, *Nature, *Kind, *Area, *(s for s in BuyerStage if s), *(s for s in MarketStage if s)]
)
def test_every_label_of_the_method_has_a_question_mark_explanation(key):
    assert glossary_entry(key).text_es


def test_an_unknown_glossary_key_is_an_error():
    with pytest.raises(CatalogError):
        glossary_entry("desconocido")


# ---------------------------------------------------------------- keywords


@pytest.mark.parametrize(
    "text, expected",
    [
        ("¡Producción!", "produccion"),
        ("  Más   VENTAS, año 2024 ", "mas ventas ano 2024"),
        ("Café", "cafe"),
    ],
)
def test_normalise_drops_accents_case_and_punctuation(text, expected):
    assert normalise(text) == expected


@pytest.mark.parametrize(
    "text, area",
    [
        ("Vender más café", Area.VENTAS),
        ("Reducir el ENDEUDAMIENTO", Area.FINANZAS),
        ("Mejorar la producción", Area.PRODUCCION),
        ("Menos mermas en la bodega", Area.ALMACENAMIENTO),
        ("Bajar el costo del flete", Area.TRANSPORTE),
        ("Dar a conocer la marca", Area.MARKETING),
        ("Renovar la certificación orgánica", Area.LEGAL),
        ("Más participación en la asamblea", Area.GERENCIA),
    ],
)
def test_keywords_point_an_objective_to_its_area(text, area):
    assert area in match_text(text).areas


def test_keywords_match_at_the_start_of_words_only():
    assert match_text("atiempo").areas == ()
    assert match_text("revendedores").areas == ()


@pytest.mark.parametrize("example", example_objectives(), ids=lambda e: e.slug)
def test_the_keywords_understand_every_example_objective(example):
    assert set(example.areas) <= set(match_text(example.es).areas)
    assert example.en
