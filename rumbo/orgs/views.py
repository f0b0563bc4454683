"""The «Cooperativa» page: an admin names the cooperative, sets its fiscal and harvest months and its logo."""

import base64
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from rumbo.accounts.access import coop_view
from rumbo.accounts.models import Role
from rumbo.accounts.requests import CoopRequest
from rumbo.orgs.forms import CooperativeSettingsForm
from rumbo.orgs.logos import MAX_BYTES
from rumbo.orgs.models import Cooperative
from rumbo.orgs.services import cooperative_settings_save


@coop_view(Role.ADMIN)
@require_http_methods(["GET", "POST"])
def settings_page(request: CoopRequest) -> HttpResponse:
    coop = request.coop
    initial = {
        "name": coop.name,
        "fiscal_year_start_month": coop.fiscal_year_start_month,
        "harvest_start_month": coop.harvest_start_month,
    }
    posted = request.method == "POST"
    form = CooperativeSettingsForm(
        request.POST if posted else None, request.FILES if posted else None, initial=initial, has_logo=bool(coop.logo)
    )
    if posted and form.is_valid():
        try:
            _save(coop, form.cleaned_data)
        except ValidationError as err:
            _attach(form, err)
        else:
            messages.success(request, _("Datos de la cooperativa guardados."))
            return redirect("orgs:settings", coop_slug=coop.slug)
    context = {"form": form, "logo_preview": _logo_preview(coop)}
    return render(request, "orgs/settings.html", context, status=400 if form.errors else 200)


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
