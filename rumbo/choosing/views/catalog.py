"""The catalogue of KPI templates: browse, search and filter it, and adopt a template as the cooperative's KPI."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe
from django.views.decorators.vary import vary_on_headers

from rumbo.accounts.access import coop_view
from rumbo.accounts.models import Role
from rumbo.accounts.requests import CoopRequest
from rumbo.choosing.catalog import search
from rumbo.choosing.forms import AdoptForm, CatalogFilterForm
from rumbo.choosing.presenters.labels import lang_of, view_of
from rumbo.choosing.selectors import tracked_templates
from rumbo.choosing.services.adopt import default_target_dates, template_adopt
from rumbo.choosing.services.checks import OverLimit
from rumbo.engine.choice.catalog import CatalogError, KpiTemplate, template, templates
from rumbo.form_errors import apply_errors
from rumbo.kpis import selectors as kpi_selectors

PAGE_SIZE = 20


@coop_view(Role.VIEWER)
@require_safe
@vary_on_headers("HX-Request")
def catalog(request: CoopRequest) -> HttpResponse:
    lang = lang_of(get_language())
    form = CatalogFilterForm(request.GET, objectives=list(kpi_selectors.objectives_of(request.coop)), lang=lang)
    found = search(form.query(), lang)
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    tracked = tracked_templates(request.coop)
    membership = request.membership
    rest = request.GET.copy()
    rest.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "views": [view_of(t, lang, tracked) for t in page.object_list],
        "adoptable": {t.slug for t in page.object_list if any(membership.can_edit_area(a.value) for a in t.areas)},
        "count": len(found),
        "total": len(templates()),
        "objective": form.chosen_objective,
        "rest": rest.urlencode(),
    }
    partial = request.htmx and not request.htmx.history_restore_request
    return render(request, "choosing/_catalog_results.html" if partial else "choosing/catalog.html", context)


def _template_or_404(slug: str) -> KpiTemplate:
    try:
        return template(slug)
    except CatalogError:
        raise Http404 from None


@coop_view(Role.EDITOR)
@require_http_methods(["GET", "HEAD", "POST"])
def adopt(request: CoopRequest, slug: str) -> HttpResponse:
    t = _template_or_404(slug)
    areas = [a.value for a in t.areas if request.membership.can_edit_area(a.value)]
    if not areas:
        raise PermissionDenied
    lang = lang_of(get_language())
    kwargs: dict[str, Any] = {"template": t, "coop": request.coop, "areas": areas}
    over_limit = None
    if request.method == "POST":
        form = AdoptForm(request.POST, **kwargs)
        if form.is_valid():
            data = form.cleaned_data
            try:
                kpi = template_adopt(
                    coop=request.coop,
                    template=t,
                    area=data["area"],
                    targets=form.targets(),
                    user=request.user,
                    lang=lang,
                    objective=data["objective"],
                    owner=data["owner"],
                    initiative=data.get("initiative"),
                    membership=request.membership,
                    confirm_over_limit=request.POST.get("confirm_over_limit") == "1",
                )
            except OverLimit as err:
                over_limit = err.messages[0]  # asked above the button, which then confirms it
            except ValidationError as err:
                apply_errors(form, err)
            else:
                text = (
                    _("«%(name)s» ya es un KPI de la cooperativa.")
                    if kpi.is_kpi
                    else _("«%(name)s» se sigue como métrica: cuando sirva a un objetivo y tenga meta, será un KPI.")
                )
                messages.success(request, text % {"name": kpi.name})
                return redirect("kpis:kpi_detail", coop_slug=request.coop.slug, pk=kpi.pk)
    else:
        start, end = default_target_dates(request.coop, timezone.localdate())
        objective = request.GET.get("objective")
        initial = {
            "owner": request.user.pk,
            "target_start": start,
            "target_end": end,
            "objective": int(objective) if objective and objective.isdigit() else None,
        }
        form = AdoptForm(initial=initial, **kwargs)
    context = {"form": form, "v": view_of(t, lang, tracked_templates(request.coop)), "over_limit": over_limit}
    return render(request, "choosing/adopt.html", context, status=400 if request.method == "POST" else 200)
