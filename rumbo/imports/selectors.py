"""Reads of value imports for the pages: a fixed number of queries however many there are."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from rumbo.imports.models import ValueImport
from rumbo.orgs.models import Cooperative

RECENT = 30


def imports_of(coop: Cooperative) -> QuerySet[ValueImport]:
    return ValueImport.objects.filter(cooperative=coop).select_related("uploaded_by", "committed_by")


def recent_imports(coop: Cooperative, limit: int = RECENT) -> QuerySet[ValueImport]:
    return imports_of(coop).defer("rows", "problems", "notices")[:limit]


def import_get(coop: Cooperative, pk: int) -> ValueImport:
    return get_object_or_404(imports_of(coop), pk=pk)
