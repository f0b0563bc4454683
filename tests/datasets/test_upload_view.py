"""Uploading a version from a phone: replace or append, clear errors, nothing written when the file is wrong."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from rumbo.datasets.models import DatasetVersion
from tests.datasets.conftest import SALES, csv_bytes


def url(cast):
    return reverse("datasets:upload", args=[cast.coop.slug])


def post(client, cast, data: bytes, name="ventas", mode="replace", filename="ventas.csv"):
    return client.post(url(cast), {"name": name, "mode": mode, "file": SimpleUploadedFile(filename, data)})


def test_the_editor_uploads_a_version_and_lands_on_the_dataset(as_editor, cast):
    response = post(as_editor, cast, csv_bytes(SALES))
    assert response.status_code == 302
    assert response["Location"] == reverse("datasets:dataset_detail", args=[cast.coop.slug, cast.dataset.pk])
    page = as_editor.get(response["Location"]).text
    assert "Versión 1 de «ventas» guardada: 5 filas." in page


def test_appending_from_the_form(as_editor, cast):
    post(as_editor, cast, csv_bytes(SALES))
    post(as_editor, cast, csv_bytes(SALES[:1]), mode="append")
    assert DatasetVersion.objects.filter(dataset=cast.dataset).latest("number").rows == 6


def test_a_file_that_is_not_a_spreadsheet_is_explained_on_the_form(as_editor, cast):
    response = post(as_editor, cast, b"\x89PNG\r\n\x1a\nfoto", filename="foto.xlsx")
    assert response.status_code == 400
    assert (
        "«foto.xlsx» es una imagen PNG, no una hoja de cálculo" in response.text
        or "no es una hoja de cálculo" in response.text
    )
    assert not DatasetVersion.objects.exists()


def test_a_file_without_a_date_column_is_explained_on_the_form(as_editor, cast):
    response = post(as_editor, cast, csv_bytes([("Ana", "1")], header=("Cliente", "Monto")), filename="clientes.csv")
    assert response.status_code == 400 and "no tiene ninguna columna de fechas" in response.text


def test_a_bad_name_is_shown_on_its_field(as_editor, cast):
    response = post(as_editor, cast, csv_bytes(SALES), name="ventas/2024")
    assert response.status_code == 400 and 'class="field has-error"' in response.text


def test_the_form_suggests_the_existing_names(as_editor, cast):
    response = as_editor.get(url(cast) + "?datos=ventas")
    assert '<option value="ventas">' in response.text and 'value="ventas"' in response.text


def test_a_viewer_cannot_upload(as_viewer, cast):
    assert as_viewer.get(url(cast)).status_code == 403
    assert post(as_viewer, cast, csv_bytes(SALES)).status_code == 403
    assert not DatasetVersion.objects.exists()
