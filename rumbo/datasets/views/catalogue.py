"""«Calcular desde los datos»: a KPI adopted from the catalogue, computed by its template's formula over a dataset."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from rumbo.accounts.access import coop_view
from rumbo.accounts.models import Role
from rumbo.accounts.requests import CoopRequest
from rumbo.datasets import selectors
from rumbo.datasets.forms import TemplateBindForm, add_service_errors
from rumbo.datasets.services.metrics import bindable_template, template_bind

PAGE = "datasets/template_bind.html"


@coop_view(Role.EDITOR)
def template_bind_view(request: CoopRequest, pk: int) -> HttpResponse:
    kpi = selectors.metric_kpi_get_editable(request.coop, request.membership, pk)
    status = 400 if request.method == "POST" else 200
    try:
        template = bindable_template(kpi)
    except ValidationError as err:
        # a member who followed a link deserves to read why, not a «not found»
        return render(request, PAGE, {"kpi": kpi, "problems": err.messages}, status=status)
    lang = get_language() or "es"
    form = TemplateBindForm(request.POST or None, coop=request.coop, template=template, lang=lang)
    if request.method == "POST" and form.is_valid():
        try:
            defined = template_bind(
                coop=request.coop,
                kpi=kpi,
                dataset=form.cleaned_data["dataset"],
                inputs=form.bindings(),
                user=request.user,
                membership=request.membership,
            )
        except ValidationError as err:
            add_service_errors(form, err)
        else:
            messages.success(
                request,
                _("«%(name)s» se calcula ahora con la fórmula del catálogo; sus valores están al día.")
                % {"name": defined.kpi.name},
            )
            return redirect("datasets:metric_detail", coop_slug=request.coop.slug, pk=defined.kpi.pk)
    context = {
        "kpi": kpi,
        "template": template,
        "formula": template.text("formula", lang),
        "form": form,
        "datasets": selectors.datasets_with_columns(request.coop),
    }
    return render(request, PAGE, context, status=status)
