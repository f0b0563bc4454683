"""What every kind that can go to the bin shares: the moment it went there, and managers that hide it meanwhile."""

from django.db import models


class LiveManager(models.Manager):
    """Rows not in the bin; `all_objects` still sees deleted ones for restore."""

    def get_queryset(self):
        return super().get_queryset().filter(deleted_at__isnull=True)


class Binnable(models.Model):
    """A row that a delete moves to the bin instead of erasing: `objects` sees it no more, `all_objects` does."""

    deleted_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = LiveManager()
    all_objects = models.Manager()

    class Meta:
        abstract = True
