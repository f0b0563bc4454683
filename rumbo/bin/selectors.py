"""What a cooperative has in the bin, by kind, most recently deleted first."""

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from rumbo.bin.models import Binnable
from rumbo.bin.registry import Kind, kind
from rumbo.orgs.models import Cooperative


def binned_of(coop: Cooperative, found: Kind) -> QuerySet[Binnable]:
    every: QuerySet[Any] = found.model.all_objects.all()  # each kind has its own cooperative field
    rows = every.filter(cooperative=coop, deleted_at__isnull=False).order_by("-deleted_at")
    return found.rows(rows)


def binned_get(coop: Cooperative, key: str, pk: int) -> Binnable:
    """One row of the cooperative's bin: 404 for a live row or another cooperative's."""
    return get_object_or_404(binned_of(coop, kind(key)), pk=pk)
