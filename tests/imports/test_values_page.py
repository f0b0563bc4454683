"""«Importar valores»: the upload form, its size limit while uploading, and the list of past imports."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from rumbo.imports.models import ValueImport
from rumbo.imports.services.values import value_import_create
from rumbo.kpis.models import Measurement

GOOD = b"Indicador;Periodo;Valor\nVentas cerradas por mes;feb-2025;38\n"


def url(cast):
    return reverse("imports:values", args=[cast.coop.slug])


def upload(name, data):
    return {"file": SimpleUploadedFile(name, data, content_type="application/octet-stream")}


def test_an_editor_uploads_a_file_and_is_taken_to_its_preview_with_nothing_written(as_editor, cast):
    before = list(Measurement.objects.values_list("pk", "value"))
    response = as_editor.post(url(cast), upload("febrero.csv", GOOD))
    value_import = ValueImport.objects.get(filename="febrero.csv")
    assert response.status_code == 302
    assert response["Location"] == reverse("imports:preview", args=[cast.coop.slug, value_import.pk])
    assert (value_import.uploaded_by, value_import.created, value_import.status) == (cast.editor, 1, "previewed")
    assert list(Measurement.objects.values_list("pk", "value")) == before


def test_the_page_offers_the_form_the_downloads_and_past_imports(as_editor, cast):
    page = as_editor.get(url(cast)).content.decode()
    assert 'enctype="multipart/form-data"' in page and 'type="file"' in page
    assert f'data-max-bytes="{50 * 1024 * 1024}"' in page
    assert "?formato=xlsx" in page and "?formato=csv" in page
    assert "valores.csv" in page  # the cast's earlier upload
    assert reverse("imports:file", args=[cast.coop.slug, cast.value_import.pk]) in page


def test_a_file_over_the_limit_is_cut_off_while_uploading_and_nothing_is_kept(as_editor, cast, settings):
    settings.RUMBO_UPLOAD_MAX_BYTES = 10_000
    before = ValueImport.objects.count()
    response = as_editor.post(url(cast), upload("grande.csv", GOOD * 2000))
    assert response.status_code == 400
    assert "El archivo pesa más de 0,01 MB, el máximo." in response.content.decode()
    assert ValueImport.objects.count() == before


def test_the_upload_handler_stops_reading_at_the_limit(rf, cast, settings):
    """Django's own upload machinery, not the form, is what stops a big file."""
    from rumbo.imports.uploads import UploadLimit

    request = rf.post("/", upload("grande.csv", GOOD * 2000))
    request.upload_handlers.insert(0, UploadLimit(request, 10_000))
    assert "file" not in request.FILES
    assert request.upload_too_big


def test_posting_without_a_file_asks_for_one(as_editor, cast):
    response = as_editor.post(url(cast), {})
    assert response.status_code == 400
    assert "Elija el archivo que quiere importar." in response.content.decode()


def test_a_viewer_may_not_upload_and_an_outsider_does_not_see_the_page(client, cast):
    client.force_login(cast.viewer)
    assert client.get(url(cast)).status_code == 403
    assert client.post(url(cast), upload("v.csv", GOOD)).status_code == 403
    client.force_login(cast.outsider)
    assert client.get(url(cast)).status_code == 404
    assert client.post(url(cast), upload("v.csv", GOOD)).status_code == 404
    assert not ValueImport.objects.filter(filename="v.csv").exists()


@pytest.mark.parametrize("count", [10, 60])
def test_the_list_of_past_imports_costs_the_same_queries_however_many_there_are(
    as_editor, cast, count, django_assert_max_num_queries
):
    for i in range(count):
        value_import_create(coop=cast.coop, data=GOOD, filename=f"v{i}.csv", user=cast.editor)
    with django_assert_max_num_queries(8):
        assert as_editor.get(url(cast)).status_code == 200
