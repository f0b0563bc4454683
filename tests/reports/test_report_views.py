"""«Informes»: the options page, the PDF downloads and the spreadsheet downloads, for each member of the cast."""

import io

from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from tests.reports.helpers import pdf_pages


def url(cast, name="reports:page"):
    return reverse(name, args=[cast.coop.slug])


def test_a_viewer_sees_the_options_and_the_download_links(as_viewer, cast):
    response = as_viewer.get(url(cast))
    assert response.status_code == 200
    text = response.text
    assert "Tablero de hoy (PDF)" in text and "Informe completo de hoy (PDF)" in text
    assert cast.objective.title in text and 'name="area" value="ventas"' in text
    assert f"{url(cast, 'reports:export')}?tabla=libro&amp;formato=xlsx" in text
    assert f"{reverse('imports:export', args=[cast.coop.slug])}?formato=csv" in text


def test_the_one_page_board_downloads_as_a_pdf(as_viewer, cast):
    response = as_viewer.get(url(cast, "reports:pdf"), {"tipo": "tablero", "idioma": "es"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="tablero-coop-a-{timezone.localdate().isoformat()}.pdf"'
    )
    assert len(PdfReader(io.BytesIO(response.content)).pages) == 1


def test_the_full_report_takes_the_chosen_date_objective_and_language(as_viewer, cast):
    response = as_viewer.get(
        url(cast, "reports:pdf"),
        {"tipo": "completo", "fecha": "2025-06-30", "objetivo": cast.objective.pk, "idioma": "en"},
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('-2025-06-30.pdf"')
    text = " ".join(pdf_pages(response.content))
    assert "June 30, 2025" in text or "30 de junio de 2025" in text


def test_a_date_in_the_future_is_refused_in_spanish_and_nothing_is_generated(as_viewer, cast):
    response = as_viewer.get(url(cast, "reports:pdf"), {"tipo": "tablero", "fecha": "2100-12-31", "idioma": "es"})
    assert response.status_code == 400 and "La fecha no puede ser posterior a hoy" in response.text


def test_a_date_outside_1900_2100_is_refused_in_spanish(as_viewer, cast):
    response = as_viewer.get(url(cast, "reports:pdf"), {"tipo": "tablero", "fecha": "1899-12-31", "idioma": "es"})
    assert (
        response.status_code == 400
        and "La fecha 31/12/1899 está fuera del rango admitido (1900–2100)." in response.text
    )


def test_an_objective_of_another_cooperative_is_not_a_choice(as_viewer, cast):
    from rumbo.kpis.models import Objective

    theirs = Objective.objects.create(cooperative=cast.other_coop, title="Secreto de B")
    response = as_viewer.get(url(cast, "reports:pdf"), {"tipo": "tablero", "objetivo": theirs.pk, "idioma": "es"})
    assert response.status_code == 400 and "Secreto de B" not in response.text


def test_spreadsheets_download_with_their_names(as_viewer, cast):
    response = as_viewer.get(url(cast, "reports:export"), {"tabla": "indicadores", "formato": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="indicadores-coop-a-')
    assert "Ventas cerradas por mes" in response.content.decode("utf-8-sig")


def test_a_workbook_in_csv_is_explained_not_served(as_viewer, cast):
    response = as_viewer.get(url(cast, "reports:export"), {"tabla": "libro", "formato": "csv"})
    assert response.status_code == 400 and "solo se descarga en Excel" in response.text


def test_the_outsider_and_an_anonymous_visitor_get_nothing(as_outsider, cast, client):
    for name in ("reports:page", "reports:pdf", "reports:export"):
        assert as_outsider.get(url(cast, name), {"tabla": "indicadores", "formato": "csv"}).status_code == 404
    client.logout()
    assert client.get(url(cast, "reports:pdf")).status_code == 302


def test_downloads_are_read_only(as_admin, cast):
    assert as_admin.post(url(cast, "reports:pdf")).status_code == 405
    assert as_admin.post(url(cast, "reports:export")).status_code == 405
