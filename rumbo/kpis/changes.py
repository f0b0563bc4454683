"""The signals that a cooperative's KPI data changed, so the apps above kpis react to it without kpis importing them.

The value writer and the KPI definitions send `kpi_data_changed` after a write, which also makes a
new edition of the cooperative's data (the pages kept for the old one are no longer shown); insight listens
(connected in its AppConfig.ready) and queues the recomputation of forecasts, lead checks and
impacts. The value writer also sends `values_arrived` with the values a write created or changed,
one signal per write however many values it holds; the webhooks announce them. Both are sent
inside the writer's transaction: a listener that acts outside the database waits for the commit.
kpis never imports the apps that listen.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.dispatch import Signal

from rumbo.orgs import editions

if TYPE_CHECKING:
    from rumbo.kpis.models import Measurement

kpi_data_changed = Signal()  # keyword argument: cooperative_id
values_arrived = Signal()  # keyword arguments: cooperative_id, values (a list of ArrivedValue)


@dataclass(frozen=True)
class ArrivedValue:
    """One value a write created or changed, as plain data."""

    kpi_id: int
    period: date
    value: Decimal | None
    source: str


def data_changed(cooperative_id: int, arrived: "Iterable[Measurement]" = ()) -> None:
    """Tell the listeners that this cooperative's values, targets or definitions changed, and which values arrived."""
    editions.renew([cooperative_id])  # rows written in bulk sent no signal of their own
    kpi_data_changed.send(sender=None, cooperative_id=cooperative_id)
    if values_arrived.has_listeners():
        values = [ArrivedValue(row.kpi_id, row.period, row.value, row.source) for row in arrived]
        if values:
            values_arrived.send(sender=None, cooperative_id=cooperative_id, values=values)
