"""The KPI assistant proposes a short, balanced list that follows the course's method."""

from collections import Counter

import pytest

from rumbo.engine.choice.catalog import template, templates
from rumbo.engine.choice.choosing import (
    STAGE_FAMILIES,
    Objective,
    alternatives,
    example_objectives,
    propose,
    read_objective,
)
from rumbo.engine.errors import RumboError
from rumbo.engine.vocab import Area, BuyerStage, Indicator, MarketStage

ALL_AREAS = list(Area)
SELL = Objective("vender", "Vender más", (Area.VENTAS, Area.MARKETING))
EXAMPLES = [Objective(e.slug, e.es) for e in example_objectives()]


def _families(short_list):
    return {template(p.slug).family for p in short_list.proposals}


@pytest.mark.parametrize(
    "stage, family",
    [
        (MarketStage.PRE_PMF, "engagement"),
        (MarketStage.PMF, "recurring_revenue"),
        (MarketStage.EXPANSION, "unit_economics"),
    ],
)
def test_the_market_stage_decides_which_families_a_sales_objective_gets(stage, family):
    short_list = propose(market_stage=stage, areas=ALL_AREAS, objectives=[SELL])
    assert family in _families(short_list)
    assert STAGE_FAMILIES[stage] == {family}


@pytest.mark.parametrize("stage", [MarketStage.PRE_PMF, MarketStage.PMF, MarketStage.EXPANSION])
def test_no_template_made_for_another_stage_is_proposed(stage):
    objectives = [SELL, Objective("marca", "Dar a conocer la marca"), Objective("nuevos", "Conseguir clientes nuevos")]
    short_list = propose(market_stage=stage, areas=ALL_AREAS, objectives=objectives)
    for p in short_list.proposals:
        stages = template(p.slug).market_stages
        assert not stages or stage in stages, p.slug


def test_before_market_fit_the_deck_pre_pmf_examples_lead_the_sales_objective():
    short_list = propose(market_stage=MarketStage.PRE_PMF, areas=[Area.VENTAS], objectives=[SELL])
    assert [template(p.slug).deck_section for p in short_list.proposals if p.indicator is Indicator.LEADING] == [
        "pre_pmf"
    ]


@pytest.mark.parametrize(
    "buyers, stage",
    [
        ({BuyerStage.DESCUBRIMIENTO}, BuyerStage.DESCUBRIMIENTO),
        ({BuyerStage.CONSIDERACION}, BuyerStage.CONSIDERACION),
        ({BuyerStage.DECISION}, BuyerStage.DECISION),
    ],
)
def test_the_buyer_stage_steers_sales_and_marketing_kpis(buyers, stage):
    objective = Objective("m", "Que más compradores nos elijan", (Area.MARKETING, Area.VENTAS))
    short_list = propose(market_stage=MarketStage.NONE, areas=ALL_AREAS, objectives=[objective], buyer_stages=buyers)
    assert any(template(p.slug).buyer_stage is stage for p in short_list.proposals)


@pytest.mark.parametrize("per_area, total", [(5, 20), (2, 20), (5, 6), (1, 3), (3, 10)])
def test_the_limits_are_respected(per_area, total):
    short_list = propose(
        market_stage=MarketStage.PMF, areas=ALL_AREAS, objectives=EXAMPLES, per_area=per_area, total=total
    )
    assert len(short_list.proposals) <= total
    assert max(Counter(p.area for p in short_list.proposals).values()) <= per_area


def test_an_objective_that_does_not_fit_is_reported_not_dropped_silently():
    short_list = propose(market_stage=MarketStage.PMF, areas=ALL_AREAS, objectives=EXAMPLES, total=6)
    uncovered = {g.objective_id for g in short_list.gaps}
    assert uncovered and all(g.code == "no_room" for g in short_list.gaps)
    assert all("6 en total" in g.message_es and "6 in all" in g.message_en for g in short_list.gaps)
    for objective in EXAMPLES:
        if objective.id not in uncovered:
            assert {p.indicator for p in short_list.for_objective(objective.id)} == set(Indicator)


@pytest.mark.parametrize("stage", list(MarketStage))
@pytest.mark.parametrize("objective", EXAMPLES, ids=lambda o: o.id)
def test_every_objective_gets_a_lagging_and_a_leading_kpi(objective, stage):
    short_list = propose(market_stage=stage, areas=ALL_AREAS, objectives=[objective])
    assert not short_list.gaps
    indicators = Counter(p.indicator for p in short_list.for_objective(objective.id))
    assert indicators[Indicator.LAGGING] >= 1 and indicators[Indicator.LEADING] >= 1
    assert indicators[Indicator.LEADING] >= indicators[Indicator.LAGGING]


def test_several_objectives_are_all_covered_within_the_default_limits():
    short_list = propose(market_stage=MarketStage.PMF, areas=ALL_AREAS, objectives=EXAMPLES[:8])
    assert not short_list.gaps
    for objective in EXAMPLES[:8]:
        assert {p.indicator for p in short_list.for_objective(objective.id)} == set(Indicator)


@pytest.mark.parametrize("stage", list(MarketStage))
def test_the_proposal_is_deterministic(stage):
    first = propose(market_stage=stage, areas=ALL_AREAS, objectives=EXAMPLES, buyer_stages=[BuyerStage.DECISION])
    again = propose(
        market_stage=stage, areas=list(reversed(ALL_AREAS)), objectives=EXAMPLES, buyer_stages={BuyerStage.DECISION}
    )
    assert first == again


def test_only_the_areas_taking_part_are_used():
    short_list = propose(market_stage=MarketStage.PMF, areas=[Area.PRODUCCION, Area.FINANZAS], objectives=EXAMPLES)
    assert {p.area for p in short_list.proposals} <= {Area.PRODUCCION, Area.FINANZAS}


def test_a_leading_kpi_quotes_the_lagging_one_it_anticipates():
    short_list = propose(market_stage=MarketStage.NONE, areas=ALL_AREAS, objectives=[SELL])
    by_slug = {p.slug: p for p in short_list.proposals}
    assert by_slug["llamadas_clientes_dia"].reason_es == (
        "Prospectivo: el equipo puede moverlo cada día y anticipa «Ventas cerradas por mes»."
    )
    assert by_slug["llamadas_clientes_dia"].reason("en") == (
        "Leading: the team can move it every day and it anticipates «Closed sales per month»."
    )
    assert by_slug["ventas_cerradas_mes"].reason_es.startswith("Retrospectivo: muestra si se logra «Vender más»")


def test_the_reason_names_the_market_stage_when_it_chose_the_kpi():
    short_list = propose(market_stage=MarketStage.EXPANSION, areas=ALL_AREAS, objectives=[SELL])
    cpa = next(p for p in short_list.proposals if p.slug == "cpa")
    assert "economía unitaria" in cpa.reason_es and "unit economics" in cpa.reason_en


def test_every_reason_is_one_sentence_in_each_language():
    short_list = propose(
        market_stage=MarketStage.PMF, areas=ALL_AREAS, objectives=EXAMPLES, buyer_stages=[BuyerStage.CONSIDERACION]
    )
    for p in short_list.proposals:
        for text in (p.reason_es, p.reason_en):
            assert text.endswith(".") and text.count(". ") == 0
        assert p.reason_es.split(":")[0] == ("Prospectivo" if p.indicator is Indicator.LEADING else "Retrospectivo")


def test_alternatives_share_area_indicator_and_objective():
    short_list = propose(market_stage=MarketStage.PMF, areas=ALL_AREAS, objectives=EXAMPLES[:6])
    chosen = {p.slug for p in short_list.proposals}
    for p in short_list.proposals:
        assert len(p.alternatives) <= 3
        for slug in p.alternatives:
            alt = template(slug)
            assert p.area in alt.areas and alt.indicator is p.indicator and slug not in chosen


def test_alternatives_can_be_asked_for_directly():
    found = alternatives(
        slug="ventas_cerradas_mes",
        area=Area.VENTAS,
        objective=SELL,
        indicator=Indicator.LAGGING,
        market_stage=MarketStage.PMF,
        limit=5,
    )
    assert 0 < len(found) <= 5 and "ventas_cerradas_mes" not in {t.slug for t in found}
    assert all(Area.VENTAS in t.areas and t.indicator is Indicator.LAGGING for t in found)


@pytest.mark.parametrize(
    "objective, areas, inferred",
    [
        (Objective("a", "Reducir el endeudamiento"), (Area.FINANZAS,), True),
        (Objective("b", "Reducir el endeudamiento", (Area.GERENCIA,)), (Area.GERENCIA,), False),
        (Objective("c", "Ser felices"), tuple(Area), True),
    ],
)
def test_an_objective_is_read_by_its_tags_or_else_its_words(objective, areas, inferred):
    reading = read_objective(objective, tuple(Area))
    assert (reading.areas, reading.inferred) == (areas, inferred)


def test_keywords_pick_the_kpi_the_objective_names():
    short_list = propose(
        market_stage=MarketStage.PMF,
        areas=ALL_AREAS,
        objectives=[Objective("d", "Reducir el endeudamiento de la cooperativa")],
    )
    assert [p.slug for p in short_list.proposals] == ["nivel_endeudamiento", "cobertura_caja"]


def test_product_kpis_appear_only_when_the_objective_names_the_product():
    plain = propose(
        market_stage=MarketStage.NONE, areas=[Area.VENTAS], objectives=[Objective("v", "Vender más en el año")]
    )
    chocolate = propose(
        market_stage=MarketStage.NONE,
        areas=[Area.VENTAS],
        objectives=[Objective("v", "Vender más chocolate en el año")],
    )
    assert "chocolates_vendidos" not in {p.slug for p in plain.proposals}
    assert "chocolates_vendidos" in {p.slug for p in chocolate.proposals}


def test_member_retention_is_not_steered_by_the_market_stage():
    short_list = propose(
        market_stage=MarketStage.PMF, areas=ALL_AREAS, objectives=[Objective("s", "Retener a nuestros socios")]
    )
    assert short_list.proposals[0].slug == "tasa_retencion_miembros"


def test_a_kpi_serving_two_objectives_counts_once():
    objectives = [Objective("a", "Vender más café", (Area.VENTAS,)), Objective("b", "Vender más miel", (Area.VENTAS,))]
    short_list = propose(market_stage=MarketStage.PMF, areas=ALL_AREAS, objectives=objectives)
    shared = [p for p in short_list.proposals if p.objective_ids == ("a", "b")]
    assert shared and len({p.slug for p in short_list.proposals}) == len(short_list.proposals)


def test_without_objectives_the_assistant_asks_for_them():
    short_list = propose(market_stage=MarketStage.PMF, areas=ALL_AREAS, objectives=[])
    assert short_list.proposals == () and [g.code for g in short_list.gaps] == ["no_objectives"]


def test_a_template_list_can_be_passed_in():
    only_sales = [t for t in templates() if Area.VENTAS in t.areas]
    short_list = propose(market_stage=MarketStage.PMF, areas=ALL_AREAS, objectives=EXAMPLES[:3], templates=only_sales)
    assert all(Area.VENTAS in template(p.slug).areas for p in short_list.proposals)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"objectives": [Objective("a", "x"), Objective("a", "y")]},
        {"objectives": [SELL], "per_area": 0},
        {"objectives": [SELL], "total": 0},
    ],
)
def test_bad_input_is_refused(kwargs):
    with pytest.raises(RumboError):
        propose(market_stage=MarketStage.PMF, areas=ALL_AREAS, **kwargs)


def test_proposals_can_be_grouped_by_area():
    short_list = propose(market_stage=MarketStage.PMF, areas=ALL_AREAS, objectives=EXAMPLES)
    grouped = short_list.by_area()
    assert sum(len(v) for v in grouped.values()) == len(short_list.proposals)
    assert list(grouped) == [a for a in Area if a in grouped]


ACCIDENTS = Objective(
    "accidentes", "Trabajar un año sin accidentes en el beneficio y la planta", (Area.GERENCIA, Area.PRODUCCION)
)
TEAM = Objective("equipo", "Mejorar el trabajo del equipo")


def _slugs(short_list):
    return {p.slug for p in short_list.proposals} | {s for p in short_list.proposals for s in p.alternatives}


@pytest.mark.parametrize("stage", [MarketStage.PRE_PMF, MarketStage.PMF, MarketStage.NONE])
def test_a_coffee_cooperative_is_not_offered_templates_made_for_industry_or_software(stage):
    short_list = propose(market_stage=stage, areas=ALL_AREAS, objectives=[ACCIDENTS, TEAM])
    assert not _slugs(short_list) & {"trir", "ltifr", "adherencia"}
    lagging = [p.slug for p in short_list.for_objective("accidentes") if p.indicator is Indicator.LAGGING]
    assert lagging == ["accidentes_trabajo"]


def test_it_is_the_sector_that_keeps_them_out():
    short_list = propose(market_stage=MarketStage.PRE_PMF, areas=ALL_AREAS, objectives=[TEAM], sector="software")
    assert "adherencia" in _slugs(short_list)


def test_a_template_made_for_another_sector_is_still_proposed_when_nothing_else_fits():
    pool = [template("trir"), template("seguridad_trabajo")]
    short_list = propose(market_stage=MarketStage.NONE, areas=[Area.GERENCIA], objectives=[ACCIDENTS], templates=pool)
    assert [p.slug for p in short_list.proposals] == ["trir", "seguridad_trabajo"]
    assert not short_list.gaps


def test_swaps_offer_the_templates_that_fit_the_cooperative_first():
    found = alternatives(
        slug="accidentes_trabajo", area=Area.GERENCIA, objective=ACCIDENTS, indicator=Indicator.LAGGING, limit=20
    )
    slugs = [t.slug for t in found]
    assert slugs.index("trir") > max(i for i, t in enumerate(found) if t.fits("agro"))
