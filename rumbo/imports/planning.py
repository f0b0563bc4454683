"""The plan for a values file: which value each row creates, changes or leaves alone, and every problem.

The engine has already read the file into rows (`parse_values`); this is the part that needs
the cooperative: its KPIs, their periods, units and areas, the values already stored, and
who is importing. Nothing here writes.

Percentages (the rule): for a KPI whose unit is «%», a number cell *formatted as a
percentage* in the spreadsheet — Excel and LibreOffice show «45 %» but keep 0,45 — imports
as the number people see, 45. Every other cell imports as written: «45 %» and 45 are 45,
and 0,8 typed without the percentage format stays 0,8 (a 0,8 % loss is a real value).
The format is read from .xlsx and .ods files; an .xls cannot tell, so its numbers are taken
as written, with a notice when a «%» KPI receives a value between −1 and 1.
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import get_language

from rumbo.accounts import access
from rumbo.engine.errors import gettext_noop
from rumbo.engine.spreadsheets.injection import unneutralise
from rumbo.engine.spreadsheets.sheets import Issue, Table
from rumbo.engine.spreadsheets.value_import import ACROSS, WIDE, ValueParse, ValueRow, name_key
from rumbo.imports.matching import KpiIndex, PeriodMismatch, align_period
from rumbo.imports.percent_cells import FORMATS, percent_cells
from rumbo.kpis import calendar
from rumbo.kpis.choices import Area
from rumbo.kpis.models import Kpi, Measurement
from rumbo.kpis.services.values import clean_value

CREATE, UPDATE, UNCHANGED = "create", "update", "unchanged"

UNKNOWN_CLOSE = gettext_noop(
    "«%(name)s» no es un indicador de esta cooperativa; no se importa ninguna de sus filas. "
    "Los nombres más parecidos son: %(close)s."
)
UNKNOWN = gettext_noop(
    "«%(name)s» no es un indicador de esta cooperativa; no se importa ninguna de sus filas. "
    "Escriba el nombre como aparece en el tablero, o su nombre corto."
)
AMBIGUOUS = gettext_noop("Varios indicadores se llaman «%(name)s»; escriba el nombre corto del que quiere: %(slugs)s.")
OTHER_AREA = gettext_noop(
    "«%(kpi)s» es del área %(area)s; usted solo puede cambiar valores de: %(areas)s. "
    "Quite sus filas o pida a quien administra la cooperativa que lo importe."
)
NO_WRITE = gettext_noop("Usted no puede cambiar valores en esta cooperativa.")
REPEATED = gettext_noop("«%(kpi)s» ya tiene un valor para %(period)s en la fila %(first)s; deje uno solo.")
IGNORED = gettext_noop("Estas columnas no se usan: %(columns)s.")
XLS_PERCENT = gettext_noop(
    "«%(kpi)s» se mide en %% y recibe %(value)s: en un archivo .xls no se puede saber si la celda tiene formato "
    "de porcentaje, así que se importa %(value)s %%. Si quería decir %(times100)s %%, escriba %(times100)s o "
    "guarde el archivo como .xlsx."
)


@dataclass(frozen=True)
class PlannedValue:
    row: int
    column: str
    kpi: Kpi
    period: date
    value: Decimal
    note: str
    action: str  # CREATE, UPDATE or UNCHANGED
    old_value: Decimal | None = None
    old_note: str = ""
    version: int | None = None  # of the value it replaces, so a change made meanwhile is refused

    def as_json(self) -> dict:
        return {
            "row": self.row,
            "column": self.column,
            "kpi": self.kpi.pk,
            "name": self.kpi.name,
            "unit": self.kpi.unit,
            "decimals": self.kpi.decimals,
            "grain": calendar.grain_of(self.kpi),
            "period": self.period.isoformat(),
            "value": str(self.value),
            "old": None if self.old_value is None else str(self.old_value),
            "note": self.note,
            "action": self.action,
        }


@dataclass(frozen=True)
class ValuePreview:
    """What importing a file would do; `ok` when it can be committed."""

    filename: str
    layout: str
    values: tuple[PlannedValue, ...]
    problems: tuple[Issue, ...]
    notices: tuple[Issue, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems

    def count(self, action: str) -> int:
        return sum(1 for v in self.values if v.action == action)

    @property
    def created(self) -> int:
        return self.count(CREATE)

    @property
    def updated(self) -> int:
        return self.count(UPDATE)

    @property
    def unchanged(self) -> int:
        return self.count(UNCHANGED)

    @property
    def failed(self) -> int:
        return len(self.problems)

    @property
    def total(self) -> int:
        return len(self.values) + len(self.problems)

    @property
    def digest(self) -> str:
        """A fingerprint of everything the preview promised, to notice any change before committing."""
        plan = [(v.row, v.kpi.pk, v.period.isoformat(), str(v.value), v.note, v.action, v.version) for v in self.values]
        # Problems count by place only: their wording depends on the reader's language.
        problems = sorted((p.row or 0, p.column or "") for p in self.problems)
        text = json.dumps([self.layout, plan, problems], sort_keys=True, default=str)
        return hashlib.sha256(text.encode()).hexdigest()


def plan_values(
    *,
    coop,
    table: Table,
    parse: ValueParse,
    data: bytes,
    filename: str,
    user=None,
    membership: access.Acting | None = None,
) -> ValuePreview:
    planner = _Planner(coop, table, parse, data, _who(coop, user, membership))
    planner.run()
    return ValuePreview(
        filename=filename,
        layout=parse.layout,
        values=tuple(planner.planned),
        problems=tuple(sorted([*parse.problems, *planner.problems], key=_place)),
        notices=(*parse.notices, *planner.notices),
    )


def _who(coop, user, membership) -> access.Acting | None:
    """Who imports (no user: the command line, every area); None for someone who is not a member."""
    try:
        return access.acting(coop, user, membership)
    except PermissionDenied:
        return None


class _Planner:
    def __init__(self, coop, table: Table, parse: ValueParse, data: bytes, who: access.Acting | None):
        self.coop, self.table, self.parse, self.data = coop, table, parse, data
        self.index = KpiIndex.of(Kpi.objects.filter(cooperative=coop).select_related("cooperative"))
        self.who = who
        self.row_at = {number: i for i, number in enumerate(table.row_numbers)}
        self.column_at = {letter: i for i, letter in enumerate(table.columns)}
        self.problems: list[Issue] = []
        self.notices: list[Issue] = []
        self.planned: list[PlannedValue] = []
        self._told: set = set()  # (kind, key) of problems said once for many rows
        self._percent_cells: set[tuple[int, str]] | None = None  # read on first need

    def run(self) -> None:
        pending: list[tuple[ValueRow, Kpi, date, Decimal, str | None]] = []
        seen: dict[tuple[int, date], int] = {}
        unknown: dict[str, tuple[str, ValueRow]] = {}
        has_note = "note" in self.parse.columns
        for row in self.parse.rows:
            name = unneutralise(row.kpi)
            kpi = self._kpi(row, name, unknown)
            if kpi is None:
                continue
            try:
                period = align_period(kpi, row.period, row.grain)
            except PeriodMismatch as mismatch:
                params = {**mismatch.params, "text": self._period_text(row)}
                self._problem(mismatch.template, params, *self._period_place(row))
                continue
            value = self._value(kpi, row)
            if value is None:
                continue
            if (kpi.pk, period) in seen:
                label = calendar.label(kpi, period, (get_language() or "es")[:2])
                self._problem(
                    REPEATED, {"kpi": kpi.name, "period": label, "first": seen[kpi.pk, period]}, row.row, row.column
                )
                continue
            seen[kpi.pk, period] = row.row
            note = unneutralise(row.note).strip()[:500] if has_note else None
            pending.append((row, kpi, period, value, note))
        for name, row in unknown.values():
            close = ", ".join(f"«{c}»" for c in self.index.close_to(name))
            template, params = (UNKNOWN_CLOSE, {"name": name, "close": close}) if close else (UNKNOWN, {"name": name})
            self._problem(template, params, *self._kpi_place(row))
        if self.parse.ignored_columns:
            self.notices.append(Issue(IGNORED, {"columns": ", ".join(f"«{c}»" for c in self.parse.ignored_columns)}))
        self._compare(pending)

    def _kpi(self, row, name: str, unknown: dict) -> Kpi | None:
        found = self.index.resolve(name)
        if not found:
            unknown.setdefault(name_key(name), (name, row))
            return None
        if len(found) > 1:
            if self._once("ambiguous", name_key(name)):
                slugs = ", ".join(sorted(k.slug for k in found))
                self._problem(AMBIGUOUS, {"name": name, "slugs": slugs}, *self._kpi_place(row))
            return None
        kpi = found[0]
        if not self._may_write(kpi):
            if self._once("area", kpi.pk):
                self._refuse_area(kpi, row)
            return None
        return kpi

    def _may_write(self, kpi) -> bool:
        # the same rule as every write of values (value_record): the areas the person edits
        return self.who is not None and access.can_edit_area(self.who, kpi.area)

    def _refuse_area(self, kpi, row) -> None:
        who = self.who
        if who is None or who.role not in ("admin", "editor"):
            self._problem(NO_WRITE, {}, *self._kpi_place(row))
            return
        areas = ", ".join(str(Area(a).label) for a in who.areas if a in Area.values)
        self._problem(
            OTHER_AREA, {"kpi": kpi.name, "area": kpi.get_area_display(), "areas": areas}, *self._kpi_place(row)
        )

    def _value(self, kpi, row) -> Decimal | None:
        value = row.value
        raw = self._cell(row.row, row.column)
        if kpi.unit.strip() == "%" and isinstance(raw, (int, float)) and not isinstance(raw, bool):
            value = self._percent(kpi, row, raw, value)
        try:
            return clean_value(kpi, value)
        except ValidationError as err:
            self.problems.append(Issue(" ".join(err.messages), {}, row.row, row.column, self._header(row.column)))
            return None

    def _percent(self, kpi, row, raw, value: Decimal) -> Decimal:
        if self.table.format in FORMATS:
            if self._percent_cells is None:
                self._percent_cells = percent_cells(self.data, self.table.format, self.table.sheet) or set()
            return value * 100 if (row.row, row.column) in self._percent_cells else value
        if self.table.format == "xls" and 0 < abs(value) <= 1 and self._once("xls%", kpi.pk):
            shown = _number(value)
            self.notices.append(
                Issue(
                    XLS_PERCENT,
                    {"kpi": kpi.name, "value": shown, "times100": _number(value * 100)},
                    row.row,
                    row.column,
                    self._header(row.column),
                )
            )
        return value

    def _compare(self, pending) -> None:
        kpi_ids = {kpi.pk for _row, kpi, *_ in pending}
        periods = {period for _row, _kpi, period, *_ in pending}
        stored = (
            {
                (m.kpi_id, m.period): m
                for m in Measurement.objects.filter(kpi_id__in=kpi_ids, period__in=periods).only(
                    "kpi_id", "period", "value", "note", "version"
                )
            }
            if pending
            else {}
        )
        for row, kpi, period, value, note in pending:
            existing = stored.get((kpi.pk, period))
            if existing is None:
                planned = PlannedValue(row.row, row.column, kpi, period, value, note or "", CREATE)
            else:
                note = existing.note if note is None else note
                same = existing.value is not None and existing.value == value and existing.note == note
                planned = PlannedValue(
                    row.row,
                    row.column,
                    kpi,
                    period,
                    value,
                    note,
                    UNCHANGED if same else UPDATE,
                    old_value=existing.value,
                    old_note=existing.note,
                    version=existing.version,
                )
            self.planned.append(planned)

    # --- where things are in the sheet ---------------------------------------------------

    def _cell(self, number: int, letter: str):
        if number not in self.row_at or letter not in self.column_at:
            return None
        return self.table.rows[self.row_at[number]][self.column_at[letter]]

    def _header(self, letter: str | None) -> str | None:
        if letter is None or letter not in self.column_at:
            return None
        return self.table.header[self.column_at[letter]] or None

    def _kpi_place(self, row) -> tuple[int, str]:
        if self.parse.layout == WIDE:
            return self.table.header_row, row.column
        return row.row, self.parse.columns.get("kpi", "A")

    def _period_place(self, row) -> tuple[int, str]:
        if self.parse.layout == ACROSS:
            return self.table.header_row, row.column
        return row.row, self.parse.columns.get("period", "A")

    def _period_text(self, row) -> str:
        number, letter = self._period_place(row)
        cell = self._header(letter) if self.parse.layout == ACROSS else self._cell(number, letter)
        return cell_text(cell)

    def _problem(self, template: str, params: dict, row: int | None, column: str | None) -> None:
        self.problems.append(Issue(template, params, row=row, column=column, header=self._header(column)))

    def _once(self, kind: str, key) -> bool:
        if (kind, key) in self._told:
            return False
        self._told.add((kind, key))
        return True


def cell_text(cell) -> str:
    """A cell as the person sees it in their spreadsheet (dates day first)."""
    if isinstance(cell, datetime):
        return cell.strftime("%d/%m/%Y %H:%M") if (cell.hour, cell.minute) != (0, 0) else cell.strftime("%d/%m/%Y")
    if isinstance(cell, date):
        return cell.strftime("%d/%m/%Y")
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return "" if cell is None else str(cell)


def _number(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text.replace(".", ",")


def _place(issue: Issue):
    column = issue.column or ""
    return (issue.row or 0, len(column), column)


def issue_as_json(issue: Issue) -> dict:
    params = {
        k: v if isinstance(v, (int, str)) and not isinstance(v, bool) else cell_text(v) for k, v in issue.params.items()
    }
    return {
        "template": issue.template,
        "params": params,
        "row": issue.row,
        "column": issue.column,
        "header": issue.header,
    }


def issue_from_json(data: dict) -> Issue:
    return Issue(data["template"], data.get("params") or {}, data.get("row"), data.get("column"), data.get("header"))
