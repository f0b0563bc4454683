"""Pages for computed metrics: defining one (a dataset measure or a formula) and its values as computed."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from rumbo.accounts import access
from rumbo.accounts.access import coop_view
from rumbo.accounts.models import Role
from rumbo.accounts.requests import CoopRequest
from rumbo.datasets import selectors
from rumbo.datasets.forms import MetricForm, add_service_errors
from rumbo.datasets.models import MetricDefinition
from rumbo.datasets.services.metrics import bindable_template, metric_define
from rumbo.engine.computed.dataset_specs import measure_in
from rumbo.kpis import calendar
from rumbo.kpis.models import Kpi
from rumbo.kpis.unreadable import unreadable_in


@coop_view(Role.EDITOR)
def metric_create(request: CoopRequest) -> HttpResponse:
    return _define(request, None)


@coop_view(Role.EDITOR)
def metric_define_view(request: CoopRequest, pk: int) -> HttpResponse:
    return _define(request, selectors.metric_kpi_get_editable(request.coop, request.membership, pk))


def _define(request: CoopRequest, kpi: Kpi | None) -> HttpResponse:
    definition = selectors.definition_of(kpi) if kpi is not None else None
    form = MetricForm(request.POST or None, coop=request.coop, kpi=kpi, initial=_initial(request, kpi, definition))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        area = data.get("area") or (kpi.area if kpi else "")
        by_formula = data["source"] == "formula"
        try:
            defined = metric_define(
                coop=request.coop,
                name=kpi.slug if kpi else data["name"],
                area=area,
                user=request.user,
                membership=request.membership,
                dataset=None if by_formula else data["dataset"],
                measure=None if by_formula else data["measure"],
                date=None if by_formula else data["date_column"],
                where="" if by_formula else data["filter"],
                grain=None if by_formula else data["grain"],
                formula=data["formula"] if by_formula else None,
            )
        except ValidationError as err:
            add_service_errors(form, err)
        else:
            messages.success(
                request, _("«%(name)s» se calcula ahora así; sus valores están al día.") % {"name": defined.kpi.name}
            )
            return redirect("datasets:metric_detail", coop_slug=request.coop.slug, pk=defined.kpi.pk)
    status = 400 if request.method == "POST" else 200
    datasets = selectors.datasets_with_columns(request.coop)
    metrics = Kpi.objects.filter(cooperative=request.coop).only("slug", "name").order_by("slug")
    context = {
        "form": form,
        "kpi": kpi,
        "datasets": datasets,
        "metrics": metrics,
        "from_catalogue": kpi is not None and _from_catalogue(kpi),
    }
    return render(request, "datasets/metric_form.html", context, status=status)


def _initial(request: CoopRequest, kpi: Kpi | None, definition: MetricDefinition | None) -> dict[str, Any]:
    if definition is not None:
        return {
            "source": "formula" if definition.is_formula else "dataset",
            "dataset": definition.dataset_id,
            "measure": measure_in(definition.measure, get_language() or "es"),
            "date_column": definition.date_column,
            "grain": definition.grain,
            "filter": definition.filter,
            "formula": definition.formula,
        }
    initial: dict[str, Any] = {"grain": (kpi.frequency if kpi else "") or "month"}
    if kpi is None and request.membership.areas:
        initial["area"] = request.membership.areas[0]
    return initial


def _from_catalogue(kpi: Kpi) -> bool:
    """Whether the KPI's catalogue template has a formula it can be computed by (offered on its pages)."""
    try:
        bindable_template(kpi)
    except ValidationError:
        return False
    return True


@coop_view(Role.VIEWER)
@require_safe
def metric_detail(request: CoopRequest, pk: int) -> HttpResponse:
    kpi = selectors.metric_kpi_get(request.coop, pk)
    blocked = selectors.metric_blocked_areas(request.membership, kpi)
    lang = get_language() or "es"
    rows = [(calendar.label(kpi, m.period, lang), m) for m in kpi.measurements.order_by("-period")]
    context = {
        "kpi": kpi,
        "definition": selectors.definition_of(kpi),
        "rows": rows,
        "unreadable": unreadable_in(kpi.measurements.all()),  # values stored out of range, read as None
        "can_define": not blocked,
        # an editor of the metric's area whom the formulas it feeds stop: say why the button is missing
        "define_blocked": selectors.metric_admin_only_message() % {"areas": access.areas_text(blocked)}
        if blocked and request.membership.can_edit_area(kpi.area)
        else "",
        "from_catalogue": _from_catalogue(kpi),
    }
    return render(request, "datasets/metric_detail.html", context)
