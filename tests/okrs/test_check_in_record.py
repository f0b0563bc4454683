"""The weekly check-in: confidence 0–10, a date inside the cycle, a value typed in Spanish; bad input writes nothing."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from rumbo.kpis.models import Measurement
from rumbo.okrs.models import CheckIn, Cycle, KeyResult, OkrObjective
from rumbo.okrs.services.check_ins import check_in_record

Q1 = (date(2025, 1, 1), date(2025, 3, 31))
TODAY = date(2025, 2, 20)


@pytest.fixture
def kr(cast):
    cycle = Cycle.objects.create(cooperative=cast.coop, name="T1", start=Q1[0], end=Q1[1])
    objective = OkrObjective.objects.create(
        cooperative=cast.coop, cycle=cycle, title="Ampliar la venta directa", owner=cast.editor
    )
    return KeyResult.objects.create(objective=objective, title="Nuevos compradores", baseline=10, target=50)


def record(kr, cast, **kw):
    args = {"on": date(2025, 2, 14), "confidence": 7, "value": "22", "comment": "", "today": TODAY} | kw
    return check_in_record(key_result=kr, user=cast.editor, **args)


def test_a_check_in_keeps_the_value_typed_with_a_decimal_comma_and_moves_the_key_result(kr, cast):
    check_in = record(kr, cast, value="1.234,5", comment="feria en la capital")
    kr.refresh_from_db()
    assert (check_in.value, check_in.confidence, check_in.author) == (Decimal("1234.5"), 7, cast.editor)
    assert kr.current == Decimal("1234.5")


def test_the_current_value_is_the_latest_by_date_not_by_typing_order(kr, cast):
    record(kr, cast, on=date(2025, 2, 14), value="30")
    record(kr, cast, on=date(2025, 2, 7), value="20")
    kr.refresh_from_db()
    assert kr.current == 30


def test_a_second_check_in_on_the_same_day_replaces_the_first_and_history_keeps_both(kr, cast):
    record(kr, cast, value="20", confidence=6)
    record(kr, cast, value="25", confidence=5)
    assert CheckIn.objects.get(key_result=kr).value == 25
    assert [h.confidence for h in CheckIn.history.order_by("history_id")] == [6, 5]


@pytest.mark.parametrize(
    "confidence, message",
    [
        (11, "La confianza es un número entero de 0 a 10; «11» no lo es."),
        (-1, "«-1» no lo es"),
        ("siete", "«siete» no lo es"),
        (Decimal("6.5"), "«6.5» no lo es"),
    ],
)
def test_a_confidence_outside_0_to_10_is_refused_and_nothing_is_written(kr, cast, confidence, message):
    with pytest.raises(ValidationError) as err:
        record(kr, cast, confidence=confidence)
    assert message in err.value.message_dict["confidence"][0]
    assert not CheckIn.objects.exists()
    kr.refresh_from_db()
    assert kr.current is None


def test_a_check_in_outside_the_cycle_is_refused(kr, cast):
    with pytest.raises(ValidationError) as err:
        record(kr, cast, on=date(2024, 12, 30), today=TODAY)
    assert err.value.message_dict["date"] == [
        "El seguimiento del 30/12/2024 cae fuera del ciclo, que va del 01/01/2025 al 31/03/2025."
    ]
    assert not CheckIn.objects.exists()


def test_a_check_in_in_the_future_is_refused(kr, cast):
    with pytest.raises(ValidationError) as err:
        record(kr, cast, on=TODAY + timedelta(days=1))
    assert "fecha futura" in err.value.message_dict["date"][0]


def test_a_value_that_is_not_a_number_is_refused(kr, cast):
    with pytest.raises(ValidationError) as err:
        record(kr, cast, value="veinte")
    assert err.value.message_dict["value"] == ["Valor: «veinte» no es un número."]
    assert not CheckIn.objects.exists()


def test_a_key_result_that_follows_a_kpi_takes_its_value_from_the_kpi(kr, cast):
    kr.kpi, kr.baseline, kr.target = cast.kpi, 30, 45
    kr.save()
    Measurement.objects.create(kpi=cast.kpi, period=date(2025, 2, 1), value=41)
    with pytest.raises(ValidationError) as err:
        record(kr, cast, value="50")
    assert (
        "sigue al indicador «Ventas cerradas por mes»: su valor se actualiza solo" in err.value.message_dict["value"][0]
    )
    check_in = record(kr, cast, value=None)
    assert check_in.value == 41  # the KPI's value that day, kept for the timeline


def test_a_milestone_is_marked_done_by_its_latest_check_in(kr, cast):
    kr.kind, kr.baseline, kr.target = "milestone", None, None
    kr.save()
    record(kr, cast, value=None, done=True, on=date(2025, 2, 14))
    kr.refresh_from_db()
    assert kr.done is True


def test_a_closed_cycle_takes_no_more_check_ins(kr, cast):
    from django.utils import timezone

    Cycle.objects.filter(pk=kr.objective.cycle_id).update(closed_at=timezone.now())
    with pytest.raises(ValidationError, match="ya se cerró"):
        record(kr, cast)


def test_the_database_refuses_a_confidence_out_of_range_even_past_the_service(kr, cast):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        CheckIn.objects.create(key_result=kr, date=date(2025, 2, 1), confidence=12)
