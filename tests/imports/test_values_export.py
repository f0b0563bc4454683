"""Exporting every value as CSV (Excel in Spanish) or XLSX, safe to open, and importable back unchanged."""

import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from rumbo.imports.services.export import values_export
from rumbo.imports.services.values import value_import_create, values_commit, values_preview
from rumbo.kpis.models import Kpi, Measurement

D = date


@pytest.fixture
def varied(cast):
    """KPIs of every frequency with awkward values and notes, in a cooperative whose fiscal year starts in April."""
    cast.coop.fiscal_year_start_month = 4
    cast.coop.save()

    def kpi(slug, name, frequency, unit="", area="ventas"):
        return Kpi.objects.create(
            cooperative=cast.coop, slug=slug, name=name, frequency=frequency, unit=unit, area=area
        )

    margin = kpi("margen", "Margen bruto", "month", "%", "finanzas")
    rows = [
        (margin, D(2025, 1, 1), "-3.5", '=HYPERLINK("http://x","clic")'),
        (margin, D(2025, 2, 1), "45", "+1 punto; según contabilidad"),
        (kpi("socios", "Socios activos", "quarter"), D(2025, 4, 1), "312", "@asamblea\nsegunda línea"),
        (kpi("acopio", "Acopio (qq)", "harvest", "qq"), D(2024, 10, 1), "12345.678901", "-"),
        (kpi("asambleas", "Participación en asambleas", "year", "%"), D(2024, 4, 1), "0.000001", "Señal débil"),
        (kpi("llamadas", "Llamadas por día", "day"), D(2025, 3, 15), "-0.5", ""),
        (kpi("visitas", "Visitas", "week"), D(2025, 3, 3), "1000000", "semana 10"),
        (kpi("ventas_2", "=Ventas cerradas por mes", "month"), D(2025, 1, 1), "7", ""),
        (kpi("ventas_3", "Ventas cerradas por mes", "month"), D(2025, 1, 1), "8", ""),  # same name as cast.kpi
    ]
    for k, period, value, note in rows:
        Measurement.objects.create(kpi=k, period=period, value=Decimal(value), note=note)
    return rows


def test_the_csv_opens_in_spanish_excel_with_numbers_as_numbers_and_no_live_formulas(cast, varied):
    export = values_export(coop=cast.coop, fmt="csv", today=D(2025, 6, 30))
    assert export.filename == "valores-coop-a-2025-06-30.csv"
    assert export.data.startswith(b"\xef\xbb\xbfIndicador;Periodo;Valor;Nota\r\n")
    lines = export.data.decode("utf-8-sig").split("\r\n")
    assert "Ventas cerradas por mes;01/01/2025;35;" not in lines  # two KPIs share that name: the slugs say which
    assert "ventas_cerradas;01/01/2025;35;" in lines
    assert "ventas_3;01/01/2025;8;" in lines
    assert "'=Ventas cerradas por mes;01/01/2025;7;" in lines
    assert 'Margen bruto;01/01/2025;-3,5;"\'=HYPERLINK(""http://x"",""clic"")"' in lines
    assert "Margen bruto;01/02/2025;45;'+1 punto; según contabilidad" not in lines  # quoted, since it holds a ';'
    assert 'Margen bruto;01/02/2025;45;"\'+1 punto; según contabilidad"' in lines
    assert "Acopio (qq);01/10/2024;12345,678901;'-" in lines
    assert "Participación en asambleas;01/04/2024;0,000001;Señal débil" in lines
    assert "Llamadas por día;15/03/2025;-0,5;" in lines  # a negative number stays a number
    assert "Visitas;03/03/2025;1000000;semana 10" in lines
    assert (export.values, export.kpis) == (10, 9)


def test_the_xlsx_holds_real_numbers_and_dates_and_formula_like_text_as_text(cast, varied):
    export = values_export(coop=cast.coop, fmt="xlsx")
    rows = CalamineWorkbook.from_filelike(io.BytesIO(export.data)).get_sheet_by_index(0).to_python()
    assert rows[0] == ["Indicador", "Periodo", "Valor", "Nota"]
    by_note = {row[3]: row for row in rows[1:]}
    assert by_note['=HYPERLINK("http://x","clic")'][1:3] == [D(2025, 1, 1), -3.5]
    assert by_note["-"][1:3] == [D(2024, 10, 1), 12345.678901]
    sheet = openpyxl.load_workbook(io.BytesIO(export.data)).active
    formula_cells = [c for row in sheet.iter_rows() for c in row if isinstance(c.value, str) and c.value[:1] in "=+-@"]
    assert {c.value for c in formula_cells} >= {'=HYPERLINK("http://x","clic")', "=Ventas cerradas por mes", "-"}
    assert all(c.data_type == "s" and c.quotePrefix for c in formula_cells)
    assert sheet["B2"].number_format == "mmm-yyyy"
    assert sheet["C2"].data_type == "n"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_exporting_then_importing_changes_nothing(cast, varied, fmt):
    before = list(Measurement.objects.order_by("pk").values_list("pk", "kpi_id", "period", "value", "note", "version"))
    export = values_export(coop=cast.coop, fmt=fmt)
    preview = values_preview(coop=cast.coop, data=export.data, filename=export.filename)
    assert preview.ok, [p.located() for p in preview.problems]
    assert (preview.unchanged, preview.created, preview.updated) == (len(before), 0, 0)
    value_import = value_import_create(coop=cast.coop, data=export.data, filename=export.filename, user=cast.admin)
    assert values_commit(coop=cast.coop, import_=value_import, user=cast.admin).ok
    after = list(Measurement.objects.order_by("pk").values_list("pk", "kpi_id", "period", "value", "note", "version"))
    assert after == before


def test_values_of_other_cooperatives_and_of_kpis_in_the_bin_stay_out(cast):
    Measurement.objects.create(kpi=cast.other_kpi, period=D(2025, 1, 1), value=1)
    binned = Kpi.objects.create(
        cooperative=cast.coop, slug="viejo", name="Viejo", area="ventas", deleted_at="2025-01-01T00:00Z"
    )
    Measurement.objects.create(kpi=binned, period=D(2025, 1, 1), value=2)
    text = values_export(coop=cast.coop, fmt="csv").data.decode("utf-8-sig")
    assert text == "Indicador;Periodo;Valor;Nota\r\nVentas cerradas por mes;01/01/2025;35;\r\n"
