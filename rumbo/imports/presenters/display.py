"""What the preview page shows of a kept import: its values grouped by what happens, in the reader's language."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rumbo.engine.numbers import NBSP, format_number
from rumbo.engine.timeline import periods
from rumbo.imports.models import ValueImport
from rumbo.imports.planning import CREATE, UNCHANGED, UPDATE, issue_from_json

SHOWN_PER_GROUP = 200  # a long file still opens quickly on a phone; the counts say the rest
SHOWN_PROBLEMS = 200

GROUP_TITLES = {
    CREATE: gettext_lazy("Valores nuevos"),
    UPDATE: gettext_lazy("Valores que cambian"),
    UNCHANGED: gettext_lazy("Valores que quedan igual"),
}


@dataclass(frozen=True)
class ShownValue:
    row: int
    name: str
    period: str
    value: str
    old: str
    note: str


@dataclass(frozen=True)
class Group:
    action: str
    title: str
    count: int
    values: list[ShownValue]

    @property
    def hidden(self) -> int:
        return self.count - len(self.values)


def decimals_of(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0  # NaN and infinities have no decimals


def amount(text: str | None, unit: str, lang: str, decimals: int | None = None) -> str:
    """'12345.500000' with unit 'qq' → '12.345,5 qq': the value's own decimals unless `decimals` says."""
    if text is None:
        return "—"
    value = Decimal(text).normalize()
    number = format_number(value, decimals_of(value) if decimals is None else decimals, lang)
    unit = (unit or "").strip()
    if not unit:
        return number
    if unit == "%":
        return f"{number}{NBSP}%" if lang == "es" else f"{number}%"
    return f"{number} {unit}"


def groups(value_import: ValueImport, lang: str) -> list[Group]:
    by_action: dict[str, list[dict[str, Any]]] = {CREATE: [], UPDATE: [], UNCHANGED: []}
    for row in value_import.rows:
        by_action[row["action"]].append(row)
    out = []
    for action, rows in by_action.items():
        if not rows:
            continue
        shown = [
            ShownValue(
                row=r["row"],
                name=r["name"],
                period=periods.label(date.fromisoformat(r["period"]), r["grain"], lang),
                value=amount(r["value"], r["unit"], lang),
                old=_old_amount(r, lang) if action == UPDATE else "",
                note=r.get("note") or "",
            )
            for r in rows[:SHOWN_PER_GROUP]
        ]
        out.append(Group(action, str(GROUP_TITLES[action]), len(rows), shown))
    return out


def _old_amount(row: dict, lang: str) -> str:
    """The value being replaced as the board shows it (15,409091 → 15,4), fully when that would hide the change."""
    if row["old"] is None:
        return amount(None, row["unit"], lang)
    old = Decimal(row["old"])
    shown = min(decimals_of(old), max(row.get("decimals", 0), decimals_of(Decimal(row["value"]))))
    if old.quantize(Decimal(1).scaleb(-shown)) == Decimal(row["value"]):
        return amount(row["old"], row["unit"], lang)
    return amount(row["old"], row["unit"], lang, shown)


def located(items: list[dict]) -> list[str]:
    """Problems and notices as 'Fila 7, columna C (Valor): …', in the reader's language.

    A whole-row message that names its row itself ("Se tomó la fila 3 como encabezado")
    is not prefixed with "Fila 3:" again.
    """
    out = []
    for item in items:
        issue = issue_from_json(item)
        names_its_row = issue.column is None and "row" in issue.params
        out.append(issue.translated(_) if names_its_row else issue.located(_))
    return out
