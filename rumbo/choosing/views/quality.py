"""«¿Es un buen KPI?»: what the method finds missing or doubtful in the cooperative's KPIs, and its quick fixes."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from rumbo.accounts.access import coop_view
from rumbo.accounts.models import Role
from rumbo.accounts.requests import CoopRequest
from rumbo.choosing.presenters.report import build_report
from rumbo.choosing.selectors import quality_input
from rumbo.choosing.services.fixes import kpi_make_metric
from rumbo.kpis import selectors as kpi_selectors


@coop_view(Role.VIEWER)
@require_safe
def quality(request: CoopRequest) -> HttpResponse:
    found = quality_input(request.coop, today=timezone.localdate())
    report = build_report(found, found.check(), coop=request.coop, membership=request.membership)
    return render(request, "choosing/quality.html", {"report": report, "groups": report.by_severity()})


@coop_view(Role.EDITOR)
@require_POST
def make_metric(request: CoopRequest, pk: int) -> HttpResponse:
    kpi = kpi_selectors.kpi_get_editable(request.coop, request.membership, pk)
    try:
        kpi_make_metric(kpi=kpi, user=request.user, membership=request.membership)
    except ValidationError as err:
        for text in err.messages:
            messages.error(request, text)
    else:
        messages.success(
            request,
            _("«%(name)s» ahora es una métrica: sigue con sus valores, sin pretender ser un KPI.") % {"name": kpi.name},
        )
    next_url = request.POST.get("next", "")
    if next_url.startswith(f"/c/{request.coop.slug}/"):
        return redirect(next_url)
    return redirect("choosing:quality", coop_slug=request.coop.slug)
