"""«Datos»: every dataset with its current version, the computed metrics, the bin; in a fixed number of queries."""

import pytest
from django.urls import reverse

from rumbo.datasets.models import Dataset, DatasetVersion, MetricDefinition
from rumbo.kpis.models import Kpi


def url(cast):
    return reverse("datasets:datasets", args=[cast.coop.slug])


def test_the_viewer_sees_the_datasets_their_versions_and_the_computed_metrics(as_viewer, cast, load, define):
    load()
    load(append=True)
    define("ingresos", measure="sum(Monto)")
    response = as_viewer.get(url(cast))
    assert response.status_code == 200
    text = response.text
    assert "Versión 2 · 10 filas" in text and "Se guarda 1 versión anterior." in text
    assert '<span class="col col-date">Fecha</span>' in text
    assert "ingresos" in text and "<code>suma(Monto)</code>" in text and "de «ventas» por «Fecha», mensual" in text
    assert "Subir datos" not in text and "Recalcular" not in text  # a viewer only reads


def test_the_editor_gets_the_upload_define_and_recompute_actions(as_editor, cast, load, define):
    load()
    define("ingresos", measure="sum(Monto)")
    text = as_editor.get(url(cast)).text
    assert "Subir datos" in text and "Definir una métrica" in text and "Recalcular todas las métricas" in text


def test_the_admin_sees_the_datasets_in_the_bin(as_admin, cast):
    cast.dataset.deleted_at = "2025-01-01T00:00:00Z"
    cast.dataset.save()
    text = as_admin.get(url(cast)).text
    assert "Datos en la papelera" in text and "Restaurar" in text


def test_the_outsider_gets_404(as_outsider, cast):
    assert as_outsider.get(url(cast)).status_code == 404


def many(cast, n):
    for i in range(n):
        dataset = Dataset.objects.create(cooperative=cast.coop, name=f"datos {i}", key=f"datos {i}")
        for number in (1, 2):
            DatasetVersion.objects.create(
                dataset=dataset,
                number=number,
                mode="replace",
                file=f"x/v{number}.parquet",
                rows=10,
                columns=[["Fecha", "date"], ["Monto", "number"]],
                created_by=cast.editor,
            )
        kpi = Kpi.objects.create(
            cooperative=cast.coop, slug=f"m{i}", name=f"Métrica {i}", area="ventas", kind="metric", frequency="month"
        )
        MetricDefinition.objects.create(kpi=kpi, dataset=dataset, measure="sum(Monto)", date_column="Fecha")


@pytest.mark.parametrize("n", [10, 60])
def test_the_number_of_queries_does_not_grow_with_datasets_and_metrics(
    as_admin, cast, django_assert_max_num_queries, n
):
    many(cast, n)
    with django_assert_max_num_queries(9):
        response = as_admin.get(url(cast))
    assert response.status_code == 200 and f"Métrica {n - 1}" in response.text
