"""Defining a metric on a phone (a dataset measure or a formula) with clear errors, and its values as computed."""

from django.urls import reverse

from rumbo.datasets.models import MetricDefinition
from rumbo.kpis.models import Kpi


def create_url(cast):
    return reverse("datasets:metric_create", args=[cast.coop.slug])


def by_dataset(cast, measure: str, **fields) -> dict:
    """The metric form with `measure` over the cast's «ventas» dataset, by month of its Fecha; `fields` add or replace."""
    source = {"source": "dataset", "dataset": cast.dataset.pk}
    return {**source, "measure": measure, "date_column": "Fecha", "grain": "month", **fields}


def test_the_editor_defines_a_new_metric_from_a_dataset(as_editor, cast, load):
    load()
    response = as_editor.post(
        create_url(cast),
        by_dataset(
            cast, "sum(Monto)", name="Monto vendido", area="ventas", date_column="fecha", filter="Producto = pergamino"
        ),
    )
    kpi = Kpi.objects.get(slug="monto_vendido")
    assert response.status_code == 302 and response["Location"] == reverse(
        "datasets:metric_detail", args=[cast.coop.slug, kpi.pk]
    )
    assert (kpi.area, kpi.definition.date_column, kpi.definition.filter) == ("ventas", "Fecha", "Producto = pergamino")
    page = as_editor.get(response["Location"]).text
    assert "enero 2024" in page and "1.200,50" in page and "ventas v1" in page


def test_a_formula_metric_and_its_empty_periods(as_editor, cast, load, define):
    load()
    define("ingresos", measure="sum(Monto)")
    define("pedidos", measure="count()", where="Producto = pergamino")
    as_editor.post(
        create_url(cast),
        {
            "name": "Por pedido",
            "area": "ventas",
            "source": "formula",
            "formula": "ingresos / pedidos",
            "grain": "month",
        },
    )
    kpi = Kpi.objects.get(slug="por_pedido")
    page = as_editor.get(reverse("datasets:metric_detail", args=[cast.coop.slug, kpi.pk])).text
    assert "Fórmula: <code>ingresos / pedidos</code>" in page and "—" in page


def test_errors_are_shown_on_the_form_and_nothing_is_written(as_editor, cast, load):
    load()
    response = as_editor.post(
        create_url(cast),
        by_dataset(cast, "sum(Precio)", name="x", area="ventas"),
    )
    assert response.status_code == 400 and "La columna «Precio» no existe" in response.text
    response = as_editor.post(
        create_url(cast), {"name": "y", "area": "ventas", "source": "formula", "formula": "y + 1", "grain": "month"}
    )
    assert response.status_code == 400 and "La fórmula de «y» se usa a sí misma." in response.text
    assert not Kpi.objects.filter(slug__in=["x", "y"]).exists() and not MetricDefinition.objects.exists()


def test_an_existing_kpi_gets_its_calculation(as_editor, cast, load):
    load()
    url = reverse("datasets:metric_define", args=[cast.coop.slug, cast.kpi.pk])
    assert 'name="name"' not in as_editor.get(url).text  # its name is edited on its own page
    response = as_editor.post(
        url,
        by_dataset(cast, "count()"),
    )
    assert response.status_code == 302 and cast.kpi.definition.measure == "count()"


def test_an_editor_of_another_area_cannot_define_a_kpi(client, cast):
    cast.editor_membership.areas = ["produccion"]
    cast.editor_membership.save()
    client.force_login(cast.editor)
    assert client.get(reverse("datasets:metric_define", args=[cast.coop.slug, cast.kpi.pk])).status_code == 403


def test_a_viewer_reads_the_values_but_cannot_define(as_viewer, cast):
    assert as_viewer.get(reverse("datasets:metric_detail", args=[cast.coop.slug, cast.kpi.pk])).status_code == 200
    assert as_viewer.get(create_url(cast)).status_code == 403
    assert (
        as_viewer.post(
            reverse("datasets:metric_define", args=[cast.coop.slug, cast.kpi.pk]), {"source": "formula"}
        ).status_code
        == 403
    )


def test_the_measure_help_teaches_the_spanish_names_first_and_they_work(as_editor, cast, load):
    load()
    page = as_editor.get(create_url(cast)).text
    help_text = page[page.index("suma(Monto)") :]
    help_text = help_text[: help_text.index("</small>")]
    assert help_text.startswith("suma(Monto), conteo(), distintos(Cliente), promedio(Monto), mediana, mínimo, máximo")
    assert "También valen en inglés: sum, count, count_distinct, mean" in help_text
    assert "sum(" not in page[: page.index("suma(Monto)")]  # no English name before the Spanish ones
    response = as_editor.post(
        create_url(cast),
        by_dataset(cast, "promedio(Monto)", name="Monto medio", area="ventas"),
    )
    assert response.status_code == 302
    kpi = Kpi.objects.get(slug="monto_medio")
    # stored by its one canonical name, shown by its Spanish one (and by its English one in English)
    assert kpi.definition.measure == "mean(Monto)"
    assert "<code>promedio(Monto)</code>" in as_editor.get(response["Location"]).text
    assert (
        'value="promedio(Monto)"'
        in as_editor.get(reverse("datasets:metric_define", args=[cast.coop.slug, kpi.pk])).text
    )
    cast.editor.language = "en"
    cast.editor.save()
    assert "<code>mean(Monto)</code>" in as_editor.get(response["Location"]).text


def test_an_unknown_measure_lists_the_spanish_names_first(as_editor, cast, load):
    load()
    response = as_editor.post(
        create_url(cast),
        by_dataset(cast, "total(Monto)", name="Monto total", area="ventas"),
    )
    assert response.status_code == 400
    assert (
        "Las medidas son: suma, conteo, distintos, promedio, mediana, mínimo, máximo, nuevos, retenidos y perdidos"
        in response.text
    )
