"""Events turned into deliveries: one per active webhook that asked for the event, sent once the write is committed."""

import uuid
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from functools import partial
from typing import Any

from django.db import transaction
from django.utils import timezone

from rumbo.engine.status.readings import KpiReading
from rumbo.engine.vocab import Status
from rumbo.hooks import selectors
from rumbo.hooks.events import Event
from rumbo.hooks.models import CheckInDueAnnounced, Delivery, StatusAnnounced, Webhook
from rumbo.kpis.changes import ArrivedValue
from rumbo.kpis.models import Kpi
from rumbo.kpis.readings import read_board
from rumbo.orgs.models import Cooperative


def _plain(x: Any) -> Any:
    if isinstance(x, Decimal):
        return format(x.normalize(), "f")
    if isinstance(x, date):
        return x.isoformat()
    return x


def delivery_new(webhook: Webhook, event: str, data: dict) -> Delivery:
    """The delivery of one event to one webhook, with the body it will carry (not sent yet)."""
    uid = uuid.uuid4()
    coop = webhook.cooperative
    payload = {
        "id": str(uid),
        "event": event,
        "created_at": timezone.now().isoformat(timespec="seconds"),
        "cooperative": {"slug": coop.slug, "name": coop.name},
        "data": data,
    }
    return Delivery.objects.create(uid=uid, webhook=webhook, event=event, payload=payload)


def announce(*, coop: Cooperative, event: str, data: Iterable[dict]) -> list[Delivery]:
    """Deliveries of each of these events to the cooperative's active webhooks that want it; queued on commit."""
    from rumbo.hooks.services.deliveries import delivery_enqueue

    webhooks = [w for w in Webhook.objects.filter(cooperative=coop, active=True) if w.wants(event)]
    if not webhooks:
        return []
    for webhook in webhooks:
        webhook.cooperative = coop
    deliveries = [delivery_new(webhook, event, item) for item in data for webhook in webhooks]
    for delivery in deliveries:
        transaction.on_commit(partial(delivery_enqueue, delivery.pk), robust=True)
    return deliveries


def _kpi(kpi: Kpi) -> dict:
    return {"id": kpi.pk, "slug": kpi.slug, "name": kpi.name, "unit": kpi.unit}


@transaction.atomic
def values_announce(*, coop_id: int, values: list[ArrivedValue]) -> list[Delivery]:
    """«Llegó un valor»: one event for the values of one write."""
    if not selectors.wanted(coop_id, Event.VALUE_ARRIVED):
        return []  # one query after each write of a cooperative without such a webhook
    coop = Cooperative.objects.get(pk=coop_id)
    kpis = {k.pk: k for k in Kpi.all_objects.filter(pk__in={v.kpi_id for v in values})}
    rows = [
        {"kpi": _kpi(kpis[v.kpi_id]), "period": _plain(v.period), "value": _plain(v.value), "source": v.source}
        for v in sorted(values, key=lambda v: (v.kpi_id, v.period))
        if v.kpi_id in kpis
    ]
    return announce(coop=coop, event=Event.VALUE_ARRIVED, data=[{"values": rows}])


def _status_data(kpi: Kpi, reading: KpiReading, previous: str) -> dict:
    return {
        "kpi": _kpi(kpi),
        "status": str(reading.status),
        "previous_status": previous,
        "period": _plain(reading.period),
        "value": _plain(reading.value),
        "story": dict(reading.story),
    }


def statuses_announce(*, coop: Cooperative, today: date | None = None, announce_changes: bool = True) -> int:
    """«Un KPI cambió de estado»: each KPI whose board status differs from the last one told; how many changed.

    The status is the board's (`kpis.readings.read_board`); a KPI never told before was «sin
    datos». Without `announce_changes`, today's statuses become the ones told and nothing is sent
    (a new webhook is not told every status at once).
    """
    board = read_board(coop, today=today or timezone.localdate())
    with transaction.atomic():
        list(Webhook.objects.select_for_update().filter(cooperative=coop))  # one check of a cooperative at a time
        told = {row.kpi_id: row for row in StatusAnnounced.objects.filter(cooperative=coop)}
        changes = []
        for kpi in board.kpis:
            reading = board.reading(kpi)
            row = told.get(kpi.pk)
            previous = row.status if row else str(Status.NO_DATA)
            if str(reading.status) != previous:
                changes.append((kpi, reading, previous))
        for kpi, reading, _previous in changes:
            StatusAnnounced.objects.update_or_create(
                kpi_id=kpi.pk, defaults={"cooperative": coop, "status": str(reading.status)}
            )
        if announce_changes and changes:
            announce(coop=coop, event=Event.STATUS_CHANGED, data=[_status_data(*change) for change in changes])
    return len(changes)


def check_ins_announce(*, today: date | None = None) -> int:
    """«Toca un check-in»: each key result whose check-in falls due, told once per due date; how many were told."""
    today = today or timezone.localdate()
    told = 0
    for coop, due in selectors.check_ins_due(today):
        with transaction.atomic():
            fresh = [
                (kr, on) for kr, on in due if CheckInDueAnnounced.objects.get_or_create(key_result=kr, due_on=on)[1]
            ]
            data = [
                {
                    "key_result": {"id": kr.pk, "title": kr.title},
                    "objective": {"id": kr.objective.pk, "title": kr.objective.title},
                    "cycle": {"id": kr.objective.cycle.pk, "name": kr.objective.cycle.name},
                    "owner": kr.objective.owner.get_full_name() if kr.objective.owner else "",
                    "due_on": on.isoformat(),
                    "last_check_in": _plain(getattr(kr, "last_check_in", None)),  # annotated by the selector
                }
                for kr, on in fresh
            ]
            announce(coop=coop, event=Event.CHECK_IN_DUE, data=data)
            told += len(fresh)
    return told
