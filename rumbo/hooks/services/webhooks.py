"""The admin's webhooks: create, change, pause or resume, delete, show or renew the secret, send a test."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from rumbo.accounts.models import User
from rumbo.hooks.events import PING, Event
from rumbo.hooks.models import Delivery, DeliveryStatus, Webhook, new_secret
from rumbo.hooks.sending import Refused, check_address
from rumbo.orgs.models import Cooperative
from rumbo.outbound import private_allowed

MAX_PER_COOPERATIVE = 10


def clean_webhook(*, url: str, events: list[str]) -> list[str]:
    """Refuse an address Rumbo will not send to, or a choice of events that is empty or unknown; the events in order."""
    errors: dict[str, list[str]] = {}
    try:
        check_address(url, allow_private=private_allowed())
    except Refused as refused:
        errors["url"] = [_(refused.args[0])]
    chosen = [value for value in Event.values if value in events]
    if not chosen or len(chosen) != len(set(events)):
        errors["events"] = [_("Elija al menos un evento.")]
    if errors:
        raise ValidationError(errors)
    return chosen


@transaction.atomic
def webhook_create(*, coop: Cooperative, user: User | None, url: str, events: list[str]) -> Webhook:
    """A new active webhook with its own secret; the statuses of today become the ones already told."""
    chosen = clean_webhook(url=url, events=events)
    if Webhook.objects.filter(cooperative=coop).count() >= MAX_PER_COOPERATIVE:
        raise ValidationError(
            {"url": [_("Una cooperativa tiene como mucho %(n)s webhooks.") % {"n": MAX_PER_COOPERATIVE}]}
        )
    starts_statuses = not _status_listened(coop)
    webhook = Webhook.objects.create(cooperative=coop, url=url, events=chosen, created_by=user)
    if starts_statuses and webhook.wants(Event.STATUS_CHANGED):
        _statuses_from_today(coop)
    return webhook


@transaction.atomic
def webhook_update(*, webhook: Webhook, url: str, events: list[str]) -> Webhook:
    chosen = clean_webhook(url=url, events=events)
    starts_statuses = not _status_listened(webhook.cooperative, but=webhook) and Event.STATUS_CHANGED not in (
        webhook.events if webhook.active else []
    )
    webhook.url, webhook.events = url, chosen
    webhook.save(update_fields=["url", "events"])
    if starts_statuses and webhook.active and webhook.wants(Event.STATUS_CHANGED):
        _statuses_from_today(webhook.cooperative)
    return webhook


def webhook_set_active(*, webhook: Webhook, active: bool) -> Webhook:
    """Pause (events are not sent to it meanwhile) or resume; on resuming, what was waiting is sent."""
    if webhook.active == active:
        return webhook
    with transaction.atomic():
        starts_statuses = active and not _status_listened(webhook.cooperative, but=webhook)
        webhook.active = active
        webhook.save(update_fields=["active"])
        if starts_statuses and webhook.wants(Event.STATUS_CHANGED):
            _statuses_from_today(webhook.cooperative)  # what changed while paused is not told late
    if active:
        from rumbo.hooks.services.deliveries import delivery_enqueue

        for pk in webhook.deliveries.filter(status=DeliveryStatus.PENDING).values_list("pk", flat=True):
            delivery_enqueue(pk)
    return webhook


def webhook_delete(*, webhook: Webhook) -> None:
    webhook.delete()  # its deliveries go with it


def webhook_secret_renew(*, webhook: Webhook) -> str:
    """A new secret: deliveries from now on are signed with it."""
    webhook.secret = new_secret()
    webhook.save(update_fields=["secret"])
    return webhook.secret


def webhook_ping(*, webhook: Webhook) -> Delivery:
    """Send a test event now (also to a paused webhook: the admin asked for it)."""
    from rumbo.hooks.services.announce import delivery_new
    from rumbo.hooks.services.deliveries import delivery_enqueue

    delivery = delivery_new(webhook, PING, {"message": "Rumbo te saluda: este webhook funciona."})
    transaction.on_commit(lambda: delivery_enqueue(delivery.pk, even_paused=True), robust=True)
    return delivery


def _status_listened(coop: Cooperative, but: Webhook | None = None) -> bool:
    others = Webhook.objects.filter(cooperative=coop, active=True)
    if but is not None:
        others = others.exclude(pk=but.pk)
    return any(w.wants(Event.STATUS_CHANGED) for w in others)


def _statuses_from_today(coop: Cooperative) -> None:
    from rumbo.hooks.services.announce import statuses_announce

    statuses_announce(coop=coop, announce_changes=False)
