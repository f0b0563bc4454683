"""Does a leading KPI move before its lagging partner? The engine's check, asked from two KPIs' rows."""

from datetime import date

from rumbo.engine.drivers.leading import LeadReport, leading_check, leading_sentence
from rumbo.engine.errors import RumboError, gettext_noop
from rumbo.engine.vocab import Grain
from rumbo.insight.computing.forecasting import LANGUAGES, SEASONS, series_of
from rumbo.kpis.readings import KpiData

# Lags searched: a quarter for monthly KPIs (the demo's calls lead sales by one month). Each extra
# lag costs a season's worth of data more (leading.min_overlap) and tightens the bar (Bonferroni).
MAX_LAG = {Grain.DAY: 14, Grain.WEEK: 8, Grain.MONTH: 3, Grain.QUARTER: 2, Grain.YEAR: 1, Grain.HARVEST: 1}


def lead_report(leading: KpiData, lagging: KpiData, *, today: date, max_lag: int | None = None) -> LeadReport:
    grain = leading.facts.grain
    if lagging.facts.grain != grain:
        raise RumboError(gettext_noop("Los dos indicadores deben medirse con la misma frecuencia para compararlos."))
    return leading_check(
        series_of(leading, today=today),
        series_of(lagging, today=today),
        max_lag=max_lag or MAX_LAG[grain],
        season_length=SEASONS.get(grain),
        grain=grain,
    )


def sentences(report: LeadReport) -> dict[str, str]:
    return {lang: leading_sentence(report, lang=lang) for lang in LANGUAGES}
