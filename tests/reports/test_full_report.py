"""The full report: the assembly page first, then a page per objective (or area) with each KPI's chart, then OKRs."""

from django.utils import timezone

from rumbo.reports.presenters.assembly import Options
from rumbo.reports.services.pdfs import full_pdf
from tests.reports.helpers import off_track_last_month
from tests.reports.helpers import pdf_pages as text_of


def test_each_objective_gets_its_own_page_with_its_kpis_and_charts(cast):
    calls = off_track_last_month(cast)
    rendered = full_pdf(coop=cast.coop, options=Options(as_of=timezone.localdate()))
    pages = text_of(rendered.data)
    assert rendered.pages == len(pages) >= 3
    assert "Informe completo" in pages[0] and "Página 1 de" in pages[0]
    objective_page = next(p for p in pages[1:] if p.startswith("CRECER EN VENTAS DIRECTAS"))
    assert calls.name in objective_page and "Ventas cerradas por mes" in objective_page
    assert "línea continua, los valores" in objective_page
    okr_page = pages[-1]
    assert (
        "OKR · TRIMESTRE EN CURSO" in okr_page
        and "Ampliar la venta directa" in okr_page
        and "Nuevos compradores" in okr_page
    )


def test_the_report_can_go_by_area_and_leave_out_other_areas(cast):
    off_track_last_month(cast)
    from rumbo.kpis.models import Kpi

    Kpi.objects.create(
        cooperative=cast.coop, slug="acopio", name="Acopio del mes", area="produccion", frequency="month"
    )
    rendered = full_pdf(coop=cast.coop, options=Options(as_of=timezone.localdate(), areas=("ventas",), group="area"))
    text = " ".join(text_of(rendered.data))
    assert "VENTAS" in text and "Acopio del mes" not in text and "Acopio" not in text.replace("acopio", "")


def test_the_other_cooperatives_kpis_never_appear(cast):
    text = " ".join(text_of(full_pdf(coop=cast.coop, options=Options(as_of=timezone.localdate())).data))
    assert cast.other_kpi.name not in text and cast.other_coop.name not in text
