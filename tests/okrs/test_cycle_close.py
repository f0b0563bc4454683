"""Closing a cycle: final grades, a reflection per objective, and what carries over into the next cycle."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from rumbo.kpis.models import Measurement
from rumbo.okrs.models import Cycle, KeyResult, OkrObjective
from rumbo.okrs.services.cycles import following
from rumbo.okrs.services.review import ObjectiveDecision, cycle_close


@pytest.fixture
def quarter(cast):
    cycle = Cycle.objects.create(
        cooperative=cast.coop, name="Trimestre 1 de 2025", start=date(2025, 1, 1), end=date(2025, 3, 31)
    )
    committed = OkrObjective.objects.create(
        cooperative=cast.coop, cycle=cycle, title="Vender en la capital", type="committed"
    )
    KeyResult.objects.create(objective=committed, title="Compradores", baseline=10, target=50, current=50, position=0)
    KeyResult.objects.create(objective=committed, title="Tiendas", baseline=0, target=10, current=5, position=1)
    KeyResult.objects.create(objective=committed, title="Ventas", kpi=cast.kpi, baseline=30, target=40, position=2)
    Measurement.objects.create(kpi=cast.kpi, period=date(2025, 3, 1), value=Decimal(38))
    stretch = OkrObjective.objects.create(cooperative=cast.coop, cycle=cycle, title="Exportar", type="aspirational")
    KeyResult.objects.create(objective=stretch, title="Contenedor", baseline=0, target=10, current=7)
    return cycle, committed, stretch


def test_closing_keeps_final_grades_and_reflections_and_carries_the_chosen_key_results(cast, quarter):
    cycle, committed, stretch = quarter
    tiendas = committed.key_results.get(title="Tiendas")
    decisions = [
        ObjectiveDecision(
            committed.pk, reflection="Faltó vehículo.", carry=True, carry_key_result_ids=frozenset({tiendas.pk})
        ),
        ObjectiveDecision(stretch.pk, reflection="Un éxito para lo ambicioso que era."),
    ]
    closed = cycle_close(cycle=cycle, decisions=decisions, next_cycle=following(cycle), user=cast.admin)
    committed.refresh_from_db()
    stretch.refresh_from_db()
    # (1 + 0,5 + 0,8) / 3 = 0,77; the KPI's March value 38 is 0,8 of the way from 30 to 40.
    assert (committed.final_grade, committed.reflection) == (Decimal("0.77"), "Faltó vehículo.")
    assert stretch.final_grade == Decimal("0.70")
    ventas = committed.key_results.get(title="Ventas")
    assert (ventas.final_grade, ventas.current) == (Decimal("0.80"), Decimal(38))  # frozen at the close
    assert closed.cycle.closed_at is not None and closed.cycle.closed_by == cast.admin
    [carried] = closed.carried
    assert (carried.cycle.name, carried.cycle.start, carried.carried_from) == (
        "Trimestre 2 de 2025",
        date(2025, 4, 1),
        committed,
    )
    assert [(k.title, k.baseline, k.target) for k in carried.key_results.all()] == [
        ("Tiendas", Decimal(5), Decimal(10))
    ]
    assert OkrObjective.history.filter(id=committed.pk).latest("history_id").history_user == cast.admin


def test_a_later_kpi_value_no_longer_moves_a_closed_grade(cast, quarter):
    cycle, _committed, _stretch = quarter
    cycle_close(cycle=cycle, decisions=[], user=cast.admin)
    Measurement.objects.filter(kpi=cast.kpi, period=date(2025, 3, 1)).update(value=Decimal(30))
    from rumbo.okrs import selectors

    scored = selectors.scored_objectives(cast.coop, Cycle.objects.get(pk=cycle.pk), date(2025, 6, 1))
    assert [s.score.grade for s in scored] == [Decimal("0.77"), Decimal("0.70")]


def test_carrying_over_needs_a_cycle_to_go_to_and_writes_nothing_without_it(cast, quarter):
    cycle, committed, _stretch = quarter
    with pytest.raises(ValidationError) as err:
        cycle_close(
            cycle=cycle, decisions=[ObjectiveDecision(committed.pk, carry=True, reflection="x")], user=cast.admin
        )
    assert err.value.messages == ["Elija el ciclo al que pasan los objetivos que continúan."]
    committed.refresh_from_db()
    assert (committed.final_grade, committed.reflection, Cycle.objects.get(pk=cycle.pk).closed_at) == (None, "", None)


def test_what_continues_goes_to_a_later_cycle(cast, quarter):
    cycle, committed, _stretch = quarter
    earlier = Cycle.objects.create(
        cooperative=cast.coop, name="T4 2024", start=date(2024, 10, 1), end=date(2024, 12, 31)
    )
    with pytest.raises(ValidationError, match="pasa a un ciclo que empieza después"):
        cycle_close(
            cycle=cycle, decisions=[ObjectiveDecision(committed.pk, carry=True)], next_cycle=earlier, user=cast.admin
        )


def test_a_cycle_closes_once(cast, quarter):
    cycle, *_ = quarter
    cycle_close(cycle=cycle, decisions=[], user=cast.admin)
    with pytest.raises(ValidationError, match="ya se cerró"):
        cycle_close(cycle=cycle, decisions=[], user=cast.admin)


def test_decisions_about_other_cycles_objectives_are_refused(cast, quarter):
    cycle, *_ = quarter
    with pytest.raises(ValidationError, match="no son de este ciclo"):
        cycle_close(cycle=cycle, decisions=[ObjectiveDecision(cast.okr_objective.pk)], user=cast.admin)
