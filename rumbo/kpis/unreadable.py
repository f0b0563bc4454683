"""Stored figures that cannot be read (out of their column's range): the words pages show, and where they are.

`FigureField` reads such a figure as None so no page fails; the functions here tell a page,
an export or `rumbo doctor` which of the Nones were unreadable figures rather than empty ones,
by looking at the raw rows with the same test as the field (`FigureField.reads`).
"""

from collections import defaultdict
from decimal import Decimal

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from rumbo.kpis.fields import FigureField

# The templates say the same for a target («Meta ilegible: …») and a key result («Cifra ilegible: …»).
VALUE = _("Valor ilegible: fuera del rango que Rumbo puede guardar; corríjalo o bórrelo.")
ON_TILE = _("Tiene una cifra ilegible, fuera del rango que Rumbo puede guardar: corríjala o bórrela en su página.")


def figure_fields(model) -> list[FigureField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, FigureField)]


def _suspects(fields) -> Q:
    # One digit inside the range: the database picks out the few rows worth the exact test.
    # (Text, which only a hand edit leaves in a number column, sorts above every number in SQLite.)
    found = Q(pk__in=[])
    for f in fields:
        bound = Decimal(10) ** (f.max_digits - f.decimal_places - 1)
        found |= Q(**{f"{f.name}__gte": bound}) | Q(**{f"{f.name}__lte": -bound})
    return found


def raw_text(raw) -> str:
    """The stored figure as plain text: 1E+14 reads «100000000000000.0»."""
    return repr(raw) if isinstance(raw, float) else str(raw)


def unreadable_in(queryset: QuerySet, names: list[str] | None = None) -> dict[int, dict[str, str]]:
    """{pk: {field name: the raw figure}} for the rows of `queryset` with a figure that cannot be read."""
    fields = [f for f in figure_fields(queryset.model) if names is None or f.name in names]
    if not fields:
        return {}
    rows = queryset.filter(_suspects(fields)).order_by().values_list("pk", *(f.attname for f in fields))
    try:
        sql, params = rows.query.sql_with_params()
    except EmptyResultSet:
        return {}
    found: dict[int, dict[str, str]] = defaultdict(dict)
    with connection.cursor() as cursor:  # straight from the cursor: Django's converter would read None
        cursor.execute(sql, params)
        for pk, *raws in cursor.fetchall():
            for field, raw in zip(fields, raws):
                if not field.reads(raw):
                    found[pk][field.name] = raw_text(raw)
    return dict(found)


def on_kpi_page(kpi, *, periods, spans, history: list, label) -> dict:
    """What the KPI's page says is unreadable, from what its reading left out (`periods`, target `spans`).

    `label` words a period for the page («febrero 2025»).

    A page with nothing unreadable costs no query here: the raw figures are looked up only
    for rows the reading already left out, and for history records that read as empty.
    """
    values = unreadable_in(kpi.measurements.filter(period__in=periods)) if periods else {}
    targets = unreadable_in(kpi.targets.filter(start__in=[s for s, _e in spans])) if spans else {}
    records = [h.history_id for h in history if h.value is None]
    in_history = unreadable_in(type(history[0]).objects.filter(history_id__in=records), ["value"]) if records else {}
    shown_values = kpi.measurements.filter(pk__in=values).order_by("-period")
    return {
        "unreadable_values": values,
        "unreadable_targets": targets,
        "unreadable_history": in_history,
        "unreadable_rows": [(m, label(m.period), ", ".join(values[m.pk].values())) for m in shown_values],
        "unreadable_target_rows": [(t, ", ".join(targets[t.pk].values())) for t in kpi.targets.filter(pk__in=targets)],
    }
