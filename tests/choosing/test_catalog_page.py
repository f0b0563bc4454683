"""The catalogue page: every template findable by words and by the board's filters, on a phone, with or without htmx."""

import pytest
from django.urls import reverse

from rumbo.choosing.catalog import Query, search
from rumbo.engine.choice.catalog import templates


def url(cast, **query):
    from urllib.parse import urlencode

    return reverse("choosing:catalog", args=[cast.coop.slug]) + (f"?{urlencode(query)}" if query else "")


def test_a_viewer_browses_the_catalogue_with_each_template_explained(as_viewer, cast):
    response = as_viewer.get(url(cast, q="llamadas clientes"))
    assert response.status_code == 200
    text = response.text
    assert "Llamadas a clientes por día" in text
    for words in (
        "Cómo se calcula:",
        "Por qué importa:",
        "por día",
        "Diaria",
        "Más es mejor",
        "Prospectivo (anticipa)",
        "Cuantitativo",
        "Ventas",
        "Descubrimiento",
        "Ejemplo del curso",
        "https://",
    ):
        assert words in text, words
    assert "Adoptar" not in text  # a viewer cannot adopt


def test_the_search_ignores_accents_and_case_in_the_request_language():
    with_accent = search(Query(text="PRODUCCIÓN"), "es")
    without = search(Query(text="produccion"), "es")
    assert with_accent == without and any(t.slug == "produccion_total_cafe" for t in with_accent)
    assert search(Query(text="coffee production"), "en")
    assert not search(Query(text="coffee production"), "es")


def test_names_that_hold_the_words_come_first():
    found = search(Query(text="ventas"), "es")
    assert "ventas" in found[0].name_es.lower()


@pytest.mark.parametrize(
    "facet, value",
    [
        ("area", "legal"),
        ("indicator", "leading"),
        ("nature", "qualitative"),
        ("buyer_stage", "decision"),
        ("market_stage", "pre_pmf"),
        ("family", "finance"),
    ],
)
def test_each_filter_keeps_only_the_templates_that_answer_it(facet, value):
    from rumbo.choosing.catalog import FACETS

    found = search(Query(wanted={facet: value}), "es")
    assert found and len(found) < len(templates())
    for t in found:
        answer = FACETS[facet](t)
        assert value in answer if isinstance(answer, tuple) else answer == value


def test_filters_arrive_as_query_parameters_and_a_wrong_value_is_ignored(as_viewer, cast):
    response = as_viewer.get(url(cast, area="legal", indicator="leading", nature="bogus"))
    assert response.status_code == 200
    every = search(Query(wanted={"area": "legal", "indicator": "leading"}), "es")
    assert f"{len(every)} indicador" in response.text


def test_htmx_gets_only_the_results(as_viewer, cast):
    response = as_viewer.get(url(cast, q="churn"), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "<html" not in response.text and 'class="templates"' in response.text
    assert response["Vary"] and "HX-Request" in response["Vary"]


def test_the_catalogue_comes_in_pages_of_twenty(as_viewer, cast):
    first = as_viewer.get(url(cast))
    assert first.text.count('class="tpl ') == 20 and "Página 1 de" in first.text
    last = as_viewer.get(url(cast, page=99))
    assert last.status_code == 200


def test_an_editor_may_adopt_only_templates_of_their_areas(as_editor, cast):
    fines = as_editor.get(url(cast, q="multas")).text  # a Legal-only template
    calls = as_editor.get(url(cast, q="llamadas clientes")).text
    assert "/catalogo/multas_sanciones/" not in fines
    assert "/catalogo/llamadas_clientes_dia/" in calls


def test_an_objective_ranks_the_templates_its_words_point_to_first(as_viewer, cast):
    response = as_viewer.get(url(cast, objective=cast.objective.pk, indicator="leading"))
    assert "primero los que hablan de «Crecer en ventas directas»" in response.text


def test_it_says_which_templates_the_cooperative_already_follows(as_viewer, cast):
    cast.kpi.template_slug = "ventas_cerradas_mes"
    cast.kpi.name = "Pedidos del mes"
    cast.kpi.save()
    response = as_viewer.get(url(cast, q="ventas cerradas"))
    detail = reverse("kpis:kpi_detail", args=[cast.coop.slug, cast.kpi.pk])
    assert "Ya lo mide:" in response.text and f'href="{detail}">ver indicador</a>' in response.text


def test_an_english_reader_searches_and_reads_the_catalogue_in_english(client, cast):
    cast.viewer.language = "en"
    cast.viewer.save()
    client.force_login(cast.viewer)
    response = client.get(url(cast, q="customer calls"))
    assert "Customer calls per day" in response.text and "Llamadas a clientes por día" not in response.text


def test_a_template_made_for_another_kind_of_organisation_says_so(as_viewer, cast):
    response = as_viewer.get(url(cast, q="TRIR"))
    assert "Pensado para: Industria con mucho personal" in response.text
    assert "Pensado para" not in as_viewer.get(url(cast, q="llamadas clientes")).text
