"""Insight pages: an initiative's impact on its KPIs; choosing what a leading KPI or an initiative is compared with."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from rumbo.accounts.access import coop_view
from rumbo.accounts.models import Role
from rumbo.accounts.requests import CoopRequest
from rumbo.insight.computing import impacts
from rumbo.insight.forms import InitiativeKpiForm, LeadPairForm
from rumbo.insight.services.impacts import impacts_held
from rumbo.insight.services.initiatives import initiative_kpi_add, initiative_kpi_remove
from rumbo.insight.services.leading import lead_checks_refresh, lead_pair_choose
from rumbo.kpis import selectors as kpi_selectors
from rumbo.kpis.models import Initiative
from rumbo.kpis.presenters.tiles import lang_of


def _render_initiative(
    request: CoopRequest, initiative: Initiative, form: InitiativeKpiForm | None, status: int = 200
) -> HttpResponse:
    lang = lang_of(get_language())
    held = impacts_held(initiative, today=timezone.localdate())  # kept by the background refresh: nothing computed
    found = held.impacts
    rows = [(i, i.sentence(lang), i.change[lang], impacts.p_value_text(i.report, lang)) for i in found]
    context = {
        "initiative": initiative,
        "story": impacts.initiative_story(initiative, found, lang),
        "rows": rows,
        "updating": held.updating,
        "is_admin": request.membership.allows(Role.ADMIN),
        "form": form,
    }
    return render(request, "insight/initiative_detail.html", context, status=status)


@coop_view(Role.VIEWER)
@require_safe
def initiative_detail(request: CoopRequest, pk: int) -> HttpResponse:
    initiative = kpi_selectors.initiative_get(request.coop, pk)
    form = InitiativeKpiForm(initiative=initiative) if request.membership.allows(Role.ADMIN) else None
    return _render_initiative(request, initiative, form)


@coop_view(Role.ADMIN)
@require_POST
def initiative_kpi_watch(request: CoopRequest, pk: int) -> HttpResponse:
    initiative = kpi_selectors.initiative_get(request.coop, pk)
    form = InitiativeKpiForm(request.POST, initiative=initiative)
    if form.is_valid():
        try:
            initiative_kpi_add(
                initiative=initiative, kpi=form.cleaned_data["kpi"], user=request.user, membership=request.membership
            )
        except ValidationError as err:
            form.add_error(None, err)
        else:
            messages.success(
                request,
                _("Se comparará «%(name)s» antes y después del inicio.") % {"name": form.cleaned_data["kpi"].name},
            )
            return redirect("insight:initiative_detail", coop_slug=request.coop.slug, pk=initiative.pk)
    return _render_initiative(request, initiative, form, status=400)


@coop_view(Role.ADMIN)
@require_POST
def initiative_kpi_unwatch(request: CoopRequest, pk: int) -> HttpResponse:
    initiative = kpi_selectors.initiative_get(request.coop, pk)
    chosen = request.POST.get("kpi", "")
    kpi = kpi_selectors.kpi_get(request.coop, int(chosen) if chosen.isdigit() else 0)
    try:
        initiative_kpi_remove(initiative=initiative, kpi=kpi, user=request.user, membership=request.membership)
    except ValidationError as err:
        messages.error(request, " ".join(err.messages))
    else:
        messages.success(request, _("«%(name)s» ya no se compara con esta iniciativa.") % {"name": kpi.name})
    return redirect("insight:initiative_detail", coop_slug=request.coop.slug, pk=initiative.pk)


@coop_view(Role.EDITOR)
@require_POST
def lead_pair(request: CoopRequest, pk: int) -> HttpResponse:
    kpi = kpi_selectors.kpi_get_editable(request.coop, request.membership, pk)
    form = LeadPairForm(request.POST, kpi=kpi)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    else:
        try:
            lead_pair_choose(
                leading=kpi, lagging=form.cleaned_data["lagging"], user=request.user, membership=request.membership
            )
        except ValidationError as err:
            messages.error(request, " ".join(err.messages))
        else:
            lead_checks_refresh(coop=request.coop, kpis=[kpi])
            messages.success(request, _("Comparación guardada."))
    return redirect(reverse("kpis:kpi_detail", args=[request.coop.slug, kpi.pk]) + "#anticipa")
