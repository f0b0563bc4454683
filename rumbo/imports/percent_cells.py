"""Which cells of a workbook are formatted as a percentage, so 0,45 shown as «45 %» imports as 45.

python-calamine gives cell values without their number format; this second, narrow look at
the same (already checked) file reads only the formats. XLSX through openpyxl's read-only
mode, ODS by streaming content.xml. Old .xls files are not looked at (see `FORMATS`).
"""

import io
import zipfile

from defusedxml.ElementTree import iterparse

from rumbo.engine.spreadsheets.sheets import column_letter

FORMATS = {"xlsx", "ods"}  # where a cell's percentage format can be read

_TABLE_NS = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE_NS = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_TABLE = f"{{{_TABLE_NS}}}table"
_ROW = f"{{{_TABLE_NS}}}table-row"
_CELLS = {f"{{{_TABLE_NS}}}table-cell", f"{{{_TABLE_NS}}}covered-table-cell"}
_NAME = f"{{{_TABLE_NS}}}name"
_ROWS_REPEATED = f"{{{_TABLE_NS}}}number-rows-repeated"
_COLUMNS_REPEATED = f"{{{_TABLE_NS}}}number-columns-repeated"
_VALUE_TYPE = f"{{{_OFFICE_NS}}}value-type"
_MAX_REPEAT = 10_000  # a repeat this long is the empty rest of the sheet, never data


def percent_cells(data: bytes, format: str, sheet: str | None) -> set[tuple[int, str]] | None:
    """(row number, column letter) of every percentage-formatted number cell of `sheet`.

    None when the format cannot say (an .xls or a CSV) or the file's formats cannot be read.
    """
    try:
        if format == "xlsx":
            return _xlsx(data, sheet)
        if format == "ods":
            return _ods(data, sheet)
    except Exception:  # the values were read already; a format we cannot read only loses this help
        return None
    return None


def _xlsx(data: bytes, sheet: str | None) -> set[tuple[int, str]]:
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        worksheet = book[sheet] if sheet in book.sheetnames else book.worksheets[0]
        found = set()
        for row in worksheet.iter_rows():
            for cell in row:
                if cell.data_type == "n" and cell.value is not None and "%" in (cell.number_format or ""):
                    found.add((cell.row, cell.column_letter))
        return found
    finally:
        book.close()


def _ods(data: bytes, sheet: str | None) -> set[tuple[int, str]]:
    found = set()
    with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open("content.xml") as content:
        inside = done = False
        row = 0
        for event, element in iterparse(content, events=("start", "end")):
            tag = element.tag
            if tag == _TABLE:
                if event == "start" and not done:
                    inside = sheet is None or element.get(_NAME) == sheet
                    row = 0
                elif event == "end" and inside:
                    inside, done = False, True
            elif inside and tag == _ROW:
                if event == "start":
                    column = 0
                    rows = int(element.get(_ROWS_REPEATED, 1))
                else:
                    row += rows
            elif inside and tag in _CELLS and event == "start":
                repeat = int(element.get(_COLUMNS_REPEATED, 1))
                if element.get(_VALUE_TYPE) == "percentage" and repeat * rows <= _MAX_REPEAT:
                    for r in range(rows):
                        for c in range(repeat):
                            found.add((row + 1 + r, column_letter(column + c)))
                column += repeat
            if event == "end":
                element.clear()
    return found
