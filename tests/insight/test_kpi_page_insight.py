"""A KPI's page: where it is heading (sentence, chart with its range, table) and whether a leading KPI leads."""

from datetime import date

from django.urls import reverse

from rumbo.insight.models import KpiForecast, LeadCheck, LeadPair
from rumbo.insight.tasks import enqueue_refresh
from tests.insight.helpers import cached_forecast, leading_pair, monthly_kpi

UPDATING = "Actualizando el pronóstico con los datos nuevos; mientras tanto, se muestra el ritmo actual."


def page(client, cast, kpi, *, refreshed=True):
    """The KPI's page; by default after the background refresh ran (the rows here are written without the writer)."""
    if refreshed:
        enqueue_refresh(cast.coop.pk)  # the tests' task backend runs it at once
    return client.get(reverse("kpis:kpi_detail", args=[cast.coop.slug, kpi.pk]))


def test_a_stale_forecast_is_not_computed_by_the_page_which_tells_the_pace_until_the_refresh(as_viewer, cast):
    sales = monthly_kpi(cast, "ventas_mes")
    text = page(as_viewer, cast, sales, refreshed=False).text
    assert UPDATING in text and "forecast-chart" not in text and not KpiForecast.objects.exists()
    story = text[text.index('<p class="kpi-story">') :]
    assert "Al ritmo actual" in story[: story.index("</p>")] or "ritmo" in story[: story.index("</p>")]
    text = page(as_viewer, cast, sales).text
    assert UPDATING not in text
    row = KpiForecast.objects.get(kpi=sales)
    assert row.sentence_es in text and '<p class="kpi-story">' in text
    story = text[text.index('<p class="kpi-story">') :]
    assert row.sentence_es in story[: story.index("</p>")]  # the story at the top tells it too
    assert 'class="chart forecast-chart"' in text and 'class="forecast-range"' in text and 'class="forecast"' in text
    assert "acumulado y pronóstico hasta el final de la meta" in text  # a target on a total: the running total
    assert "Ver el pronóstico en una tabla" in text and "diciembre 2025" in text
    assert ' style="' not in text and "<script>" not in text


def test_a_current_forecast_is_read_not_recomputed(as_viewer, cast, monkeypatch):
    sales = monthly_kpi(cast, "ventas_mes")
    cached_forecast(sales, share=0.9, share_low=0.85, share_high=0.96)
    monkeypatch.setattr("rumbo.insight.computing.forecasting.forecast", lambda *a, **k: 1 / 0)
    assert "llegará a ~90\u00a0% de la meta (entre 85\u00a0% y 96\u00a0%)" in page(as_viewer, cast, sales).text


def test_a_kpi_averaged_over_its_target_charts_each_period_against_it(as_viewer, cast):
    quality = monthly_kpi(cast, "calidad", aggregation="mean", target=140, unit="puntos")
    text = page(as_viewer, cast, quality).text
    assert "valores y pronóstico" in text and 'class="target"' in text


def test_too_little_history_is_said_and_the_pace_story_stays(as_viewer, cast):
    text = page(as_viewer, cast, cast.kpi).text
    assert "Aún no hay historia suficiente para pronosticar (1 de" in text
    assert "forecast-chart" not in text


def test_a_leading_kpi_checked_against_older_data_says_it_is_being_updated(as_viewer, cast):
    calls, _messages, _sales = leading_pair(cast)
    text = page(as_viewer, cast, calls, refreshed=False).text
    assert "Actualizando la comparación con los datos nuevos." in text and not LeadCheck.objects.exists()


def test_a_leading_kpi_shows_its_verdict_lag_strength_p_value_and_data(as_viewer, cast):
    calls, _messages, _sales = leading_pair(cast)
    text = page(as_viewer, cast, calls).text
    assert "¿De verdad anticipa el resultado?" in text
    assert "«Llamadas por día» frente a «Ventas del mes»:" in text
    assert "anticipa con ~1 mes de adelanto (fuerte)" in text
    assert "<dd>1 mes</dd>" in text and "fuerte (correlación 0,8" in text
    assert "para contar debe ser menor que 0,017" in text
    assert "48 meses con datos de los dos (hacen falta 35 meses)" in text
    assert "no prueba que lo cause" in text
    assert 'action="' + reverse("insight:lead_pair", args=[cast.coop.slug, calls.pk]) not in text  # a viewer: no form


def test_the_lagging_kpi_lists_the_leading_kpis_compared_with_it(as_viewer, cast):
    calls, messages, sales = leading_pair(cast)
    page(as_viewer, cast, calls)
    page(as_viewer, cast, messages)
    text = page(as_viewer, cast, sales).text
    assert "Indicadores prospectivos comparados con este" in text and "Llamadas por día</a>: anticipa" in text


def test_an_editor_of_the_area_chooses_what_a_leading_kpi_is_compared_with(as_editor, cast):
    _calls, messages, _sales = leading_pair(cast)
    url = reverse("insight:lead_pair", args=[cast.coop.slug, messages.pk])
    assert url in page(as_editor, cast, messages).text
    response = as_editor.post(url, {"lagging": cast.kpi.pk})
    assert response.status_code == 302 and response["Location"].endswith("#anticipa")
    assert LeadPair.objects.get(leading=messages).lagging == cast.kpi
    assert LeadCheck.objects.get(leading=messages).lagging == cast.kpi


def test_a_lagging_kpi_of_another_frequency_is_refused_with_a_message(as_editor, cast):
    calls, _messages, _sales = leading_pair(cast)
    quarterly = monthly_kpi(cast, "trimestral", frequency="quarter", count=0, target=None)
    response = as_editor.post(
        reverse("insight:lead_pair", args=[cast.coop.slug, calls.pk]), {"lagging": quarterly.pk}, follow=True
    )
    assert "Escoja una opción válida" in response.text or "Select a valid choice" in response.text
    assert not LeadPair.objects.exists()


def test_a_viewer_cannot_change_the_pair(as_viewer, cast):
    calls, _messages, _sales = leading_pair(cast)
    lead_pair = reverse("insight:lead_pair", args=[cast.coop.slug, calls.pk])
    assert as_viewer.post(lead_pair, {"lagging": cast.kpi.pk}).status_code == 403
    assert not LeadPair.objects.exists()


def test_the_outsider_gets_404(as_outsider, cast):
    calls, _messages, _sales = leading_pair(cast)
    lead_pair = reverse("insight:lead_pair", args=[cast.coop.slug, calls.pk])
    assert as_outsider.post(lead_pair, {"lagging": cast.kpi.pk}).status_code == 404
    assert as_outsider.get(reverse("kpis:kpi_detail", args=[cast.coop.slug, calls.pk])).status_code == 404
    assert not LeadPair.objects.exists()


def test_the_forecast_names_its_models_in_words_of_the_page_language(as_viewer, cast):
    sales = monthly_kpi(cast, "ventas_mes")
    cached_forecast(sales)  # combines ets_seasonal and linear_trend_seasonal
    text = page(as_viewer, cast, sales).text
    assert "(suavizado exponencial con estacionalidad y tendencia lineal con estacionalidad)" in text
    assert "ets_" not in text and "linear_trend" not in text
    cast.viewer.language = "en"
    cast.viewer.save()
    assert (
        "(exponential smoothing with seasonality and linear trend with seasonality)"
        in page(as_viewer, cast, sales).text
    )


def test_the_page_shows_the_80_percent_range_the_benchmark_measures_and_says_when_it_is_rough(as_viewer, cast):
    sales = monthly_kpi(cast, "ventas_mes", first=date(2024, 1, 1), count=18)  # a year and a half, to June 2025
    text = page(as_viewer, cast, sales).text
    row = KpiForecast.objects.get(kpi=sales)
    assert row.projection["level"] == 0.8 and "Rango probable (8 de cada 10 veces)" in text
    first = row.points[0]
    assert first["low"] < first["forecast"] < first["high"]
    assert "Pronóstico aproximado: solo hay 18 meses de historia; 8 de cada 10 veces el resultado queda" in text
    longer = monthly_kpi(cast, "ventas_largas")  # 42 months: no longer rough
    assert "Pronóstico aproximado" not in page(as_viewer, cast, longer).text
