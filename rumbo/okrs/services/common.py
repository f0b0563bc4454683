"""What every OKR write shares: the engine's errors as form errors, numbers typed in Spanish, the closed-cycle rule."""

from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rumbo.engine.errors import RumboError
from rumbo.engine.numbers import number_to_store
from rumbo.okrs.models import CheckIn, Cycle, KeyResult, OkrObjective

if TYPE_CHECKING:
    from rumbo.accounts.models import User

Row = TypeVar("Row", Cycle, OkrObjective, KeyResult, CheckIn)

# How each figure is named in an error: the forms' own words.
FIGURE_LABELS = {
    "baseline": gettext_lazy("Línea base"),
    "target": gettext_lazy("Meta"),
    "current": gettext_lazy("Valor actual"),
    "weight": gettext_lazy("Peso"),
    "value": gettext_lazy("Valor"),
}


def engine_error(err: RumboError, field: str | None = None) -> ValidationError:
    message = err.translated(_)
    return ValidationError({field: [message]}) if field else ValidationError(message)


def figure(raw: object, field: str | None = None) -> Decimal | None:
    """A number as people type it ('1.234,5', '45 %') as its column keeps it, or None when left empty."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    try:
        return number_to_store(raw, field=str(FIGURE_LABELS.get(field or "", _("Número"))))
    except RumboError as err:
        raise engine_error(err, field) from None


def refuse_if_closed(cycle: Cycle) -> None:
    if cycle.is_closed:
        raise ValidationError(
            _("El ciclo «%(cycle)s» ya se cerró: sus OKR quedan como se calificaron y no admiten cambios.")
            % {"cycle": cycle.name}
        )


def save_with_history(row: Row, user: "User | None", **kwargs: Any) -> Row:
    row._history_user = user
    row.save(**kwargs)
    return row
