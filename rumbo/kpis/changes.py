"""The one signal that a cooperative's KPI data changed, so the apps above kpis recompute what depends on it.

The value writer and the KPI definitions send it after a write, in its transaction; it makes a new
edition of the cooperative's data (the pages rendered for the old one are no longer shown), and
insight listens (connected in its AppConfig.ready) and queues the recomputation of forecasts, lead
checks and impacts. kpis never imports the apps that listen.
"""

from django.dispatch import Signal

from rumbo.orgs import editions

kpi_data_changed = Signal()  # keyword argument: cooperative_id


def data_changed(cooperative_id: int) -> None:
    """Tell the listeners that this cooperative's values, targets or definitions changed."""
    editions.renew([cooperative_id])  # rows written in bulk sent no signal of their own
    kpi_data_changed.send(sender=None, cooperative_id=cooperative_id)
