"""Raw records (sales ledger, coffee deliveries, calls) as typed Polars frames, kept as Parquet.

`table_to_dataset(table)` guesses each column's type with the Spanish rules of the rest
of the engine: a column is a number column when at least 90 % of its filled cells read
as numbers (1.234,5 · 45 % · 12), else a date column when 90 % read as dates or periods
(31/12/2025 · ene-2024), else text. Cells that do not fit the chosen type become
empty and are reported, with their row and column; "-", "n/d", "s/d" and "N/A" count as
empty. Any column's type can be forced with `overrides`.

Metrics over a dataset are parsed by `dataset_specs` and computed by `dataset_metrics`;
their public names are re-exported here so callers import one module.
"""

import math
import os
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import polars as pl

from rumbo.engine.computed.dataset_metrics import compute_metrics
from rumbo.engine.computed.dataset_specs import (
    ColumnType,
    Condition,
    Filter,
    Measure,
    MetricSpec,
    metric_spec,
    parse_filter,
    parse_grain,
    parse_measure,
    resolve_column,
)
from rumbo.engine.errors import RumboError, gettext_noop
from rumbo.engine.numbers import parse_number
from rumbo.engine.spreadsheets.sheets import Cell, Issue, Table, gc_paused
from rumbo.engine.spreadsheets.value_import import name_key
from rumbo.engine.timeline.dates import FIRST_DATE, LAST_DATE, OUT_OF_RANGE, parse_date

__all__ = [
    "ColumnType", "Condition", "Dataset", "Filter", "Measure", "MetricSpec",
    "column_types", "compute_metrics", "infer_types", "metric_spec", "parse_filter",
    "parse_grain", "parse_measure", "read_version", "resolve_column", "scan_version",
    "table_to_dataset", "write_version",
]  # fmt: skip

FIT_SHARE = 0.9  # a few "pendiente" cells should not turn a kilos column into text
SAMPLE_CELLS = 500
_PLACEHOLDERS = {"", "-", "--", "—", "–", "?", "n/d", "nd", "s/d", "sd", "n/a", "na", "#n/a",
                 "#n/d"}  # fmt: skip
_DTYPES = {ColumnType.NUMBER: pl.Float64, ColumnType.DATE: pl.Date, ColumnType.TEXT: pl.String}
_MISSING = object()
Converted = pl.Series | list[object]  # a column read by Polars, or cell by cell


@dataclass(frozen=True)
class Dataset:
    frame: pl.DataFrame
    types: dict[str, ColumnType]  # column name → type, in column order
    problems: tuple[Issue, ...]  # cells emptied because they did not fit their column's type
    letters: dict[str, str]  # column name → spreadsheet column letter


def infer_types(table: Table) -> dict[str, ColumnType]:
    """Each column's guessed type, by the dataset's column names."""
    return {name: _infer(table.column_values(i))[0] for i, name in enumerate(column_names(table))}


def table_to_dataset(
    table: Table,
    overrides: Mapping[str, "ColumnType | str"] | None = None,
    *,
    harvest_start_month: int = 10,
) -> Dataset:
    """Type every column of `table` (guessed, or as `overrides` says) into a Polars frame."""
    with gc_paused():
        return _to_dataset(table, overrides, harvest_start_month)


def _to_dataset(table: Table, overrides: Mapping[str, "ColumnType | str"] | None, harvest_start_month: int) -> Dataset:
    names = column_names(table)
    known = dict.fromkeys(names)
    chosen = {resolve_column(k, known): ColumnType(v) for k, v in (overrides or {}).items()}
    series: list[pl.Series] = []
    types: dict[str, ColumnType] = {}
    problems: list[Issue] = []
    for i, name in enumerate(names):
        values = table.column_values(i)
        if name in chosen:
            kind = chosen[name]
            converted, bad, _ = _convert(values, kind, harvest_start_month)
        else:
            kind, converted, bad = _infer(values, harvest_start_month)
        types[name] = kind
        series.append(pl.Series(name, converted, dtype=_DTYPES[kind], strict=False))
        for row in bad:
            problems.append(_cell_problem(table, i, row, values[row], kind))
    return Dataset(
        frame=pl.DataFrame(series),
        types=types,
        problems=tuple(problems),
        letters=dict(zip(names, table.columns)),
    )


def column_names(table: Table) -> list[str]:
    """Distinct, usable column names: an empty header is "Columna C", a repeat gets its letter."""
    names, seen = [], set()
    for header, letter in zip(table.header, table.columns):
        name = header.strip() or f"Columna {letter}"
        if name_key(name) in seen:
            name = f"{name} ({letter})"
        seen.add(name_key(name))
        names.append(name)
    return names


def column_types(frame: "pl.DataFrame | pl.LazyFrame") -> dict[str, ColumnType]:
    """Column types of a stored version, read back from its Polars dtypes."""
    schema = frame.collect_schema() if isinstance(frame, pl.LazyFrame) else frame.schema
    types = {}
    for name, dtype in schema.items():
        if dtype.is_numeric():
            types[name] = ColumnType.NUMBER
        elif dtype in (pl.Date, pl.Datetime):
            types[name] = ColumnType.DATE
        else:
            types[name] = ColumnType.TEXT
    return types


def write_version(frame: pl.DataFrame, path: "str | os.PathLike[str]") -> Path:
    """Store one version of a dataset as Parquet at `path`; never replaces an existing one."""
    path = Path(path)
    if path.exists():
        raise FileExistsError(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # write aside and rename, so a crash never leaves half a version under the real name
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".parquet.tmp")
    os.close(handle)
    try:
        frame.write_parquet(temporary, compression="zstd")
        os.link(temporary, path)  # fails if another writer got there first
    finally:
        os.unlink(temporary)
    return path


def read_version(path: str | Path) -> pl.DataFrame:
    return pl.read_parquet(path)


def scan_version(path: str | Path) -> pl.LazyFrame:
    """A lazy view of a stored version: metrics read only the columns they need."""
    return pl.scan_parquet(path)


class _TooManyMisfits(Exception):
    """Raised to stop reading a column as a type it clearly is not (1M product names as dates)."""


def _infer(values: list[Cell], harvest_start_month: int = 10) -> tuple[ColumnType, Converted, list[int]]:
    """(type, converted values, indices of cells that did not fit)."""
    present = len(values) - values.count(None)
    for kind in (ColumnType.NUMBER, ColumnType.DATE):
        if not _plausible(values, kind, harvest_start_month):
            continue
        try:
            converted, bad, blanks = _convert(values, kind, harvest_start_month, max_bad=int(present * (1 - FIT_SHARE)))
        except _TooManyMisfits:
            continue
        filled = present - blanks
        if filled == 0:
            return ColumnType.TEXT, [None] * len(values), []  # only "-" and "n/d"
        if len(bad) <= filled * (1 - FIT_SHARE):
            return kind, converted, bad
    return ColumnType.TEXT, _convert(values, ColumnType.TEXT, harvest_start_month)[0], []


def _plausible(values: list[Cell], kind: ColumnType, harvest_start_month: int) -> bool:
    """Whether a sample of the filled cells fits `kind`, before reading a million of them."""
    sample = [v for v in values[: SAMPLE_CELLS * 4] if v is not None][:SAMPLE_CELLS]
    if len(sample) < SAMPLE_CELLS:
        return True  # a short column is read whole anyway
    try:
        _convert_each(sample, kind, harvest_start_month, max_bad=int(len(sample) * (1 - FIT_SHARE)))
    except _TooManyMisfits:
        return False
    return True


def _convert(
    values: list[Cell], kind: ColumnType, harvest_start_month: int, max_bad: int | None = None
) -> tuple[Converted, list[int], int]:
    """(converted values, indices of misfits, number of placeholder cells).

    A column of text only (any CSV) is converted by Polars, reading each distinct text
    once; other columns (spreadsheet cells of mixed Python types) cell by cell.
    """
    try:
        text = pl.Series(values, dtype=pl.String, strict=True)
    except (TypeError, ValueError, OverflowError):
        return _convert_each(values, kind, harvest_start_month, max_bad)
    blank = text.str.strip_chars().str.to_lowercase().is_in(list(_PLACEHOLDERS))
    blanks = int(blank.sum())
    text = pl.select(pl.when(~blank).then(text)).to_series()
    if kind == ColumnType.TEXT:
        return text, [], blanks
    if kind == ColumnType.NUMBER:
        converted, todo = _plain_numbers(text)
    else:
        converted, todo = pl.Series(values=[None] * len(text), dtype=pl.Date), text
    distinct = todo.drop_nulls().unique().to_list()
    reader = _number if kind == ColumnType.NUMBER else _date
    read = {value: _read(reader, value, harvest_start_month) for value in distinct}
    misfits = [value for value, result in read.items() if result is None]
    bad = todo.is_in(misfits).arg_true().to_list() if misfits else []
    if max_bad is not None and len(bad) > max_bad:
        raise _TooManyMisfits
    found = {value: result for value, result in read.items() if result is not None}
    if found:
        slow = todo.replace_strict(found, default=None, return_dtype=_DTYPES[kind])
        converted = converted.fill_null(slow)
    return converted, bad, blanks


# The forms parse_number reads one way only, converted by Polars without Python per cell:
# 1234 · -1234,5 · 1.234 · 1.234.567,89 ("0.123" is left to parse_number: it is 0.123).
_PLAIN_SPANISH = r"^[+-]?(?:[0-9]+|[1-9][0-9]{0,2}(?:\.[0-9]{3})+)(?:,[0-9]+)?$"


def _plain_numbers(text: pl.Series) -> tuple[pl.Series, pl.Series]:
    """(numbers read by Polars, the texts left for parse_number)."""
    stripped = text.str.strip_chars()
    plain = stripped.str.contains(_PLAIN_SPANISH)
    fast = (
        stripped.str.replace_all(".", "", literal=True)
        .str.replace(",", ".", literal=True)
        .cast(pl.Float64, strict=False)
    )
    numbers = pl.select(pl.when(plain).then(fast)).to_series()
    rest = pl.select(pl.when(~plain).then(text)).to_series()
    return numbers, rest


_BLANK = object()


def _convert_each(
    values: Sequence[Cell], kind: ColumnType, harvest_start_month: int, max_bad: int | None = None
) -> tuple[list[object], list[int], int]:
    reader = {ColumnType.NUMBER: _number, ColumnType.DATE: _date, ColumnType.TEXT: _text}[kind]
    ready = {ColumnType.NUMBER: float, ColumnType.DATE: date}.get(kind)
    cache: dict[object, object] = {}
    converted: list[object] = []
    bad: list[int] = []
    blanks = 0
    append = converted.append
    for index, value in enumerate(values):
        if value is None:
            append(None)
        elif type(value) is ready and _fits_as_is(value):
            append(value)  # already what the column holds: most cells of an xlsx
        else:
            # the same text repeats a lot in records (products, dates): read it once
            key = value if type(value) is str else (type(value), value)
            result = cache.get(key, _MISSING)
            if result is _MISSING:
                result = cache[key] = _read(reader, value, harvest_start_month)
            if result is _BLANK:
                blanks += 1
                append(None)
            elif result is None:
                bad.append(index)
                if max_bad is not None and len(bad) > max_bad:
                    raise _TooManyMisfits
                append(None)
            else:
                append(result)
    return converted, bad, blanks


def _fits_as_is(value: object) -> bool:
    """A finite float, or a date in the admitted range (an xlsx may hold 9999-12-31)."""
    if type(value) is float:
        return value - value == 0
    if type(value) is date:
        return FIRST_DATE <= value <= LAST_DATE
    return True


def _read(reader: Callable[[Any, int], object], value: object, harvest_start_month: int) -> object:
    if type(value) is str and value.strip().casefold() in _PLACEHOLDERS:
        return _BLANK
    try:
        return reader(value, harvest_start_month)
    except (RumboError, ValueError, TypeError, OverflowError):
        return None


def _number(value: object, _harvest_start_month: int) -> float | None:
    if isinstance(value, (date, datetime, bool)):
        return None
    if type(value) is float:
        return value if math.isfinite(value) else None
    number = float(parse_number(value) if not isinstance(value, (int, Decimal)) else value)
    return number if math.isfinite(number) else None


def _date(value: object, harvest_start_month: int) -> date | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return None  # bare numbers in a record column are amounts, not serial dates
    return parse_date(value, harvest_start_month=harvest_start_month)


_DATE_OUT_OF_RANGE = gettext_noop(
    "«%(text)s» está fuera del rango de fechas admitido (%(first)s–%(last)s); la celda queda vacía."
)


def _out_of_range(value: object) -> bool:
    """Whether a date cell was refused for its year (9999), not for being no date at all."""
    try:
        _date(value, 10)
    except RumboError as err:
        return err.template == OUT_OF_RANGE
    return False


def _text(value: object, _harvest_start_month: int) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a code typed as 123 reads back as "123", not "123.0"
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _cell_problem(table: Table, column: int, row: int, value: object, kind: ColumnType) -> Issue:
    if kind == ColumnType.DATE and _out_of_range(value):
        return Issue(
            _DATE_OUT_OF_RANGE,
            {"text": value, "first": FIRST_DATE.year, "last": LAST_DATE.year},
            row=table.row_numbers[row],
            column=table.columns[column],
            header=table.header[column] or None,
        )
    template = {
        ColumnType.NUMBER: gettext_noop("«%(text)s» no es un número; la celda queda vacía."),
        ColumnType.DATE: gettext_noop("«%(text)s» no es una fecha; la celda queda vacía."),
        ColumnType.TEXT: gettext_noop("«%(text)s» no se puede leer como texto."),
    }[kind]
    return Issue(
        template,
        {"text": value},
        row=table.row_numbers[row],
        column=table.columns[column],
        header=table.header[column] or None,
    )
