"""Reads of value imports for the pages: a fixed number of queries however many there are."""

from django.shortcuts import get_object_or_404

from rumbo.imports.models import ValueImport

RECENT = 30


def imports_of(coop):
    return ValueImport.objects.filter(cooperative=coop).select_related("uploaded_by", "committed_by")


def recent_imports(coop, limit: int = RECENT):
    return imports_of(coop).defer("rows", "problems", "notices")[:limit]


def import_get(coop, pk) -> ValueImport:
    return get_object_or_404(imports_of(coop), pk=pk)
