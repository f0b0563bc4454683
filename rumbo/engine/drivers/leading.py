"""Does a leading indicator lead? Measured from the data: by how many periods, how strongly, and whether it beats chance.

The two series are aligned on their common periods. When either wanders (statsmodels' ADF
test cannot reject a unit root) both are differenced, so two unrelated trends do not look
related. The season and a linear trend are regressors, so two series that merely share a
harvest season do not look related either. Then:
- the cross-correlation of the lagging series at t + k with the leading one at t, k = 0…max_lag
  (statsmodels' ccf, on the series with season and trend taken out);
- the best lag: the k ≥ 1 with the largest |correlation| (k = 0 is "moving together");
- a Granger F-test at that lag: does the leading series' past improve the forecast of the
  lagging one beyond the lagging one's own past, season and trend?

False positives are controlled, and the rate is stated: "leads" needs the Granger p-value
below 0.05 / max_lag (Bonferroni over the lags searched) and |correlation| ≥ 0.3. Over 200
pairs of independent series (white noise, random walks, AR(1), seasonal with trends) the
verdict was "leads" for 2–5.5 % of them (tests/engine/test_leading.py keeps it ≤ 10 %).
The wording never claims causation: "anticipa", "se mueve antes", never "causa".

statsmodels and pandas are imported inside the functions that use them: loading them costs every
process (a page server, a command) over a second, and most never check a lead.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

import numpy as np

from rumbo.engine.errors import RumboError, gettext_noop
from rumbo.engine.forecasting.forecast import Series, infer_grain, quiet_statistics
from rumbo.engine.status.phrases import periods_count
from rumbo.engine.timeline.periods import periods_apart, run_of_periods
from rumbo.engine.vocab import Grain

ALPHA = 0.05  # family-wise: shared by the lags searched (Bonferroni)
MIN_CORRELATION = 0.3  # a weaker lead, even if real, is no use to steer by
MIN_EFFECTIVE = 20  # periods left for the test once a difference, the season and the lags are paid for
MAX_GAP_SHARE = 0.2
STRONG, MODERATE = 0.6, 0.4


@dataclass(frozen=True)
class LeadReport:
    verdict: str  # "leads" | "together" | "no_lead" | "insufficient"
    lag: int | None  # best lag in periods (≥ 1), None when there is too little data
    correlation: float | None  # at the best lag, after removing season and trend
    correlations: tuple[float, ...]  # at lags 0 … max_lag
    granger_p: float | None  # Granger test p-value at the best lag
    threshold_p: float  # the Granger p-value must be below this (ALPHA / max_lag)
    overlap: int  # periods in which both series have values
    min_overlap: int
    differenced: bool  # compared period-to-period changes, as one series or both wander
    grain: Grain

    @property
    def strength(self) -> str:
        """'strong', 'moderate' or 'weak', by the correlation at the reported lag."""
        r = abs(self.correlation or 0.0)
        return "strong" if r >= STRONG else "moderate" if r >= MODERATE else "weak"


def leading_check(
    leading_series: Series,
    lagging_series: Series,
    *,
    max_lag: int,
    season_length: int | None,
    grain: Grain | None = None,
) -> LeadReport:
    """Does `leading_series` move before `lagging_series`, and by how many periods (1 … max_lag)?"""
    from statsmodels.tsa.stattools import ccf

    if max_lag < 1:
        raise RumboError(gettext_noop("El desfase máximo debe ser de al menos un periodo."))
    leading = {d: float(v) for d, v in leading_series if v is not None and math.isfinite(v)}
    lagging = {d: float(v) for d, v in lagging_series if v is not None and math.isfinite(v)}
    common = sorted(set(leading) & set(lagging))
    grain = grain or infer_grain(common or sorted(leading) or [])
    m = season_length if season_length and season_length > 1 else 1
    min_overlap = (m - 1) + 1 + max_lag + MIN_EFFECTIVE  # the season's dummies and a difference use some up
    threshold = ALPHA / max_lag
    if len(common) < min_overlap:
        return LeadReport("insufficient", None, None, (), None, threshold, len(common), min_overlap, False, grain)
    x, y, gaps = _aligned(leading, lagging, common, grain)
    if gaps > MAX_GAP_SHARE * len(x):
        return LeadReport("insufficient", None, None, (), None, threshold, len(common), min_overlap, False, grain)
    with quiet_statistics():
        differenced = _wanders(x, m) or _wanders(y, m)
        if differenced:  # compare changes with changes, or two unrelated trends look related
            x, y = np.diff(x), np.diff(y)
        season = _season_and_trend(len(x), m)
        x_plain, y_plain = _residuals(x, season), _residuals(y, season)
        # ccf(y, x)[k] is the correlation of y at t + k with x at t: the lagging one k periods later.
        raw = ccf(y_plain, x_plain, adjusted=False, nlags=max_lag + 1)
        correlations = tuple(float(r) for r in np.nan_to_num(raw))  # a flat series correlates with nothing
        lag = 1 + int(np.argmax(np.abs(correlations[1:])))
        granger_p = granger_p_value(y, x, lag=lag, exog=season)
        together_p = _together_p_value(y, x, season)
    granger_p = 1.0 if math.isnan(granger_p) else granger_p
    if granger_p < threshold and abs(correlations[lag]) >= MIN_CORRELATION:
        verdict = "leads"
    elif abs(correlations[0]) >= MIN_CORRELATION and together_p < ALPHA:  # NaN compares False
        verdict = "together"
    else:
        verdict = "no_lead"
    return LeadReport(
        verdict,
        lag,
        correlations[lag],
        correlations,
        granger_p,
        threshold,
        len(common),
        min_overlap,
        differenced,
        grain,
    )


def granger_p_value(y: np.ndarray, x: np.ndarray, *, lag: int, exog: np.ndarray | None = None) -> float:
    """The Granger F-test that x's last `lag` values add nothing to y's own, given `exog`.

    statsmodels' grangercausalitytests takes no season or trend; this is its `ssr_ftest`
    with them as regressors in both models (without exog it gives the same figure, as
    tests/engine/test_leading.py checks). Taking the season out beforehand instead would
    hide the degrees of freedom it uses and double the false positives.
    """
    from statsmodels.regression.linear_model import OLS

    n = len(y)
    own = np.column_stack([y[lag - k : n - k] for k in range(1, lag + 1)])
    other = np.column_stack([x[lag - k : n - k] for k in range(1, lag + 1)])
    base = np.ones((n - lag, 1)) if exog is None else exog[lag:]
    restricted = OLS(y[lag:], np.column_stack([base, own])).fit()
    full = OLS(y[lag:], np.column_stack([base, own, other])).fit()
    return float(full.compare_f_test(restricted)[1])


def _together_p_value(y: np.ndarray, x: np.ndarray, season: np.ndarray) -> float:
    """Do the two move in the same period, beyond season, trend and y's own last value?"""
    from statsmodels.regression.linear_model import OLS

    design = np.column_stack([season[1:], y[:-1], x[1:]])
    return float(OLS(y[1:], design).fit().pvalues[-1])


def _season_and_trend(n: int, m: int) -> np.ndarray:
    t = np.arange(n)
    return np.column_stack([np.ones(n), t.astype(float)] + [(t % m == k).astype(float) for k in range(1, m)])


def _residuals(values: np.ndarray, design: np.ndarray) -> np.ndarray:
    from statsmodels.regression.linear_model import OLS

    residuals: np.ndarray = OLS(values, design).fit().resid
    return residuals


def _wanders(values: np.ndarray, m: int) -> bool:
    """Does the series wander (a unit root), once its season is out? statsmodels' ADF test decides."""
    from statsmodels.regression.linear_model import OLS
    from statsmodels.tsa.stattools import adfuller

    design = _season_and_trend(len(values), m)
    fit = OLS(values, design).fit()
    adjusted = values - design[:, 2:] @ fit.params[2:]  # the season out, the level and trend kept
    # One augmenting lag: choosing it by AIC cost more than the rest of the check and changed little.
    wanders: bool = adfuller(adjusted, maxlag=1, regression="ct", autolag=None, result_object=True).pvalue >= ALPHA
    return wanders


def _aligned(
    leading: dict[date, float], lagging: dict[date, float], common: list[date], grain: Grain
) -> tuple[np.ndarray, np.ndarray, int]:
    """Both series on every period from the first common one to the last, inner gaps interpolated."""
    import pandas as pd

    periods = run_of_periods(common[0], grain, periods_apart(common[0], common[-1], grain) + 1)
    known = set(common)
    x = pd.Series([leading[p] if p in known else np.nan for p in periods], dtype=float)
    y = pd.Series([lagging[p] if p in known else np.nan for p in periods], dtype=float)
    return x.interpolate().to_numpy(), y.interpolate().to_numpy(), len(periods) - len(common)


_STRENGTH = {
    "es": {"strong": "fuerte", "moderate": "moderada", "weak": "débil"},
    "en": {"strong": "strong", "moderate": "moderate", "weak": "weak"},
}


def leading_sentence(report: LeadReport, *, lang: str = "es") -> str:
    """'anticipa con ~1 mes de adelanto (fuerte)', 'no hay evidencia suficiente (solo 8 meses de datos)'…"""
    lang = "en" if lang[:2] == "en" else "es"
    if report.verdict == "insufficient":
        have, need = (
            periods_count(report.overlap, report.grain, lang),
            periods_count(report.min_overlap, report.grain, lang),
        )
        if lang == "en":
            return f"not enough evidence (only {have} of data; it takes {need})"
        return f"no hay evidencia suficiente (solo {have} de datos; hacen falta {need})"
    if report.verdict == "leads":
        assert report.lag is not None, "a series that leads does so by some lag"
        strength = _STRENGTH[lang][report.strength]
        opposite = report.correlation is not None and report.correlation < 0
        if lang == "en":
            how = f"{strength}, in the opposite direction" if opposite else strength
            return f"moves ~{periods_count(report.lag, report.grain, lang)} ahead ({how})"
        how = f"{strength}, en sentido contrario" if opposite else strength
        return f"anticipa con ~{periods_count(report.lag, report.grain, lang)} de adelanto ({how})"
    if report.verdict == "together":
        return (
            "they move together, but it does not move first" if lang == "en" else "se mueven juntos pero no lo anticipa"
        )
    return "it does not move first" if lang == "en" else "no lo anticipa"
