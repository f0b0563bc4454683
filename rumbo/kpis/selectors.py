"""Reads of KPI data shared by pages, reports and the API; each costs a fixed number of queries."""

from datetime import date
from typing import Any

from django.db.models import Max, Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from rumbo.accounts import access
from rumbo.accounts.models import User
from rumbo.kpis import calendar
from rumbo.kpis.models import Initiative, Kpi, Measurement, Objective
from rumbo.orgs.models import Cooperative


def kpis_of(coop: Cooperative) -> QuerySet[Kpi]:
    return Kpi.objects.filter(cooperative=coop).select_related("cooperative", "objective", "initiative", "owner")


def kpis_with_values(coop: Cooperative, queryset: QuerySet[Kpi] | None = None) -> QuerySet[Kpi]:
    """KPIs with their targets and every value, in three queries whatever their number."""
    queryset = kpis_of(coop) if queryset is None else queryset
    return queryset.prefetch_related(
        "targets", Prefetch("measurements", queryset=Measurement.objects.order_by("period"))
    )


def kpi_get(coop: Cooperative, pk: int) -> Kpi:
    return get_object_or_404(kpis_of(coop), pk=pk)


def kpi_head(coop: Cooperative, pk: int) -> Kpi:
    """Only what the page around a kept body needs (name and area): `kpi_get` reads the whole KPI when it is built."""
    return get_object_or_404(Kpi.objects.filter(cooperative=coop).only("pk", "name", "area", "cooperative"), pk=pk)


def measurement_get(coop: Cooperative, pk: int) -> Measurement:
    """A value of one of the cooperative's KPIs (not of one in the bin)."""
    return get_object_or_404(
        Measurement.objects.select_related("kpi"), pk=pk, kpi__cooperative=coop, kpi__deleted_at__isnull=True
    )


def kpi_get_editable(coop: Cooperative, membership: access.Acting, pk: int) -> Kpi:
    """The KPI, when `membership` edits its area: 404 outside the cooperative, 403 outside their areas."""
    kpi = kpi_get(coop, pk)
    access.require_area(membership, kpi.area)
    return kpi


def objectives_of(coop: Cooperative) -> QuerySet[Objective]:
    return Objective.objects.filter(cooperative=coop).select_related("owner")


def objective_get(coop: Cooperative, pk: int) -> Objective:
    return get_object_or_404(objectives_of(coop), pk=pk)


def initiatives_of(coop: Cooperative) -> QuerySet[Initiative]:
    return Initiative.objects.filter(cooperative=coop)


def initiative_get(coop: Cooperative, pk: int) -> Initiative:
    return get_object_or_404(initiatives_of(coop), pk=pk)


def value_history(kpi: Kpi) -> QuerySet[Any]:
    """Every change to the KPI's values, newest first: who, when, from what to what."""
    return (
        Measurement.history.filter(kpi_id=kpi.pk)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")
    )


def due_values(coop: Cooperative, user: User, today: date) -> list[tuple[Kpi, date, Measurement | None]]:
    """The KPIs this person owns, each with its due period and the value already entered for it."""
    kpis = list(kpis_of(coop).filter(owner=user))
    due = {kpi.pk: calendar.due_period(kpi, today) for kpi in kpis}
    entered = {(m.kpi_id, m.period): m for m in Measurement.objects.filter(kpi__in=kpis, period__in=set(due.values()))}
    return [(kpi, due[kpi.pk], entered.get((kpi.pk, due[kpi.pk]))) for kpi in kpis]


def overdue(coop: Cooperative, today: date) -> list[tuple[Kpi, date, date | None]]:
    """KPIs missing a value for their last due period: (kpi, due period, latest period with a value)."""
    kpis = kpis_of(coop).exclude(frequency="").annotate(latest=Max("measurements__period"))
    late: list[tuple[Kpi, date, date | None]] = []
    for kpi in kpis:
        due = calendar.due_period(kpi, today)
        if kpi.latest is None or kpi.latest < due:
            late.append((kpi, due, kpi.latest))
    return late
