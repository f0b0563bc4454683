"""What every OKR write shares: the engine's errors as form errors, numbers typed in Spanish, the closed-cycle rule."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from rumbo.engine.errors import RumboError
from rumbo.engine.numbers import parse_number

MAX_ABS_VALUE = Decimal("1e14")


def engine_error(err: RumboError, field: str | None = None) -> ValidationError:
    message = err.translated(_)
    return ValidationError({field: [message]}) if field else ValidationError(message)


def figure(raw, field: str | None = None) -> Decimal | None:
    """A number as people type it ('1.234,5', '45 %'), or None when left empty."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    try:
        value = parse_number(raw)
    except RumboError as err:
        raise engine_error(err, field) from None
    if not value.is_finite() or abs(value) >= MAX_ABS_VALUE:
        message = _("El número es demasiado grande.")
        raise ValidationError({field: [message]} if field else message)
    return value.quantize(Decimal("0.000001"))


def refuse_if_closed(cycle) -> None:
    if cycle.is_closed:
        raise ValidationError(
            _("El ciclo «%(cycle)s» ya se cerró: sus OKR quedan como se calificaron y no admiten cambios.") % {"cycle": cycle.name}
        )


def save_with_history(row, user, **kwargs):
    row._history_user = user
    row.save(**kwargs)
    return row
