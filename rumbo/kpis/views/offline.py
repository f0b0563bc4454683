"""The door a phone sends a value through when the signal is back, one value typed without signal at a time."""

import json
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rumbo.accounts.access import coop_view
from rumbo.accounts.models import Role
from rumbo.accounts.requests import CoopRequest
from rumbo.kpis import selectors
from rumbo.kpis.forms import PeriodValueForm
from rumbo.kpis.services.offline import (
    AlreadySent,
    Conflict,
    conflict_of,
    entered_time,
    offline_value_record,
    typed_too_long_ago,
)


def read_entry(request: HttpRequest) -> tuple[uuid.UUID, dict[str, Any]]:
    """The entry id and the fields of a JSON entry; ValueError when either is missing or malformed."""
    body = json.loads(request.body or b"{}")
    if not isinstance(body, dict):
        raise ValueError("not an object")
    return uuid.UUID(str(body.get("entry_id"))), body


def refused(message: str) -> JsonResponse:
    return JsonResponse({"status": "refused", "message": message}, status=400)


def too_old() -> JsonResponse:
    """An entry typed longer ago than the server takes (its id may be forgotten already): typed again, it is new."""
    return refused(_("Se escribió hace más de 60 días y ya no se acepta: vuelva a escribirlo."))


def conflict_answer(conflict: Conflict) -> JsonResponse:
    return JsonResponse(
        {"status": "conflict", "message": conflict.message, "figure": conflict.figure, "version": conflict.version},
        status=409,
    )


@coop_view(Role.EDITOR)
@require_POST
def offline_value(request: CoopRequest, pk: int) -> JsonResponse:
    """Store one value typed offline: 200 when stored (or stored before), 409 with the other figure, 400 refused."""
    kpi = selectors.kpi_get_editable(request.coop, request.membership, pk)
    try:
        entry_id, body = read_entry(request)
    except ValueError:
        return refused("entry_id")
    if typed_too_long_ago(body.get("entered_at")):
        return too_old()
    form = PeriodValueForm({k: body.get(k) or "" for k in ("period", "value", "note", "version")})
    if not form.is_valid():
        return refused(" ".join(str(e) for errors in form.errors.values() for e in errors))
    data, entered_at = form.cleaned_data, entered_time(body.get("entered_at"))
    try:
        result = offline_value_record(
            entry_id=entry_id,
            kpi=kpi,
            period=data["period"],
            value=data["value"],
            note=data["note"],
            seen_version=data["version"],
            entered_at=entered_at,
            user=request.user,
            membership=request.membership,
        )
    except AlreadySent:
        return JsonResponse({"status": "stored", "again": True})
    except ValidationError as err:
        # someone else's value arrived between the check and the write: the same choice, asked again
        conflict = conflict_of(kpi, data["period"], data["version"], entered_at)
        return conflict_answer(conflict) if conflict else refused(" ".join(err.messages))
    if isinstance(result, Conflict):
        return conflict_answer(result)
    return JsonResponse({"status": "stored", "version": result.measurement.version})
