"""Downloading every value as XLSX or CSV from the import page."""

from django.urls import reverse


def test_members_download_the_values_as_xlsx_or_csv(as_viewer, cast):
    url = reverse("imports:export", args=[cast.coop.slug])
    xlsx = as_viewer.get(url + "?formato=xlsx")
    assert xlsx["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert xlsx["Content-Disposition"].startswith('attachment; filename="valores-coop-a-')
    assert xlsx.content.startswith(b"PK")
    csv = as_viewer.get(url + "?formato=csv")
    assert csv["Content-Type"] == "text/csv; charset=utf-8"
    assert csv.content.decode("utf-8-sig").splitlines()[1] == "Ventas cerradas por mes;01/01/2025;35;"


def test_an_unknown_format_is_not_found_and_outsiders_get_nothing(client, cast):
    client.force_login(cast.editor)
    assert client.get(reverse("imports:export", args=[cast.coop.slug]) + "?formato=pdf").status_code == 404
    client.force_login(cast.outsider)
    assert client.get(reverse("imports:export", args=[cast.coop.slug]) + "?formato=csv").status_code == 404


def test_the_download_is_a_private_attachment_no_cache_keeps(as_viewer, cast):
    response = as_viewer.get(reverse("imports:export", args=[cast.coop.slug]) + "?formato=csv")
    assert response["Cache-Control"] == "private, no-store"
