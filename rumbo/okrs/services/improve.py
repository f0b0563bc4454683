"""«Mejorar este KPI con un OKR»: from a KPI at risk or off track, a draft objective that pushes it."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from rumbo.accounts import access
from rumbo.accounts.models import User
from rumbo.engine.status.readings import KpiReading
from rumbo.engine.vocab import Direction, Status
from rumbo.kpis.models import Kpi
from rumbo.kpis.readings import read_kpi
from rumbo.okrs import readings, selectors
from rumbo.okrs.choices import Kind, Type
from rumbo.okrs.models import Cycle, KeyResult, OkrObjective
from rumbo.okrs.services.common import refuse_if_closed, save_with_history
from rumbo.okrs.services.cycles import cycle_save, quarter_of
from rumbo.okrs.services.objectives import check_key_result
from rumbo.orgs.models import Cooperative

IMPROVABLE = (Status.AT_RISK, Status.OFF_TRACK)


def can_improve(reading: KpiReading) -> bool:
    return reading.status in IMPROVABLE and reading.value is not None


def proposed_target(kpi: Kpi, reading: KpiReading) -> Decimal:
    """The KPI's own target for a period when it points the right way; else a tenth better than now, to be finished."""
    baseline = reading.value
    assert baseline is not None, "a KPI to improve has a value (`can_improve`)"
    target = readings.per_period_target(reading)
    if target is not None:
        target = target.quantize(Decimal(1).scaleb(-kpi.decimals))
    up = kpi.direction != Direction.DOWN
    if kpi.direction == Direction.BAND and target is not None and target != baseline:
        return target
    if target is not None and (target > baseline if up else target < baseline):
        return target
    step = abs(baseline) / 10 if baseline else Decimal(1)
    return (baseline + step if up else baseline - step).quantize(Decimal(1).scaleb(-max(kpi.decimals, 1)))


def _cycle_for(coop: Cooperative, today: date, user: User | None) -> Cycle:
    cycle = selectors.current_cycle(coop, today)
    if cycle is None or not cycle.start <= today <= cycle.end:
        cycle = quarter_of(today)
        cycle.cooperative = coop
        cycle = cycle_save(cycle=cycle, user=user)
    refuse_if_closed(cycle)
    return cycle


@transaction.atomic
def improve_kpi(*, kpi: Kpi, user: User | None, today: date, membership: access.Acting | None = None) -> OkrObjective:
    """Draft an objective in the current cycle with the KPI as its first key result (baseline = its latest value)."""
    access.require_area(access.acting(kpi.cooperative_id, user, membership), kpi.area)
    reading, _data = read_kpi(kpi, today=today)
    if not can_improve(reading):
        if reading.status == Status.ON_TRACK:
            message = _("«%(kpi)s» va por buen rumbo: un OKR es para un indicador en riesgo o fuera de rumbo.")
        else:
            message = _(
                "«%(kpi)s» todavía no tiene un valor y una meta con que juzgarlo; registre un valor o una meta primero."
            )
        raise ValidationError(message % {"kpi": kpi.name})
    cycle = _cycle_for(kpi.cooperative, today, user)
    lang = (get_language() or "es")[:2]
    objective = OkrObjective(
        cooperative=kpi.cooperative,
        cycle=cycle,
        title=_("Mejorar «%(kpi)s»") % {"kpi": kpi.name},
        description=reading.story.get(lang, ""),
        area=kpi.area,
        owner=kpi.owner or user,
        type=Type.COMMITTED,
        position=OkrObjective.objects.filter(cycle=cycle).count(),
    )
    save_with_history(objective, user)
    key_result = KeyResult(
        objective=objective,
        title=kpi.name,
        kind=Kind.PERCENT if kpi.unit.strip() == "%" else Kind.NUMBER,
        kpi=kpi,
        baseline=reading.value,
        target=proposed_target(kpi, reading),
        weight=1,
    )
    check_key_result(key_result, kpi.cooperative_id)
    save_with_history(key_result, user)
    return objective
