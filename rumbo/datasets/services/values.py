"""Storing computed values: one bulk path for every recomputation, each change kept in the value history.

Values computed from a dataset or a formula replace the KPI's value of the same period,
whoever entered it (the history keeps the old one); a computed value whose period the
computation no longer yields is removed. Values typed in or imported for other periods
are left alone. A value that did not change is not written again, so recomputing twice
changes nothing the second time.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from rumbo.accounts import access
from rumbo.datasets.computing import Point
from rumbo.engine.errors import RumboError
from rumbo.engine.numbers import number_to_store
from rumbo.kpis.choices import Source
from rumbo.kpis.models import Kpi, Measurement

COMPUTED = {Source.DATASET, Source.FORMULA}
BATCH = 500
_UPDATED = ["value", "numerator", "denominator", "source", "source_detail", "entered_by", "updated_at", "version"]


@dataclass(frozen=True)
class Write:
    kpi: Kpi
    points: dict[date, Point]
    source: str
    source_detail: str


@dataclass(frozen=True)
class Written:
    created: int = 0
    updated: int = 0
    removed: int = 0

    @property
    def changed(self) -> int:
        return self.created + self.updated + self.removed


def storable(number: Decimal | None) -> Decimal | None:
    """The number as a value column holds it; None when it does not fit (it would be nonsense anyway)."""
    if number is None:
        return None
    try:
        return number_to_store(number, field="valor calculado")
    except RumboError:
        return None


@transaction.atomic
def values_replace(*, writes: list[Write], user=None, membership: access.Acting | None = None) -> Written:
    """Store the computed values of several KPIs in a few queries, with a history row for each change."""
    if not writes:
        return Written()
    who = access.acting(writes[0].kpi.cooperative_id, user, membership)
    access.require_areas(who, {w.kpi.area for w in writes})
    existing: dict[int, dict[date, Measurement]] = {w.kpi.pk: {} for w in writes}
    for row in Measurement.objects.select_for_update().filter(kpi_id__in=list(existing)):
        existing[row.kpi_id][row.period] = row
    now = timezone.now()
    created, updated, removed = [], [], []
    for write in writes:
        rows = existing[write.kpi.pk]
        detail = write.source_detail[:200]
        for period, point in sorted(write.points.items()):
            value, numerator, denominator = (storable(x) for x in (point.value, point.numerator, point.denominator))
            row = rows.pop(period, None)
            if row is None:
                created.append(
                    Measurement(
                        kpi=write.kpi,
                        period=period,
                        value=value,
                        numerator=numerator,
                        denominator=denominator,
                        source=write.source,
                        source_detail=detail,
                        entered_by=user,
                    )
                )
            elif (row.value, row.numerator, row.denominator, row.source) != (
                value,
                numerator,
                denominator,
                write.source,
            ):
                row.value, row.numerator, row.denominator = value, numerator, denominator
                row.source, row.source_detail, row.entered_by = write.source, detail, user
                row.updated_at, row.version = now, row.version + 1
                updated.append(row)
        removed += [row for row in rows.values() if row.source in COMPUTED]
    if created:
        bulk_create_with_history(created, Measurement, batch_size=BATCH, default_user=user, default_date=now)
    if updated:
        bulk_update_with_history(updated, Measurement, _UPDATED, batch_size=BATCH, default_user=user, default_date=now)
    if removed:
        _remove_with_history(removed, user, now)
    return Written(len(created), len(updated), len(removed))


def _remove_with_history(rows: list[Measurement], user, now) -> None:
    history = Measurement.history.model
    tracked = history.tracked_fields
    history.objects.bulk_create(
        [
            history(
                history_date=now,
                history_user=user,
                history_type="-",
                **{f.attname: getattr(row, f.attname) for f in tracked},
            )
            for row in rows
        ],
        batch_size=BATCH,
    )
    Measurement.objects.filter(pk__in=[row.pk for row in rows]).delete()
