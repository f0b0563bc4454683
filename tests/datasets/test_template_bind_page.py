"""«Calcular desde los datos»: binding a catalogue KPI's formula inputs to dataset measures from its page."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from rumbo.choosing.services.adopt import template_adopt
from rumbo.datasets.models import MetricDefinition
from rumbo.engine.choice.catalog import template
from rumbo.kpis.models import Kpi
from tests.datasets.conftest import JAN, values_of
from tests.datasets.test_template_bind import CALLS

BOUND = {
    "llamadas.measure": "count()",
    "llamadas.date_column": "Fecha",
    "llamadas.filter": "Tipo = llamada",
    "dias_laborables.measure": "count_distinct(Fecha)",  # no date column: the dataset has only one
}


@pytest.fixture
def adopted(cast, load):
    loaded = load(CALLS, name="actividades", header=("Fecha", "Vendedor", "Tipo"))
    kpi = template_adopt(
        coop=cast.coop, template=template("llamadas_clientes_dia"), area="ventas", targets=[], user=cast.admin
    )
    Kpi.objects.filter(pk=kpi.pk).update(frequency="month")
    kpi.refresh_from_db()
    kpi.dataset = loaded.version.dataset
    return kpi


def page_url(cast, kpi):
    return reverse("datasets:template_bind", args=[cast.coop.slug, kpi.pk])


def test_the_editor_binds_the_formula_and_the_kpi_has_values(as_editor, cast, adopted):
    page = as_editor.get(page_url(cast, adopted)).text
    assert "Llamadas a clientes ÷ días laborables." in page and "<code>llamadas / dias_laborables</code>" in page
    assert '<span class="col col-text">Tipo</span>' in page and 'name="dias_laborables.measure"' in page
    response = as_editor.post(page_url(cast, adopted), {"dataset": adopted.dataset.pk, **BOUND})
    assert response.status_code == 302
    assert response["Location"] == reverse("datasets:metric_detail", args=[cast.coop.slug, adopted.pk])
    assert values_of(adopted) == {JAN: Decimal("1.5"), date(2024, 2, 1): Decimal(1)}
    assert "se calcula ahora con la fórmula del catálogo" in as_editor.get(response["Location"]).text


def test_an_input_that_is_already_a_metric_may_be_left_empty(as_editor, cast, adopted):
    as_editor.post(page_url(cast, adopted), {"dataset": adopted.dataset.pk, **BOUND})
    assert "Ya es una métrica de la cooperativa" in as_editor.get(page_url(cast, adopted)).text
    response = as_editor.post(page_url(cast, adopted), {"dataset": adopted.dataset.pk, "llamadas.measure": "count()"})
    assert response.status_code == 302
    assert values_of(adopted) == {JAN: Decimal(2), date(2024, 2, 1): Decimal(1)}  # every contact, not only calls


def test_a_bad_measure_is_shown_on_its_field_and_nothing_is_written(as_editor, cast, adopted):
    response = as_editor.post(
        page_url(cast, adopted), {"dataset": adopted.dataset.pk, **BOUND, "llamadas.measure": "sum(Precio)"}
    )
    assert response.status_code == 400
    assert "«Llamadas a clientes»: La columna «Precio» no existe" in response.text
    assert not Kpi.objects.filter(slug__in=["llamadas", "dias_laborables"]).exists()
    assert not MetricDefinition.objects.exists() and not values_of(adopted)


def test_an_input_without_a_measure_is_asked_for(as_editor, cast, adopted):
    response = as_editor.post(page_url(cast, adopted), {"dataset": adopted.dataset.pk, "llamadas.measure": "count()"})
    assert response.status_code == 400 and "Escriba la medida" in response.text
    assert not MetricDefinition.objects.exists()


def test_the_metric_page_offers_it_only_for_a_catalogue_formula(as_editor, cast, adopted):
    offer = page_url(cast, adopted)
    assert offer in as_editor.get(reverse("datasets:metric_detail", args=[cast.coop.slug, adopted.pk])).text
    assert offer in as_editor.get(reverse("datasets:metric_define", args=[cast.coop.slug, adopted.pk])).text
    assert (
        page_url(cast, cast.kpi)
        not in as_editor.get(reverse("datasets:metric_detail", args=[cast.coop.slug, cast.kpi.pk])).text
    )


def test_a_kpi_without_a_catalogue_template_gets_a_plain_message(as_editor, cast):
    response = as_editor.get(page_url(cast, cast.kpi))
    assert response.status_code == 200
    assert "«Ventas cerradas por mes» no viene del catálogo." in response.text and 'name="dataset"' not in response.text
    assert reverse("datasets:metric_define", args=[cast.coop.slug, cast.kpi.pk]) in response.text


def test_a_viewer_cannot_bind(as_viewer, cast, adopted):
    assert as_viewer.get(page_url(cast, adopted)).status_code == 403
    assert as_viewer.post(page_url(cast, adopted), {"dataset": adopted.dataset.pk, **BOUND}).status_code == 403
    assert not MetricDefinition.objects.exists()


def test_an_editor_of_another_area_cannot_bind(client, cast, adopted):
    cast.editor_membership.areas = ["produccion"]
    cast.editor_membership.save()
    client.force_login(cast.editor)
    assert client.get(page_url(cast, adopted)).status_code == 403


def test_an_outsider_gets_404(as_outsider, cast, adopted):
    assert as_outsider.get(page_url(cast, adopted)).status_code == 404
    assert as_outsider.post(page_url(cast, adopted), {"dataset": adopted.dataset.pk, **BOUND}).status_code == 404
