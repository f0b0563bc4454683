"""The one door to the bin: moving a row there, bringing it back, and purging what is older than the retention period."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from rumbo.accounts import access
from rumbo.accounts.models import User
from rumbo.bin.models import Binnable
from rumbo.bin.registry import kind_of, kinds


@dataclass(frozen=True)
class Moved:
    """A row moved to the bin or back, and what moved with it (aligned objectives freed, an objective restored)."""

    row: Binnable
    along: list


def _move(row: Binnable, user: User | None, membership: access.Acting | None, *, deleted_at: datetime | None) -> Moved:
    found = kind_of(row)
    who = access.acting(row.cooperative_id, user, membership)
    found.check(who, row)
    step = (found.on_delete if deleted_at else found.on_restore)(row, user=user, who=who)
    row.deleted_at = deleted_at
    row._history_user = user
    row.save(update_fields=["deleted_at", *step.fields])
    return Moved(row, step.along)


@transaction.atomic
def bin_delete(*, row: Binnable, user: User | None, membership: access.Acting | None = None) -> Moved:
    """Move a KPI, objective, OKR objective or dataset to the bin, where an admin can restore it with all it had."""
    return _move(row, user, membership, deleted_at=timezone.now())


@transaction.atomic
def bin_restore(*, row: Binnable, user: User | None, membership: access.Acting | None = None) -> Moved:
    """Bring a row back from the bin, with what its kind brings along."""
    return _move(row, user, membership, deleted_at=None)


def purge_before(days: int | None = None, now: datetime | None = None) -> datetime:
    """Items moved to the bin before this moment are gone for good at the next purge."""
    days = settings.RUMBO_TRASH_DAYS if days is None else days
    return (now or timezone.now()) - timedelta(days=days)


def restorable_until(deleted_at: datetime, days: int | None = None) -> datetime:
    """The last moment an item moved to the bin at `deleted_at` is sure to be restorable."""
    return deleted_at + timedelta(days=settings.RUMBO_TRASH_DAYS if days is None else days)


@transaction.atomic
def bin_purge(*, days: int | None = None, now: datetime | None = None) -> dict[str, int]:
    """Delete for good everything longer in the bin than `days`, and what hangs from it; how many of each kind.

    KPIs go with their values and targets, datasets with their versions (their files once the
    deletion is committed), OKR objectives with their key results and check-ins.
    """
    before = purge_before(days, now)
    counts = {}
    for found in kinds():
        rows = list(found.model.all_objects.filter(deleted_at__lt=before))
        counts[found.key] = len(rows)
        # One by one so that each deletion is recorded in the history, like any other change.
        for row in rows:
            if found.on_purge is not None:
                found.on_purge(row)
            row.delete()
    return counts
