"""Template helpers for OKRs: grades in the reader's language, colour and slip labels, and the small
sections other apps include (pending check-ins in «Mis actualizaciones», the button on a KPI's page)."""

from decimal import Decimal
from typing import TYPE_CHECKING

from django import template
from django.utils import timezone
from django.utils.translation import get_language

from rumbo.engine.okrs.okr_story import format_grade, format_value
from rumbo.engine.status.readings import KpiReading
from rumbo.okrs import selectors
from rumbo.okrs.choices import COLOUR_LABEL, SLIP_LABEL, TYPE_HELP

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

register = template.Library()


def _lang() -> str:
    return (get_language() or "es")[:2]


@register.filter
def grade(value) -> str:
    """0.45 → '0,45' in Spanish, '0.45' in English."""
    return "—" if value is None else format_grade(Decimal(value), _lang())


@register.filter
def okr_value(value, kind="number") -> str:
    """A baseline, target or value: '1.234,5', or '45 %' for a percentage key result."""
    return "—" if value is None else format_value(Decimal(value), _lang(), kind)


@register.filter
def colour_label(colour) -> "StrOrPromise":
    return COLOUR_LABEL.get(colour, "")


@register.filter
def slip_label(reason) -> "StrOrPromise":
    return SLIP_LABEL.get(reason, "")


@register.filter
def type_help(kind) -> "StrOrPromise":
    return TYPE_HELP.get(kind, "")


@register.filter
def percent(share) -> str:
    """0.45 → 45: a share as a whole percentage for <meter> and text."""
    return "0" if share is None else str(int((Decimal(share) * 100).quantize(Decimal(1))))


@register.simple_tag(takes_context=True)
def pending_check_ins(context):
    """This person's key results that miss this week's check-in (one query)."""
    request = context.get("request")
    if request is None or not hasattr(request, "coop"):
        return []
    return selectors.pending_check_ins(request.coop, request.user, timezone.localdate())


@register.simple_tag(takes_context=True)
def can_improve_kpi(context, kpi) -> bool:
    """Whether to offer «Mejorar este KPI con un OKR»: an editor of its area, and the KPI at risk or off track."""
    from rumbo.kpis.readings import read_kpi
    from rumbo.okrs.services.improve import can_improve

    request = context.get("request")
    membership = getattr(request, "membership", None)
    if membership is None or not membership.can_edit_area(kpi.area):
        return False
    reading = context.get("reading")
    if not isinstance(reading, KpiReading) or reading.kpi.key != kpi.pk:
        reading, _data = read_kpi(kpi, today=timezone.localdate())
    return can_improve(reading)
