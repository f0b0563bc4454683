"""Reading KPIs: the board of the cooperative and the page of one KPI."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext as _
from django.views.decorators.http import require_POST, require_safe

from rumbo.accounts.access import coop_view
from rumbo.accounts.models import Role
from rumbo.kpis import calendar, selectors
from rumbo.kpis.forms import PeriodValueForm
from rumbo.kpis.services.measurements import measurement_record


@coop_view(Role.VIEWER)
@require_safe
def board(request):
    kpis = list(selectors.kpis_with_values(request.coop))
    for kpi in kpis:
        kpi.latest = (list(kpi.measurements.all()) or [None])[-1]
    return render(request, "kpis/board.html", {"kpis": kpis, "objectives": list(selectors.objectives_of(request.coop))})


def _render_detail(request, kpi, form, status=200):
    lang = get_language() or "es"
    context = {
        "kpi": kpi,
        "values": [(m, calendar.label(kpi, m.period, lang)) for m in kpi.measurements.order_by("-period")],
        "targets": list(kpi.targets.all()),
        "history": selectors.value_history(kpi)[:50],
        "can_edit": request.membership.can_edit_area(kpi.area),
        "form": form,
    }
    return render(request, "kpis/kpi_detail.html", context, status=status)


@coop_view(Role.VIEWER)
@require_safe
def kpi_detail(request, pk):
    return _render_detail(request, selectors.kpi_get(request.coop, pk), PeriodValueForm())


@coop_view(Role.EDITOR)
@require_POST
def kpi_value_add(request, pk):
    kpi = selectors.kpi_get(request.coop, pk)
    if not request.membership.can_edit_area(kpi.area):
        raise PermissionDenied
    form = PeriodValueForm(request.POST)
    if form.is_valid():
        try:
            measurement_record(
                kpi=kpi, period=form.cleaned_data["period"], value=form.cleaned_data["value"],
                note=form.cleaned_data["note"], user=request.user, version=form.cleaned_data["version"],
            )
        except ValidationError as err:
            form.add_error(None, err)
        else:
            messages.success(request, _("Valor guardado."))
            return redirect("kpis:kpi_detail", coop_slug=request.coop.slug, pk=kpi.pk)
    return _render_detail(request, kpi, form, status=400)
