"""Recording a value: validated, atomic, versioned, and every change in the history."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from rumbo.kpis.models import Measurement
from rumbo.kpis.services.values import value_record


@pytest.mark.parametrize(
    "typed, stored", [("1.234,56", "1234.56"), ("12,5", "12.5"), ("1234.5", "1234.5"), ("45 %", "45"), ("-3", "-3")]
)
def test_it_reads_numbers_as_people_type_them(cast, typed, stored):
    result = value_record(kpi=cast.kpi, period=date(2025, 2, 1), value=typed, user=cast.editor)
    assert result.created and result.measurement.value == Decimal(stored)


@pytest.mark.parametrize(
    "period, value, message",
    [
        (date(2025, 2, 1), "mucho", "no es un número"),
        (date(2025, 2, 15), "10", "no es el inicio de un periodo"),
        (date(2025, 1, 1), "10", "ya tiene un valor"),
        (date(2025, 2, 1), "100.000.000.000.000.000", "demasiado grande"),
        (date(9999, 12, 1), "10", "La fecha 01/12/9999 está fuera del rango admitido (1900–2100)."),
        (date(1899, 12, 1), "10", "La fecha 01/12/1899 está fuera del rango admitido (1900–2100)."),
        (date(2101, 1, 1), "10", "La fecha 01/01/2101 está fuera del rango admitido (1900–2100)."),
        (date(1, 1, 1), "10", "La fecha 01/01/0001 está fuera del rango admitido (1900–2100)."),
    ],
)
def test_it_rejects_bad_input_with_a_spanish_message_and_writes_nothing(cast, period, value, message):
    before = list(Measurement.objects.values_list("period", "value"))
    with pytest.raises(ValidationError) as err:
        value_record(kpi=cast.kpi, period=period, value=value, user=cast.editor)
    assert message in " ".join(err.value.messages)
    assert list(Measurement.objects.values_list("period", "value")) == before


def test_an_edit_keeps_the_history_of_who_changed_what(cast):
    m = cast.measurement
    value_record(kpi=cast.kpi, period=m.period, value="36", user=cast.editor, version=m.version)
    value_record(kpi=cast.kpi, period=m.period, value="37,5", user=cast.admin, version=m.version + 1)
    history = list(Measurement.history.filter(id=m.pk).order_by("history_id"))
    assert [h.value for h in history] == [Decimal(35), Decimal(36), Decimal("37.5")]
    assert [h.history_user for h in history[1:]] == [cast.editor, cast.admin]


def test_an_edit_on_a_value_changed_meanwhile_is_refused(cast):
    m = cast.measurement
    value_record(kpi=cast.kpi, period=m.period, value="36", user=cast.editor, version=m.version)
    with pytest.raises(ValidationError, match="Otra persona cambió el valor"):
        value_record(kpi=cast.kpi, period=m.period, value="99", user=cast.admin, version=m.version)
    m.refresh_from_db()
    assert m.value == Decimal(36)


def test_a_qualitative_value_must_be_on_its_scale(cast):
    kpi = cast.kpi
    kpi.nature, kpi.scale_kind, kpi.scale_min, kpi.scale_max = "qualitative", "likert", Decimal(1), Decimal(5)
    kpi.save()
    with pytest.raises(ValidationError, match="escala de 1 a 5"):
        value_record(kpi=kpi, period=date(2025, 3, 1), value="7", user=cast.editor)
    assert value_record(kpi=kpi, period=date(2025, 3, 1), value="4,5", user=cast.editor).created


def test_saving_the_same_value_again_changes_nothing(cast):
    m = cast.measurement
    result = value_record(kpi=cast.kpi, period=m.period, value="35", user=cast.editor, version=m.version)
    assert not result.changed
    assert Measurement.history.filter(id=m.pk).count() == 1


def test_the_first_and_last_admitted_periods_are_recorded_and_the_page_shows_them(as_editor, cast):
    from django.urls import reverse

    for period in (date(1900, 1, 1), date(2100, 12, 1)):
        assert value_record(kpi=cast.kpi, period=period, value="1", user=cast.editor).created
    assert as_editor.get(reverse("kpis:kpi_detail", args=[cast.coop.slug, cast.kpi.pk])).status_code == 200


@pytest.mark.parametrize(
    "fiscal_month, frequency, period",
    [
        (10, "harvest", date(1899, 10, 1)),
        (7, "year", date(1899, 7, 1)),
        (10, "harvest", date(2100, 10, 1)),
        (7, "year", date(2100, 7, 1)),
    ],
)
def test_a_harvest_or_fiscal_year_straddling_1900_or_2100_is_recorded(cast, fiscal_month, frequency, period):
    cast.coop.fiscal_year_start_month = cast.coop.harvest_start_month = fiscal_month
    cast.coop.save()
    cast.kpi.frequency = frequency
    cast.kpi.save()
    assert value_record(kpi=cast.kpi, period=period, value="1", user=cast.editor).created
    with pytest.raises(ValidationError, match="fuera del rango admitido"):
        value_record(
            kpi=cast.kpi,
            period=period.replace(year=period.year - 1 if period.year < 2000 else 2101),
            value="1",
            user=cast.editor,
        )
