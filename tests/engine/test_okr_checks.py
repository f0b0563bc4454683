"""Every OKR validation error, cycle detection in the alignment, and the how-many warnings."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rumbo.engine.errors import RumboError
from rumbo.engine.okrs.okr import (
    AlignmentIssue,
    Cycle,
    KeyResultFacts,
    KeyResultKind,
    ObjectiveFacts,
    ObjectiveNode,
    ObjectiveType,
    alignment_warnings,
    review_objective,
    score_objective,
    validate_check_in,
    validate_confidence,
    validate_cycle,
    validate_parent,
    validate_targets,
    validate_weight,
    would_create_cycle,
)

Q1 = Cycle(date(2025, 1, 1), date(2025, 3, 31))
Q2 = Cycle(date(2025, 4, 1), date(2025, 6, 30))


def raised(call, *args) -> RumboError:
    with pytest.raises(RumboError) as caught:
        call(*args)
    assert caught.value.translated(lambda text: text) == str(caught.value)  # the app's path works too
    return caught.value


def test_it_rejects_a_target_equal_to_the_baseline():
    error = raised(validate_targets, Decimal("10.5"), 10.5, "Nuevos compradores")
    assert str(error) == (
        "La meta de «Nuevos compradores» es igual a su línea base (10,5): no habría nada que mover. "
        "Elija una meta más alta o más baja."
    )
    assert error.template.startswith("La meta de «%(title)s»")


@pytest.mark.parametrize("baseline, target", [(None, 5), (5, None), (None, None)])
def test_it_asks_for_a_baseline_and_a_target(baseline, target):
    error = raised(validate_targets, baseline, target, "Ventas")
    assert str(error) == "El resultado clave «Ventas» necesita una línea base y una meta."


@pytest.mark.parametrize("value", [float("nan"), float("inf"), Decimal("NaN"), Decimal("-Infinity")])
def test_it_rejects_a_figure_that_is_not_a_finite_number(value):
    error = raised(validate_targets, value, 5, "Ventas")
    assert str(error) == "«Ventas» tiene un valor que no es un número finito."


@pytest.mark.parametrize("value", [-1, 11, 7.5, Decimal("10.01"), True, "7", None, float("nan"), Decimal("NaN")])
def test_it_rejects_a_confidence_outside_zero_to_ten(value):
    error = raised(validate_confidence, value)
    assert str(error) == f"La confianza es un número entero de 0 a 10; «{value}» no lo es."


@pytest.mark.parametrize("value", [0, 5, 10, 7.0, Decimal("3")])
def test_it_accepts_whole_confidences_from_zero_to_ten(value):
    assert validate_confidence(value) == int(value)


@pytest.mark.parametrize("day", [date(2024, 12, 31), date(2025, 4, 1)])
def test_it_rejects_a_check_in_outside_the_cycle(day):
    error = raised(validate_check_in, Q1, day, 7)
    assert str(error) == f"El seguimiento del {day:%d/%m/%Y} cae fuera del ciclo, que va del 01/01/2025 al 31/03/2025."


@pytest.mark.parametrize("day", [date(2025, 1, 1), date(2025, 3, 31)])
def test_a_check_in_on_the_first_or_last_day_belongs_to_the_cycle(day):
    validate_check_in(Q1, day, 7)


@pytest.mark.parametrize("weight, shown", [(0, "0"), (-1, "−1"), (Decimal("-0.5"), "−0,5")])
def test_it_rejects_a_weight_that_is_not_positive(weight, shown):
    error = raised(validate_weight, weight, "Ventas")
    assert str(error) == f"El peso de «Ventas» debe ser mayor que cero; se recibió {shown}."


def test_a_small_positive_weight_is_fine():
    assert validate_weight(0.25, "Ventas") == Decimal("0.25")


@pytest.mark.parametrize("start, end", [(date(2025, 1, 1), date(2025, 1, 1)), (date(2025, 3, 31), date(2025, 1, 1))])
def test_it_rejects_a_cycle_whose_end_is_not_after_its_start(start, end):
    error = raised(Cycle, start, end)
    assert (
        str(error)
        == f"El ciclo debe terminar después de empezar: empieza el {start:%d/%m/%Y} y termina el {end:%d/%m/%Y}."
    )
    raised(validate_cycle, start, end)


@pytest.mark.parametrize(
    "key_result",
    [
        KeyResultFacts("Ventas", baseline=5, target=5, current=3),
        KeyResultFacts("Ventas", baseline=0, target=5, weight=0),
        KeyResultFacts("Ventas", baseline=0, target=5, current=float("nan")),
        KeyResultFacts("Ventas", baseline=0, target=5, confidences=[(date(2025, 5, 1), 7)]),
        KeyResultFacts("Hito", KeyResultKind.MILESTONE, confidences=[(date(2025, 2, 1), 12)]),
    ],
)
def test_scoring_and_review_refuse_invalid_facts_instead_of_inventing_a_score(key_result):
    facts = ObjectiveFacts("Crecer", ObjectiveType.COMMITTED, Q1, [key_result])
    with pytest.raises(RumboError):
        score_objective(facts, as_of=date(2025, 2, 1))
    with pytest.raises(RumboError):
        review_objective(facts)


def test_a_milestone_needs_no_baseline_or_target():
    facts = ObjectiveFacts("Crecer", ObjectiveType.COMMITTED, Q1, [KeyResultFacts("Hito", KeyResultKind.MILESTONE)])
    assert score_objective(facts, as_of=date(2025, 2, 1)).score == 0


PARENTS = {"cooperativa": None, "ventas": "cooperativa", "ferias": "ventas", "calidad": "cooperativa"}


@pytest.mark.parametrize(
    "objective, parent, cycle",
    [
        ("ventas", "ventas", True),  # its own parent
        ("cooperativa", "ferias", True),  # under its grandchild
        ("ventas", "ferias", True),
        ("ferias", "calidad", False),  # a cousin
        ("calidad", "ferias", False),
        ("ferias", None, False),  # to the top
        ("nuevo", "ferias", False),  # an objective not saved yet
    ],
)
def test_it_detects_a_parent_that_would_close_a_circle(objective, parent, cycle):
    assert would_create_cycle(objective, parent, PARENTS) is cycle


def test_it_rejects_a_parent_that_would_close_a_circle():
    error = raised(validate_parent, "cooperativa", "ferias", PARENTS)
    assert "formaría un círculo" in str(error)
    validate_parent("ferias", "calidad", PARENTS)


def test_a_loop_already_in_the_data_does_not_hang_the_check():
    broken = {"a": "b", "b": "a", "c": None}
    assert would_create_cycle("c", "a", broken) is False


@st.composite
def forests(draw):
    """Objectives 0..n-1, each hanging from an earlier one or from the top: no circles."""
    n = draw(st.integers(1, 12))
    return {i: draw(st.one_of(st.none(), st.integers(0, i - 1))) if i else None for i in range(n)}


@given(forests(), st.data())
def test_cycle_detection_agrees_with_walking_the_tree_after_the_change(parent_of, data):
    child = data.draw(st.sampled_from(sorted(parent_of)))
    parent = data.draw(st.one_of(st.none(), st.sampled_from(sorted(parent_of))))
    changed = {**parent_of, child: parent}
    node, steps = child, 0
    while node is not None and steps <= len(changed):
        node, steps = changed[node], steps + 1
    assert would_create_cycle(child, parent, parent_of) is (node is not None)


def nodes(*counts, parent="crecer", cycle=Q1, prefix="o"):
    return [ObjectiveNode(f"{prefix}{i}", f"Objetivo {i}", parent, cycle, count) for i, count in enumerate(counts)]


@pytest.mark.parametrize(
    "count, issue",
    [
        (0, AlignmentIssue.TOO_FEW_KEY_RESULTS),
        (1, AlignmentIssue.TOO_FEW_KEY_RESULTS),
        (2, None),
        (5, None),
        (6, AlignmentIssue.TOO_MANY_KEY_RESULTS),
    ],
)
def test_it_warns_past_five_key_results_and_under_two(count, issue):
    warnings = alignment_warnings(nodes(count))
    assert [w.issue for w in warnings] == ([issue] if issue else [])
    if issue:
        assert (warnings[0].objective_id, warnings[0].count) == ("o0", count)


def test_key_result_warnings_read_well_in_both_languages():
    none, one, six = alignment_warnings(nodes(0, 1, 6))
    assert none.text_es == (
        "«Objetivo 0» todavía no tiene resultados clave; conviene tener al menos 2, "
        "por ejemplo uno que mida el efecto y otro que lo equilibre."
    )
    assert one.text_es.startswith("«Objetivo 1» tiene un solo resultado clave; conviene")
    assert one.text_en.startswith("“Objetivo 1” has only one key result; at least 2 are advisable")
    assert six.text_es == "«Objetivo 2» tiene 6 resultados clave; con 5 o menos el equipo se enfoca mejor."
    assert six.text_en == "“Objetivo 2” has 6 key results; 5 or fewer keep the team focused."


def test_it_warns_past_five_objectives_under_the_same_parent_in_the_same_cycle():
    crowded = [ObjectiveNode("crecer", "Crecer", None, Q1, 3), *nodes(3, 3, 3, 3, 3, 3)]
    (warning,) = alignment_warnings(crowded)
    assert (warning.issue, warning.count, warning.parent_id, warning.cycle) == (
        AlignmentIssue.TOO_MANY_OBJECTIVES,
        6,
        "crecer",
        Q1,
    )
    assert warning.text_es == (
        "Hay 6 objetivos bajo «Crecer» en el primer trimestre de 2025; con 5 o menos el equipo se enfoca mejor."
    )
    assert (
        warning.text_en
        == "There are 6 objectives under “Crecer” in the first quarter of 2025; 5 or fewer keep the team focused."
    )


def test_the_top_level_and_other_cycles_are_named_plainly():
    year = Cycle(date(2025, 1, 1), date(2025, 12, 31))
    harvest = Cycle(date(2024, 10, 1), date(2025, 9, 30))
    (top,) = alignment_warnings(nodes(3, 3, 3, 3, 3, 3, parent=None, cycle=year))
    (other,) = alignment_warnings(nodes(3, 3, 3, 3, 3, 3, parent=None, cycle=harvest))
    assert top.text_es.startswith("Hay 6 objetivos de primer nivel en 2025;")
    assert top.text_en.startswith("There are 6 top-level objectives in 2025;")
    assert other.text_es.startswith("Hay 6 objetivos de primer nivel en el ciclo del 01/10/2024 al 30/09/2025;")
    assert other.text_en.startswith("There are 6 top-level objectives in the cycle from 2024-10-01 to 2025-09-30;")


@pytest.mark.parametrize(
    "groups",
    [
        [nodes(3, 3, 3, 3, 3)],  # five is fine
        [nodes(3, 3, 3), nodes(3, 3, 3, cycle=Q2, prefix="q")],  # two quarters
        [nodes(3, 3, 3), nodes(3, 3, 3, parent="cuidar", prefix="c")],  # two parents
    ],
)
def test_levels_are_counted_per_parent_and_per_cycle(groups):
    assert alignment_warnings([node for group in groups for node in group]) == []
