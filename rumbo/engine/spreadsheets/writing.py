"""Writing tables as files Excel in Spanish opens as they are (CSV, XLSX), safe from formula injection.

Every export goes through here: the values (which the importer reads back), the
definitions, targets and OKRs, and the workbook that holds them all. CSV is UTF-8 with
BOM, `;` between fields, decimal comma, dates as 31/12/2025. XLSX holds real numbers and
dates. Text that a spreadsheet would run as a formula (=, +, -, @ first) stays text: an
apostrophe in CSV, a text cell with Excel's quote prefix in XLSX (the value import takes
both back as they left). Numbers are never touched: −3,5 stays a negative number.
"""

import csv
import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from rumbo.engine.spreadsheets.injection import is_dangerous, neutralise

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.cell import Cell

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
DAY_FORMAT = "dd/mm/yyyy"


@dataclass(frozen=True)
class Sheet:
    """A table to write: the sheet's name (31 characters at most in XLSX), its header, its rows."""

    title: str
    header: list[str]
    rows: list[list[Any]]  # cells: str, int, Decimal, date, Dated, bool or None
    widths: tuple[int, ...] = ()


def decimal_comma(value: Decimal | None) -> str:
    """12345.500000 → '12345,5'; −3 → '-3' (a minus sign Excel reads as a number); None → ''."""
    if value is None:
        return ""
    text = format(value.normalize(), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


@dataclass(frozen=True)
class Dated:
    """A date that XLSX shows in its own number format (a month as «ene-2025»); CSV writes it as any date."""

    day: date
    number_format: str


def csv_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "sí" if value else "no"
    if isinstance(value, (int, Decimal)):
        return decimal_comma(Decimal(value))
    if isinstance(value, Dated):
        value = value.day
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return neutralise(str(value))


def to_csv(sheet: Sheet) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in sheet.header])
    for row in sheet.rows:
        writer.writerow([csv_cell(v) for v in row])
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(*sheets: Sheet) -> bytes:
    """One workbook with a sheet per table, in order (the value import reads the first)."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for sheet in sheets:
        add_sheet(book, sheet)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write(fmt: str, sheet: Sheet, *more: Sheet) -> bytes:
    """`fmt` is "csv" (one table) or "xlsx" (one sheet per table)."""
    if fmt not in CONTENT_TYPES:
        raise ValueError(f"unknown export format {fmt!r}")
    if fmt == "xlsx":
        return to_xlsx(sheet, *more)
    if more:
        raise ValueError("a CSV file holds one table")
    return to_csv(sheet)


def add_sheet(book: "Workbook", sheet: Sheet) -> None:
    """Append `sheet` as a new sheet of the openpyxl workbook `book`."""
    from openpyxl.styles import Font

    page = book.create_sheet(title=sheet.title[:31])
    for column, name in enumerate(sheet.header, start=1):
        text_cell(page.cell(1, column), name).font = Font(bold=True)
    for number, row in enumerate(sheet.rows, start=2):
        for column, value in enumerate(row, start=1):
            if value is None:
                continue
            if isinstance(value, str):
                text_cell(page.cell(number, column), value)
            elif isinstance(value, bool):
                text_cell(page.cell(number, column), "sí" if value else "no")
            elif isinstance(value, Dated):
                page.cell(number, column, value.day).number_format = value.number_format
            else:
                cell = page.cell(number, column, value)
                if isinstance(value, date):
                    cell.number_format = DAY_FORMAT
    for column, width in enumerate(sheet.widths, start=1):
        page.column_dimensions[page.cell(1, column).column_letter].width = width
    page.freeze_panes = "A2"


def text_cell(cell: "Cell", text: str) -> "Cell":
    # openpyxl turns any string starting with "=" into a formula; a text cell is what was typed.
    cell.value = text
    cell.data_type = "s"
    if is_dangerous(text):
        cell.quotePrefix = True
    return cell
