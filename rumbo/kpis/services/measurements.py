"""Recording KPI values: validated, atomic, versioned, with history."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from rumbo.accounts import access
from rumbo.engine.errors import RumboError
from rumbo.engine.numbers import number_to_store
from rumbo.kpis import calendar
from rumbo.kpis.choices import Nature, Source
from rumbo.kpis.models import Measurement
from rumbo.kpis.services.rows import rows_update


def clean_value(kpi, raw) -> Decimal:
    """A number typed in Spanish or English format, as the value column keeps it, within the KPI's scale."""
    try:
        value = number_to_store(raw, field=_("Valor"))
    except RumboError as err:
        raise ValidationError(err.translated(_)) from None
    scaled = kpi.nature == Nature.QUALITATIVE and kpi.scale_min is not None and kpi.scale_max is not None
    if scaled and not kpi.scale_min <= value <= kpi.scale_max:
        raise ValidationError(
            _("El valor debe estar en la escala de %(min)s a %(max)s.")
            % {"min": kpi.scale_min.normalize(), "max": kpi.scale_max.normalize()}
        )
    return value


def clean_period(kpi, period: date) -> date:
    try:
        calendar.check_period(kpi, period)
    except RumboError as err:
        raise ValidationError(err.translated(_)) from None
    if calendar.period_of(kpi, period) != period:
        raise ValidationError(
            _("%(date)s no es el inicio de un periodo de «%(kpi)s» (%(frequency)s).")
            % {
                "date": period.strftime("%d/%m/%Y"),
                "kpi": kpi.name,
                "frequency": kpi.get_frequency_display() or _("Mensual"),
            }
        )
    return period


@dataclass(frozen=True)
class Recorded:
    measurement: Measurement
    created: bool
    changed: bool


@transaction.atomic
def measurement_record(
    *,
    kpi,
    period: date,
    value,
    user,
    note: str = "",
    version: int | None = None,
    source: str = Source.MANUAL,
    source_detail: str = "",
    membership: access.Acting | None = None,
) -> Recorded:
    """Create the value of `kpi` for `period`, or change it when `version` says which one the user saw.

    A second value for a period that already has one is refused unless the caller passes
    the version it loaded; a version that is no longer current means someone else changed
    the value in between, and the change is refused rather than silently overwritten.
    An editor records values only of the KPIs of their areas (403).
    """
    access.require_area(access.acting(kpi.cooperative_id, user, membership), kpi.area)
    period, value, note = _cleaned(kpi, period, value, note)
    existing = Measurement.objects.select_for_update().filter(kpi=kpi, period=period).first()
    _check_version(NewValue(kpi, period, value, note, version), existing, period)
    if existing is None:
        measurement = Measurement(
            kpi=kpi, period=period, value=value, note=note, source=source, source_detail=source_detail, entered_by=user
        )
        measurement._history_user = user
        try:
            with transaction.atomic():
                measurement.save()
        except IntegrityError:
            # Someone else entered the first value of this period at the same moment: on
            # PostgreSQL there was no row yet for select_for_update to wait on.
            raise ValidationError(
                _(
                    "Otra persona registró un valor de «%(kpi)s» para %(period)s mientras usted escribía; revise el valor actual y vuelva a intentarlo."
                )
                % {"kpi": kpi.name, "period": calendar.label(kpi, period, get_language() or "es")}
            ) from None
        return Recorded(measurement, created=True, changed=True)
    if existing.value == value and existing.note == note:
        return Recorded(existing, created=False, changed=False)
    _change(existing, value, note, source, source_detail, user)
    existing._history_user = user
    existing.save()
    return Recorded(existing, created=False, changed=True)


@transaction.atomic
def measurement_remove(
    *, measurement: Measurement, user, version: int | None = None, membership: access.Acting | None = None
) -> None:
    """Delete one value (its history keeps every earlier figure); refused when someone changed it since `version`."""
    kpi = measurement.kpi
    access.require_area(access.acting(kpi.cooperative_id, user, membership), kpi.area)
    current = Measurement.objects.select_for_update().filter(pk=measurement.pk).first()
    if current is None:
        return  # already gone: what the user wanted
    if version is not None and version != current.version:
        raise ValidationError(
            _("Otra persona cambió este valor mientras tanto; revise el valor actual y vuelva a intentarlo.")
        )
    current._history_user = user
    current.delete()


@dataclass(frozen=True)
class NewValue:
    """One value to record with `measurements_record_many`; `version` as in `measurement_record`."""

    kpi: object
    period: date
    value: Decimal
    note: str = ""
    version: int | None = None


class ManyRecordError(ValidationError):
    """A value of `measurements_record_many` was refused; `index` says which (nothing was written)."""

    def __init__(self, index: int, message: str):
        super().__init__(message)
        self.index = index


@transaction.atomic
def measurements_record_many(
    values: list[NewValue], *, user, source: str, source_detail: str = "", membership: access.Acting | None = None
) -> int:
    """Record many values as `measurement_record` would one by one, in a handful of queries; all or none.

    The same rules hold (a change must carry the version it replaces, a period's first value
    cannot be written twice), checked against the rows locked in one query. Returns how many
    values were created or changed; values already equal are left alone. An editor records
    values only of the KPIs of their areas (403).
    """
    if values:
        access.require_areas(
            access.acting(values[0].kpi.cooperative_id, user, membership), {item.kpi.area for item in values}
        )
    existing = _locked_values(values)
    created, changed = [], []
    for index, item in enumerate(values):
        try:
            period, value, note = _cleaned(item.kpi, item.period, item.value, item.note)
            current = existing.get((item.kpi.pk, period))
            _check_version(item, current, period)
        except ValidationError as error:
            raise ManyRecordError(index, " ".join(error.messages)) from None
        if current is None:
            created.append(
                Measurement(
                    kpi=item.kpi,
                    period=period,
                    value=value,
                    note=note,
                    source=source,
                    source_detail=source_detail,
                    entered_by=user,
                )
            )
        elif (current.value, current.note) != (value, note):
            _change(current, value, note, source, source_detail, user)
            current.updated_at = timezone.now()  # bulk_update does not apply auto_now
            changed.append(current)
    try:
        with transaction.atomic():
            bulk_create_with_history(created, Measurement, default_user=user)
    except IntegrityError:
        raise ValidationError(
            _("Otra persona registró algunos de estos valores mientras tanto; vuelva a intentarlo.")
        ) from None
    rows_update(
        model=Measurement,
        rows=changed,
        fields=["value", "note", "source", "source_detail", "entered_by", "version", "updated_at"],
    )
    Measurement.history.bulk_history_create(changed, update=True, default_user=user)
    return len(created) + len(changed)


def _locked_values(values: list[NewValue]) -> dict:
    kpis = {item.kpi.pk for item in values}
    periods = {item.period for item in values}
    rows = Measurement.objects.select_for_update().filter(kpi_id__in=kpis, period__in=periods)
    return {(m.kpi_id, m.period): m for m in rows}


def _cleaned(kpi, period: date, value, note: str) -> tuple[date, Decimal, str]:
    return clean_period(kpi, period), clean_value(kpi, value), (note or "").strip()[:500]


def _change(current: Measurement, value: Decimal, note: str, source: str, source_detail: str, user) -> None:
    """The row takes the new value, one version on."""
    current.value, current.note, current.source, current.source_detail = value, note, source, source_detail
    current.entered_by = user
    current.version += 1


def _check_version(item: NewValue, current: Measurement | None, period: date) -> None:
    if (current is None and item.version in (None, 0)) or (current is not None and item.version == current.version):
        return  # the usual case: no period label to word
    params = {"kpi": item.kpi.name, "period": calendar.label(item.kpi, period, get_language() or "es")}
    if current is None:
        raise ValidationError(
            _("El valor de %(period)s fue borrado por otra persona; vuelva a cargar la página.") % params
        )
    if item.version is None:
        raise ValidationError(_("«%(kpi)s» ya tiene un valor para %(period)s.") % params)
    raise ValidationError(
        _(
            "Otra persona cambió el valor de «%(kpi)s» para %(period)s mientras usted editaba; revise el valor actual y vuelva a intentarlo."
        )
        % params
    )
