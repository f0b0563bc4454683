"""Where a sheet's header row is, and what looks wrong with it: titles above, merged cells.

Spreadsheets kept by hand put a title, a date or "Elaborado por" above the column names,
and merge header cells to group columns. These heuristics find the header row and turn
what they see into notices (`Issue`) that the upload preview shows before anything is saved.
"""

import math
from collections import Counter
from collections.abc import Sequence

from rumbo.engine.errors import RumboError, gettext_noop
from rumbo.engine.numbers import parse_number
from rumbo.engine.spreadsheets.sheet_issues import Issue, column_letter

HEADER_SCAN_ROWS = 30  # title blocks above a header are a few rows, never dozens


def guess_header(cells: Sequence[Sequence[object]], filled: list[int]) -> int:
    """The first row that looks like column names, skipping title rows above it.

    A header has at least half as many filled cells as the widest row near the top
    (a title is one cell, often merged across), holds only text that is not a number,
    and is not a "Cooperativa: | La Esperanza" line.
    """
    window = filled[:HEADER_SCAN_ROWS]
    counts = {i: sum(c is not None for c in cells[i]) for i in window}
    widest = max(counts.values())
    needed = max(min(2, widest), math.ceil(widest / 2))
    wide_enough = [i for i in window if counts[i] >= needed]
    for i in wide_enough:
        if _looks_like_header(cells[i]):
            return i
    return wide_enough[0]


def _looks_like_header(row: Sequence[object]) -> bool:
    filled = [c for c in row if c is not None]
    texts = [c for c in filled if isinstance(c, str)]
    if not filled or len(texts) != len(filled):
        return False
    if texts[0].endswith(":"):
        return False
    for value in texts:
        try:
            parse_number(value)
        except RumboError:
            continue
        return False
    return True


def header_notices(
    header: list[str],
    rows: Sequence[Sequence[object]],
    columns: list[str],
    header_row: int,
    first_filled: int,
    merged: Sequence[tuple[tuple[int, int], tuple[int, int]]],
    left: int,
) -> list[Issue]:
    notices: list[Issue] = []
    if header_row > first_filled:
        notices.append(
            Issue(
                gettext_noop(
                    "Se tomó la fila %(row)s como encabezado; las filas de arriba parecen títulos y no se leen."
                ),
                {"row": header_row},
                row=header_row,
            )
        )
    reported: set[int] = set()
    for (r0, c0), (r1, c1) in merged:
        if r0 <= header_row - 1 <= r1 and (c1 > c0 or r1 > r0):
            first, last = column_letter(c0), column_letter(c1)
            span = f"{first}{r0 + 1}:{last}{r1 + 1}"
            reported.update(range(c0 - left, c1 - left + 1))
            notices.append(
                Issue(
                    gettext_noop(
                        "Las celdas de encabezado %(range)s están combinadas. Separe las "
                        "celdas combinadas y escriba un nombre en cada columna."
                    ),
                    {"range": span},
                    row=header_row,
                    column=first,
                )
            )
    has_data = [any(row[c] is not None for row in rows) for c in range(len(header))]
    for c, name in enumerate(header):
        if name or not has_data[c] or c in reported:
            continue
        if c > 0 and header[c - 1]:
            template = gettext_noop(
                "La columna %(column)s tiene datos pero su encabezado está vacío; ¿está "
                "combinado con la columna %(previous)s? Escriba un nombre en cada columna."
            )
        else:
            template = gettext_noop(
                "La columna %(column)s tiene datos pero su encabezado está vacío. Escriba un nombre en cada columna."
            )
        params = {"column": columns[c], "previous": columns[c - 1] if c else ""}
        notices.append(Issue(template, params, row=header_row, column=columns[c]))
    seen = Counter(name.strip().casefold() for name in header if name)
    for repeated in [n for n, count in seen.items() if count > 1]:
        letters = [columns[c] for c, n in enumerate(header) if n.strip().casefold() == repeated]
        name = header[columns.index(letters[0])]
        notices.append(
            Issue(
                gettext_noop("Varias columnas se llaman «%(header)s» (%(columns)s)."),
                {"header": name, "columns": ", ".join(letters)},
                row=header_row,
                column=letters[1],
            )
        )
    return notices
