"""OKR cycles: a calendar quarter by default, any dated span allowed, never ending before they start."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from rumbo.okrs.models import CheckIn, Cycle
from rumbo.okrs.services.cycles import cycle_save, following, quarter_of


def test_the_quarter_offered_first_is_the_one_that_holds_the_day():
    cycle = quarter_of(date(2026, 11, 27))
    assert (cycle.start, cycle.end, cycle.name) == (date(2026, 10, 1), date(2026, 12, 31), "Trimestre 4 de 2026")


@pytest.mark.parametrize(
    "start, end, name",
    [
        (date(2026, 1, 1), date(2026, 12, 31), "Año 2026"),
        (date(2026, 10, 1), date(2027, 9, 30), "Ciclo del 01/10/2026 al 30/09/2027"),
    ],
)
def test_any_dated_cycle_is_allowed_and_named_by_its_dates(cast, start, end, name):
    cycle = cycle_save(cycle=Cycle(cooperative=cast.coop, start=start, end=end), user=cast.admin)
    assert cycle.name == name
    assert Cycle.history.filter(id=cycle.pk).get().history_user == cast.admin


def test_a_cycle_that_ends_before_it_starts_is_refused(cast):
    with pytest.raises(ValidationError) as err:
        cycle_save(cycle=Cycle(cooperative=cast.coop, start=date(2026, 4, 1), end=date(2026, 3, 31)), user=cast.admin)
    assert err.value.message_dict["end"] == [
        "El ciclo debe terminar después de empezar: empieza el 01/04/2026 y termina el 31/03/2026."
    ]
    assert not Cycle.objects.filter(start=date(2026, 4, 1)).exists()


def test_a_cycle_cannot_shrink_away_from_its_check_ins(cast):
    cycle = cast.okr_cycle
    CheckIn.objects.create(key_result=cast.key_result, date=cycle.end, confidence=5)
    cycle.end = cycle.end.replace(day=1)
    with pytest.raises(ValidationError, match="Hay 1 seguimientos fuera de esas fechas"):
        cycle_save(cycle=cycle, user=cast.admin)


def test_the_following_cycle_is_the_next_quarter_or_a_span_of_the_same_length(cast):
    quarter = Cycle(cooperative=cast.coop, start=date(2026, 10, 1), end=date(2026, 12, 31))
    assert (following(quarter).start, following(quarter).end, following(quarter).name) == (
        date(2027, 1, 1),
        date(2027, 3, 31),
        "Trimestre 1 de 2027",
    )
    harvest = Cycle(cooperative=cast.coop, start=date(2026, 10, 1), end=date(2027, 9, 30))
    assert (following(harvest).start, following(harvest).end) == (date(2027, 10, 1), date(2028, 9, 30))


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 1)), st.integers(min_value=1, max_value=24))
def test_the_following_cycle_starts_the_next_day_and_lasts_as_many_whole_months(first, months):
    start = first.replace(day=1)
    end_month = start.year * 12 + start.month - 1 + months
    end = date(end_month // 12, end_month % 12 + 1, 1) - timedelta(days=1)
    after = following(Cycle(start=start, end=end))
    assert after.start == end + timedelta(days=1) and after.start.day == 1 and (after.end + timedelta(days=1)).day == 1
    assert (after.end.year - after.start.year) * 12 + after.end.month - after.start.month + 1 == months


@pytest.mark.parametrize(
    "field, start, end, shown",
    [
        ("end", date(2026, 10, 1), date(9999, 12, 31), "31/12/9999"),  # the tester's cycle: a 500 once saved
        ("start", date(1899, 12, 31), date(2026, 12, 31), "31/12/1899"),
        ("end", date(2100, 10, 1), date(2101, 1, 1), "01/01/2101"),
    ],
)
def test_a_cycle_outside_1900_2100_is_refused_on_the_date_it_names(cast, field, start, end, shown):
    before = Cycle.objects.count()
    with pytest.raises(ValidationError) as err:
        cycle_save(cycle=Cycle(cooperative=cast.coop, start=start, end=end), user=cast.admin)
    assert err.value.message_dict == {field: [f"La fecha {shown} está fuera del rango admitido (1900–2100)."]}
    assert Cycle.objects.count() == before


def test_the_cycle_page_refuses_an_end_in_9999_with_the_reason_on_the_field(as_admin, cast):
    url = reverse("okrs:cycle_create", args=[cast.coop.slug])
    response = as_admin.post(url, {"name": "", "start": "2026-10-01", "end": "9999-12-31", "check_in_days": "7"})
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "end": ["La fecha 31/12/9999 está fuera del rango admitido (1900–2100)."]
    }
    assert 'min="1900-01-01"' in response.content.decode() and 'max="2100-12-31"' in response.content.decode()
    assert not Cycle.objects.filter(end=date(9999, 12, 31)).exists()


def test_a_cycle_ending_on_the_last_admitted_day_is_saved_shown_and_reviewed(as_admin, cast):
    url = reverse("okrs:cycle_create", args=[cast.coop.slug])
    response = as_admin.post(url, {"name": "", "start": "2100-10-01", "end": "2100-12-31", "check_in_days": "7"})
    assert response.status_code == 302
    cycle = Cycle.objects.get(start=date(2100, 10, 1))
    assert cycle.name == "Trimestre 4 de 2100"
    assert as_admin.get(response["Location"]).status_code == 200
    assert as_admin.get(reverse("okrs:review", args=[cast.coop.slug, cycle.pk])).status_code == 200  # proposes 2101
