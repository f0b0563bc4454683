"""Setting objectives and key results: every bad input gets a clear Spanish message and nothing is written."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from rumbo.bin.services import bin_delete
from rumbo.okrs.models import Cycle, KeyResult, OkrObjective
from rumbo.okrs.services.objectives import (
    key_result_delete,
    key_result_save,
    objective_create,
    objective_save,
)


@pytest.fixture
def cycle(cast):
    return cast.okr_cycle


def new_objective(cast, cycle, **kw):
    return OkrObjective(
        cooperative=cast.coop, cycle=cycle, title=kw.pop("title", "Crecer en la capital"), owner=cast.admin, **kw
    )


def test_an_objective_is_created_with_its_key_results_and_history(cast, cycle):
    saved = objective_create(
        objective=new_objective(cast, cycle),
        key_results=[
            KeyResult(title="Compradores", baseline="10", target="1.250"),
            KeyResult(title="Tienda abierta", kind="milestone"),
        ],
        user=cast.admin,
    )
    krs = list(saved.objective.key_results.all())
    assert [(k.title, k.target, k.position) for k in krs] == [
        ("Compradores", Decimal(1250), 0),
        ("Tienda abierta", None, 1),
    ]
    assert OkrObjective.history.get(id=saved.objective.pk).history_user == cast.admin
    assert KeyResult.history.filter(objective_id=saved.objective.pk).count() == 2


@pytest.mark.parametrize(
    "row, field_message",
    [
        (
            KeyResult(title="Compradores", baseline=10, target=10),
            "La meta de «Compradores» es igual a su línea base (10)",
        ),
        (
            KeyResult(title="Compradores", baseline=10, target=20, weight=0),
            "El peso de «Compradores» debe ser mayor que cero; se recibió 0.",
        ),
        (
            KeyResult(title="Compradores", baseline=10, target=20, weight="-1,5"),
            "debe ser mayor que cero; se recibió −1,5.",
        ),
        (KeyResult(title="Compradores", baseline=10), "«Compradores» necesita una línea base y una meta."),
        (KeyResult(title="Compradores", baseline="diez", target=20), "«diez» no es un número."),
    ],
)
def test_a_bad_key_result_row_is_named_and_nothing_is_written(cast, cycle, row, field_message):
    before = (OkrObjective.objects.count(), KeyResult.objects.count())
    with pytest.raises(ValidationError) as err:
        objective_create(
            objective=new_objective(cast, cycle),
            key_results=[KeyResult(title="Tienda", kind="milestone"), row],
            user=cast.admin,
        )
    [message] = err.value.message_dict["kr2"]
    assert message.startswith("Resultado clave 2 («Compradores»): ") and field_message in message
    assert (OkrObjective.objects.count(), KeyResult.objects.count()) == before


def test_an_objective_needs_a_title(cast, cycle):
    with pytest.raises(ValidationError) as err:
        objective_save(objective=new_objective(cast, cycle, title="  "), user=cast.admin)
    assert err.value.message_dict["title"] == ["El objetivo necesita un título."]


def test_a_parent_that_would_make_a_circle_is_refused(cast, cycle):
    top = objective_save(objective=new_objective(cast, cycle, title="Cooperativa"), user=cast.admin).objective
    team = objective_save(objective=new_objective(cast, cycle, title="Equipo", parent=top), user=cast.admin).objective
    top.parent = team
    with pytest.raises(ValidationError) as err:
        objective_save(objective=top, user=cast.admin)
    assert "formaría un círculo" in err.value.message_dict["parent"][0]
    assert OkrObjective.objects.get(pk=top.pk).parent is None


def test_an_objective_cannot_align_with_itself(cast, cycle):
    top = objective_save(objective=new_objective(cast, cycle), user=cast.admin).objective
    top.parent = top
    with pytest.raises(ValidationError, match="círculo"):
        objective_save(objective=top, user=cast.admin)


def test_a_parent_from_another_cooperative_or_a_distant_cycle_is_refused(cast, cycle):
    other_cycle = Cycle.objects.create(cooperative=cast.other_coop, name="B", start=cycle.start, end=cycle.end)
    foreign = OkrObjective.objects.create(cooperative=cast.other_coop, cycle=other_cycle, title="Ajeno")
    with pytest.raises(ValidationError) as err:
        objective_save(objective=new_objective(cast, cycle, parent=foreign), user=cast.admin)
    assert err.value.message_dict["parent"] == ["Ese objetivo padre no pertenece a esta cooperativa."]
    old = Cycle.objects.create(cooperative=cast.coop, name="2020", start=date(2020, 1, 1), end=date(2020, 12, 31))
    ancient = OkrObjective.objects.create(cooperative=cast.coop, cycle=old, title="Antiguo")
    with pytest.raises(ValidationError, match="no coincide en fechas"):
        objective_save(objective=new_objective(cast, cycle, parent=ancient), user=cast.admin)


def test_a_team_objective_may_align_with_a_yearly_one(cast, cycle):
    year = Cycle.objects.create(
        cooperative=cast.coop, name="Año", start=date(cycle.start.year, 1, 1), end=date(cycle.start.year, 12, 31)
    )
    annual = OkrObjective.objects.create(cooperative=cast.coop, cycle=year, title="Del año")
    saved = objective_save(objective=new_objective(cast, cycle, parent=annual), user=cast.admin)
    assert saved.objective.parent == annual


def test_past_five_key_results_the_method_warns(cast, cycle):
    objective = cast.okr_objective
    for n in range(4):
        saved = key_result_save(
            key_result=KeyResult(objective=objective, title=f"KR {n}", kind="milestone"), user=cast.editor
        )
    assert saved.warnings == [
        "«Ampliar la venta directa» tiene 6 resultados clave; con 5 o menos el equipo se enfoca mejor."
    ]


def test_past_five_objectives_on_one_level_the_method_warns(cast, cycle):
    for n in range(4):
        saved = objective_save(objective=new_objective(cast, cycle, title=f"Objetivo {n}"), user=cast.admin)
    assert not any("objetivos de primer nivel" in w for w in saved.warnings)
    saved = objective_save(objective=new_objective(cast, cycle, title="El sexto"), user=cast.admin)
    assert any(w.startswith("Hay 6 objetivos de primer nivel") for w in saved.warnings)


def test_a_key_result_that_follows_a_kpi_starts_from_its_latest_value(cast, cycle):
    saved = key_result_save(
        key_result=KeyResult(objective=cast.okr_objective, title="Ventas", kpi=cast.kpi, target=50), user=cast.editor
    )
    assert saved.objective.key_results.get(title="Ventas").baseline == 35


def test_a_milestone_cannot_follow_a_kpi_nor_a_kpi_of_another_cooperative_be_followed(cast, cycle):
    with pytest.raises(ValidationError) as err:
        key_result_save(
            key_result=KeyResult(objective=cast.okr_objective, title="Hito", kind="milestone", kpi=cast.kpi),
            user=cast.editor,
        )
    assert "no puede seguir a un indicador" in err.value.message_dict["kpi"][0]
    with pytest.raises(ValidationError) as err:
        key_result_save(
            key_result=KeyResult(objective=cast.okr_objective, title="Ajeno", kpi=cast.other_kpi, baseline=1, target=2),
            user=cast.editor,
        )
    assert err.value.message_dict["kpi"] == ["Ese indicador no pertenece a esta cooperativa."]


def test_deleting_an_objective_moves_it_to_the_bin_and_lifts_its_aligned_objectives(cast, cycle):
    child = objective_save(objective=new_objective(cast, cycle, parent=cast.okr_objective), user=cast.admin).objective
    assert len(bin_delete(row=cast.okr_objective, user=cast.admin).along) == 1
    assert not OkrObjective.objects.filter(pk=cast.okr_objective.pk).exists()
    assert OkrObjective.all_objects.get(pk=cast.okr_objective.pk).deleted_at is not None
    child.refresh_from_db()
    assert child.parent is None


def test_deleting_a_key_result_keeps_it_in_the_history(cast):
    pk = cast.key_result.pk
    key_result_delete(key_result=cast.key_result, user=cast.editor)
    assert not KeyResult.objects.filter(pk=pk).exists()
    assert KeyResult.history.filter(id=pk, history_type="-").get().history_user == cast.editor
