"""`rumbo doctor`: every stored figure Rumbo cannot read, in every table, live or history.

Such a figure (out of its column's range: an older Rumbo let 1E+14 through on SQLite, or a
hand edit) no longer breaks a page, which shows it as «ilegible»; this lists where each one
is, so someone can correct or delete it. PostgreSQL refuses these figures when written, so
there the list is empty unless a NaN was stored by hand.
"""

from collections.abc import Iterator
from dataclasses import dataclass

from django.apps import apps
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from rumbo.kpis.unreadable import figure_fields, unreadable_in


@dataclass(frozen=True)
class UnreadableFigure:
    table: str  # the database table, so a hand correction knows where to look
    pk: int  # the row's id in that table
    history: bool  # a row of a change history rather than a live row
    cooperative: str  # the cooperative's short name, or "?" when the row's owner is gone
    kind: str  # «valor», «meta», «resultado clave»…
    owner: str  # the KPI or key result it belongs to
    period: str  # the period, the target's dates or the check-in's day; "" when none applies
    field: str
    raw: str  # the figure as stored


# For each model: its kind in words, and the paths to its cooperative, its owner's name and its period.
_DESCRIBED: dict[str, tuple[str, str | None, str | None, tuple[str, ...]]] = {
    "measurement": ("valor", "kpi__cooperative__slug", "kpi__name", ("period",)),
    "target": ("meta", "kpi__cooperative__slug", "kpi__name", ("start", "end")),
    "kpi": ("indicador", "cooperative__slug", "name", ()),
    "keyresult": ("resultado clave", "objective__cooperative__slug", "title", ()),
    "checkin": ("seguimiento", "key_result__objective__cooperative__slug", "key_result__title", ("date",)),
    "okrobjective": ("objetivo OKR", "cooperative__slug", "title", ()),
}


def _models_with_figures() -> Iterator[type[models.Model]]:
    for model in apps.get_models():
        if figure_fields(model):
            yield model


def unreadable_figures() -> list[UnreadableFigure]:
    """Every unreadable figure of the database, table by table (live tables first, then their histories)."""
    found = []
    for model in sorted(_models_with_figures(), key=lambda m: (hasattr(m, "instance_type"), m._meta.db_table)):
        rows = unreadable_in(model._base_manager.all())
        if rows:
            found += _described(model, rows)
    return found


def _described(model: type[models.Model], rows: dict[int, dict[str, str]]) -> list[UnreadableFigure]:
    base = getattr(model, "instance_type", model)  # a history model names the model it records
    kind, coop_path, owner_path, period_paths = _DESCRIBED.get(
        base._meta.model_name or "", (str(base._meta.verbose_name), None, None, ())
    )
    paths = [p for p in (coop_path, owner_path, *period_paths) if p]
    facts = {r["pk"]: r for r in model._base_manager.filter(pk__in=rows).values("pk", *paths)}
    out = []
    for pk in sorted(rows):
        row = facts.get(pk, {})
        period = "–".join(str(row[p]) for p in period_paths if row.get(p) is not None)
        for field, raw in rows[pk].items():
            out.append(
                UnreadableFigure(
                    table=model._meta.db_table,
                    pk=pk,
                    history=base is not model,
                    cooperative=(coop_path and row.get(coop_path)) or "?",
                    kind=kind,
                    owner=(owner_path and row.get(owner_path)) or "?",
                    period=period,
                    field=field,
                    raw=raw,
                )
            )
    return out


def described_line(figure: UnreadableFigure) -> str:
    """One line of `rumbo doctor`'s list."""
    where = _("historial de %(kind)s") % {"kind": figure.kind} if figure.history else figure.kind
    period = f" · {figure.period}" if figure.period else ""
    return (
        f"{figure.cooperative} · {where} · «{figure.owner}»{period} · {figure.field} = {figure.raw} "
        f"({figure.table} #{figure.pk})"
    )


def summary(found: list[UnreadableFigure]) -> str:
    """The closing sentence of `rumbo doctor`."""
    if not found:
        return _("Todo en orden: ninguna cifra guardada está fuera del rango que Rumbo puede leer.")
    history = sum(f.history for f in found)
    return ngettext(
        "Se encontró %(n)s cifra ilegible (%(live)s en datos vigentes, %(history)s en el historial), fuera del rango "
        "que Rumbo puede guardar. Las páginas la muestran como «ilegible»: corríjala o bórrela desde la página del "
        "indicador o del resultado clave.",
        "Se encontraron %(n)s cifras ilegibles (%(live)s en datos vigentes, %(history)s en el historial), fuera del "
        "rango que Rumbo puede guardar. Las páginas las muestran como «ilegible»: corríjalas o bórrelas desde la "
        "página del indicador o del resultado clave.",
        len(found),
    ) % {"n": len(found), "live": len(found) - history, "history": history}
