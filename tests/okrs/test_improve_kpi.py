"""«Mejorar este KPI con un OKR»: a KPI at risk or off track becomes the first key result of a draft objective."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from rumbo.kpis.models import Measurement, Target
from rumbo.okrs.models import Cycle, OkrObjective
from rumbo.okrs.services.improve import improve_kpi
from tests.factories import editors_kpi

TODAY = date(2025, 3, 10)


@pytest.fixture
def kpi(cast):
    kpi = editors_kpi(cast, "llamadas", "Llamadas por día", aggregation="mean")
    Target.objects.create(kpi=kpi, start=date(2025, 2, 1), end=date(2025, 2, 28), value=Decimal(40))
    return kpi


def test_an_off_track_kpi_drafts_an_objective_in_the_current_quarter(cast, kpi):
    Measurement.objects.create(kpi=kpi, period=date(2025, 2, 1), value=Decimal(30))
    objective = improve_kpi(kpi=kpi, user=cast.editor, today=TODAY)
    [kr] = objective.key_results.all()
    assert (objective.title, objective.area, objective.owner, objective.type) == (
        "Mejorar «Llamadas por día»",
        "ventas",
        cast.editor,
        "committed",
    )
    assert (kr.kpi, kr.baseline, kr.target, kr.kind) == (kpi, Decimal(30), Decimal(40), "number")
    assert (objective.cycle.start, objective.cycle.end, objective.cycle.name) == (
        date(2025, 1, 1),
        date(2025, 3, 31),
        "Trimestre 1 de 2025",
    )
    assert OkrObjective.history.get(id=objective.pk).history_user == cast.editor


def test_the_draft_goes_into_an_open_cycle_that_already_holds_today(cast, kpi):
    Measurement.objects.create(kpi=kpi, period=date(2025, 2, 1), value=Decimal(30))
    harvest = Cycle.objects.create(
        cooperative=cast.coop, name="Cosecha", start=date(2024, 10, 1), end=date(2025, 9, 30)
    )
    assert improve_kpi(kpi=kpi, user=cast.editor, today=TODAY).cycle == harvest


def test_a_kpi_on_track_is_not_turned_into_an_okr(cast, kpi):
    Measurement.objects.create(kpi=kpi, period=date(2025, 2, 1), value=Decimal(41))
    with pytest.raises(ValidationError) as err:
        improve_kpi(kpi=kpi, user=cast.editor, today=TODAY)
    assert err.value.messages == [
        "«Llamadas por día» va por buen rumbo: un OKR es para un indicador en riesgo o fuera de rumbo."
    ]
    assert not OkrObjective.objects.filter(title__contains="Llamadas").exists()


def test_a_kpi_without_values_is_not_turned_into_an_okr(cast, kpi):
    with pytest.raises(ValidationError, match="todavía no tiene un valor y una meta"):
        improve_kpi(kpi=kpi, user=cast.editor, today=TODAY)
    assert not Cycle.objects.filter(start=date(2025, 1, 1)).exists()


def test_a_target_behind_the_current_value_is_replaced_by_a_tenth_better(cast, kpi):
    kpi.direction = "down"
    kpi.save()
    Measurement.objects.create(
        kpi=kpi, period=date(2025, 2, 1), value=Decimal(50)
    )  # lower is better: 50 against 40 is off track
    [kr] = improve_kpi(kpi=kpi, user=cast.editor, today=TODAY).key_results.all()
    assert (kr.baseline, kr.target) == (Decimal(50), Decimal(40))
