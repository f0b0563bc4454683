"""Seen on the demo cooperative: «Elegir mis KPI» and the catalogue never propose or adopt what it already measures,
ask before passing its KPI limit, and the quality check names any KPI that repeats another."""

from urllib.parse import urlencode

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from rumbo.choosing.selectors import tracked_templates
from rumbo.choosing.services.adopt import template_adopt
from rumbo.engine.choice import tracked
from rumbo.engine.choice.catalog import template
from rumbo.kpis.models import Kpi
from tests.choosing.demo import add_demo_cooperative
from tests.choosing.test_assistant import adopt_data
from tests.factories import make_kpi

ALL_AREAS = [
    ("area", a)
    for a in ("gerencia", "finanzas", "legal", "ventas", "marketing", "produccion", "transporte", "almacenamiento")
]
# What the tester answered: objectives in their own words, every area.
ANSWERS = [
    ("market_stage", "expansion"),
    *ALL_AREAS,
    ("text", "Aumentar la producción de café"),
    ("text", "Mejorar el trabajo del equipo"),
    ("buyer_stage", "consideracion"),
]


@pytest.fixture
def demo(cast):
    return add_demo_cooperative(cast)


def kpis_of(coop):
    return Kpi.objects.filter(cooperative=coop)


def list_url(coop, pairs=ANSWERS):
    return reverse("choosing:shortlist", args=[coop.slug]) + (f"?{urlencode(pairs)}" if pairs else "")


def test_the_demo_already_measures_the_templates_the_tester_saw_proposed_again(demo):
    found = tracked_templates(demo)
    names = {slug: found[slug].name for slug in ("produccion_total_cafe", "fiabilidad_equipo", "cpa")}
    assert names == {
        "produccion_total_cafe": "Producción total de café",
        "fiabilidad_equipo": "Fiabilidad del equipo",
        "cpa": "Costo por adquisición",
    }


def test_the_assistant_shows_what_the_cooperative_measures_instead_of_proposing_it(as_admin, demo):
    response = as_admin.get(list_url(demo))
    plan = response.context["plan"]
    measured = tracked_templates(demo)
    production = next(line for line in plan.lines if line.template.slug == "produccion_total_cafe")
    assert production.tracked_by.pk == kpis_of(demo).get(name="Producción total de café").pk
    assert production not in plan.kept
    detail = reverse("kpis:kpi_detail", args=[demo.slug, production.tracked_by.pk])
    assert f'href="{detail}">ver indicador</a>' in response.text
    assert not {line.template.slug for line in plan.kept} & set(measured)
    assert not {alt.slug for line in plan.lines for alt in line.alternatives} & set(measured)  # nor as a swap


def test_no_line_of_the_list_repeats_another_or_what_the_cooperative_measures(as_admin, demo):
    for stage in ("pre_pmf", "pmf", "expansion", "unknown"):
        pairs = [
            ("market_stage", stage),
            *ALL_AREAS,
            *[("objective", o.pk) for o in demo.objectives.all()],
            ("text", "Mejorar el trabajo del equipo"),
            ("example", "cero_accidentes"),
            ("example", "retener_socios"),
        ]
        plan = as_admin.get(list_url(demo, pairs)).context["plan"]
        slugs = [line.template.slug for line in plan.kept]
        assert len(slugs) == len(set(slugs)), stage
        assert not set(slugs) & set(tracked_templates(demo)), stage


def test_adopting_the_list_asks_first_past_the_limit_then_adds_no_duplicate(as_admin, demo):
    before = kpis_of(demo).filter(kind="kpi").count()
    assert before == 20  # the demo sits at its limit
    response = as_admin.get(list_url(demo))
    new = len(response.context["plan"].kept)
    asked = as_admin.post(list_url(demo, []), adopt_data(response))
    assert asked.status_code == 400 and kpis_of(demo).filter(kind="kpi").count() == before
    assert f"Tendrá {before + new} indicadores; su límite es 20" in asked.text
    assert 'value="adopt_over_limit"' in asked.text
    done = as_admin.post(list_url(demo, []), adopt_data(response, action="adopt_over_limit"))
    assert done.status_code == 302 and kpis_of(demo).filter(kind="kpi").count() == before + new
    rows = [tracked.Tracked(str(k.pk), k.name, k.template_slug, k.description) for k in kpis_of(demo)]
    assert tracked.duplicates(rows) == []


def test_the_catalogue_says_it_is_measured_instead_of_offering_to_adopt_it(as_admin, demo):
    response = as_admin.get(reverse("choosing:catalog", args=[demo.slug]) + "?q=producción+total")
    kpi = kpis_of(demo).get(name="Producción total de café")
    assert f'href="{reverse("kpis:kpi_detail", args=[demo.slug, kpi.pk])}">ver indicador</a>' in response.text
    assert reverse("choosing:adopt", args=[demo.slug, "produccion_total_cafe"]) not in response.text


def test_the_template_page_of_a_measured_template_has_no_adopt_form_and_refuses_a_post(as_admin, demo, cast):
    url = reverse("choosing:adopt", args=[demo.slug, "fiabilidad_equipo"])
    page = as_admin.get(url)
    assert "Ya lo mide:" in page.text and 'name="target_value"' not in page.text
    before = kpis_of(demo).count()
    refused = as_admin.post(
        url,
        {
            "area": "gerencia",
            "objective": demo.objectives.first().pk,
            "owner": cast.admin.pk,
            "target_value": "4",
            "target_start": "2026-01-01",
            "target_end": "2026-12-31",
        },
    )
    assert refused.status_code == 400 and "ya mide «Fiabilidad del equipo»" in refused.text
    assert kpis_of(demo).count() == before


@pytest.mark.parametrize(
    "slug, kpi_name",
    [
        ("produccion_total_cafe", "Producción total de café"),
        ("fiabilidad_equipo", "Fiabilidad del equipo"),
        ("cpa", "Costo por adquisición"),
    ],
)
def test_the_adopt_service_refuses_a_template_the_cooperative_measures(demo, cast, slug, kpi_name):
    with pytest.raises(ValidationError) as refused:
        template_adopt(
            coop=demo, template=template(slug), area=template(slug).areas[0].value, targets=[], user=cast.admin
        )
    assert refused.value.messages == [
        f"La cooperativa ya mide «{template(slug).name_es}» con el indicador "
        f"«{kpi_name}»: ábralo en lugar de adoptarlo otra vez."
    ]


def test_adopting_from_the_catalogue_past_the_limit_asks_first(as_admin, demo, cast):
    url = reverse("choosing:adopt", args=[demo.slug, "acopio_semanal"])
    data = {
        "area": "produccion",
        "objective": demo.objectives.first().pk,
        "owner": cast.admin.pk,
        "target_value": "300",
        "target_start": "2026-01-01",
        "target_end": "2026-12-31",
    }
    asked = as_admin.post(url, data)
    assert asked.status_code == 400 and "Tendrá 21 indicadores; su límite es 20" in asked.text
    assert not kpis_of(demo).filter(template_slug="acopio_semanal").exists()
    assert as_admin.post(url, {**data, "confirm_over_limit": "1"}).status_code == 302
    assert kpis_of(demo).filter(template_slug="acopio_semanal", kind="kpi").exists()


def test_a_metric_adopted_past_the_limit_needs_no_confirmation(as_admin, demo, cast):
    url = reverse("choosing:adopt", args=[demo.slug, "acopio_semanal"])
    response = as_admin.post(url, {"area": "produccion", "objective": "", "owner": "", "target_value": ""})
    assert response.status_code == 302 and kpis_of(demo).get(template_slug="acopio_semanal").kind == "metric"


def test_the_quality_check_names_a_kpi_that_repeats_another_and_links_to_it(as_admin, demo):
    first = kpis_of(demo).get(name="Fiabilidad del equipo")
    make_kpi(demo, "fiabilidad-2", "Fiabilidad del equipo", area="produccion", template_slug="fiabilidad_equipo")
    response = as_admin.get(reverse("choosing:quality", args=[demo.slug]))
    assert "«Fiabilidad del equipo» mide lo mismo que «Fiabilidad del equipo» (tiene el mismo nombre)" in response.text
    assert f'href="{reverse("kpis:kpi_detail", args=[demo.slug, first.pk])}"' in response.text
    assert "Ver el otro indicador" in response.text


@pytest.mark.parametrize("stage", ["pre_pmf", "pmf", "unknown"])
def test_a_coffee_cooperative_is_not_proposed_trir_or_saas_stickiness(as_admin, demo, stage):
    pairs = [
        ("market_stage", stage),
        *ALL_AREAS,
        ("example", "cero_accidentes"),
        ("text", "Mejorar el trabajo del equipo"),
    ]
    plan = as_admin.get(list_url(demo, pairs)).context["plan"]
    offered = {line.template.slug for line in plan.lines} | {a.slug for line in plan.lines for a in line.alternatives}
    assert not offered & {"trir", "ltifr", "adherencia"}
    assert "accidentes_trabajo" in {line.template.slug for line in plan.kept}
