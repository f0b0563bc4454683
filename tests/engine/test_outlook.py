"""A reading's one outlook: the pace's straight line, or a forecast in its place, told alike by the story and the reasons."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

from rumbo.engine.forecasting.forecast import Projection, projection_outlook, projection_sentences
from rumbo.engine.numbers import NBSP
from rumbo.engine.status.board import evaluate, with_outlook
from rumbo.engine.status.readings import KpiFacts, Outlook, PeriodValue, TargetSpan
from rumbo.engine.status.share import reason
from rumbo.engine.status.story import outlook_parts, outlook_sentence, rough_sentence
from rumbo.engine.vocab import Grain, Status

TODAY = date(2026, 4, 20)
HARVEST = TargetSpan(date(2025, 10, 1), date(2026, 9, 30), 10000)


def production() -> KpiFacts:
    return KpiFacts(name="Producción total de café", unit="qq", grain=Grain.MONTH)


def paced():
    months = [
        date(2025, 10, 1),
        date(2025, 11, 1),
        date(2025, 12, 1),
        date(2026, 1, 1),
        date(2026, 2, 1),
        date(2026, 3, 1),
    ]
    values = [PeriodValue(m, v) for m, v in zip(months, (500, 600, 700, 400, 300, 200))]
    return evaluate(production(), values, [HARVEST], today=TODAY)


FORECAST = Outlook(
    source="forecast",
    span=HARVEST,
    projected=Decimal(7400),
    share=Decimal("0.74"),
    low=Decimal(6000),
    high=Decimal(8500),
    share_low=Decimal("0.6"),
    share_high=Decimal("0.85"),
    probability=Decimal("0.2"),
    level=Decimal("0.8"),
)


def test_the_pace_s_outlook_is_its_projection_and_the_story_tells_that_share():
    reading = paced()
    outlook = reading.outlook
    assert (outlook.source, outlook.span, outlook.projected, outlook.share) == (
        "pace",
        HARVEST,
        reading.pace.projected,
        reading.pace.projected_share,
    )
    assert outlook.low is None and outlook.probability is None
    assert f"cerrará en {round(outlook.share * 100)}{NBSP}% de la meta" in reading.story["es"]


def test_a_forecast_replaces_the_pace_s_share_in_the_story_and_the_reason_but_not_the_status():
    before = paced()
    reading = with_outlook(before, FORECAST)
    assert reading.outlook == FORECAST and reading.status == before.status == Status.OFF_TRACK
    story = reading.story["es"]
    assert "cerrará" not in story and "por debajo de lo previsto" in story
    assert story.endswith(
        f"Al ritmo actual llegará a ~74{NBSP}% de la meta (entre 60{NBSP}% y 85{NBSP}%); "
        f"probabilidad de alcanzarla: 20{NBSP}%."
    )
    assert reading.story["en"].endswith(
        "At the current pace it will reach ~74% of the target (between 60% and 85%); probability of reaching it: 20%."
    )
    assert f"cerraría en ~74{NBSP}% de la meta" in reason(reading)
    assert "~" not in reason(before)  # the pace's reason says how far behind plan, never a forecast


def test_without_another_outlook_the_reading_is_kept_as_it_is():
    reading = paced()
    assert with_outlook(reading, None) is reading and with_outlook(reading, reading.outlook) is reading


def test_a_cached_projection_is_told_in_the_same_words_as_the_reading_s_outlook():
    p = Projection(7400, 6000, 8500, 0.74, 0.6, 0.85, 0.2, 0.8, 6)
    outlook = projection_outlook(p, HARVEST)
    assert outlook == FORECAST
    assert projection_sentences(p) == outlook_parts(FORECAST)


def test_a_forecast_learnt_from_less_than_two_years_says_it_is_rough_and_how_rough():
    reading = with_outlook(paced(), replace(FORECAST, history=18))
    # The wider side of the range: 7.400 − 6.000 = 1.400 qq, 19 % of the projection.
    assert reading.story["es"].endswith(
        f"probabilidad de alcanzarla: 20{NBSP}%. Pronóstico aproximado: solo hay 18 meses de historia; "
        f"8 de cada 10 veces el resultado queda a menos de un 19{NBSP}% de lo previsto."
    )
    assert reading.story["en"].endswith(
        "probability of reaching it: 20%. A rough forecast: only 18 months of history; "
        "8 times in 10 the result lands within 19% of it."
    )
    assert outlook_sentence(replace(FORECAST, history=18), "es", Grain.MONTH).count("aproximado") == 1


def test_two_years_of_history_or_a_pace_are_not_called_rough():
    for outlook in (replace(FORECAST, history=24), replace(FORECAST, history=None)):
        reading = with_outlook(paced(), outlook)
        assert "aproximado" not in reading.story["es"] and "rough" not in reading.story["en"]
    assert "aproximado" not in paced().story["es"]
    weekly = rough_sentence(replace(FORECAST, history=60), Grain.WEEK, "es")
    assert weekly.startswith("Pronóstico aproximado: solo hay 60 semanas de historia;")
    assert rough_sentence(replace(FORECAST, history=60, projected=Decimal(0)), Grain.WEEK, "en") == (
        "A rough forecast: only 60 weeks of history."
    )
