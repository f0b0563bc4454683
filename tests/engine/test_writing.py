"""The one spreadsheet writer: CSV as Excel in Spanish opens it, XLSX with real numbers and dates, no live formulas."""

import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest

from rumbo.engine.spreadsheets.writing import CONTENT_TYPES, Dated, Sheet, decimal_comma, to_csv, write

SHEET = Sheet(
    "Una hoja con un nombre más largo que lo que cabe en Excel",
    ["Texto", "Número", "Día", "Mes", "Sí o no", "Vacío"],
    [
        ["=1+1", Decimal("-3.50"), date(2025, 12, 31), Dated(date(2025, 1, 1), "mmm-yyyy"), True, None],
        ["@nota", 12, date(2025, 1, 2), Dated(date(2025, 2, 1), "mmm-yyyy"), False, None],
    ],
    widths=(30, 12),
)


def test_csv_has_the_bom_semicolons_decimal_commas_and_neutralised_formulas():
    assert (
        to_csv(SHEET)
        == (
            "\ufeffTexto;Número;Día;Mes;Sí o no;Vacío\r\n"
            "'=1+1;-3,5;31/12/2025;01/01/2025;sí;\r\n"
            "'@nota;12;02/01/2025;01/02/2025;no;\r\n"
        ).encode()
    )


def test_xlsx_keeps_numbers_and_dates_and_writes_formulas_as_quoted_text():
    sheet = openpyxl.load_workbook(io.BytesIO(write("xlsx", SHEET, Sheet("Otra", ["A"], [])))).worksheets[0]
    assert sheet.title == SHEET.title[:31] and sheet.freeze_panes == "A2"
    first = list(sheet[2])
    assert first[0].value == "=1+1" and first[0].data_type == "s" and first[0].quotePrefix
    assert first[1].value == Decimal("-3.5") or first[1].value == -3.5
    assert first[2].number_format == "dd/mm/yyyy" and first[3].number_format == "mmm-yyyy"
    assert first[4].value == "sí" and first[5].value is None
    assert sheet.column_dimensions["A"].width == 30 and sheet[1][0].font.bold


@pytest.mark.parametrize(("value", "text"), [(Decimal("12345.500000"), "12345,5"), (Decimal(-3), "-3"), (None, "")])
def test_decimal_comma(value, text):
    assert decimal_comma(value) == text


def test_a_csv_holds_one_table_and_only_known_formats_are_written():
    with pytest.raises(ValueError):
        write("csv", SHEET, SHEET)
    with pytest.raises(ValueError):
        write("ods", SHEET)
    assert set(CONTENT_TYPES) == {"csv", "xlsx"}
