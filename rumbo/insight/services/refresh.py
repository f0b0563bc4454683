"""Bring a cooperative's forecasts, lead checks and impact estimates up to date: what cron, the demo and `rumbo insight refresh` call."""

from dataclasses import dataclass
from datetime import date

from rumbo.insight.services.forecasts import Refreshed, coop_kpis, forecasts_refresh
from rumbo.insight.services.impacts import impacts_refresh
from rumbo.insight.services.leading import lead_checks_refresh
from rumbo.orgs.models import Cooperative


@dataclass(frozen=True)
class InsightRefreshed:
    forecasts: Refreshed
    lead_checks: Refreshed
    impacts: Refreshed


def insight_refresh(*, coop: Cooperative, today: date | None = None) -> InsightRefreshed:
    """Recompute what changed since the last refresh; what still holds is kept (a second run costs a few queries)."""
    every = coop_kpis(coop)  # read once for the forecasts and the lead checks
    return InsightRefreshed(
        forecasts_refresh(coop=coop, kpis=every, today=today),
        lead_checks_refresh(coop=coop, today=today, every=every),
        impacts_refresh(coop=coop, today=today),
    )
