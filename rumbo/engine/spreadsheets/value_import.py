"""Turn a spreadsheet table into KPI values, collecting every problem instead of stopping at one.

Two layouts are understood:

- **long**: one row per value, with columns for the KPI, the period, the value and an
  optional note. Header names are matched without regard to case, accents or a
  trailing "(…)": indicador/kpi/métrica, periodo/fecha/mes/period/date,
  valor/value/dato, nota/note/comentario/observaciones.
- **wide**: one row per period, the period in the first column, one column per KPI
  (its header is the KPI's name). A "nota" column, if any, notes every value of its row.
  Empty cells are values not measured yet and are skipped.
- **across**: the wide layout turned on its side, one row per KPI (its name in the first
  column) and one column per period (ene-2024 | feb-2024 | …), as boards are often typed.
  Chosen when most header cells after the first name periods.

`parse_values(table)` never raises on a bad cell: the result holds the good rows and a
problem for each bad cell, with the row number and column letter the user sees. Matching
names to KPIs and deciding created/updated/unchanged is the app's job; `name_key` is the
comparison key to use for that, the same one used here to find repeated values.
"""

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import lru_cache

from rumbo.engine.errors import RumboError, gettext_noop
from rumbo.engine.numbers import parse_number
from rumbo.engine.spreadsheets.sheets import Cell, Issue, Table
from rumbo.engine.timeline.dates import Period, parse_period
from rumbo.engine.vocab import Grain

LONG = "long"
WIDE = "wide"
ACROSS = "across"  # one row per KPI, one column per period: how many boards are typed

HEADER_NAMES = {
    "kpi": {"indicador", "indicadores", "kpi", "kpis", "metrica", "nombre del indicador",
            "indicator", "metric", "kpi name"},
    "period": {"periodo", "fecha", "mes", "period", "date", "month", "fecha del periodo"},
    "value": {"valor", "value", "dato", "resultado", "valor medido"},
    "note": {"nota", "notas", "note", "notes", "comentario", "comentarios", "observacion",
             "observaciones", "comment", "comments"},
}  # fmt: skip

# Rows that summarise the rows above are not values of a period.
_TOTAL_WORDS = {"total", "totales", "total general", "suma", "promedio", "media", "average"}


@dataclass(frozen=True)
class ValueRow:
    kpi: str  # the KPI's name as written in the file
    period: date  # first day of the period
    grain: Grain  # what the period cell named: a day, a month, a quarter…
    value: Decimal
    note: str  # "" when there is none
    row: int  # spreadsheet row number
    column: str  # spreadsheet column letter of the value


@dataclass(frozen=True)
class ValueParse:
    layout: str  # LONG, WIDE or ACROSS
    rows: tuple[ValueRow, ...]
    problems: tuple[Issue, ...]
    kpi_names: tuple[str, ...]  # distinct names in file order, to map to the cooperative's KPIs
    columns: dict[str, str]  # role ("kpi", "period", "value", "note") → column letter, as recognised
    ignored_columns: tuple[str, ...]  # headers that were not used
    notices: tuple[Issue, ...]  # about the sheet's shape (from the Table) and skipped rows

    @property
    def ok(self) -> bool:
        return not self.problems


@lru_cache(maxsize=4096)  # KPI names repeat on every row of a long table
def name_key(text: object) -> str:
    """The key two names are compared by: no case, no accents, single spaces."""
    decomposed = unicodedata.normalize("NFKD", str(text).casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.split())


def parse_values(table: Table, *, layout: str | None = None, harvest_start_month: int = 10) -> ValueParse:
    """Read KPI values from `table` in the long or wide layout (guessed unless given)."""
    roles = _roles(table.header)
    reader = _Reader(table, harvest_start_month)
    if layout is None:
        if "kpi" in roles and "value" in roles:
            layout = LONG
        elif reader.header_holds_periods():
            layout = ACROSS
        else:
            layout = WIDE
    {LONG: reader.read_long, WIDE: reader.read_wide, ACROSS: reader.read_across}[layout](roles)
    return reader.result(layout)


def _roles(header: list[str]) -> dict[str, int]:
    """Role → column index, the first column whose header names each role."""
    roles = {}
    for index, name in enumerate(header):
        key = re.sub(r"\s*\(.*\)\s*$", "", name_key(name)).strip(" :*")
        for role, names in HEADER_NAMES.items():
            if key in names and role not in roles:
                roles[role] = index
    return roles


class _Reader:
    def __init__(self, table: Table, harvest_start_month: int):
        self.table = table
        self.harvest_start_month = harvest_start_month
        self.rows: list[ValueRow] = []
        self.problems: list[Issue] = []
        self.notices: list[Issue] = list(table.notices)
        self.columns: dict[str, str] = {}
        self.used: set[int] = set()
        self._seen: dict[tuple[str, date, Grain], int] = {}

    def result(self, layout: str) -> ValueParse:
        names = dict.fromkeys(row.kpi for row in self.rows)
        ignored = tuple(name for i, name in enumerate(self.table.header) if i not in self.used and name)
        return ValueParse(
            layout=layout,
            rows=tuple(self.rows),
            problems=tuple(self.problems),
            kpi_names=tuple(names),
            columns=self.columns,
            ignored_columns=ignored,
            notices=tuple(self.notices),
        )

    def read_long(self, roles: dict[str, int]) -> None:
        missing = [role for role in ("kpi", "period", "value") if role not in roles]
        for role in missing:
            self.problems.append(Issue(_MISSING_COLUMN[role], row=self.table.header_row))
        if missing:
            return
        self._remember(roles)
        kpi_at, period_at, value_at = roles["kpi"], roles["period"], roles["value"]
        note_at = roles.get("note")
        for cells, number in zip(self.table.rows, self.table.row_numbers):
            if self._is_total(cells[kpi_at], number) or self._is_total(cells[period_at], number):
                continue
            kpi = self._kpi(cells[kpi_at], number, kpi_at)
            period = self._period(cells[period_at], number, period_at)
            value = self._value(cells[value_at], number, value_at, required=True)
            note = _text(cells[note_at]) if note_at is not None else ""
            if kpi is not None and period is not None and value is not None:
                self._add(kpi, period, value, note, number, value_at)

    def read_wide(self, roles: dict[str, int]) -> None:
        header, table = self.table.header, self.table
        period_at = 0
        note_at = roles.get("note")
        value_columns = [i for i in range(1, len(header)) if i != note_at]
        if not value_columns or not self._first_column_holds_periods():
            self.problems.append(Issue(_UNKNOWN_LAYOUT, row=table.header_row))
            return
        self._remember({"period": period_at, **({"note": note_at} if note_at is not None else {})})
        nameless = {i for i in value_columns if not header[i]}
        for i in sorted(nameless):
            if any(row[i] is not None for row in table.rows):
                self.problems.append(
                    Issue(
                        gettext_noop(
                            "La columna %(column)s tiene valores pero no tiene nombre de "
                            "indicador en el encabezado; ¿es una celda combinada?"
                        ),
                        {"column": table.columns[i]},
                        row=table.header_row,
                        column=table.columns[i],
                    )
                )
        self.used.update(value_columns)
        for cells, number in zip(table.rows, table.row_numbers):
            if all(cells[i] is None for i in value_columns) or self._is_total(cells[0], number):
                continue
            period = self._period(cells[period_at], number, period_at)
            note = _text(cells[note_at]) if note_at is not None else ""
            for i in value_columns:
                if cells[i] is None or i in nameless:
                    continue
                value = self._value(cells[i], number, i, required=False)
                if period is not None and value is not None:
                    self._add(header[i], period, value, note, number, i)

    def header_holds_periods(self) -> bool:
        names = [name for name in self.table.header[1:] if name]
        periods = sum(1 for name in names if self._quiet_period(name) is not None)
        return periods >= 2 and periods * 2 >= len(names)

    def read_across(self, roles: dict[str, int]) -> None:
        table = self.table
        self._remember({"kpi": 0})
        periods = {}
        for i in range(1, len(table.header)):
            name = table.header[i]
            if not name or name_key(name).rstrip(":") in _TOTAL_WORDS:
                continue  # a "Total" or "Promedio" column sums the periods before it
            period = self._period(name, table.header_row, i)
            if period is not None:
                periods[i] = period
                self.used.add(i)
        for cells, number in zip(table.rows, table.row_numbers):
            if all(cells[i] is None for i in periods) or self._is_total(cells[0], number):
                continue
            kpi = self._kpi(cells[0], number, 0)
            for i, period in periods.items():
                if cells[i] is None:
                    continue
                value = self._value(cells[i], number, i, required=False)
                if kpi is not None and value is not None:
                    self._add(kpi, period, value, "", number, i)

    def _quiet_period(self, cell: Cell) -> Period | None:
        try:
            return parse_period(cell, harvest_start_month=self.harvest_start_month)
        except RumboError:
            return None

    def _first_column_holds_periods(self) -> bool:
        values = [row[0] for row in self.table.rows[:50] if row[0] is not None]
        return any(self._quiet_period(value) is not None for value in values)

    def _remember(self, roles: dict[str, int]) -> None:
        for role, index in roles.items():
            self.columns[role] = self.table.columns[index]
            self.used.add(index)

    def _kpi(self, cell: Cell, number: int, at: int) -> str | None:
        name = _text(cell)
        if not name:
            self._problem(gettext_noop("Falta el nombre del indicador."), {}, number, at)
            return None
        return name

    def _period(self, cell: Cell, number: int, at: int) -> Period | None:
        try:
            return parse_period(cell, harvest_start_month=self.harvest_start_month)
        except RumboError as error:
            self._problem(error.template, error.params, number, at)
            return None

    def _value(self, cell: Cell, number: int, at: int, *, required: bool) -> Decimal | None:
        if cell is None:
            if required:
                self._problem(gettext_noop("Falta el valor."), {}, number, at)
            return None
        if isinstance(cell, (date, datetime, time, timedelta)):
            self._problem(
                gettext_noop("«%(text)s» es una fecha u hora, no un número."),
                {"text": cell},
                number,
                at,
            )
            return None
        try:
            value = parse_number(cell)
        except RumboError as error:
            self._problem(error.template, error.params, number, at)
            return None
        if not value.is_finite():
            self._problem(gettext_noop("«%(text)s» no es un número."), {"text": cell}, number, at)
            return None
        return value

    def _add(self, kpi: str, period: Period, value: Decimal, note: str, number: int, at: int) -> None:
        key = (name_key(kpi), period.start, period.grain)
        if key in self._seen:
            self._problem(
                gettext_noop("«%(kpi)s» ya tiene un valor para ese periodo en la fila %(first)s; deje uno solo."),
                {"kpi": kpi, "first": self._seen[key]},
                number,
                at,
            )
            return
        self._seen[key] = number
        column = self.table.columns[at]
        self.rows.append(ValueRow(kpi, period.start, period.grain, value, note, number, column))

    def _is_total(self, cell: Cell, number: int) -> bool:
        if not isinstance(cell, str) or name_key(cell).rstrip(":") not in _TOTAL_WORDS:
            return False
        self.notices.append(
            Issue(
                gettext_noop("La fila %(row)s («%(text)s») parece un total y no se importa."),
                {"row": number, "text": cell},
                row=number,
            )
        )
        return True

    def _problem(self, template: str, params: Mapping[str, object], number: int, at: int) -> None:
        self.problems.append(
            Issue(
                template,
                dict(params),
                row=number,
                column=self.table.columns[at],
                header=self.table.header[at] or None,
            )
        )


def _text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


_MISSING_COLUMN = {
    "kpi": gettext_noop("Falta la columna del indicador: llámela «indicador» o «kpi»."),
    "period": gettext_noop("Falta la columna del periodo: llámela «periodo», «fecha» o «period»."),
    "value": gettext_noop("Falta la columna del valor: llámela «valor» o «value»."),
}
_UNKNOWN_LAYOUT = gettext_noop(
    "No se reconoce la forma de la tabla. Use columnas «indicador», «periodo» y «valor» "
    "(una fila por valor), o ponga los periodos en la primera columna y un indicador "
    "en cada una de las demás."
)
