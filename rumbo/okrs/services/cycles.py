"""OKR cycles: a calendar quarter by default, any dated span allowed, with their names."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from rumbo.accounts.models import User
from rumbo.engine.errors import RumboError
from rumbo.engine.okrs import okr
from rumbo.engine.timeline.dates import check_date
from rumbo.okrs.models import CheckIn, Cycle
from rumbo.okrs.services.common import engine_error, refuse_if_closed, save_with_history


def default_name(start: date, end: date) -> str:
    """'Trimestre 4 de 2026', 'Año 2027', or the dates of any other span."""
    span = okr.Cycle(start, end)
    if span.is_calendar_quarter:
        return _("Trimestre %(n)s de %(year)s") % {"n": (start.month - 1) // 3 + 1, "year": start.year}
    if span.is_calendar_year:
        return _("Año %(year)s") % {"year": start.year}
    return _("Ciclo del %(start)s al %(end)s") % {"start": start.strftime("%d/%m/%Y"), "end": end.strftime("%d/%m/%Y")}


def quarter_of(day: date) -> Cycle:
    """An unsaved cycle for the calendar quarter that holds the day: what a new cycle offers first."""
    span = okr.quarter_cycle(day)
    return Cycle(start=span.start, end=span.end, name=default_name(span.start, span.end))


def _whole_months(start: date, end: date) -> bool:
    return start.day == 1 and (end + timedelta(days=1)).day == 1


def following(cycle: Cycle) -> Cycle:
    """An unsaved cycle right after this one: the next quarter, year, or a span of the same length."""
    start = cycle.end + timedelta(days=1)
    if _whole_months(cycle.start, cycle.end):  # a quarter, a harvest, a year: as many months again
        months = (cycle.end.year - cycle.start.year) * 12 + cycle.end.month - cycle.start.month + 1
        first_after = start.year * 12 + start.month - 1 + months
        end = date(first_after // 12, first_after % 12 + 1, 1) - timedelta(days=1)
    else:
        end = start + (cycle.end - cycle.start)
    return Cycle(
        cooperative_id=cycle.cooperative_id,
        start=start,
        end=end,
        name=default_name(start, end),
        check_in_days=cycle.check_in_days,
    )


def check_cycle(cycle: Cycle) -> None:
    if cycle.start is None or cycle.end is None:
        raise ValidationError(_("El ciclo necesita una fecha de inicio y una de fin."))
    for field in ("start", "end"):
        try:
            check_date(getattr(cycle, field))
        except RumboError as err:
            raise engine_error(err, field) from None
    try:
        okr.validate_cycle(cycle.start, cycle.end)
    except RumboError as err:
        raise engine_error(err, "end") from None
    if not cycle.check_in_days or cycle.check_in_days < 1:
        raise ValidationError({"check_in_days": [_("Los días entre seguimientos deben ser al menos 1.")]})
    if cycle.pk:
        outside = CheckIn.objects.filter(key_result__objective__cycle=cycle).exclude(
            date__range=(cycle.start, cycle.end)
        )
        if n := outside.count():
            raise ValidationError(
                {"end": [_("Hay %(n)s seguimientos fuera de esas fechas; el ciclo debe incluirlos.") % {"n": n}]}
            )


@transaction.atomic
def cycle_save(*, cycle: Cycle, user: User | None) -> Cycle:
    """Create or change a cycle; a closed one keeps its dates."""
    if cycle.pk:
        refuse_if_closed(Cycle.objects.get(pk=cycle.pk))
    check_cycle(cycle)
    cycle.name = (cycle.name or "").strip() or default_name(cycle.start, cycle.end)
    return save_with_history(cycle, user)
