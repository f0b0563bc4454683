"""Each delivery's attempts: the signed POST, and on failure the next try after a longer wait, until it gives up.

A delivery is tried by the background task `hooks.tasks.deliver_task`, never inside a page
or a write. A failed attempt (no connection, no answer in 5 s, an answer other than 2xx)
waits 1 min, 5 min, 30 min, 2 h and 12 h before the next one; after the sixth it is failed.
The attempt is claimed with a conditional update, so two workers never send the same attempt,
and the POST happens outside any transaction (a slow receiver holds no lock).
"""

import json
import time
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from rumbo.hooks.models import Delivery, DeliveryStatus
from rumbo.hooks.sending import post, signature
from rumbo.outbound import private_allowed

BACKOFF = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=12),
)
ATTEMPTS = len(BACKOFF) + 1
KEPT_DAYS = 30  # deliveries older than this are pruned by the daily task
USER_AGENT = "Rumbo-Webhooks/1"


def _body(delivery: Delivery) -> bytes:
    return json.dumps(delivery.payload, ensure_ascii=False, separators=(",", ":")).encode()


def _headers(delivery: Delivery, body: bytes, timestamp: int) -> dict[str, str]:
    return {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "X-Rumbo-Event": delivery.event,
        "X-Rumbo-Delivery": str(delivery.uid),
        "X-Rumbo-Timestamp": str(timestamp),
        "X-Rumbo-Signature": signature(delivery.webhook.secret, timestamp, body),
    }


def delivery_enqueue(pk: int, *, run_after: datetime | None = None, even_paused: bool = False) -> None:
    """Queue an attempt of this delivery (at `run_after`, when the task queue can wait)."""
    from rumbo.hooks.tasks import deliver_task

    task = deliver_task
    if run_after is not None:
        if not task.get_backend().supports_defer:
            return  # a queue that runs tasks at once (tests) cannot wait: the daily task sends what is due
        task = task.using(run_after=run_after)
    task.enqueue(delivery_id=pk, even_paused=even_paused)


def delivery_attempt(*, delivery_id: int, even_paused: bool = False, now: datetime | None = None) -> Delivery | None:
    """Try this delivery once, if it is still pending; record the outcome and, on failure, when to try again."""
    delivery = Delivery.objects.select_related("webhook").filter(pk=delivery_id).first()
    if delivery is None or delivery.status != DeliveryStatus.PENDING:
        return delivery
    if not delivery.webhook.active and not even_paused:
        return delivery  # waits: resuming the webhook queues it again
    now = now or timezone.now()
    claimed = Delivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.PENDING, attempts=delivery.attempts).update(
        attempts=F("attempts") + 1, last_attempt_at=now
    )
    if not claimed:
        return delivery  # another worker is trying it
    delivery.attempts += 1
    delivery.last_attempt_at = now
    body = _body(delivery)
    outcome = post(
        delivery.webhook.url,
        body,
        _headers(delivery, body, int(time.time())),
        allow_private=private_allowed(),
    )
    delivery.response_code, delivery.error = outcome.code, outcome.error
    if outcome.ok:
        delivery.status, delivery.next_attempt_at = DeliveryStatus.DELIVERED, None
    elif delivery.attempts >= ATTEMPTS:
        delivery.status, delivery.next_attempt_at = DeliveryStatus.FAILED, None
    else:
        delivery.next_attempt_at = now + BACKOFF[delivery.attempts - 1]
    delivery.save(update_fields=["status", "response_code", "error", "next_attempt_at"])
    if delivery.status == DeliveryStatus.PENDING:
        when = delivery.next_attempt_at
        transaction.on_commit(lambda: delivery_enqueue(delivery.pk, run_after=when), robust=True)
    return delivery


def deliveries_sweep(*, now: datetime | None = None) -> int:
    """Queue again the retries whose time passed long ago (their task was lost), and drop old deliveries; how many queued."""
    now = now or timezone.now()
    Delivery.objects.filter(created_at__lt=now - timedelta(days=KEPT_DAYS)).delete()
    late = Delivery.objects.filter(
        status=DeliveryStatus.PENDING, webhook__active=True, next_attempt_at__lt=now - timedelta(hours=1)
    ).values_list("pk", flat=True)
    queued = 0
    for pk in late:
        delivery_enqueue(pk)
        queued += 1
    return queued
