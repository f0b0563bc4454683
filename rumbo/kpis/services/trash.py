"""The bin: objectives moved there and brought back, and everything older than the retention period purged."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import ngettext

from rumbo.kpis.models import Kpi, Objective
from rumbo.kpis.services.definitions import kpi_restore


@dataclass(frozen=True)
class Purged:
    kpis: int
    objectives: int


@transaction.atomic
def objective_delete(*, objective: Objective, user) -> None:
    """Move to the bin an objective no live KPI serves (a KPI must never point to a deleted objective)."""
    serving = objective.kpis.count()
    if serving:
        raise ValidationError(
            ngettext(
                "«%(title)s» todavía tiene %(n)s indicador; páselo a otro objetivo o a la papelera antes de borrarlo.",
                "«%(title)s» todavía tiene %(n)s indicadores; páselos a otro objetivo o a la papelera antes de borrarlo.",
                serving,
            ) % {"title": objective.title, "n": serving}
        )
    objective.deleted_at = timezone.now()
    objective._history_user = user
    objective.save(update_fields=["deleted_at"])


@transaction.atomic
def objective_restore(*, objective: Objective, user) -> None:
    objective.deleted_at = None
    objective._history_user = user
    objective.save(update_fields=["deleted_at"])


@transaction.atomic
def kpi_bring_back(*, kpi: Kpi, user) -> Objective | None:
    """Restore a KPI from the bin, and its objective with it if that went to the bin afterwards."""
    objective = Objective.all_objects.filter(pk=kpi.objective_id, deleted_at__isnull=False).first()
    if objective is not None:
        objective_restore(objective=objective, user=user)
    kpi_restore(kpi=kpi, user=user)
    return objective


def purge_before(days: int | None = None, now: datetime | None = None) -> datetime:
    """Items moved to the bin before this moment are gone for good at the next purge."""
    days = settings.RUMBO_TRASH_DAYS if days is None else days
    return (now or timezone.now()) - timedelta(days=days)


def restorable_until(deleted_at: datetime, days: int | None = None) -> datetime:
    """The last moment an item moved to the bin at `deleted_at` is sure to be restorable."""
    return deleted_at + timedelta(days=settings.RUMBO_TRASH_DAYS if days is None else days)


@transaction.atomic
def trash_purge(*, days: int | None = None, now: datetime | None = None) -> Purged:
    """Delete for good the KPIs (with their values and targets) and objectives longer in the bin than `days`."""
    before = purge_before(days, now)
    kpis = Kpi.all_objects.filter(deleted_at__lt=before)
    objectives = Objective.all_objects.filter(deleted_at__lt=before)
    counts = Purged(kpis=kpis.count(), objectives=objectives.count())
    # One by one so that each deletion is recorded in the history, like any other change.
    for kpi in kpis:
        kpi.delete()
    for objective in objectives:
        objective.delete()
    return counts
