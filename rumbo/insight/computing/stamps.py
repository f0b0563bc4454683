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

from django.db import connections

from rumbo.engine.timeline.periods import period_start
from rumbo.engine.vocab import Grain
from rumbo.kpis import calendar
from rumbo.kpis.models import Kpi, Measurement, Target


def _text(sql: str, vendor: str, *, decimal: bool = False) -> str:
    """`sql` as the database's text of it: the same text the ORM's Cast to a CharField gives."""
    if vendor == "postgresql":
        return f"({sql})::varchar"
    return f"CAST((CAST({sql} AS NUMERIC)) AS text)" if decimal else f"CAST({sql} AS text)"


def _stamps_sql(vendor: str, quote, placeholders: str) -> str:
    values, targets = quote(Measurement._meta.db_table), quote(Target._meta.db_table)

    def text(column: str, aggregate: str, **kw: bool) -> str:
        return _text(f"{aggregate}({quote(column)})", vendor, **kw)

    return (
        f"SELECT kpi_id, 'm', {text('id', 'COUNT')}, {text('updated_at', 'MAX')}, {text('version', 'SUM')}, '', ''"
        f" FROM {values} WHERE kpi_id IN ({placeholders}) GROUP BY kpi_id"
        f" UNION ALL SELECT kpi_id, 't', {text('id', 'COUNT')}, {text('id', 'SUM')},"
        f" {text('value', 'SUM', decimal=True)}, {text('low', 'SUM', decimal=True)}, {text('high', 'SUM', decimal=True)}"
        f" FROM {targets} WHERE kpi_id IN ({placeholders}) GROUP BY kpi_id"
    )


def data_stamps(kpi_ids) -> dict[int, dict[str, list]]:
    """Per KPI: {"m": [count, last change, sum of versions] of its values, "t": [count, sum of ids, sums of
    value, low and high] of its targets}, in one query (KPIs without values or targets lack that key).

    Every figure comes back as the database's text of it: the same text on the same database,
    which is all a fingerprint needs (SQLite sums decimals as floats, PostgreSQL exactly). Plain SQL:
    the ORM took longer to build this query than the database to answer it.
    """
    ids = list(kpi_ids)
    found: dict[int, dict[str, list]] = {}
    if not ids:
        return found
    connection = connections["default"]
    sql = _stamps_sql(connection.vendor, connection.ops.quote_name, ", ".join(["%s"] * len(ids)))
    with connection.cursor() as cursor:
        cursor.execute(sql, ids + ids)
        for kpi_id, kind, *figures in cursor.fetchall():
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
