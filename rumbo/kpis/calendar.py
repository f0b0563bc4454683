"""The cooperative's calendar applied to a KPI: which period a date falls in, which one is due."""

from datetime import date
from typing import cast

from rumbo.engine.timeline import periods
from rumbo.engine.vocab import Grain


def grain_of(kpi) -> Grain:
    # A plain metric may have no declared frequency; its values are then monthly.
    return cast(Grain, kpi.frequency or "month")  # the frequency's choices are the grains


def period_of(kpi, day: date) -> date:
    coop = kpi.cooperative
    return periods.period_start(
        day, grain_of(kpi), year_start_month=coop.fiscal_year_start_month, harvest_start_month=coop.harvest_start_month
    )


def check_period(kpi, period: date) -> date:
    """`period` when it holds a day of the admitted range; RumboError otherwise (before any arithmetic on it)."""
    coop = kpi.cooperative
    return periods.check_period(
        period,
        grain_of(kpi),
        year_start_month=coop.fiscal_year_start_month,
        harvest_start_month=coop.harvest_start_month,
    )


def due_period(kpi, today: date) -> date:
    """The last period that has ended (today's for daily KPIs): the one a value is expected for."""
    current = period_of(kpi, today)
    return current if grain_of(kpi) == "day" else periods.shift(current, grain_of(kpi), -1)


def label(kpi, period: date, lang: str) -> str:
    return periods.label(period, grain_of(kpi), lang)
