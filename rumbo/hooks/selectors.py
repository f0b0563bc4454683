"""Reads of the webhooks app: a cooperative's webhooks and deliveries, who listens to an event, which check-ins fall due."""

from collections import defaultdict
from datetime import date, timedelta

from django.db.models import Max, QuerySet

from rumbo.hooks.models import Delivery, Webhook
from rumbo.okrs.models import KeyResult
from rumbo.orgs.models import Cooperative

RECENT = 20  # deliveries shown per webhook


def webhooks_of(coop: Cooperative) -> QuerySet[Webhook]:
    return Webhook.objects.filter(cooperative=coop)


def recent_deliveries(webhook: Webhook) -> list[Delivery]:
    return list(webhook.deliveries.all()[:RECENT])


def wanted(coop: Cooperative | int, event: str) -> bool:
    """Some active webhook of the cooperative wants this event."""
    return any(w.wants(event) for w in Webhook.objects.filter(cooperative=coop, active=True).only("events"))


def cooperatives_wanting(event: str) -> list[Cooperative]:
    """The cooperatives with an active webhook that wants this event."""
    ids = {
        w.cooperative_id for w in Webhook.objects.filter(active=True).only("cooperative_id", "events") if w.wants(event)
    }
    return list(Cooperative.objects.filter(pk__in=ids).order_by("pk"))


def check_ins_due(today: date) -> list[tuple[Cooperative, list[tuple[KeyResult, date]]]]:
    """Per cooperative with a webhook for «toca un check-in», its key results whose check-in is due, with the day it fell due.

    The rule is the one «Mis pendientes» and the digest follow (`okrs.selectors.pending_check_ins`):
    in an open cycle running today, a key result is due when it has no check-in yet (due since the
    cycle began) or its last one is `check_in_days` old or more (due that many days after it).
    """
    from rumbo.hooks.events import Event

    coops = {c.pk: c for c in cooperatives_wanting(Event.CHECK_IN_DUE)}
    if not coops:
        return []
    key_results = (
        KeyResult.objects.filter(
            objective__cooperative_id__in=coops,
            objective__deleted_at__isnull=True,
            objective__cycle__start__lte=today,
            objective__cycle__end__gte=today,
            objective__cycle__closed_at__isnull=True,
        )
        .select_related("objective__cycle", "objective__owner")
        .annotate(last_check_in=Max("check_ins__date"))
        .order_by("objective__cooperative_id", "objective__position", "objective_id", "position", "id")
    )
    due: dict[int, list[tuple[KeyResult, date]]] = defaultdict(list)
    for kr in key_results:
        cycle = kr.objective.cycle
        every = timedelta(days=cycle.check_in_days)
        if kr.last_check_in is None:
            due[kr.objective.cooperative_id].append((kr, cycle.start))
        elif today - kr.last_check_in >= every:
            due[kr.objective.cooperative_id].append((kr, kr.last_check_in + every))
    return [(coops[pk], items) for pk, items in due.items()]
