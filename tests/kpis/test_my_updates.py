"""«Mis actualizaciones»: every KPI a person owns, filled at once from a phone."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from rumbo.kpis.models import Kpi, Measurement
from tests.factories import numbered_kpis


@pytest.fixture
def frozen_today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: date(2025, 3, 15))


def url(cast):
    return reverse("kpis:my_updates", args=[cast.coop.slug])


def test_the_owner_sees_each_kpi_with_its_due_period(as_editor, cast, frozen_today):
    response = as_editor.get(url(cast))
    assert response.status_code == 200
    assert "Ventas cerradas por mes" in response.text and "febrero 2025" in response.text


def test_values_with_a_decimal_comma_are_saved_together(as_editor, cast, frozen_today):
    second = Kpi.objects.create(
        cooperative=cast.coop, slug="llamadas", name="Llamadas", area="ventas", owner=cast.editor, frequency="month"
    )
    response = as_editor.post(
        url(cast), {f"k{cast.kpi.pk}-value": "41", f"k{second.pk}-value": "17,5", f"k{second.pk}-note": "feria"}
    )
    assert response.status_code == 302
    assert Measurement.objects.get(kpi=second, period=date(2025, 2, 1)).value == Decimal("17.5")
    assert Measurement.objects.get(kpi=cast.kpi, period=date(2025, 2, 1)).value == Decimal(41)


def test_one_bad_value_saves_nothing_and_says_which(as_editor, cast, frozen_today):
    second = Kpi.objects.create(
        cooperative=cast.coop, slug="llamadas", name="Llamadas", area="ventas", owner=cast.editor, frequency="month"
    )
    response = as_editor.post(url(cast), {f"k{cast.kpi.pk}-value": "41", f"k{second.pk}-value": "diecisiete"})
    assert response.status_code == 200
    assert "«diecisiete» no es un número" in response.text
    assert not Measurement.objects.filter(period=date(2025, 2, 1)).exists()


def test_the_page_costs_the_same_queries_for_10_or_60_kpis(
    as_editor, cast, frozen_today, django_assert_max_num_queries
):
    def add(n):
        numbered_kpis(cast.coop, range(Kpi.objects.count(), Kpi.objects.count() + n), owner=cast.editor)

    add(9)
    with django_assert_max_num_queries(12) as ten:
        as_editor.get(url(cast))
    add(50)
    with django_assert_max_num_queries(len(ten.captured_queries)):
        as_editor.get(url(cast))


def test_the_overdue_list_names_the_missing_values_and_their_owner(as_viewer, cast, frozen_today):
    response = as_viewer.get(reverse("kpis:overdue", args=[cast.coop.slug]))
    assert "Ventas cerradas por mes" in response.text and "febrero 2025" in response.text and "Beto" in response.text
