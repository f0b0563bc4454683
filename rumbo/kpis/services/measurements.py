"""Recording KPI values: validated, atomic, versioned, with history."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import get_language, gettext as _

from rumbo.engine.errors import RumboError
from rumbo.engine.numbers import parse_number
from rumbo.kpis import calendar
from rumbo.kpis.choices import Nature, Source
from rumbo.kpis.models import Measurement

MAX_ABS_VALUE = Decimal("1e14")


def clean_value(kpi, raw) -> Decimal:
    """A number typed in Spanish or English format, within the KPI's scale; ValidationError otherwise."""
    try:
        value = parse_number(raw)
    except RumboError as err:
        raise ValidationError(err.translated(_)) from None
    if not value.is_finite() or abs(value) >= MAX_ABS_VALUE:
        raise ValidationError(_("El valor es demasiado grande."))
    if kpi.nature == Nature.QUALITATIVE and kpi.scale_min is not None and kpi.scale_max is not None:
        if not kpi.scale_min <= value <= kpi.scale_max:
            raise ValidationError(
                _("El valor debe estar en la escala de %(min)s a %(max)s.") % {"min": kpi.scale_min.normalize(), "max": kpi.scale_max.normalize()}
            )
    return value.quantize(Decimal("0.000001"))


def clean_period(kpi, period: date) -> date:
    if calendar.period_of(kpi, period) != period:
        raise ValidationError(
            _("%(date)s no es el inicio de un periodo de «%(kpi)s» (%(frequency)s).")
            % {"date": period.strftime("%d/%m/%Y"), "kpi": kpi.name, "frequency": kpi.get_frequency_display() or _("Mensual")}
        )
    return period


@dataclass(frozen=True)
class Recorded:
    measurement: Measurement
    created: bool
    changed: bool


@transaction.atomic
def measurement_record(
    *, kpi, period: date, value, user, note: str = "", version: int | None = None, source: str = Source.MANUAL, source_detail: str = ""
) -> Recorded:
    """Create the value of `kpi` for `period`, or change it when `version` says which one the user saw.

    A second value for a period that already has one is refused unless the caller passes
    the version it loaded; a version that is no longer current means someone else changed
    the value in between, and the change is refused rather than silently overwritten.
    """
    period = clean_period(kpi, period)
    value = clean_value(kpi, value)
    note = (note or "").strip()[:500]
    existing = Measurement.objects.select_for_update().filter(kpi=kpi, period=period).first()
    label = calendar.label(kpi, period, get_language() or "es")
    if existing is None:
        if version not in (None, 0):
            raise ValidationError(_("El valor de %(period)s fue borrado por otra persona; vuelva a cargar la página.") % {"period": label})
        measurement = Measurement(kpi=kpi, period=period, value=value, note=note, source=source, source_detail=source_detail, entered_by=user)
        measurement._history_user = user
        try:
            with transaction.atomic():
                measurement.save()
        except IntegrityError:
            # Someone else entered the first value of this period at the same moment: on
            # PostgreSQL there was no row yet for select_for_update to wait on.
            raise ValidationError(
                _("Otra persona registró un valor de «%(kpi)s» para %(period)s mientras usted escribía; revise el valor actual y vuelva a intentarlo.")
                % {"kpi": kpi.name, "period": label}
            ) from None
        return Recorded(measurement, created=True, changed=True)
    if version is None:
        raise ValidationError(_("«%(kpi)s» ya tiene un valor para %(period)s.") % {"kpi": kpi.name, "period": label})
    if version != existing.version:
        raise ValidationError(
            _("Otra persona cambió el valor de «%(kpi)s» para %(period)s mientras usted editaba; revise el valor actual y vuelva a intentarlo.")
            % {"kpi": kpi.name, "period": label}
        )
    if existing.value == value and existing.note == note:
        return Recorded(existing, created=False, changed=False)
    existing.value, existing.note, existing.source, existing.source_detail = value, note, source, source_detail
    existing.entered_by = user
    existing.version += 1
    existing._history_user = user
    existing.save()
    return Recorded(existing, created=False, changed=True)
