"""Did an initiative move a KPI? Before against after, with the season and the trend taken out.

The model is an interrupted time series: the KPI on a constant, a linear trend, one dummy
per season position (month of the year, quarter…) and a step that is 0 before the start
and 1 from it on. The step is the effect. Business series are autocorrelated, so it is
fitted by feasible GLS with AR(1) errors (statsmodels' GLSAR, iterated Cochrane–Orcutt).
Where there was no change, over 200 simulated monthly series of 36–48 months, it called
one ("up" or "down" at 95 %) in 3.5–5 % of series with independent noise, 7.5 % with AR(1)
noise of 0.3 and 10–11.5 % with 0.5, where plain OLS called one in about 25 %
(tests/engine/test_impact.py keeps the first ≤ 10 %).

Honest limits: the season can only be taken out with a full season of data before the
start; a step cannot tell the initiative from anything else that changed at the same time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np

from rumbo.engine.errors import RumboError, gettext_noop
from rumbo.engine.forecasting.forecast import Series, prepare, quiet_statistics
from rumbo.engine.numbers import format_number, format_percent
from rumbo.engine.vocab import Grain, InitiativeKind

LEVEL = 0.95
MIN_AFTER = 3
MIN_BEFORE = 6  # without a season; with one, a full season and three periods more
MAX_GAP_SHARE = 0.2


@dataclass(frozen=True)
class ImpactReport:
    verdict: str  # "up" | "down" | "unclear" | "too_little_before" | "too_little_after"
    effect: float | None  # change per period, in the KPI's unit, after season and trend
    low: float | None  # LEVEL confidence interval of the effect
    high: float | None
    relative: float | None  # effect / the level the KPI would have had without the change (held fixed in the range)
    relative_low: float | None
    relative_high: float | None
    p_value: float | None  # two-sided, for "no change"
    before: int  # periods before the start
    after: int  # periods from the start to `end`
    min_before: int
    min_after: int
    season_adjusted: bool
    grain: Grain
    level: float = LEVEL

    @property
    def conclusive(self) -> bool:
        return self.verdict in ("up", "down")


def impact(
    series: Series, *, start: date, season_length: int | None, end: date | None = None, grain: Grain | None = None
) -> ImpactReport:
    """Estimate the step in a regular series at `start`, from the data up to `end` (inclusive)."""
    if end is not None and end < start:
        raise RumboError(gettext_noop("La fecha de fin es anterior a la de inicio."))
    dates, y, gaps, grain = prepare([(d, v) for d, v in series if end is None or d <= end], grain)
    m = season_length if season_length and season_length > 1 else 1
    t = np.arange(len(y))
    post = np.array([d >= start for d in dates], dtype=float)
    before, after = int(len(y) - post.sum()), int(post.sum())
    min_before = MIN_BEFORE if m == 1 else m + 3
    empty: dict[str, Any] = dict(
        effect=None,
        low=None,
        high=None,
        relative=None,
        relative_low=None,
        relative_high=None,
        p_value=None,
        before=before,
        after=after,
        min_before=min_before,
        min_after=MIN_AFTER,
        season_adjusted=m > 1,
        grain=grain,
    )
    if before < min_before or gaps > MAX_GAP_SHARE * max(len(y), 1):
        return ImpactReport(verdict="too_little_before", **empty)
    if after < MIN_AFTER:
        return ImpactReport(verdict="too_little_after", **empty)
    columns = [np.ones(len(y)), t.astype(float), post]
    columns += [(t % m == k).astype(float) for k in range(1, m)]  # the series is regular: t % m is the season
    design = np.column_stack(columns)
    from statsmodels.regression.linear_model import GLSAR, OLS  # loaded on first use, as in leading.py

    with quiet_statistics():
        model = GLSAR(y, design, rho=1)
        fit = model.iterative_fit(maxiter=10)
        if model.rho[0] < 0:
            # A short regression's residuals look negatively autocorrelated even when the noise is
            # not, and GLS would then narrow the interval: business series do not swing that way.
            fit = OLS(y, design).fit()
    effect = float(fit.params[2])
    low, high = (float(v) for v in fit.conf_int(alpha=1 - LEVEL)[2])
    p_value = float(fit.pvalues[2])
    # What the KPI would have been over the same periods had nothing changed.
    without = float(np.mean(design[post == 1] @ fit.params - effect))
    relative = (lambda v: v / without) if without > 0 else (lambda v: None)
    if low > 0:
        verdict = "up"
    elif high < 0:
        verdict = "down"
    else:
        verdict = "unclear"
    return ImpactReport(
        verdict,
        effect,
        low,
        high,
        relative(effect),
        relative(low),
        relative(high),
        p_value,
        before,
        after,
        min_before,
        MIN_AFTER,
        m > 1,
        grain,
    )


_STARTS = {
    "es": {
        InitiativeKind.PROYECTO: "Tras el inicio del proyecto",
        InitiativeKind.PROCESO: "Tras el inicio del proceso",
        InitiativeKind.CAMPANA: "Tras el inicio de la campaña",
        InitiativeKind.CAMBIO: "Tras el cambio estratégico",
    },
    "en": {
        InitiativeKind.PROYECTO: "After the project started",
        InitiativeKind.PROCESO: "After the process started",
        InitiativeKind.CAMPANA: "After the campaign started",
        InitiativeKind.CAMBIO: "After the strategic change",
    },
}
_UNITS = {
    "es": {
        Grain.DAY: "días",
        Grain.WEEK: "semanas",
        Grain.MONTH: "meses",
        Grain.QUARTER: "trimestres",
        Grain.YEAR: "años",
        Grain.HARVEST: "cosechas",
    },
    "en": {
        Grain.DAY: "days",
        Grain.WEEK: "weeks",
        Grain.MONTH: "months",
        Grain.QUARTER: "quarters",
        Grain.YEAR: "years",
        Grain.HARVEST: "harvests",
    },
}


def impact_sentence(
    report: ImpactReport, *, kpi_name: str, initiative: InitiativeKind = InitiativeKind.CAMPANA, lang: str = "es"
) -> str:
    """'Tras el inicio de la campaña, «Ventas cerradas por mes» subió ~18 % (entre 6 % y 30 %), ya descontada la temporada.'"""
    en = lang[:2] == "en"
    opening = _STARTS["en" if en else "es"][initiative]
    name = f"“{kpi_name}”" if en else f"«{kpi_name}»"
    units = _UNITS["en" if en else "es"][report.grain]
    if report.verdict == "too_little_before":
        if en:
            return (
                f"Too little data before the start to tell whether {name} changed: "
                f"{report.before} {units}, it takes {report.min_before}."
            )
        return (
            f"Hay pocos datos antes del inicio para saber si {name} cambió: "
            f"{report.before} {units}, hacen falta {report.min_before}."
        )
    if report.verdict == "too_little_after":
        if en:
            return f"{opening}, it is too early to tell: {report.after} {units} of data, it takes {report.min_after}."
        return (
            f"{opening}, aún es pronto para saberlo: {report.after} {units} de datos, hacen falta {report.min_after}."
        )
    if report.season_adjusted:
        adjusted = "after accounting for the season" if en else "ya descontada la temporada"
    else:
        adjusted = "after accounting for the trend" if en else "ya descontada la tendencia"
    # A share of what the KPI would have been reads best; a KPI that sits around zero gets its own unit.
    size: float | None
    low: float | None
    high: float | None
    if report.relative is not None:
        size, low, high = report.relative, report.relative_low, report.relative_high
        show = lambda v: format_percent(round(v, 2), 0, lang)  # noqa: E731
    else:
        size, low, high = report.effect, report.low, report.high
        show = lambda v: _number(v, lang)  # noqa: E731
    assert size is not None and low is not None and high is not None, "a fitted change has a size and a range"
    if report.verdict == "unclear":
        if en:
            return f"{opening}, the data cannot tell whether {name} changed (between {show(low)} and {show(high)}), {adjusted}."
        return f"{opening}, los datos no permiten afirmar que {name} cambió (entre {show(low)} y {show(high)}), {adjusted}."
    if report.verdict == "down":  # "fell by 12 % (between 5 % and 19 %)": sizes, not signed changes
        size, low, high = -size, -high, -low
    if en:
        verb = "rose" if report.verdict == "up" else "fell"
        return f"{opening}, {name} {verb} by ~{show(size)} (between {show(low)} and {show(high)}), {adjusted}."
    verb = "subió" if report.verdict == "up" else "bajó"
    return f"{opening}, {name} {verb} ~{show(size)} (entre {show(low)} y {show(high)}), {adjusted}."


def _number(value: float, lang: str) -> str:
    decimals = 0 if abs(value) >= 100 else 1 if abs(value) >= 1 else 2
    return format_number(round(value, decimals), decimals, lang)
