"""The forecast's models are named in words, in Spanish or English, never by their codes."""

import pytest

from rumbo.engine.forecasting.forecast import candidates, model_words


@pytest.mark.parametrize(
    "model, lang, words",
    [
        ("ets_seasonal+linear_trend", "es", "suavizado exponencial con estacionalidad y tendencia lineal"),
        ("ets_seasonal+linear_trend", "en", "exponential smoothing with seasonality and linear trend"),
        (
            "linear_trend_seasonal+ets_seasonal_log",
            "es",
            "tendencia lineal con estacionalidad y suavizado exponencial con estacionalidad proporcional",
        ),
        ("naive", "es", "repetir el último valor"),
        (
            "ets+theta+seasonal_naive_drift",
            "en",
            "exponential smoothing, the Theta method and repeat the last season with its average change",
        ),
        ("", "es", ""),
    ],
)
def test_a_combination_is_told_in_words(model, lang, words):
    assert model_words(model, lang=lang) == words


@pytest.mark.parametrize("lang", ["es", "en"])
def test_every_candidate_has_words_of_its_own(lang):
    for name in candidates(12, positive=True):
        words = model_words(name, lang=lang)
        assert words != name and "_" not in words
