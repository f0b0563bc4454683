"""The page of one KPI: its story, the chart of actual against target, last year, its definition in plain words."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from rumbo.kpis.models import Kpi, Measurement, Target
from tests.factories import editors_kpi, make_kpi

TODAY = date(2025, 3, 15)


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: TODAY)


def url(cast, kpi=None):
    return reverse("kpis:kpi_detail", args=[cast.coop.slug, (kpi or cast.kpi).pk])


def calls_kpi(cast):
    """A monthly average with a yearly level target, two years of values."""
    leading = {"indicator": "leading", "buyer_stage": "consideracion", "objective": cast.objective}
    kpi = make_kpi(
        cast.coop, "llamadas", "Llamadas por día", unit="llamadas", aggregation="mean", decimals=1, **leading
    )
    Target.objects.create(kpi=kpi, start=date(2024, 1, 1), end=date(2024, 12, 31), value=15)
    Target.objects.create(kpi=kpi, start=date(2025, 1, 1), end=date(2025, 12, 31), value=18)
    Measurement.objects.bulk_create(
        Measurement(kpi=kpi, period=date(y, m, 1), value=Decimal(10 + m), note="feria" if (y, m) == (2025, 2) else "")
        for y, m in [(2023, m) for m in range(3, 13)] + [(2024, m) for m in range(1, 13)] + [(2025, 1), (2025, 2)]
    )
    return kpi


def test_the_page_tells_the_story_and_draws_actual_against_target(as_viewer, cast):
    text = as_viewer.get(url(cast, calls_kpi(cast))).text
    assert "Llamadas por día: 12,0 llamadas en febrero 2025" in text
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="chart"' in text
    assert "<title>Llamadas por día: valores frente a la meta</title>" in text and "<desc>De " in text
    assert 'class="target"' in text and 'class="year-ago"' in text and 'class="zone-ok"' in text


def test_the_chart_is_also_a_table(as_viewer, cast):
    text = as_viewer.get(url(cast, calls_kpi(cast))).text
    table = text.split("Ver los datos del gráfico en una tabla")[1].split("</table>")[0]
    assert (
        '<td>febrero 2025</td><td class="num">12,0 llamadas</td><td class="num">18,0 llamadas</td>'
        '<td class="num">12,0 llamadas</td>' in table
    )


def test_the_definition_is_said_in_plain_words(as_viewer, cast):
    text = as_viewer.get(url(cast, calls_kpi(cast))).text
    assert "Es un KPI: está ligado al objetivo «Crecer en ventas directas»." in text
    assert "Es prospectivo: anticipa resultados" in text
    assert "se promedian los valores" in text
    assert "Va por buen rumbo desde el 100\u00a0% de la meta; en riesgo desde el 90\u00a0%" in text
    assert "Etapa del comprador: Consideración." in text


def test_a_metric_says_it_is_not_a_kpi(as_viewer, cast):
    metric = Kpi.objects.create(cooperative=cast.coop, slug="alcance", name="Alcance", area="marketing", kind="metric")
    assert "Es una métrica, no un KPI" in as_viewer.get(url(cast, metric)).text


def test_a_total_target_gets_its_running_total_chart(as_viewer, cast):
    text = as_viewer.get(url(cast)).text  # the cast's KPI sums toward a two-year target
    assert "acumulado frente a la meta" in text and 'class="expected"' in text


def test_values_with_notes_history_and_entry_form_are_still_there(as_editor, cast):
    kpi = calls_kpi(cast)
    text = as_editor.get(url(cast, kpi)).text
    assert "feria" in text and "Historial de cambios" in text and "Registrar un valor" in text


def test_a_kpi_without_values_has_no_chart_but_its_words(as_viewer, cast):
    kpi = Kpi.objects.create(cooperative=cast.coop, slug="nuevo", name="Nuevo", area="ventas", frequency="month")
    text = as_viewer.get(url(cast, kpi)).text
    assert 'class="chart"' not in text and "Nuevo: sin datos todavía." in text


def test_the_page_costs_the_same_queries_for_a_short_or_long_history(as_viewer, cast, django_assert_max_num_queries):
    kpi = calls_kpi(cast)
    # 32: the first visit also computes and keeps the KPI's forecast and lead check (rumbo.insight), and the
    # reading then reads that forecast back, as every page of the KPI does (rumbo.insight.outlooks).
    with django_assert_max_num_queries(32) as short:
        as_viewer.get(url(cast, kpi))
    Measurement.objects.bulk_create(
        Measurement(kpi=kpi, period=date(y, m, 1), value=5) for y in range(2010, 2023) for m in range(1, 13)
    )
    with django_assert_max_num_queries(len(short.captured_queries)):
        as_viewer.get(url(cast, kpi))


def test_the_outsider_gets_404(as_outsider, cast):
    assert as_outsider.get(url(cast)).status_code == 404


@pytest.mark.parametrize(
    "typed, shown", [("9999-12-01", "01/12/9999"), ("01/12/9999", "01/12/9999"), ("1899-12-01", "01/12/1899")]
)
def test_the_value_form_refuses_a_period_outside_1900_2100_naming_it(as_editor, cast, typed, shown):
    before = Measurement.objects.count()
    response = as_editor.post(
        reverse("kpis:kpi_value_add", args=[cast.coop.slug, cast.kpi.pk]), {"period": typed, "value": "12"}
    )
    assert response.status_code == 400
    errors = response.context[
        "form"
    ].errors  # on the field, or from the service for a day of 1899 (checked as a period)
    assert [m for messages in errors.values() for m in messages] == [
        f"La fecha {shown} está fuera del rango admitido (1900–2100)."
    ]
    assert Measurement.objects.count() == before


def test_the_value_form_takes_the_harvest_that_starts_in_1899_and_holds_1900(as_editor, cast):
    harvest = editors_kpi(cast, "acopio", "Acopio", frequency="harvest", aggregation="sum")
    add = reverse("kpis:kpi_value_add", args=[cast.coop.slug, harvest.pk])
    response = as_editor.post(add, {"period": "1899-10-01", "value": "12"})
    assert response.status_code == 302
    assert Measurement.objects.filter(kpi=harvest, period=date(1899, 10, 1)).exists()
    assert as_editor.get(url(cast, harvest)).status_code == 200
    refused = as_editor.post(add, {"period": "1898-10-01", "value": "12"})
    assert (
        refused.status_code == 400 and "La fecha 01/10/1898 está fuera del rango admitido (1900–2100)." in refused.text
    )


def test_the_value_form_records_the_last_admitted_month_and_the_page_still_shows(as_editor, cast):
    response = as_editor.post(
        reverse("kpis:kpi_value_add", args=[cast.coop.slug, cast.kpi.pk]), {"period": "2100-12-01", "value": "12"}
    )
    assert response.status_code == 302
    assert Measurement.objects.filter(kpi=cast.kpi, period=date(2100, 12, 1)).exists()
    assert as_editor.get(url(cast)).status_code == 200


def test_a_daily_kpi_whose_only_value_is_older_than_the_chart_shows_its_page(as_editor, cast):
    daily = editors_kpi(cast, "llamadas_dia", "Llamadas del día", frequency="day", aggregation="sum")
    Measurement.objects.create(
        kpi=daily, period=date(2024, 3, 1), value=Decimal(7)
    )  # a year and two weeks before TODAY
    response = as_editor.get(url(cast, daily))
    assert response.status_code == 200 and "01/03/2024" in response.text


def test_the_history_says_in_spanish_what_happened_to_each_value(as_editor, cast):
    as_editor.post(
        reverse("kpis:kpi_value_add", args=[cast.coop.slug, cast.kpi.pk]),
        {"period": "2025-01-01", "value": "36", "version": cast.measurement.version},
    )
    history = as_editor.get(url(cast)).text.split("Historial de cambios</h2>")[1]
    assert "Registrado: 35" in history and "Cambiado: 36" in history
    assert "Created" not in history and "Changed" not in history
