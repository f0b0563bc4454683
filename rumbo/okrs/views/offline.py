"""The door a phone sends a check-in through when the signal is back, for a check-in typed without signal."""

from datetime import date

from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rumbo.accounts.access import coop_view
from rumbo.accounts.models import Role
from rumbo.accounts.requests import CoopRequest
from rumbo.kpis.services.offline import (
    OFFLINE_DETAIL,
    AlreadySent,
    Conflict,
    entered_time,
    entry_once,
    typed_too_long_ago,
)
from rumbo.kpis.views.offline import conflict_answer, read_entry, refused, too_old
from rumbo.okrs import selectors
from rumbo.okrs.forms import CheckInForm
from rumbo.okrs.models import CheckIn, KeyResult
from rumbo.okrs.services.check_ins import check_in_record
from rumbo.okrs.templatetags.okrs import okr_value


def _someone_elses(key_result: KeyResult, on: date, seen: int) -> Conflict | None:
    """The check-in of that day stored by someone else since the person opened the page (they saw `seen`)."""
    there = CheckIn.objects.filter(key_result=key_result, date=on).first()
    if there is None or there.pk == seen:
        return None
    figure = (
        okr_value(there.value, key_result.kind)
        if there.value is not None
        else _("confianza %(n)s/10") % {"n": there.confidence}
    )
    message = _("Mientras estaba sin conexión, otra persona guardó %(figure)s") % {"figure": figure}
    return Conflict(message, figure, there.pk)


@coop_view(Role.EDITOR)
@require_POST
def offline_check_in(request: CoopRequest, pk: int) -> JsonResponse:
    """Store one check-in typed offline: 200 when stored (or stored before), 409 with the other one, 400 refused."""
    key_result = selectors.key_result_get_editable(request.coop, request.membership, pk)
    try:
        entry_id, body = read_entry(request)
        seen = int(body.get("version") or 0)
    except ValueError:
        return refused("entry_id")
    if typed_too_long_ago(body.get("entered_at")):
        return too_old()
    fields = ("date", "value", "done", "confidence", "comment")
    form = CheckInForm({k: body.get(k) or "" for k in fields}, key_result=key_result)
    if not form.is_valid():
        return refused(" ".join(str(e) for errors in form.errors.values() for e in errors))
    data, entered_at = form.cleaned_data, entered_time(body.get("entered_at"))

    def write() -> Conflict | CheckIn:
        conflict = _someone_elses(key_result, data["date"], seen)
        if conflict is not None:
            return conflict
        return check_in_record(
            key_result=key_result,
            on=data["date"],
            confidence=data["confidence"],
            value=data.get("value"),
            done=data.get("done"),
            comment=data["comment"],
            user=request.user,
            today=timezone.localdate(),
            membership=request.membership,
            entered_at=entered_at,
            history_note=OFFLINE_DETAIL,
        )

    try:
        result = entry_once(entry_id=entry_id, coop=request.coop, user=request.user, kind="check_in", write=write)
    except AlreadySent:
        return JsonResponse({"status": "stored", "again": True})
    except ValidationError as err:
        return refused(" ".join(err.messages))
    if isinstance(result, Conflict):
        return conflict_answer(result)
    return JsonResponse({"status": "stored", "version": result.pk})
