"""A template's published statistics as CSV: what `rumbo federation stats` prints and the API serves with `format=csv`."""

import csv
import io
from decimal import Decimal

from rumbo.federation.selectors import StatRow

COLUMNS = ("period", "contributors", "median", "p25", "p75", "total")


def _cell(value: Decimal | None) -> str:
    """A figure as plain digits with a dot ("1234.5"), empty when suppressed."""
    return "" if value is None else format(value, "f")


def statistics_csv(rows: list[StatRow]) -> str:
    """`period,contributors,median,p25,p75,total`, one line per period, oldest first; a suppressed cell is empty."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(
        [r.period.isoformat(), r.contributors, _cell(r.median), _cell(r.p25), _cell(r.p75), _cell(r.total)]
        for r in rows
    )
    return out.getvalue()
