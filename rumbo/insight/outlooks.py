"""Each KPI's outlook from its cached forecast, for every reading the board, the PDF, the digest and the API show.

Registered with `kpis.readings` when the app starts (`apps.py`): a forecast that still holds
today replaces the pace's straight line in the reading itself, so no surface can tell another
figure. A stale or missing forecast leaves the pace's outlook; nothing is computed here.
"""

from datetime import date
from decimal import Decimal

from rumbo.engine.status.readings import Outlook, TargetSpan
from rumbo.insight import selectors
from rumbo.insight.models import KpiForecast
from rumbo.kpis.models import Kpi


def _decimal(value) -> Decimal | None:
    return None if value is None else Decimal(repr(float(value)))


def outlook_of(row: KpiForecast) -> Outlook | None:
    """The row's projection as an outlook; None when it has no model or no share of a target to tell."""
    p = row.projection
    if not row.model or not p or p.get("share") is None:
        return None
    span = TargetSpan(date.fromisoformat(p["span_start"]), date.fromisoformat(p["span_end"]), _decimal(p.get("target")))
    return Outlook(
        source="forecast",
        span=span,
        projected=_decimal(p.get("projected")),
        share=_decimal(p["share"]),
        low=_decimal(p.get("low")),
        high=_decimal(p.get("high")),
        share_low=_decimal(p.get("share_low")),
        share_high=_decimal(p.get("share_high")),
        probability=_decimal(p.get("probability")),
        level=_decimal(p.get("level")),
        history=row.history_periods or None,  # 0: not recorded (a row with a model learnt from 10 periods at least)
    )


def forecast_outlooks(coop, kpis: list[Kpi], *, today: date) -> dict[int, Outlook]:
    """KPI id → the outlook of its cached forecast that still holds today (two queries, none without rows)."""
    found = {}
    for pk, row in selectors.current_forecasts(coop, kpis, today=today).items():
        if (outlook := outlook_of(row)) is not None:
            found[pk] = outlook
    return found
