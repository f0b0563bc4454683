"""A template's published statistics as CSV: what `rumbo federation stats` prints and the API serves with `format=csv`."""

import csv
import io
from decimal import Decimal

from rumbo.federation.selectors import StatRow

COLUMNS = ("period", "contributors", "median", "p25", "p75", "total")
DETAIL = ("used", "reasons")


def _cell(value: Decimal | None) -> str:
    """A figure as plain digits with a dot ("1234.5"), empty when suppressed."""
    return "" if value is None else format(value, "f")


def statistics_csv(rows: list[StatRow], *, detail: bool = False) -> str:
    """`period,contributors,median,p25,p75,total`, one line per period, oldest first; a suppressed cell is empty.

    With `detail`, two more columns: `used` (the contributors the figures rest on) and `reasons` (why something is
    suppressed, separated by spaces).
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS + (DETAIL if detail else ()))
    for r in rows:
        row = [r.period.isoformat(), r.contributors, _cell(r.median), _cell(r.p25), _cell(r.p75), _cell(r.total)]
        writer.writerow(row + ([r.used, " ".join(r.reasons)] if detail else []))
    return out.getvalue()
