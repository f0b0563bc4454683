"""The bin: what an admin moved there, until when it can come back, and bringing it back."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from rumbo.accounts.access import coop_view
from rumbo.accounts.models import Role
from rumbo.datasets import selectors as dataset_selectors
from rumbo.kpis import selectors
from rumbo.kpis.services.trash import kpi_bring_back, objective_delete, objective_restore, restorable_until
from rumbo.okrs import selectors as okr_selectors


@coop_view(Role.ADMIN)
@require_safe
def trash(request):
    kpis, objectives = selectors.trash_of(request.coop)
    binned = {
        "kpis": kpis,
        "objectives": objectives,
        "datasets": dataset_selectors.deleted_datasets_of(request.coop),
        "okr_objectives": okr_selectors.binned_objectives_of(request.coop),
    }
    context = {kind: [(row, restorable_until(row.deleted_at)) for row in rows] for kind, rows in binned.items()}
    context["days"] = settings.RUMBO_TRASH_DAYS
    return render(request, "kpis/trash.html", context)


@coop_view(Role.ADMIN)
@require_POST
def kpi_restore_view(request, pk):
    kpi = get_object_or_404(selectors.trash_of(request.coop)[0], pk=pk)
    objective = kpi_bring_back(kpi=kpi, user=request.user, membership=request.membership)
    messages.success(request, _("«%(name)s» volvió al tablero con todos sus valores.") % {"name": kpi.name})
    if objective is not None:
        messages.info(request, _("Su objetivo «%(title)s» también salió de la papelera.") % {"title": objective.title})
    return redirect("kpis:trash", coop_slug=request.coop.slug)


@coop_view(Role.ADMIN)
@require_POST
def objective_restore_view(request, pk):
    objective = get_object_or_404(selectors.trash_of(request.coop)[1], pk=pk)
    objective_restore(objective=objective, user=request.user, membership=request.membership)
    messages.success(request, _("El objetivo «%(title)s» volvió a su lugar.") % {"title": objective.title})
    return redirect("kpis:trash", coop_slug=request.coop.slug)


@coop_view(Role.ADMIN)
@require_POST
def objective_remove(request, pk):
    objective = selectors.objective_get(request.coop, pk)
    try:
        objective_delete(objective=objective, user=request.user, membership=request.membership)
    except ValidationError as err:
        messages.error(request, " ".join(err.messages))
        return redirect("kpis:objective_edit", coop_slug=request.coop.slug, pk=objective.pk)
    messages.success(request, _("«%(title)s» se movió a la papelera.") % {"title": objective.title})
    return redirect("kpis:objectives", coop_slug=request.coop.slug)
