"""The board tells each KPI's cached forecast in its story, never computes one, and costs the same queries for 10 or 60 KPIs."""

from datetime import date

from django.urls import reverse

from rumbo.insight.services.forecasts import forecasts_refresh
from rumbo.kpis.models import Measurement
from tests.insight.helpers import TODAY, cached_forecast, monthly_kpi

SENTENCE = "Al ritmo actual llegará a ~88\u00a0% de la meta (entre 80\u00a0% y 95\u00a0%)."


def board(client, cast):
    return client.get(reverse("kpis:board", args=[cast.coop.slug]))


def story_of(response, kpi) -> str:
    text = response.text
    tile = text[text.index(f'id="kpi-{kpi.pk}"') :]
    return tile[tile.index('<p class="story">') : tile.index("</p>", tile.index('<p class="story">'))]


def test_the_tile_story_tells_the_current_forecast_instead_of_the_straight_line(as_viewer, cast):
    sales = monthly_kpi(cast, "ventas_mes")
    without = story_of(board(as_viewer, cast), sales)
    assert "al ritmo actual cerrará" in without  # the pace's straight line, before any forecast
    cached_forecast(sales, sentence=SENTENCE)
    story = story_of(board(as_viewer, cast), sales)
    assert SENTENCE in story and "cerrará" not in story
    assert "acumula" in story  # what the pace says of the year so far stays


def test_a_forecast_computed_from_older_data_is_not_shown(as_viewer, cast):
    sales = monthly_kpi(cast, "ventas_mes")
    cached_forecast(sales, sentence=SENTENCE)
    Measurement.objects.filter(kpi=sales).order_by("-period").first().delete()
    story = story_of(board(as_viewer, cast), sales)
    assert SENTENCE not in story and "al ritmo actual cerrará" in story


def test_the_story_is_told_in_the_reader_s_language(as_viewer, cast):
    sales = monthly_kpi(cast, "ventas_mes")
    cached_forecast(sales)
    cast.viewer.language = "en"
    cast.viewer.save()
    response = board(as_viewer, cast)
    assert "At the current pace it will reach ~88% of the target (between 80% and 95%)." in response.text


def test_the_board_never_computes_a_forecast(as_viewer, cast, monkeypatch):
    sales, stale = monthly_kpi(cast, "ventas_mes"), monthly_kpi(cast, "otra", name="Otra")
    forecasts_refresh(coop=cast.coop, kpis=[sales], today=TODAY)

    def refuse(*args, **kwargs):
        raise AssertionError("the board computed a forecast")

    monkeypatch.setattr("rumbo.engine.forecasting.forecast.forecast", refuse)
    monkeypatch.setattr("rumbo.insight.computing.forecasting.forecast", refuse)
    response = board(as_viewer, cast)
    assert response.status_code == 200
    assert "Al ritmo actual llegará a ~" in story_of(response, sales)
    assert "Al ritmo actual llegará" not in story_of(response, stale)


def test_the_board_costs_the_same_queries_for_10_or_60_kpis_with_forecasts(
    as_viewer, cast, django_assert_max_num_queries
):
    def add(n):
        for i in range(n):
            kpi = monthly_kpi(cast, f"k{cast.kpi.pk}_{i}_{n}", values=[10 + i] * 12, first=date(2024, 7, 1))
            cached_forecast(kpi)

    add(9)
    with django_assert_max_num_queries(20) as ten:
        board(as_viewer, cast)
    add(50)
    with django_assert_max_num_queries(len(ten.captured_queries)):
        response = board(as_viewer, cast)
    assert response.text.count("Al ritmo actual llegará a ~88\u00a0%") == 59
