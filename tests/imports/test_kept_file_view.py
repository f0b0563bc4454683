"""Downloading a kept upload: always an attachment with a spreadsheet or binary type, never a page."""

from django.urls import reverse

from rumbo.imports.services.values import value_import_create
from tests.imports.helpers import statuses


def test_the_file_comes_back_as_it_was_uploaded_as_an_attachment(as_editor, cast):
    response = as_editor.get(reverse("imports:file", args=[cast.coop.slug, cast.value_import.pk]))
    assert response.status_code == 200
    assert response.content == b"Indicador;Periodo;Valor\nVentas cerradas por mes;feb-2025;38\n"
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="valores.csv"'
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_web_page_uploaded_as_a_spreadsheet_is_served_as_plain_bytes(as_editor, cast):
    html = b"<html><script>alert(1)</script></html>"
    value_import = value_import_create(coop=cast.coop, data=html, filename="hola <b>.html", user=cast.editor)
    response = as_editor.get(reverse("imports:file", args=[cast.coop.slug, value_import.pk]))
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == 'attachment; filename="hola_b_.html.bin"'


def test_viewers_and_outsiders_do_not_get_the_file(client, cast):
    url = reverse("imports:file", args=[cast.coop.slug, cast.value_import.pk])
    visits = [(cast.viewer, "get"), (cast.outsider, "get")]
    assert statuses(client, url, *visits) == [403, 404]
    assert client.get(reverse("imports:file", args=[cast.other_coop.slug, cast.value_import.pk])).status_code == 404
