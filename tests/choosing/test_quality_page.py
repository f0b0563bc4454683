"""«¿Es un buen KPI?»: the method's findings for the whole cooperative, in plain Spanish, with one-click fixes."""

from datetime import UTC, date, datetime

import pytest
from django.urls import reverse

from rumbo.kpis.models import Kpi, Objective
from tests.factories import make_kpi, numbered_kpis


@pytest.fixture
def frozen_today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: date(2025, 6, 15))


def url(cast):
    return reverse("choosing:quality", args=[cast.coop.slug])


def loose_kpi(cast, **fields):
    values = {
        "cooperative": cast.coop,
        "slug": "suelto",
        "name": "Visitas a la web",
        "area": "ventas",
        "indicator": "lagging",
        **fields,
    }
    return Kpi.objects.create(**values)


def test_findings_are_grouped_by_severity_in_plain_spanish(as_viewer, cast, frozen_today):
    loose_kpi(cast)
    make_kpi(cast.coop, "calidad", "Calidad del café", area="produccion", nature="qualitative", kind="metric")
    response = as_viewer.get(url(cast))
    assert response.status_code == 200
    text = response.text
    assert "No se puede seguir así" in text and "No sigue el método" in text
    assert "«Visitas a la web» no está ligado a ningún objetivo: así es una métrica, no un KPI." in text
    assert "«Calidad del café» es cualitativo y no tiene escala" in text
    assert "«Ventas cerradas por mes» muestra el resultado de «Crecer en ventas directas» cuando ya pasó" in text
    assert text.index("No se puede seguir así") < text.index("No sigue el método")
    assert 'class="explain"' in text and "KPI frente a métrica" in text
    assert "Dejarlo como métrica" not in text  # a viewer gets no fixes


def test_missing_data_for_two_due_periods_is_reported(as_viewer, cast, frozen_today):
    Kpi.objects.filter(pk=cast.kpi.pk).update(created_at=datetime(2024, 12, 1, tzinfo=UTC))
    response = as_viewer.get(url(cast))
    assert "«Ventas cerradas por mes» lleva 4 periodos sin datos" in response.text  # February to May


def test_nothing_is_missing_before_the_kpi_was_created(as_viewer, cast, frozen_today):
    Kpi.objects.filter(pk=cast.kpi.pk).update(created_at=datetime(2025, 5, 20, tzinfo=UTC))
    assert "periodos sin datos" not in as_viewer.get(url(cast)).text


def test_an_editor_gets_one_click_fixes_for_their_area(as_editor, cast, frozen_today):
    kpi = loose_kpi(cast)
    text = as_editor.get(url(cast)).text
    assert reverse("choosing:make_metric", args=[cast.coop.slug, kpi.pk]) in text
    assert reverse("kpis:kpi_edit", args=[cast.coop.slug, kpi.pk]) + "#id_owner" in text
    assert reverse("kpis:kpi_edit", args=[cast.coop.slug, kpi.pk]) + "#id_frequency" in text
    catalog = reverse("choosing:catalog", args=[cast.coop.slug])
    assert f"{catalog}?indicator=leading&amp;area=ventas&amp;objective={cast.objective.pk}" in text


def test_make_metric_turns_a_kpi_without_objective_into_a_metric(as_editor, cast):
    kpi = loose_kpi(cast)
    response = as_editor.post(reverse("choosing:make_metric", args=[cast.coop.slug, kpi.pk]))
    assert response.status_code == 302
    kpi.refresh_from_db()
    assert kpi.kind == "metric" and kpi.history.first().history_user == cast.editor


def test_make_metric_refuses_a_kpi_that_serves_an_objective(as_admin, cast):
    response = as_admin.post(reverse("choosing:make_metric", args=[cast.coop.slug, cast.kpi.pk]), follow=True)
    cast.kpi.refresh_from_db()
    assert cast.kpi.kind == "kpi" and "sirve a un objetivo" in response.text


def test_make_metric_is_for_editors_of_the_kpis_area(as_editor, cast):
    kpi = loose_kpi(cast, area="legal")
    assert as_editor.post(reverse("choosing:make_metric", args=[cast.coop.slug, kpi.pk])).status_code == 403
    kpi.refresh_from_db()
    assert kpi.kind == "kpi"


def test_a_cooperative_that_follows_the_method_is_told_so(as_viewer, cast, frozen_today):
    Kpi.objects.all().delete()
    Objective.objects.all().delete()
    assert "Todo en orden" in as_viewer.get(url(cast)).text


def test_the_page_costs_the_same_queries_for_10_or_60_kpis(
    as_editor, cast, frozen_today, django_assert_max_num_queries
):
    def owned(i):
        return {"objective": cast.objective if i % 2 else None, "owner": cast.editor if i % 3 else None}

    def add(n):
        start = Kpi.objects.count()
        numbered_kpis(cast.coop, range(start, start + n), each=owned)

    add(10 - Kpi.objects.filter(cooperative=cast.coop).count())
    with django_assert_max_num_queries(12) as ten:
        assert as_editor.get(url(cast)).status_code == 200
    add(50)
    with django_assert_max_num_queries(len(ten.captured_queries)):
        response = as_editor.get(url(cast))
    assert "sobrecarga de datos" in response.text


def test_the_advice_speaks_formally_as_the_rest_of_rumbo(as_viewer, cast, frozen_today):
    numbered_kpis(cast.coop, range(21), objective=cast.objective)
    text = as_viewer.get(url(cast)).text
    assert "para reducir la sobrecarga de datos, quédese con 5 o menos y deje los demás como métricas." in text
    assert "para reducir la sobrecarga de datos, quédese con 20 o menos." in text
    assert "quédate" not in text and "elige " not in text and "añade " not in text
