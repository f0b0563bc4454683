"""Figures that older versions let SQLite keep although their column cannot hold them, taken out of the live rows.

Run by the migrations that add the «fits its column» checks, before them: on SQLite the
table is copied under the new check, and one such row would stop the upgrade. The Django
models cannot read these rows (reading one raises `decimal.InvalidOperation`), so this is
plain SQL. Each live figure is set to NULL, or, where the row needs a figure, to the
largest the column holds; a history row records the change with the raw figure in its
reason, so nothing is lost. The bounds are passed by each migration, frozen as written.
"""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils import timezone

REASON = "{label} fuera de rango ({raw}) {done}"
MAX_REASON = 100  # simple-history's column


@dataclass(frozen=True)
class Figure:
    column: str
    label: str  # as the reason names it, in Spanish
    limit: Decimal  # the smallest magnitude the column's check refuses
    largest: Decimal | None = None  # put in place of a figure the row cannot do without; None: NULL
    feminine: bool = False  # «la meta … retirada: corríjala»

    def done(self) -> str:
        word = "retirad" if self.largest is None else "sustituid"
        return f"{word}a: corríjala" if self.feminine else f"{word}o: corríjalo"


@dataclass(frozen=True)
class Table:
    app: str
    model: str
    figures: tuple[Figure, ...]
    # Given the row's figures once the bad ones are replaced (and any `also` column), the
    # figures to write so that the table's other checks still hold, or None to remove the
    # row (the history keeps it).
    settle: Callable[[dict], dict | None] | None = None
    also: tuple[str, ...] = ()


def retire_out_of_range(apps, schema_editor, tables: list[Table]) -> None:
    connection = schema_editor.connection
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        for table in tables:
            _retire(cursor, apps, table, now)


def _retire(cursor, apps, table: Table, now) -> None:
    model = apps.get_model(table.app, table.model)
    history = apps.get_model(table.app, f"Historical{table.model}")
    quote = cursor.db.ops.quote_name
    live, kept = quote(model._meta.db_table), quote(history._meta.db_table)
    copied = [f.column for f in history._meta.concrete_fields if not f.name.startswith("history_")]
    found: dict[int, list[tuple[Figure, object]]] = {}
    for figure in table.figures:
        column = quote(figure.column)
        cursor.execute(
            f"SELECT id, {column} FROM {live} WHERE {column} IS NOT NULL AND NOT ({column} > %s AND {column} < %s)",
            [-figure.limit, figure.limit],
        )
        for pk, raw in cursor.fetchall():
            found.setdefault(pk, []).append((figure, raw))
    read = [f.column for f in table.figures] + list(table.also)
    for pk, bad in sorted(found.items()):
        cursor.execute(f"SELECT {', '.join(map(quote, read))} FROM {live} WHERE id = %s", [pk])
        row = dict(zip(read, cursor.fetchone()))
        row.update({f.column: _replacement(f, raw) for f, raw in bad})
        settled = table.settle(dict(row)) if table.settle else row
        reason = "; ".join(REASON.format(label=f.label, raw=_shown(raw), done=f.done()) for f, raw in bad)[:MAX_REASON]
        blanked = {f.column for f, _raw in bad}
        if settled is None:
            _keep(cursor, live, kept, copied, pk, [now, reason, "-"], blanked)
            cursor.execute(f"DELETE FROM {live} WHERE id = %s", [pk])
            continue
        changed = {c: settled[c] for c in (f.column for f in table.figures) if c in blanked or settled[c] != row.get(c)}
        sets = ", ".join(f"{quote(c)} = %s" for c in changed)
        cursor.execute(f"UPDATE {live} SET {sets} WHERE id = %s", [*changed.values(), pk])
        _keep(cursor, live, kept, copied, pk, [now, reason, "~"], set())


def _keep(cursor, live: str, kept: str, copied: list[str], pk, history: list, blanked: set[str]) -> None:
    """A history row copied from the live row as it is now (the figures in `blanked` left empty)."""
    quote = cursor.db.ops.quote_name
    select = ", ".join("NULL" if c in blanked else quote(c) for c in copied)
    cursor.execute(
        f"INSERT INTO {kept} ({', '.join(map(quote, copied))}, history_date, history_change_reason, history_type, history_user_id) "
        f"SELECT {select}, %s, %s, %s, NULL FROM {live} WHERE id = %s",
        [*history, pk],
    )


def _replacement(figure: Figure, raw) -> Decimal | None:
    if figure.largest is None:
        return None
    number = _decimal(raw)
    return -figure.largest if number is not None and number < 0 else figure.largest


def _decimal(raw) -> Decimal | None:
    try:
        number = Decimal(repr(raw)) if isinstance(raw, float) else Decimal(str(raw))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def _shown(raw) -> str:
    number = _decimal(raw)
    return str(raw)[:30] if number is None else str(number.normalize())[:30]


def target_settles(row: dict) -> dict | None:
    """A target needs a figure or a whole band: without either it is removed."""
    return row if row["value"] is not None or (row["low"] is not None and row["high"] is not None) else None


def key_result_settles(row: dict) -> dict:
    """A number key result needs a baseline and a different target: a replaced target one step from the baseline."""
    if row["kind"] != "milestone" and row["baseline"] is not None and row["baseline"] == row["target"]:
        target = _decimal(row["target"])
        assert target is not None, "equal to a baseline that is not None"
        row["target"] = target - 1
    return row
