"""Writing a table to CSV or to an XLSX sheet the way the value export does, safe from formula injection.

CSV is what Excel in Spanish opens as it is: UTF-8 with BOM, `;` between fields, decimal
comma, dates as 31/12/2025. XLSX holds real numbers and dates. Text that a spreadsheet
would run as a formula (=, +, -, @ first) stays text: an apostrophe in CSV, a text cell
with Excel's quote prefix in XLSX (the value import takes both back as they left).
Numbers are never touched: −3,5 stays a negative number.
"""

import csv
import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

DAY_FORMAT = "dd/mm/yyyy"


@dataclass(frozen=True)
class Table:
    title: str  # the sheet's name (31 characters at most)
    header: list[str]
    rows: list[list]  # cells: str, int, Decimal, date, bool or None
    widths: tuple[int, ...] = ()


def _csv_cell(value) -> str:
    # The value export's own helpers: one way of writing numbers and neutralising formulas.
    from rumbo.imports.injection import neutralise
    from rumbo.imports.services.export import decimal_comma

    if value is None:
        return ""
    if isinstance(value, bool):
        return "sí" if value else "no"
    if isinstance(value, (int, Decimal)):
        return decimal_comma(Decimal(value))
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return neutralise(str(value))


def to_csv(table: Table) -> bytes:
    from rumbo.imports.injection import neutralise

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in table.header])
    for row in table.rows:
        writer.writerow([_csv_cell(v) for v in row])
    return buffer.getvalue().encode("utf-8-sig")


def add_sheet(book, table: Table) -> None:
    """Append `table` as a new sheet of the openpyxl workbook `book`."""
    from openpyxl.styles import Font

    sheet = book.create_sheet(title=table.title[:31])
    for column, name in enumerate(table.header, start=1):
        text_cell(sheet.cell(1, column), name).font = Font(bold=True)
    for number, row in enumerate(table.rows, start=2):
        for column, value in enumerate(row, start=1):
            if value is None:
                continue
            if isinstance(value, str):
                text_cell(sheet.cell(number, column), value)
            elif isinstance(value, bool):
                text_cell(sheet.cell(number, column), "sí" if value else "no")
            else:
                cell = sheet.cell(number, column, value)
                if isinstance(value, date):
                    cell.number_format = DAY_FORMAT
    for column, width in enumerate(table.widths, start=1):
        sheet.column_dimensions[sheet.cell(1, column).column_letter].width = width
    sheet.freeze_panes = "A2"


def text_cell(cell, text: str):
    # openpyxl turns any string starting with "=" into a formula; a text cell is what was typed.
    from rumbo.imports.injection import is_dangerous

    cell.value = text
    cell.data_type = "s"
    if is_dangerous(text):
        cell.quotePrefix = True
    return cell


def to_xlsx(*tables: Table) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for table in tables:
        add_sheet(book, table)
    return save(book)


def save(book) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
