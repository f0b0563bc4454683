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


def test_a_value_the_writer_refuses_saves_nothing_and_shows_on_its_row(as_editor, cast, frozen_today):
    scaled = Kpi.objects.create(
        cooperative=cast.coop,
        slug="trato",
        name="Trato",
        area="ventas",
        owner=cast.editor,
        frequency="month",
        nature="qualitative",
        scale_min=1,
        scale_max=5,
    )
    response = as_editor.post(url(cast), {f"k{cast.kpi.pk}-value": "41", f"k{scaled.pk}-value": "9"})
    assert response.status_code == 200
    assert "El valor debe estar en la escala de 1 a 5." in response.text
    assert not Measurement.objects.filter(period=date(2025, 2, 1)).exists()
    assert not Measurement.history.filter(period=date(2025, 2, 1)).exists()


def test_saving_10_or_60_values_costs_the_same_queries(as_editor, cast, frozen_today, django_assert_max_num_queries):
    def form(n):
        Kpi.objects.bulk_create(
            Kpi(cooperative=cast.coop, slug=f"k{i}", name=f"K {i}", area="ventas", owner=cast.editor, frequency="month")
            for i in range(Kpi.objects.count(), Kpi.objects.count() + n)
        )
        Measurement.objects.filter(period=date(2025, 2, 1)).delete()
        return {f"k{kpi.pk}-value": str(kpi.pk) for kpi in Kpi.objects.filter(owner=cast.editor)}

    ten = form(9)
    with django_assert_max_num_queries(60) as first:
        assert as_editor.post(url(cast), ten).status_code == 302
    sixty = form(50)
    with django_assert_max_num_queries(len(first.captured_queries)):
        assert as_editor.post(url(cast), sixty).status_code == 302
    assert Measurement.objects.filter(period=date(2025, 2, 1)).count() == 60
    assert Measurement.history.filter(history_type="+", period=date(2025, 2, 1)).count() == 70


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
