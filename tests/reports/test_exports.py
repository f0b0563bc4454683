"""Spreadsheet exports: definitions, targets and OKRs as CSV and XLSX; the workbook goes back through the value import unchanged."""

import csv
import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest

from rumbo.imports.services.values import value_import_create, values_commit, values_preview
from rumbo.kpis.models import Measurement
from rumbo.reports.services.exports import export_file
from tests.factories import make_kpi
from tests.reports.helpers import off_track_last_month

TODAY = date(2026, 11, 27)


def rows_of_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # Excel in Spanish needs the BOM to read UTF-8
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def sheet_of(data: bytes, title: str):
    return openpyxl.load_workbook(io.BytesIO(data))[title]


@pytest.fixture
def tricky(cast):
    """A KPI whose words a spreadsheet would run as formulas, with a negative baseline."""
    terms = {"unit": "@USD", "description": "+1 llamada", "baseline": Decimal("-3.5")}
    return make_kpi(cast.coop, "margen", '=HYPERLINK("http://x.example","clic")', area="finanzas", **terms)


def test_definitions_in_csv_say_what_each_kpi_is_in_spanish(cast):
    rows = rows_of_csv(export_file(coop=cast.coop, table="indicadores", fmt="csv", today=TODAY).data)
    header, first = rows[0], rows[1]
    assert header[:5] == ["Indicador", "Nombre corto", "KPI o métrica", "Área", "Objetivo"]
    assert first[:5] == ["Ventas cerradas por mes", "ventas_cerradas", "KPI", "Ventas", "Crecer en ventas directas"]
    assert first[header.index("Frecuencia")] == "Mensual" and first[header.index("Responsable")] == "Beto"
    assert all(r[0] != cast.other_kpi.name for r in rows)  # never another cooperative's


def test_formula_like_text_stays_text_and_negative_numbers_stay_numbers_in_csv(cast, tricky):
    rows = rows_of_csv(export_file(coop=cast.coop, table="indicadores", fmt="csv", today=TODAY).data)
    header = rows[0]
    row = next(r for r in rows if r[1] == "margen")
    assert row[0] == '\'=HYPERLINK("http://x.example","clic")'
    assert row[header.index("Unidad")] == "'@USD" and row[header.index("Qué mide")] == "'+1 llamada"
    assert row[header.index("Línea base")] == "-3,5"


def test_formula_like_text_stays_text_and_negative_numbers_stay_numbers_in_xlsx(cast, tricky):
    sheet = sheet_of(export_file(coop=cast.coop, table="indicadores", fmt="xlsx", today=TODAY).data, "Indicadores")
    header = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[1].value == "margen")
    name = row[0]
    assert name.data_type == "s" and name.value.startswith("=HYPERLINK") and name.quotePrefix
    baseline = row[header.index("Línea base")]
    assert baseline.data_type == "n" and baseline.value == pytest.approx(-3.5)


def test_targets_and_okrs_export_with_dates_and_scores(cast):
    targets = sheet_of(export_file(coop=cast.coop, table="metas", fmt="xlsx", today=TODAY).data, "Metas")
    name, slug, start, end, value = targets[2][:5]
    assert (name.value, slug.value, start.value.date(), end.value.date(), value.value) == (
        "Ventas cerradas por mes",
        "ventas_cerradas",
        date(2025, 1, 1),
        date(2026, 12, 31),
        40,
    )
    assert start.number_format == "dd/mm/yyyy"
    okr = rows_of_csv(export_file(coop=cast.coop, table="okr", fmt="csv").data)
    assert okr[0][:4] == ["Ciclo", "Inicio", "Fin", "Objetivo"]
    titles = {r[7] for r in okr[1:]}
    assert {"Nuevos compradores", "Ventas cerradas"} <= titles and all(
        r[3] == "Ampliar la venta directa" for r in okr[1:]
    )


def test_the_workbook_goes_back_through_the_value_import_without_changing_anything(cast, tricky):
    off_track_last_month(cast)
    Measurement.objects.create(kpi=tricky, period=date(2025, 3, 1), value=Decimal("-2.25"), note="=cmd|' /C calc'!A0")
    before = sorted(
        Measurement.objects.filter(kpi__cooperative=cast.coop).values_list("kpi_id", "period", "value", "note")
    )
    exported = export_file(coop=cast.coop, table="libro", fmt="xlsx", today=TODAY)
    book = openpyxl.load_workbook(io.BytesIO(exported.data))
    assert book.sheetnames == ["Valores", "Indicadores", "Metas", "OKR"]
    preview = values_preview(coop=cast.coop, data=exported.data, filename=exported.filename)
    assert preview.ok, [p.message for p in preview.problems]
    assert (preview.created, preview.updated, preview.unchanged) == (0, 0, len(before))
    kept = value_import_create(coop=cast.coop, data=exported.data, filename=exported.filename)
    assert values_commit(coop=cast.coop, import_=kept).ok
    after = sorted(
        Measurement.objects.filter(kpi__cooperative=cast.coop).values_list("kpi_id", "period", "value", "note")
    )
    assert after == before


def test_a_csv_workbook_is_refused(cast):
    with pytest.raises(ValueError):
        export_file(coop=cast.coop, table="libro", fmt="csv")
