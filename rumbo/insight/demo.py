"""The demo cooperative's insight: its campaign means to move sales, and every forecast and lead check is ready."""

from datetime import date

from rumbo.insight.models import InitiativeKpi
from rumbo.insight.services.refresh import insight_refresh
from rumbo.kpis.models import Initiative, Kpi


def load_demo_insight(coop, *, today: date) -> None:
    campaign = Initiative.objects.filter(cooperative=coop, kind="campana").first()
    sales = Kpi.objects.filter(cooperative=coop, name="Ventas cerradas por mes").first()
    if campaign is not None and sales is not None:
        InitiativeKpi.objects.create(initiative=campaign, kpi=sales)
    insight_refresh(coop=coop, today=today)
