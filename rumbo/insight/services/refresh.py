"""Bring a cooperative's forecasts, lead checks and impact estimates up to date: what cron, the demo and `rumbo insight refresh` call."""

from dataclasses import dataclass
from datetime import date

from rumbo.insight.services.forecasts import Refreshed, forecasts_refresh
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
    return InsightRefreshed(
        forecasts_refresh(coop=coop, today=today),
        lead_checks_refresh(coop=coop, today=today),
        impacts_refresh(coop=coop, today=today),
    )
