"""The «Cooperativa» page: an admin names the cooperative, sets its fiscal and harvest months, its logo and its own units."""

import base64
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from rumbo.accounts.access import coop_view
from rumbo.accounts.models import Role
from rumbo.accounts.requests import CoopRequest
from rumbo.form_errors import apply_errors
from rumbo.orgs.forms import CooperativeSettingsForm, LocalUnitForm
from rumbo.orgs.logos import MAX_BYTES
from rumbo.orgs.models import Cooperative, LocalUnit
from rumbo.orgs.selectors import local_unit_history, local_unit_rows
from rumbo.orgs.services import cooperative_settings_save, local_unit_remove, local_unit_save

UNIT_PREFIX = "unidad"  # the unit form shares the page with the settings form, which has a «name» too


@coop_view(Role.ADMIN)
@require_http_methods(["GET", "POST"])
def settings_page(request: CoopRequest) -> HttpResponse:
    coop = request.coop
    posted = request.method == "POST"
    form = CooperativeSettingsForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        initial=_initial(coop),
        has_logo=bool(coop.logo),
    )
    if posted and form.is_valid():
        try:
            _save(coop, form.cleaned_data)
        except ValidationError as err:
            _attach(form, err)
        else:
            messages.success(request, _("Datos de la cooperativa guardados."))
            return redirect("orgs:settings", coop_slug=coop.slug)
    return _settings_render(request, form)


def _settings_render(
    request: CoopRequest,
    form: CooperativeSettingsForm,
    unit_form: LocalUnitForm | None = None,
) -> HttpResponse:
    coop = request.coop
    context = {
        "form": form,
        "logo_preview": _logo_preview(coop),
        "units": local_unit_rows(coop),
        "unit_form": unit_form or LocalUnitForm(prefix=UNIT_PREFIX),
        "unit_history": local_unit_history(coop),
    }
    refused = bool(form.errors) or (unit_form is not None and bool(unit_form.errors))
    return render(request, "orgs/settings.html", context, status=400 if refused else 200)


def _initial(coop: Cooperative) -> dict[str, Any]:
    return {
        "name": coop.name,
        "fiscal_year_start_month": coop.fiscal_year_start_month,
        "harvest_start_month": coop.harvest_start_month,
    }


def _unit_saved(request: CoopRequest, unit: LocalUnit) -> HttpResponse:
    messages.success(
        request,
        _(
            "Unidad guardada: «%(name)s» = %(definition)s. Lo que la cooperativa comparte con sus redes "
            "se envía de nuevo, convertido."
        )
        % {"name": unit.name, "definition": unit.definition},
    )
    return redirect(f"{reverse('orgs:settings', kwargs={'coop_slug': request.coop.slug})}#unidades")


@coop_view(Role.ADMIN)
@require_POST
def unit_add(request: CoopRequest) -> HttpResponse:
    form = LocalUnitForm(request.POST, prefix=UNIT_PREFIX)
    if form.is_valid():
        try:
            unit = local_unit_save(
                cooperative=request.coop, user=request.user, membership=request.membership, **form.cleaned_data
            )
        except ValidationError as err:
            apply_errors(form, err)
        else:
            return _unit_saved(request, unit)
    coop = request.coop
    return _settings_render(request, CooperativeSettingsForm(initial=_initial(coop), has_logo=bool(coop.logo)), form)


@coop_view(Role.ADMIN)
@require_http_methods(["GET", "POST"])
def unit_edit(request: CoopRequest, pk: int) -> HttpResponse:
    unit = get_object_or_404(LocalUnit, cooperative=request.coop, pk=pk)
    initial = {"name": unit.name, "definition": unit.definition}
    form = LocalUnitForm(request.POST if request.method == "POST" else None, initial=initial)
    if form.is_valid():
        try:
            unit = local_unit_save(
                cooperative=request.coop,
                unit=unit,
                user=request.user,
                membership=request.membership,
                **form.cleaned_data,
            )
        except ValidationError as err:
            apply_errors(form, err)
        else:
            return _unit_saved(request, unit)
    return render(request, "orgs/unit_edit.html", {"unit": unit, "form": form}, status=400 if form.errors else 200)


@coop_view(Role.ADMIN)
@require_POST
def unit_remove(request: CoopRequest, pk: int) -> HttpResponse:
    unit = get_object_or_404(LocalUnit, cooperative=request.coop, pk=pk)
    local_unit_remove(unit=unit, user=request.user, membership=request.membership)
    messages.success(
        request,
        _("Unidad «%(name)s» quitada: los indicadores medidos en ella ya no se convierten ni se envían a sus redes.")
        % {"name": unit.name},
    )
    return redirect(f"{reverse('orgs:settings', kwargs={'coop_slug': request.coop.slug})}#unidades")


def _save(coop: Cooperative, data: dict[str, Any]) -> None:
    upload = data.get("logo")  # read no further than the limit: a bigger file is refused without being held whole
    cooperative_settings_save(
        coop=coop,
        name=data["name"],
        fiscal_year_start_month=data["fiscal_year_start_month"],
        harvest_start_month=data["harvest_start_month"],
        logo=upload.read(MAX_BYTES + 1) if upload else None,
        remove_logo=data.get("remove_logo", False),
    )


def _attach(form: CooperativeSettingsForm, err: ValidationError) -> None:
    """A field's error goes under that field; a refused logo (the only error without a field) under the logo."""
    if not hasattr(err, "error_dict"):
        form.add_error("logo", err.messages)
        return
    for field, errors in err.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def _logo_preview(coop: Cooperative) -> str:
    """The stored logo as a data: URL for the page (the policy allows those; media files are not served)."""
    name = coop.logo.name
    if not name:
        return ""
    try:
        with coop.logo.storage.open(name, "rb") as stored:
            return "data:image/png;base64," + base64.b64encode(stored.read()).decode()
    except OSError:  # the file went missing: the page still works and an upload puts it right
        return ""
