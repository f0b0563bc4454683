"""The bin: objectives moved there and brought back, and everything older than the retention period purged."""

import shutil
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import ngettext

from rumbo.accounts import access
from rumbo.datasets import storage
from rumbo.datasets.models import Dataset
from rumbo.kpis.models import Kpi, Objective
from rumbo.kpis.services.definitions import kpi_restore
from rumbo.okrs.models import OkrObjective


@dataclass(frozen=True)
class Purged:
    kpis: int
    objectives: int
    datasets: int = 0
    okr_objectives: int = 0


@transaction.atomic
def objective_delete(*, objective: Objective, user, membership: access.Acting | None = None) -> None:
    """Move to the bin an objective no live KPI serves (a KPI must never point to a deleted objective)."""
    access.require_owned(
        access.acting(objective.cooperative_id, user, membership), area=objective.area, owner_id=objective.owner_id
    )
    serving = objective.kpis.count()
    if serving:
        raise ValidationError(
            ngettext(
                "«%(title)s» todavía tiene %(n)s indicador; páselo a otro objetivo o a la papelera antes de borrarlo.",
                "«%(title)s» todavía tiene %(n)s indicadores; páselos a otro objetivo o a la papelera antes de borrarlo.",
                serving,
            )
            % {"title": objective.title, "n": serving}
        )
    objective.deleted_at = timezone.now()
    objective._history_user = user
    objective.save(update_fields=["deleted_at"])


@transaction.atomic
def objective_restore(*, objective: Objective, user, membership: access.Acting | None = None) -> None:
    access.require_owned(
        access.acting(objective.cooperative_id, user, membership), area=objective.area, owner_id=objective.owner_id
    )
    objective.deleted_at = None
    objective._history_user = user
    objective.save(update_fields=["deleted_at"])


@transaction.atomic
def kpi_bring_back(*, kpi: Kpi, user, membership: access.Acting | None = None) -> Objective | None:
    """Restore a KPI from the bin, and its objective with it if that went to the bin afterwards."""
    who = access.acting(kpi.cooperative_id, user, membership)
    objective = Objective.all_objects.filter(pk=kpi.objective_id, deleted_at__isnull=False).first()
    if objective is not None:
        objective_restore(objective=objective, user=user, membership=who)
    kpi_restore(kpi=kpi, user=user, membership=who)
    return objective


def purge_before(days: int | None = None, now: datetime | None = None) -> datetime:
    """Items moved to the bin before this moment are gone for good at the next purge."""
    days = settings.RUMBO_TRASH_DAYS if days is None else days
    return (now or timezone.now()) - timedelta(days=days)


def restorable_until(deleted_at: datetime, days: int | None = None) -> datetime:
    """The last moment an item moved to the bin at `deleted_at` is sure to be restorable."""
    return deleted_at + timedelta(days=settings.RUMBO_TRASH_DAYS if days is None else days)


def _dataset_files(dataset: Dataset) -> list[str]:
    """Every file a dataset's versions name, relative to MEDIA_ROOT."""
    files = []
    for version in dataset.versions.all():
        files += [version.file, version.original, *(source.get("file") for source in version.sources)]
    return files


def _remove_files_after_commit(dataset: Dataset) -> None:
    # Only once the rows are gone for good: a rolled-back purge must leave a dataset that still has its files.
    files, directory = _dataset_files(dataset), storage.absolute(storage.folder(dataset))

    def remove():
        storage.remove(files)
        shutil.rmtree(directory, ignore_errors=True)

    transaction.on_commit(remove)


@transaction.atomic
def trash_purge(*, days: int | None = None, now: datetime | None = None) -> Purged:
    """Delete for good everything longer in the bin than `days`, and what hangs from it.

    KPIs go with their values and targets, datasets with their versions (their files once the
    deletion is committed), OKR objectives with their key results and check-ins.
    """
    before = purge_before(days, now)
    kpis = Kpi.all_objects.filter(deleted_at__lt=before)
    objectives = Objective.all_objects.filter(deleted_at__lt=before)
    datasets = (
        Dataset.all_objects.filter(deleted_at__lt=before).select_related("cooperative").prefetch_related("versions")
    )
    okr_objectives = OkrObjective.all_objects.filter(deleted_at__lt=before)
    counts = Purged(
        kpis=kpis.count(),
        objectives=objectives.count(),
        datasets=datasets.count(),
        okr_objectives=okr_objectives.count(),
    )
    # One by one so that each deletion is recorded in the history, like any other change.
    for kpi in kpis:
        kpi.delete()
    for objective in objectives:
        objective.delete()
    for okr_objective in okr_objectives:
        okr_objective.delete()  # its key results and their check-ins go with it, each recorded
    for dataset in datasets:
        _remove_files_after_commit(dataset)
        dataset.delete()
    return counts
