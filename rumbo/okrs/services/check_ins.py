"""The weekly check-in: where a key result is, how confident its owner is, and what happened."""

from datetime import date, datetime
from decimal import Decimal
from typing import cast

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rumbo.accounts import access
from rumbo.accounts.models import User
from rumbo.engine.errors import RumboError
from rumbo.engine.okrs import okr
from rumbo.kpis.models import Measurement
from rumbo.okrs.models import CheckIn, Cycle, KeyResult
from rumbo.okrs.readings import cycle_facts
from rumbo.okrs.services.common import figure, refuse_if_closed, save_with_history

MAX_COMMENT = 2000


def _confidence(raw: int | str) -> int | str:
    """Whole numbers typed as text are read as numbers; anything else reaches the engine's check as it came."""
    if isinstance(raw, str) and raw.strip().isdigit():
        return int(raw.strip())
    return raw


def _kpi_value_on(kpi_id: int, cycle: Cycle, on: date) -> Decimal | None:
    """The followed KPI's latest value inside the cycle by that day, kept with the check-in for the timeline."""
    latest = (
        Measurement.objects.filter(kpi_id=kpi_id, period__gte=cycle.start, period__lte=on, value__isnull=False)
        .order_by("-period")
        .first()
    )
    return latest.value if latest else None


def _refresh_current(key_result: KeyResult, user: User | None) -> None:
    """The key result's current value (or done) is its latest check-in's, whatever order they were typed in."""
    if key_result.kpi_id is not None:
        return
    latest = key_result.check_ins.order_by("-date").first()
    if key_result.kind == "milestone":
        done = bool(latest and latest.done)
        if done != key_result.done:
            key_result.done = done
            save_with_history(key_result, user, update_fields=["done"])
        return
    with_value = key_result.check_ins.filter(value__isnull=False).order_by("-date").first()
    current = with_value.value if with_value else None
    if current != key_result.current:
        key_result.current = current
        save_with_history(key_result, user, update_fields=["current"])


@transaction.atomic
def check_in_record(
    *,
    key_result: KeyResult,
    on: date,
    confidence: int | str,
    user: User | None,
    value: Decimal | str | None = None,
    done: bool | None = None,
    comment: str = "",
    today: date | None = None,
    membership: access.Acting | None = None,
    entered_at: datetime | None = None,
    history_note: str = "",
) -> CheckIn:
    """Record (or replace) the check-in of one day; every bad input is refused with nothing written.

    `value` is a number as typed ('1.234,5'), left empty for a confidence-only check-in, and
    refused for a key result that follows a KPI (its value comes from the KPI). `done` is
    for milestones only. A check-in typed without signal and sent later gives when it was
    typed (`entered_at`) and a `history_note`, both kept in its history.
    """
    key_result = (
        KeyResult.objects.select_for_update(of=("self",))
        .select_related("objective__cycle", "kpi")
        .get(pk=key_result.pk)
    )
    objective = key_result.objective
    access.require_owned(
        access.acting(objective.cooperative_id, user, membership), area=objective.area, owner_id=objective.owner_id
    )
    cycle = objective.cycle
    refuse_if_closed(cycle)
    errors: dict[str, list[str]] = {}
    if on is None:
        errors["date"] = [_("Falta la fecha del seguimiento.")]
    else:
        today = today or timezone.localdate()
        if on > today:
            errors["date"] = [
                _("El seguimiento del %(date)s es de una fecha futura.") % {"date": on.strftime("%d/%m/%Y")}
            ]
    confidence = _confidence(confidence)
    try:
        confidence = okr.validate_confidence(confidence)
    except RumboError as err:
        errors["confidence"] = [err.translated(_)]
    if on is not None and "date" not in errors:
        try:
            okr.validate_check_in(cycle_facts(cycle), on, 0)
        except RumboError as err:
            errors["date"] = [err.translated(_)]
    if key_result.kpi is not None:  # it follows a KPI
        if value not in (None, ""):
            errors["value"] = [
                _(
                    "«%(kr)s» sigue al indicador «%(kpi)s»: su valor se actualiza solo. Registre el valor en el indicador."
                )
                % {"kr": key_result.title, "kpi": key_result.kpi.name}
            ]
        value = None
    elif key_result.kind == "milestone":
        value = None
    else:
        try:
            value = figure(value, "value")
        except ValidationError as err:
            errors.update(err.message_dict)
    comment = (comment or "").strip()
    if len(comment) > MAX_COMMENT:
        errors["comment"] = [_("El comentario es demasiado largo (máximo %(n)s caracteres).") % {"n": MAX_COMMENT}]
    if errors:
        raise ValidationError(errors)
    if key_result.kpi_id is not None:
        value = _kpi_value_on(key_result.kpi_id, cycle, on)
    check_in = CheckIn.objects.filter(key_result=key_result, date=on).first() or CheckIn(key_result=key_result, date=on)
    check_in.value = cast(Decimal | None, value)  # a typed value is cleaned above, or its error raised
    check_in.done = bool(done) if key_result.kind == "milestone" else None
    check_in.confidence = confidence
    check_in.comment = comment
    check_in.author = user
    if entered_at is not None:
        check_in._history_date = entered_at  # type: ignore[attr-defined]  # read by django-simple-history
    if history_note:
        check_in._change_reason = history_note  # type: ignore[attr-defined]
    save_with_history(check_in, user)
    _refresh_current(key_result, user)
    return check_in
