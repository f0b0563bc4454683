"""What choosing adds to the KPI pages: the quality block on a KPI's page and the "?" on the KPI form."""

from django.urls import reverse

from rumbo.kpis.models import Kpi


def test_the_kpi_page_says_what_the_method_finds_about_it(as_editor, cast):
    response = as_editor.get(reverse("kpis:kpi_detail", args=[cast.coop.slug, cast.kpi.pk]))
    assert response.status_code == 200
    assert "¿Es un buen KPI?" in response.text
    assert "muestra el resultado de «Crecer en ventas directas» cuando ya pasó" in response.text
    assert "Elegir un KPI prospectivo" in response.text


def test_the_block_speaks_only_of_its_own_kpi(as_viewer, cast):
    Kpi.objects.create(cooperative=cast.coop, slug="otro", name="Otro indicador", area="ventas")
    response = as_viewer.get(reverse("kpis:kpi_detail", args=[cast.coop.slug, cast.kpi.pk]))
    assert "Otro indicador" not in response.text


def test_a_kpi_without_objective_offers_to_become_a_metric_on_its_page(as_editor, cast):
    kpi = Kpi.objects.create(
        cooperative=cast.coop, slug="suelto", name="Suelto", area="ventas", owner=cast.editor, frequency="month"
    )
    response = as_editor.get(reverse("kpis:kpi_detail", args=[cast.coop.slug, kpi.pk]))
    assert reverse("choosing:make_metric", args=[cast.coop.slug, kpi.pk]) in response.text


def test_the_kpi_form_explains_each_concept_of_the_method(as_editor, cast):
    response = as_editor.get(reverse("kpis:kpi_edit", args=[cast.coop.slug, cast.kpi.pk]))
    assert response.status_code == 200
    for term in (
        "KPI frente a métrica",
        "Cuantitativo frente a cualitativo",
        "Prospectivo frente a retrospectivo",
        "Etapa del comprador",
        "Etapa de validación de mercado",
    ):
        assert term in response.text, term
    assert 'data-for="id_indicator"' in response.text and "rumbo/choosing" in response.text
