"""The one writer of KPI values: typed, imported, pushed, computed or demo, one or many, each change in the history.

Nothing else creates, changes or deletes a `Measurement` (tests/kpis/test_one_writer.py
holds it). `value_record` and `value_remove` write one value typed on a page;
`values_record_many` writes many at once, all or none, in a handful of queries whatever
their number («Mis actualizaciones», imports, the API, the demo); `values_replace` is for
sources that own their figures (datasets and formulas). Every number is cleaned by the
engine's `number_to_store`, every change is one version on, and every path takes the
acting membership and applies the area rule itself.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connections, router, transaction
from django.db.models import Field, QuerySet
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from rumbo.accounts import access
from rumbo.accounts.models import User
from rumbo.engine.errors import RumboError
from rumbo.engine.numbers import number_to_store
from rumbo.kpis import calendar
from rumbo.kpis.changes import data_changed
from rumbo.kpis.choices import Nature, Source
from rumbo.kpis.models import Kpi, Measurement
from rumbo.orgs import editions

COMPUTED = {Source.DATASET, Source.FORMULA, Source.NETWORK}
Parts = tuple[Decimal | None, Decimal | None]  # a ratio's numerator and denominator, when known
BATCH = 500  # rows per INSERT, within what every database accepts
_SAVED = ["value", "numerator", "denominator", "note", "source", "source_detail", "entered_by", "version", "updated_at"]


def clean_value(kpi: Kpi, raw: object) -> Decimal:
    """A number typed in Spanish or English format, as the value column keeps it, within the KPI's scale."""
    value = _number(raw, _("Valor"))
    low, high = kpi.scale_min, kpi.scale_max
    if kpi.nature == Nature.QUALITATIVE and low is not None and high is not None and not low <= value <= high:
        raise ValidationError(
            _("El valor debe estar en la escala de %(min)s a %(max)s.")
            % {"min": low.normalize(), "max": high.normalize()}
        )
    return value


def clean_period(kpi: Kpi, period: date) -> date:
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


def storable(number: Decimal | None) -> Decimal | None:
    """A computed number as a value column holds it; None when it does not fit (it would be nonsense anyway)."""
    if number is None:
        return None
    try:
        return number_to_store(number, field="valor calculado")
    except RumboError:
        return None


@dataclass(frozen=True)
class Recorded:
    measurement: Measurement
    created: bool
    changed: bool


@dataclass(frozen=True)
class NewValue:
    """One value for `values_record_many`; `version` as in `value_record`, and a ratio's two parts when known.

    `value` and the parts are numbers as received: a Decimal, or text as typed or pushed
    («1.234,5» or «1234.5»), which `number_to_store` cleans.
    """

    kpi: Kpi
    period: date
    value: Decimal | str
    note: str = ""
    version: int | None = None
    numerator: Decimal | str | None = None
    denominator: Decimal | str | None = None


@dataclass(frozen=True)
class Write:
    """The computed values of one KPI for `values_replace`: period → point with value, numerator and denominator."""

    kpi: Kpi
    points: Mapping[date, Any]
    source: str
    source_detail: str


@dataclass(frozen=True)
class Written:
    created: int = 0
    updated: int = 0
    removed: int = 0

    @property
    def changed(self) -> int:
        return self.created + self.updated + self.removed


class ManyRecordError(ValidationError):
    """A value of `values_record_many` was refused; `index` says which (nothing was written)."""

    def __init__(self, index: int, message: str):
        super().__init__(message)
        self.index = index


@transaction.atomic
def value_record(
    *,
    kpi: Kpi,
    period: date,
    value: Decimal | str,
    user: User | None,
    note: str = "",
    version: int | None = None,
    source: str = Source.MANUAL,
    source_detail: str = "",
    membership: access.Acting | None = None,
    entered_at: datetime | None = None,
) -> Recorded:
    """Create the value of `kpi` for `period`, or change it when `version` says which one the user saw.

    A second value for a period that already has one is refused unless the caller passes
    the version it loaded; a version that is no longer current means someone else changed
    the value in between, and the change is refused rather than silently overwritten.
    An editor records values only of the KPIs of their areas (403). `entered_at` is when the
    value was typed, for the history, when it was sent later (typed without signal).
    """
    access.require_area(access.acting(kpi.cooperative_id, user, membership), kpi.area)
    item = NewValue(kpi, period, value, note, version)
    period, value, note = _cleaned(item)
    existing = Measurement.objects.select_for_update().filter(kpi=kpi, period=period).first()
    _check_version(item, existing, period)
    if existing is None:
        measurement = _new(kpi, period, value, (None, None), note, source, source_detail, user)
        measurement._history_user = user
        if entered_at is not None:
            measurement._history_date = entered_at  # type: ignore[attr-defined]  # read by django-simple-history
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
        data_changed(kpi.cooperative_id, arrived=[measurement])
        return Recorded(measurement, created=True, changed=True)
    if existing.value == value and existing.note == note:
        return Recorded(existing, created=False, changed=False)
    _change(existing, value, note, source, source_detail, user, (existing.numerator, existing.denominator))
    existing._history_user = user
    if entered_at is not None:
        existing._history_date = entered_at  # type: ignore[attr-defined]
    existing.save()
    data_changed(kpi.cooperative_id, arrived=[existing])
    return Recorded(existing, created=False, changed=True)


@transaction.atomic
def value_remove(
    *, measurement: Measurement, user: User | None, version: int | None = None, membership: access.Acting | None = None
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
    data_changed(kpi.cooperative_id)


@transaction.atomic
def values_record_many(
    values: list[NewValue],
    *,
    user: User | None,
    source: str,
    source_detail: str = "",
    membership: access.Acting | None = None,
    overwrite: bool = False,
) -> Written:
    """Record many values as `value_record` would one by one, in a handful of queries; all or none.

    The same rules hold (a change must carry the version it replaces, a period's first value
    cannot be written twice), checked against the rows locked in one query, unless
    `overwrite` says the source owns the figures it sends (the API): then a period's value
    takes the new one whatever its version. Values already equal are left alone. An editor
    records values only of the KPIs of their areas (403).
    """
    if not values:
        return Written()
    access.require_areas(
        access.acting(values[0].kpi.cooperative_id, user, membership), {item.kpi.area for item in values}
    )
    existing = _locked(
        Measurement.objects.filter(kpi_id__in={i.kpi.pk for i in values}, period__in={i.period for i in values}),
        [item.kpi for item in values],
    )
    created, changed = [], []
    for index, item in enumerate(values):
        try:
            period, value, note = _cleaned(item)
            parts = (_part(item.numerator, _("Numerador")), _part(item.denominator, _("Denominador")))
            current = existing.get((item.kpi.pk, period))
            if not overwrite:
                _check_version(item, current, period)
        except ValidationError as error:
            raise ManyRecordError(index, " ".join(error.messages)) from None
        if current is None:
            created.append(_new(item.kpi, period, value, parts, note, source, source_detail, user))
            continue
        known = parts if any(x is not None for x in parts) else (current.numerator, current.denominator)
        if (current.value, current.note, current.numerator, current.denominator) != (value, note, *known):
            _change(current, value, note, source, source_detail, user, known)
            changed.append(current)
    try:
        with transaction.atomic():
            _store(created, changed, [], user)
    except IntegrityError:
        raise ValidationError(
            _("Otra persona registró algunos de estos valores mientras tanto; vuelva a intentarlo.")
        ) from None
    if created or changed:
        data_changed(values[0].kpi.cooperative_id, arrived=created + changed)
    return Written(len(created), len(changed))


@transaction.atomic
def values_replace(
    *, writes: list[Write], user: User | None = None, membership: access.Acting | None = None
) -> Written:
    """Store the values computed for several KPIs, which own them, in a few queries, with a history row for each change.

    A computed value replaces the KPI's value of the same period, whoever entered it (the
    history keeps the old one); a computed value whose period the computation no longer
    yields is removed. Values typed in or imported for other periods are left alone. A value
    that did not change is not written again, so recomputing twice changes nothing.
    """
    if not writes:
        return Written()
    who = access.acting(writes[0].kpi.cooperative_id, user, membership)
    access.require_areas(who, {w.kpi.area for w in writes})
    rows = _locked(Measurement.objects.filter(kpi_id__in=[w.kpi.pk for w in writes]), [w.kpi for w in writes])
    created, updated = [], []
    for write in writes:
        detail = write.source_detail[:200]
        for period, point in sorted(write.points.items()):
            value, numerator, denominator = (storable(x) for x in (point.value, point.numerator, point.denominator))
            parts = (numerator, denominator)
            row = rows.pop((write.kpi.pk, period), None)
            if row is None:
                created.append(_new(write.kpi, period, value, parts, "", write.source, detail, user))
            elif (row.value, row.numerator, row.denominator, row.source) != (value, *parts, write.source):
                _change(row, value, row.note, write.source, detail, user, parts)
                updated.append(row)
    removed = [row for row in rows.values() if row.source in COMPUTED]  # periods the computations no longer yield
    _store(created, updated, removed, user)
    if created or updated or removed:
        data_changed(writes[0].kpi.cooperative_id, arrived=created + updated)
    return Written(len(created), len(updated), len(removed))


def _store(
    created: list[Measurement], changed: list[Measurement], removed: list[Measurement], user: User | None
) -> None:
    """Insert, update and delete these rows with one history row each, stamped with the same moment."""
    with editions.one_edition({row.kpi.cooperative_id for row in (*created, *changed, *removed)}):
        _store_rows(created, changed, removed, user)


def _store_rows(
    created: list[Measurement], changed: list[Measurement], removed: list[Measurement], user: User | None
) -> None:
    now = timezone.now()
    if created:
        bulk_create_with_history(created, Measurement, batch_size=BATCH, default_user=user, default_date=now)
    if changed:
        for row in changed:
            row.updated_at = now  # a bulk update does not apply auto_now
        _rows_update(changed, _SAVED)
        Measurement.history.bulk_history_create(
            changed, batch_size=BATCH, update=True, default_user=user, default_date=now
        )
    if removed:
        history = Measurement.history.model
        tracked = history.tracked_fields
        history.objects.bulk_create(
            [
                history(
                    history_date=now,
                    history_user=user,
                    history_type="-",
                    **{f.attname: getattr(row, f.attname) for f in tracked},
                )
                for row in removed
            ],
            batch_size=BATCH,
        )
        Measurement.objects.filter(pk__in=[row.pk for row in removed]).delete()


def _rows_update(rows: list[Measurement], fields: list[str]) -> None:
    """Save these fields of rows already in the database, by primary key: one prepared UPDATE run for every row.

    Django's `bulk_update` builds a CASE over every row for every field; for 5,000 values that
    took over ten seconds on SQLite, where this takes a fraction of one, on PostgreSQL as well.
    """
    connection = connections[router.db_for_write(Measurement)]
    meta = Measurement._meta
    columns = [cast("Field[Any, Any]", meta.get_field(name)) for name in fields]  # concrete fields, each a column
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(cast(str, column.column))} = %s" for column in columns)
    sql = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(cast(str, meta.pk.column))} = %s"
    params = [
        [column.get_db_prep_save(getattr(row, column.attname), connection) for column in columns] + [row.pk]
        for row in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def _locked(rows: QuerySet[Measurement], kpis: list[Kpi]) -> dict[tuple[int, date], Measurement]:
    """These rows, locked, by KPI and period; each holds its KPI from `kpis`, so none is fetched again one by one."""
    by_id = {kpi.pk: kpi for kpi in kpis}
    locked = {}
    for row in rows.select_for_update():
        row.kpi = by_id[row.kpi_id]
        locked[(row.kpi_id, row.period)] = row
    return locked


def _number(raw: object, field: str) -> Decimal:
    try:
        return number_to_store(raw, field=field)
    except RumboError as err:
        raise ValidationError(err.translated(_)) from None


def _part(raw: object, field: str) -> Decimal | None:
    return None if raw is None else _number(raw, field)


def _cleaned(item: NewValue) -> tuple[date, Decimal, str]:
    return clean_period(item.kpi, item.period), clean_value(item.kpi, item.value), (item.note or "").strip()[:500]


def _new(
    kpi: Kpi, period: date, value: Decimal | None, parts: Parts, note: str, source: str, detail: str, user: User | None
) -> Measurement:
    numerator, denominator = parts
    return Measurement(
        kpi=kpi,
        period=period,
        value=value,
        numerator=numerator,
        denominator=denominator,
        note=note,
        source=source,
        source_detail=detail,
        entered_by=user,
    )


def _change(
    row: Measurement, value: Decimal | None, note: str, source: str, detail: str, user: User | None, parts: Parts
) -> None:
    """The row takes the new value, one version on."""
    row.value, row.note, row.source, row.source_detail, row.entered_by = value, note, source, detail, user
    row.numerator, row.denominator = parts
    row.version += 1


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
