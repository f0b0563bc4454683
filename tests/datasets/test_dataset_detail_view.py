"""A dataset's page: versions, column types with their correction, the cells emptied, its metrics; the bin."""

from django.urls import reverse

from rumbo.datasets.models import Dataset, DatasetVersion
from tests.datasets.conftest import SALES, values_of


def url(cast, name="datasets:dataset_detail"):
    return reverse(name, args=[cast.coop.slug, cast.dataset.pk])


def test_the_page_shows_versions_types_problems_and_metrics(as_viewer, cast, load, define):
    load(
        [
            *SALES,
            *SALES,
            ("06/06/2024", "Eva", "tostado", "1", "n/d"),
            ("07/06/2024", "Eva", "tostado", "1", "pendiente"),
        ]
    )
    define("ingresos", measure="sum(Monto)")
    text = as_viewer.get(url(cast)).text
    assert "Versión 1: 12 filas" in text
    assert "Fecha <small>(fecha)</small>" in text and "Monto <small>(número)</small>" in text
    assert "Fila 13, columna E (Monto): «pendiente» no es un número; la celda queda vacía." in text
    assert "ingresos" in text and "Reemplaza los datos" in text
    assert "Corregir los tipos" not in text and "Mover a la papelera" not in text


def test_a_dataset_without_data_yet(as_editor, cast):
    assert "Todavía sin datos." in as_editor.get(url(cast)).text


def test_correcting_a_type_reads_the_uploaded_files_again(as_editor, cast, load):
    load([("05/01/2024", "Ana", "pergamino", "007", "1")])
    load([("06/01/2024", "Beto", "tostado", "010", "2")], append=True)
    form = {"c0": "date", "c1": "text", "c2": "text", "c3": "text", "c4": "number"}
    response = as_editor.post(url(cast, "datasets:dataset_retype"), form)
    assert response.status_code == 302
    version = DatasetVersion.objects.filter(dataset=cast.dataset).latest("number")
    assert (version.number, version.mode, version.types["Cantidad"], version.rows) == (3, "retype", "text", 2)
    import polars as pl

    from rumbo.files import store

    assert pl.read_parquet(store.local_path(version.file))["Cantidad"].to_list() == ["007", "010"]


def test_a_correction_that_breaks_a_metric_is_refused(as_editor, cast, load, define):
    load()
    kpi = define("ingresos", measure="sum(Monto)").kpi
    form = {"c0": "date", "c1": "text", "c2": "text", "c3": "number", "c4": "text"}
    response = as_editor.post(url(cast, "datasets:dataset_retype"), form, follow=True)
    assert "no se podrían calcular sus métricas" in response.text
    assert DatasetVersion.objects.filter(dataset=cast.dataset).count() == 1 and values_of(kpi)


def test_the_admin_moves_it_to_the_bin_and_brings_it_back(as_admin, cast, load):
    load()
    assert as_admin.post(url(cast, "datasets:dataset_remove")).status_code == 302
    assert not Dataset.objects.filter(pk=cast.dataset.pk).exists()
    assert as_admin.get(url(cast)).status_code == 404
    assert as_admin.post(url(cast, "datasets:dataset_restore")).status_code == 302
    assert Dataset.objects.get(pk=cast.dataset.pk).versions.count() == 1


def test_only_the_admin_moves_a_dataset_to_the_bin(as_editor, cast):
    assert as_editor.post(url(cast, "datasets:dataset_remove")).status_code == 403
    assert Dataset.objects.filter(pk=cast.dataset.pk).exists()


def test_a_viewer_cannot_correct_types(as_viewer, cast, load):
    load()
    assert as_viewer.post(url(cast, "datasets:dataset_retype"), {"c3": "text"}).status_code == 403


def test_another_cooperatives_dataset_is_not_found(as_outsider, cast):
    assert as_outsider.get(url(cast)).status_code == 404
    mine = reverse("datasets:dataset_detail", args=[cast.other_coop.slug, cast.dataset.pk])
    assert as_outsider.get(mine).status_code == 404
