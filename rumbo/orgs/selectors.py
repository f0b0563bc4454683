"""Reads of a cooperative's settings that pages, the command line and the apps above share: its own units."""

from typing import Any

from django.db.models import QuerySet

from rumbo.orgs.models import Cooperative, LocalUnit


def local_unit_rows(cooperative: Cooperative | int) -> QuerySet[LocalUnit]:
    """The cooperative's own units, by name."""
    return LocalUnit.objects.filter(cooperative=cooperative).order_by("key", "pk")


def local_units_of(cooperative: Cooperative | int) -> dict[str, str]:
    """The cooperative's own units as the units engine reads them, {"lata": "12,5 kg"} (one query)."""
    return dict(local_unit_rows(cooperative).values_list("name", "definition"))


def local_unit_history(cooperative: Cooperative, limit: int = 20) -> list[Any]:
    """The latest changes of the cooperative's own units, removed ones included, newest first, with who made them."""
    return list(
        LocalUnit.history.filter(cooperative=cooperative)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")[:limit]
    )
