"""The background pushes to federations on other Rumbos: after each change of a shared KPI, retried with a growing wait.

A write of a cooperative's KPI data marks its links that share KPIs as pending and queues one
`link_push_task` each (after the commit, unless one is already waiting). A push that fails is
tried again after 1, 5, 30, 120 and 720 times the first wait (a minute by default,
`RUMBO_FEDERATION_RETRY_SECONDS`); after that, and for any push lost with its worker, the
worker's daily pass (`enqueue_pending`) queues every pending link again. A push is complete on
its own, so the one that finally arrives brings the federation up to date.
"""

from functools import partial
from typing import TYPE_CHECKING

from django.db import transaction
from django_tasks import task

from rumbo.federation.models import LinkStatus, RemoteLink, Share

if TYPE_CHECKING:
    from rumbo.federation.remote.links import Pushed

QUEUE = "default"


@task(queue_name=QUEUE)
def link_push_task(link_id: int) -> dict:
    """Push one link now; on failure, queue the next attempt at its time."""
    done = push_and_retry(link_id)
    if done is None:
        return {"status": "gone"}
    return {"status": done.link.status, "sent": done.sent, "error": done.error}


def push_and_retry(link_id: int) -> "Pushed | None":
    """Push one link now (the task, and `rumbo federation push`); on failure, queue the next attempt at its time."""
    from rumbo.federation.remote.links import link_push

    done = link_push(link_id=link_id)
    if done is not None and done.retry_at is not None and link_push_task.get_backend().supports_defer:
        link_push_task.using(run_after=done.retry_at).enqueue(link_id=link_id)
    return done


def _waiting(link_id: int) -> bool:
    from django.conf import settings

    if settings.TASKS["default"]["BACKEND"] != "django_tasks_db.DatabaseBackend":
        return False
    from django_tasks_db.models import DBTaskResult

    # ready(): due now, so a retry waiting for its time does not stand for a push now
    return (
        DBTaskResult.objects.ready()
        .filter(task_path=link_push_task.module_path, args_kwargs__kwargs__link_id=link_id)
        .exists()
    )


def enqueue_link_push(link_id: int) -> bool:
    """Queue a push of this link now; False when one is already waiting to run."""
    if _waiting(link_id):
        return False
    link_push_task.enqueue(link_id=link_id)
    return True


def enqueue_pending() -> int:
    """The daily pass: queue every link with changes the federation has not received (a refused key waits for a new one)."""
    queued = 0
    for pk in RemoteLink.objects.filter(pending=True).exclude(status=LinkStatus.REFUSED).values_list("pk", flat=True):
        queued += enqueue_link_push(pk)
    return queued


def on_values_changed(sender, *, cooperative_id: int, **kwargs) -> None:
    """A cooperative's KPI data changed: each link it shares KPIs through has a push to make."""
    _pending(Share.objects.filter(cooperative_id=cooperative_id, stopped_at__isnull=True, link__isnull=False))


def on_kpi_saved(sender, instance, update_fields=None, **kwargs) -> None:
    """A shared KPI went to the bin or came back (the bin sends no data change): its federations hear it with a push."""
    if update_fields and "deleted_at" in update_fields:
        _pending(Share.objects.filter(kpi_id=instance.pk, stopped_at__isnull=True, link__isnull=False))


def _pending(shares) -> None:
    links = list(shares.values_list("link_id", flat=True).distinct())
    if not links:
        return
    RemoteLink.objects.filter(pk__in=links).update(pending=True)
    for pk in links:
        transaction.on_commit(partial(enqueue_link_push, pk), robust=True)
