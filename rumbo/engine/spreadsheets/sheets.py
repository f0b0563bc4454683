"""Read an uploaded spreadsheet (CSV, XLSX, XLS, ODS) into a table of header and rows, safely.

`read_table(data, filename)` checks the file first (size, zip bomb, password, not a
spreadsheet; see `sheet_formats`), then reads the first visible sheet (or a named one),
finds the header row under any title rows, trims empty edges and reports what looks
wrong with the header (merged or empty header cells, repeated names) as notices.
Row numbers and column letters are the ones the user sees in their spreadsheet, so
every later problem can say "fila 12, columna C".
"""

import contextlib
import csv
import gc
import io
import os
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from python_calamine import CalamineWorkbook, PasswordError, SheetTypeEnum, SheetVisibleEnum

from rumbo.engine.errors import RumboError, gettext_noop
from rumbo.engine.numbers import format_number
from rumbo.engine.spreadsheets import sheet_formats, sheet_headers
from rumbo.engine.spreadsheets.sheet_issues import Issue, column_letter

Cell = str | int | float | bool | date | datetime | time | timedelta | None
__all__ = ["Cell", "Issue", "Table", "build_table", "column_letter", "gc_paused", "read_table"]

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
DEFAULT_MAX_UNCOMPRESSED_BYTES = 1024 * 1024 * 1024
DEFAULT_MAX_ROWS = 1_048_576  # what one Excel sheet can hold
DEFAULT_MAX_COLUMNS = 1_000
MAX_CELLS = 20_000_000  # calamine holds a sheet as one grid of ~32-byte cells: 640 MB at most


@dataclass(frozen=True)
class Table:
    """A sheet's header and data rows, every row as long as the header."""

    header: list[str]
    rows: list[list[Cell]]
    row_numbers: list[int]  # spreadsheet row number of each data row
    columns: list[str]  # spreadsheet column letter of each column
    header_row: int  # spreadsheet row number of the header
    format: str = "rows"  # csv, xlsx, xlsb, xls, ods, or rows (built from Python lists)
    sheet: str | None = None
    sheets: tuple[str, ...] = ()
    encoding: str | None = None
    delimiter: str | None = None
    notices: tuple[Issue, ...] = ()

    def column_values(self, index: int) -> list[Cell]:
        return [row[index] for row in self.rows]


def read_table(
    data: bytes,
    filename: str,
    *,
    sheet: str | int | None = None,
    header_row: int | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_uncompressed_bytes: int = DEFAULT_MAX_UNCOMPRESSED_BYTES,
    max_rows: int = DEFAULT_MAX_ROWS,
    max_columns: int = DEFAULT_MAX_COLUMNS,
) -> Table:
    """Read `data` (the uploaded bytes) into a Table, or raise RumboError saying why not.

    `sheet` is a sheet name or 0-based index (default: the first visible worksheet);
    `header_row` forces the header's row number (1-based) when the guess is wrong.
    """
    kind = sheet_formats.sniff_file(data, filename, max_bytes=max_bytes, max_uncompressed_bytes=max_uncompressed_bytes)
    limits = {"max_rows": max_rows, "max_columns": max_columns}
    with gc_paused():
        return _read(data, filename, kind, sheet, header_row, limits)


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cycle collector while millions of row lists are built, then restore it.

    The rows hold no reference cycles, yet each full collection walks all of them; on a
    million-row file that halves the reading time.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _read(
    data: bytes,
    filename: str,
    kind: sheet_formats.FileKind,
    sheet: str | int | None,
    header_row: int | None,
    limits: dict[str, int],
) -> Table:
    if kind.format == "csv" and kind.text is not None:  # a CSV file always comes decoded
        delimiter = sheet_formats.detect_delimiter(kind.text)
        grid, first_row = _csv_grid(kind.text, delimiter, filename, **limits)
        return build_table(
            grid,
            first_row=first_row,
            header_row=header_row,
            format="csv",
            encoding=kind.encoding,
            delimiter=delimiter,
            name=filename,
        )
    return _read_workbook(data, filename, kind.format, sheet, header_row, **limits)


def build_table(
    grid: Sequence[Sequence[Cell]],
    *,
    first_row: int = 1,
    header_row: int | None = None,
    merged: Sequence[tuple[tuple[int, int], tuple[int, int]]] = (),
    name: str = "",
    **about: Any,
) -> Table:
    """Turn a grid of cells (row `first_row` of the sheet first, column A first) into a Table.

    `merged` are calamine's merged ranges, 0-based ((row, col), (row, col)).
    """
    cells = [_clean_row(row) for row in grid]
    filled = [i for i, row in enumerate(cells) if row.count(None) != len(row)]
    if not filled:
        raise RumboError(gettext_noop("«%(name)s» no tiene datos: la hoja está vacía."), name=name)
    if header_row is not None:
        head = header_row - first_row
        if not 0 <= head < len(cells) or head not in filled:
            raise RumboError(
                gettext_noop("La fila %(row)s no existe o está vacía; no puede ser el encabezado."),
                row=header_row,
            )
    else:
        head = sheet_headers.guess_header(cells, filled)
    body = [i for i in filled if i > head]
    left, right = _edges(cells[i] for i in [head, *body])
    width = right - left + 1
    header = [_header_text(c) for c in _padded(cells[head], left, width)]
    rows = [_padded(cells[i], left, width) for i in body]
    columns = [column_letter(left + c) for c in range(width)]
    notices = sheet_headers.header_notices(header, rows, columns, head + first_row, filled[0] + first_row, merged, left)
    return Table(
        header=header,
        rows=rows,
        row_numbers=[i + first_row for i in body],
        columns=columns,
        header_row=head + first_row,
        notices=tuple(notices),
        **about,
    )


def _read_workbook(
    data: bytes,
    filename: str,
    format: str,
    sheet: str | int | None,
    header_row: int | None,
    *,
    max_rows: int,
    max_columns: int,
) -> Table:
    if format in ("xlsx", "ods"):
        rows, columns = (sheet_formats.xlsx_extent if format == "xlsx" else sheet_formats.ods_extent)(data, filename)
        _check_size(rows, columns, max_rows, max_columns, filename)
        _check_cells(rows, columns, filename)
    with contextlib.ExitStack() as stack:
        workbook = stack.enter_context(_open_workbook(data, filename, format, stack))
        names = tuple(workbook.sheet_names)
        chosen = _choose_sheet(workbook, sheet, filename)
        try:
            worksheet = workbook.get_sheet_by_name(chosen)
        except PasswordError:
            raise sheet_formats.password_protected(filename) from None
        except Exception as exc:
            raise sheet_formats.damaged(filename) from exc
        end = worksheet.end
        if end is None:
            raise RumboError(
                gettext_noop("La hoja «%(sheet)s» de «%(name)s» está vacía."),
                sheet=chosen,
                name=filename,
            )
        _check_size(end[0] + 1, end[1] + 1, max_rows, max_columns, filename)
        grid = worksheet.to_python(skip_empty_area=False)
        merged = worksheet.merged_cell_ranges or []
    return build_table(
        grid,
        header_row=header_row,
        merged=merged,
        format=format,
        sheet=chosen,
        sheets=names,
        name=f"{filename} › {chosen}",
    )


def _open_workbook(data: bytes, filename: str, format: str, stack: contextlib.ExitStack) -> CalamineWorkbook:
    try:
        return CalamineWorkbook.from_filelike(io.BytesIO(data))
    except PasswordError:
        raise sheet_formats.password_protected(filename) from None
    except Exception as exc:  # calamine raises several types for a corrupt file
        if format != "xls":
            raise sheet_formats.damaged(filename) from exc
    # From memory calamine cannot tell an encrypted .xls from garbage ("cannot detect file
    # format"); from a path it reports the password, so give it one.
    directory = stack.enter_context(tempfile.TemporaryDirectory(prefix="rumbo-xls-"))
    path = os.path.join(directory, "upload.xls")
    with open(path, "wb") as handle:
        handle.write(data)
    try:
        return CalamineWorkbook.from_path(path)
    except PasswordError:
        raise sheet_formats.password_protected(filename) from None
    except Exception as exc:
        if "WordDocument".encode("utf-16-le") in data:
            raise sheet_formats.not_a_spreadsheet(filename, "Word") from None
        raise sheet_formats.damaged(filename) from exc


def _choose_sheet(workbook: CalamineWorkbook, sheet: str | int | None, filename: str) -> str:
    names = workbook.sheet_names
    if isinstance(sheet, int):
        if 0 <= sheet < len(names):
            return names[sheet]
        sheet = str(sheet + 1)
    if isinstance(sheet, str):
        if sheet in names:
            return sheet
        folded = {n.strip().casefold(): n for n in names}
        if sheet.strip().casefold() in folded:
            return folded[sheet.strip().casefold()]
        raise RumboError(
            gettext_noop("«%(name)s» no tiene una hoja «%(sheet)s». Sus hojas son: %(sheets)s."),
            name=filename,
            sheet=sheet,
            sheets=", ".join(names),
        )
    for meta in workbook.sheets_metadata:
        if meta.visible == SheetVisibleEnum.Visible and meta.typ == SheetTypeEnum.WorkSheet:
            return meta.name
    if names:
        return names[0]
    raise sheet_formats.damaged(filename)


def _csv_grid(
    text: str, delimiter: str, filename: str, *, max_rows: int, max_columns: int
) -> tuple[list[list[str]], int]:
    first_row = 1
    if match := sheet_formats.SEP_LINE.match(text):
        # Excel's "sep=;" hint line: honoured by the sniffer already, shown as row 1 by Excel
        text = text[match.end() :]
        first_row = 2
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    grid: list[list[str]] = []
    try:
        for row in reader:
            grid.append(row)
            if len(grid) > max_rows:
                _check_size(len(grid), 0, max_rows, max_columns, filename)
            if len(row) > max_columns:
                _check_size(0, len(row), max_rows, max_columns, filename)
    except csv.Error:
        raise RumboError(
            gettext_noop(
                "«%(name)s» no se puede leer como CSV cerca de la fila %(row)s "
                "(una celda demasiado larga o unas comillas sin cerrar)."
            ),
            name=filename,
            row=len(grid) + first_row,
        ) from None
    return grid, first_row


def _check_size(rows: int, columns: int, max_rows: int, max_columns: int, filename: str) -> None:
    if rows > max_rows:
        raise RumboError(
            gettext_noop(
                "«%(name)s» tiene más de %(limit)s filas. Divida el archivo o suba solo las filas que necesita."
            ),
            name=filename,
            limit=format_number(max_rows),
        )
    if columns > max_columns:
        raise RumboError(
            gettext_noop(
                "«%(name)s» tiene %(columns)s columnas; el máximo es %(limit)s. Suba solo las columnas que necesita."
            ),
            name=filename,
            columns=format_number(columns),
            limit=format_number(max_columns),
        )


def _check_cells(rows: int, columns: int, filename: str) -> None:
    if rows * columns > MAX_CELLS:
        raise RumboError(
            gettext_noop(
                "«%(name)s» llega hasta la fila %(rows)s y la columna %(columns)s: más de %(limit)s "
                "celdas. Borre las filas y columnas que no usa o suba solo las que necesita."
            ),
            name=filename,
            rows=format_number(rows),
            columns=format_number(columns),
            limit=format_number(MAX_CELLS),
        )


def _clean_row(row: Sequence[Cell]) -> list[Cell]:
    """Blank strings become None and text is trimmed; other cells stay as the reader gave them.

    Written as one comprehension because it runs on every cell of the sheet;
    `value - value == 0` is false only for NaN and infinities.
    """
    return [
        (value.strip() or None)
        if type(value) is str
        else (value if type(value) is not float or value - value == 0 else None)
        for value in row
    ]


def _edges(rows: Iterable[list[Cell]]) -> tuple[int, int]:
    """The first and last column holding a value in any of `rows` (none of them empty)."""
    left: int | None = None
    right = -1
    for row in rows:
        first = 0
        while row[first] is None:
            first += 1
        last = len(row) - 1
        while row[last] is None:
            last -= 1
        left = first if left is None or first < left else left
        right = max(right, last)
    assert left is not None, "the rows are never empty"
    return left, right


def _padded(row: list[Cell], left: int, width: int) -> list[Cell]:
    if left == 0 and len(row) == width:
        return row
    part = row[left : left + width]
    if len(part) < width:
        part = part + [None] * (width - len(part))
    return part


def _header_text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, (date, datetime)):
        return cell.isoformat()
    return str(cell)
