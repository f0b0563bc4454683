"""What every kind that can go to the bin shares: the moment it went there, and managers that hide it meanwhile."""

from typing import TYPE_CHECKING

from django.db import models

if TYPE_CHECKING:
    from rumbo.accounts.models import User


class LiveManager(models.Manager):
    """Rows not in the bin; `all_objects` still sees deleted ones for restore."""

    def get_queryset(self):
        return super().get_queryset().filter(deleted_at__isnull=True)


class Binnable(models.Model):
    """A row that a delete moves to the bin instead of erasing: `objects` sees it no more, `all_objects` does."""

    deleted_at = models.DateTimeField(null=True, blank=True, editable=False)
    cooperative_id: int  # every kind belongs to a cooperative (its own ForeignKey)
    _history_user: "User | None"  # who made the change, for the history (django-simple-history reads it)

    objects = LiveManager()
    all_objects = models.Manager()

    class Meta:
        abstract = True
