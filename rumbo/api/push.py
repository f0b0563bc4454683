"""Pushing a KPI's values through the API: one bulk write, all or none, with the import's rules and history."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from rumbo.accounts import access
from rumbo.api.models import ApiToken
from rumbo.api.schemas import ValueIn
from rumbo.kpis.choices import Source
from rumbo.kpis.models import Kpi
from rumbo.kpis.services.values import ManyRecordError, NewValue, clean_period, clean_value, values_record_many


@dataclass(frozen=True)
class PushResult:
    created: int
    updated: int
    unchanged: int


class PushRefused(ValidationError):
    """A value was refused and nothing was written: `index` (from 0) and `field` say which."""

    def __init__(self, message: str, *, index: int, field: str):
        super().__init__(message)
        self.index, self.field = index, field


def values_push(*, token: ApiToken, kpi: Kpi, values: list[ValueIn], membership: access.Acting) -> PushResult:
    """Create or replace the values of these periods (items with `period`, `value`, `note`), all or none.

    A pushing system is the source of its figures, so a period that already has a value takes
    the new one, one version on, with the change kept in the history; the same value again
    changes nothing. A period twice in one push is refused: which one should win is not ours to guess.
    """
    _refuse_repeated_periods(values)
    try:
        written = values_record_many(
            [NewValue(kpi, item.period, item.value, item.note) for item in values],
            user=token.created_by,
            source=Source.API,
            source_detail=token.name,
            membership=membership,  # the key: like an editor of its areas, of every area when it names none
            overwrite=True,
        )
    except ManyRecordError as err:
        item = values[err.index]
        raise PushRefused(
            _numbered(err.index, item.period, " ".join(err.messages)), index=err.index, field=_field_to_blame(kpi, item)
        ) from None
    return PushResult(
        created=written.created, updated=written.updated, unchanged=len(values) - written.created - written.updated
    )


def _refuse_repeated_periods(values: list) -> None:
    first_at: dict[date, int] = {}
    for index, item in enumerate(values):
        if item.period in first_at:
            message = _(
                "el periodo ya viene en el valor %(n)s de esta misma llamada; envíe cada periodo una sola vez."
            ) % {"n": first_at[item.period] + 1}
            raise PushRefused(_numbered(index, item.period, message), index=index, field="period")
        first_at[item.period] = index


def _numbered(index: int, period: date, message: str) -> str:
    return _("Valor %(n)s (%(period)s): %(message)s") % {
        "n": index + 1,
        "period": period.isoformat(),
        "message": message,
    }


def _field_to_blame(kpi: Kpi, item: ValueIn) -> str:
    """Which field of a refused value was wrong: its period, its number, or else the period's current value."""
    try:
        clean_period(kpi, item.period)
    except ValidationError:
        return "period"
    try:
        clean_value(kpi, item.value)
    except ValidationError:
        return "value"
    return "period"
