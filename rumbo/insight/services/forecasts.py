"""Keep each KPI's cached forecast current: recompute only the KPIs whose values, targets or period changed."""

import logging
import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import numpy as np
from django.db import IntegrityError, transaction
from django.utils import timezone

from rumbo.engine.errors import RumboError
from rumbo.engine.forecasting.forecast import Projection
from rumbo.insight.computing import forecasting, stamps
from rumbo.insight.models import KpiForecast
from rumbo.kpis import readings
from rumbo.kpis.models import Kpi
from rumbo.orgs import editions
from rumbo.orgs.models import Cooperative

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Refreshed:
    computed: int  # recomputed because their inputs changed (or had never been computed)
    kept: int  # still current


def coop_kpis(coop: Cooperative, kpis: Iterable[Kpi] | None = None) -> list[Kpi]:
    """The KPIs to refresh (all the cooperative's live ones by default), sharing one cooperative object."""
    if kpis is None:
        kpis = Kpi.objects.filter(cooperative=coop).select_related("initiative")
    kpis = [k for k in kpis if k.cooperative_id == coop.pk]
    for kpi in kpis:
        kpi.cooperative = coop  # the calendar reads its months; one object for all
    return kpis


def months_of(coop: Cooperative) -> dict[str, int]:
    return {"year_start_month": coop.fiscal_year_start_month, "harvest_start_month": coop.harvest_start_month}


def projection_figures(p: Projection) -> dict[str, float | None]:
    """Where the KPI lands at the target's end, with its range, share of the target and chance of reaching it."""
    names = ("projected", "low", "high", "share", "share_low", "share_high", "probability")
    return {name: getattr(p, name) for name in names}


def forecast_row(data: readings.KpiData, *, inputs_hash: str, today: date, now: datetime) -> KpiForecast:
    """A cache row for one KPI: its forecast to the target's end, the projection and its sentences."""
    kpi = data.kpi
    reading = readings.read(data, today=today)
    try:
        result = forecasting.forecast_data(data, reading, today=today, months=months_of(kpi.cooperative))
    except (RumboError, ValueError, np.linalg.LinAlgError):
        # One degenerate series must not stop the others: it is shown at its pace, as without history.
        log.warning("No forecast for KPI %s", kpi.pk, exc_info=True)
        return KpiForecast(kpi=kpi, inputs_hash=inputs_hash, computed_at=now)
    fc, goal, p = result.forecast, result.goal, result.projection
    projection = None
    if p is not None and goal is not None:
        projection = {
            "span_start": goal.span.start.isoformat(),
            "span_end": goal.span.end.isoformat(),
            "first_period": goal.first_period.isoformat(),
            "last_period": goal.last_period.isoformat(),
            "target": None if goal.span.value is None else float(goal.span.value),
            "aggregation": goal.aggregation.value,
            "actual_so_far": goal.actual_so_far,
            **projection_figures(p),
            "level": p.level,
            "cumulative": [
                {"period": d.isoformat(), "forecast": c, "low": lo, "high": hi} for d, c, lo, hi in result.cumulative
            ],
        }
        projection = _finite(projection)
    return KpiForecast(
        kpi=kpi,
        inputs_hash=inputs_hash,
        model=fc.model or "",
        points=_finite(
            [
                {"period": pt.period.isoformat(), "forecast": pt.forecast, "low": pt.low, "high": pt.high}
                for pt in fc.points
            ]
        ),
        projection=projection,
        history_periods=fc.history,
        min_history=fc.min_history,
        sentence_es=result.sentences["es"],
        sentence_en=result.sentences["en"],
        computed_at=now,
    )


def _finite(value: Any) -> Any:
    """NaN and infinities as None: JSON (and PostgreSQL's jsonb) has no place for them."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_finite(v) for v in value]
    return value


def forecasts_current(
    *, coop: Cooperative, kpis: Iterable[Kpi] | None, today: date | None = None
) -> tuple[dict[int, KpiForecast], int]:
    """The KPIs' cached forecasts, after recomputing those whose inputs changed; and how many were recomputed.

    The statistics run outside any transaction (a third of a second per KPI would hold
    SQLite's write lock that long); the rows are written together at the end. The
    fingerprints are read before the values, so a value entered meanwhile leaves the row
    stale rather than wrongly current.
    """
    today = today or timezone.localdate()
    kpis = coop_kpis(coop, kpis)
    found = stamps.data_stamps(k.pk for k in kpis)
    hashes = {k.pk: stamps.forecast_hash(k, found.get(k.pk), today=today) for k in kpis}
    rows = {row.kpi_id: row for row in KpiForecast.objects.filter(kpi__in=kpis)}
    stale = [k for k in kpis if k.pk not in rows or rows[k.pk].inputs_hash != hashes[k.pk]]
    if stale:
        now = timezone.now()
        data = readings.kpi_data(stale)
        fresh = [forecast_row(data[k.pk], inputs_hash=hashes[k.pk], today=today, now=now) for k in stale]
        _replace(fresh, coop)
        rows.update((row.kpi_id, row) for row in fresh)
    return rows, len(stale)


def forecasts_refresh(*, coop: Cooperative, kpis: Iterable[Kpi] | None = None, today: date | None = None) -> Refreshed:
    """Recompute the forecasts of the cooperative's KPIs (or of `kpis`) whose inputs changed since the last time."""
    rows, computed = forecasts_current(coop=coop, kpis=kpis, today=today)
    return Refreshed(computed=computed, kept=len(rows) - computed)


def _replace(rows: list[KpiForecast], coop: Cooperative) -> None:
    try:
        with transaction.atomic(), editions.one_edition([coop.pk]):
            KpiForecast.objects.filter(kpi_id__in=[r.kpi_id for r in rows]).delete()
            KpiForecast.objects.bulk_create(rows)
    except IntegrityError:
        # Another refresh wrote these KPIs meanwhile, from the same or newer data: theirs stands.
        log.info("Forecasts of KPIs %s written by another refresh", [r.kpi_id for r in rows])
