"""Fingerprints of the data a forecast or a lead check was computed from, read in two queries for any number of KPIs.

A cached result holds while the fingerprint of its inputs is unchanged. The board must tell
that without loading ten years of values (that would cost more than the whole board), so the
fingerprint is made of aggregates the database computes per KPI, in one query: how many values, the last
change and the sum of their versions (every edit bumps a value's version and its change
time, an import too), and for targets their count, ids and amounts (an edit keeps the id
and changes an amount; new dates make a new row). Today's period goes in too: a month
later the same values make a different projection.
"""

import hashlib
import json
from datetime import date

from django.db.models import CharField, Count, Max, Sum, Value
from django.db.models.functions import Cast

from rumbo.engine.timeline.periods import period_start
from rumbo.engine.vocab import Grain
from rumbo.kpis import calendar
from rumbo.kpis.models import Kpi, Measurement, Target

_TEXT = CharField()


def data_stamps(kpi_ids) -> dict[int, dict[str, list]]:
    """Per KPI: {"m": [count, last change, sum of versions] of its values, "t": [count, sum of ids, sums of
    value, low and high] of its targets}, in one query (KPIs without values or targets lack that key).

    Every figure comes back as the database's text of it: the same text on the same database,
    which is all a fingerprint needs (SQLite sums decimals as floats, PostgreSQL exactly).
    """
    ids = list(kpi_ids)

    def grouped(model, kind, *figures):
        return (
            model.objects.filter(kpi_id__in=ids)
            .order_by()
            .values("kpi_id")
            .annotate(
                kind=Value(kind, output_field=_TEXT),
                **{
                    name: Cast(figure, _TEXT) if figure is not None else Value("", output_field=_TEXT)
                    for name, figure in zip("abcde", figures)
                },
            )
            .values_list("kpi_id", "kind", "a", "b", "c", "d", "e")
        )

    values = grouped(Measurement, "m", Count("id"), Max("updated_at"), Sum("version"), None, None)
    targets = grouped(Target, "t", Count("id"), Sum("id"), Sum("value"), Sum("low"), Sum("high"))
    found: dict[int, dict[str, list]] = {}
    for kpi_id, kind, *figures in values.union(targets, all=True):
        found.setdefault(kpi_id, {})[kind] = figures
    return found


def today_period(kpi: Kpi, today: date) -> date:
    coop = kpi.cooperative
    return period_start(
        today,
        Grain(calendar.grain_of(kpi)),
        year_start_month=coop.fiscal_year_start_month,
        harvest_start_month=coop.harvest_start_month,
    )


def _digest(parts) -> str:
    return hashlib.sha256(json.dumps(parts, default=str, separators=(",", ":")).encode()).hexdigest()


def forecast_hash(kpi: Kpi, stamp: dict | None, *, today: date) -> str:
    """What a KPI's forecast and projection depend on: its values, targets, definition, calendar and today's period."""
    coop = kpi.cooperative
    definition = [
        kpi.aggregation,
        kpi.direction,
        calendar.grain_of(kpi),
        kpi.unit,
        kpi.initiative_id,
        coop.fiscal_year_start_month,
        coop.harvest_start_month,
    ]
    stamp = stamp or {}
    return _digest(["forecast", definition, stamp.get("m"), stamp.get("t"), today_period(kpi, today)])


def lead_hash(
    leading: Kpi, lagging: Kpi, leading_stamp: dict | None, lagging_stamp: dict | None, *, max_lag: int, today: date
) -> str:
    """What a lead check depends on: both KPIs' values and frequencies, the lags searched and today's period."""
    return _digest(
        [
            "lead",
            lagging.pk,
            calendar.grain_of(leading),
            calendar.grain_of(lagging),
            max_lag,
            (leading_stamp or {}).get("m"),
            (lagging_stamp or {}).get("m"),
            today_period(leading, today),
        ]
    )


def impact_hash(initiative, kpi: Kpi, stamp: dict | None, *, today: date) -> str:
    """What an impact estimate and its words depend on: the initiative's start and kind, the KPI's values, name and
    unit, and today's period."""
    return _digest(
        [
            "impact",
            initiative.start,
            initiative.kind,
            kpi.name,
            kpi.unit,
            kpi.aggregation,
            calendar.grain_of(kpi),
            (stamp or {}).get("m"),
            today_period(kpi, today),
        ]
    )
