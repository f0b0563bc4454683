"""The webhooks' background work: each delivery's attempts, the status check after a change, the daily check-in look.

Nothing here runs inside the write that caused it: the signals of `kpis.changes` are heard
inside the writer's transaction, and what they start waits for its commit
(`transaction.on_commit`, robust: a failure to queue never undoes nor breaks the write).
"""

from django.conf import settings
from django.db import transaction
from django_tasks import task

from rumbo.hooks import selectors
from rumbo.hooks.events import Event
from rumbo.hooks.services.announce import check_ins_announce, statuses_announce, values_announce
from rumbo.hooks.services.deliveries import deliveries_sweep, delivery_attempt
from rumbo.kpis.changes import ArrivedValue


@task()
def deliver_task(delivery_id: int, even_paused: bool = False) -> dict:
    """Try one delivery; its status afterwards."""
    delivery = delivery_attempt(delivery_id=delivery_id, even_paused=even_paused)
    return {"status": delivery.status if delivery else "gone", "attempts": delivery.attempts if delivery else 0}


@task()
def statuses_task(coop_id: int) -> dict:
    """Tell the KPIs of this cooperative whose status changed since the last one told."""
    from rumbo.orgs.models import Cooperative

    coop = Cooperative.objects.filter(pk=coop_id).first()
    if coop is None or not selectors.wanted(coop, Event.STATUS_CHANGED):
        return {"changed": 0}
    return {"changed": statuses_announce(coop=coop)}


@task()
def daily_task() -> dict:
    """Once a day: check-ins that fall due, statuses that changed with the date alone, lost retries, old deliveries."""
    for coop in selectors.cooperatives_wanting(Event.STATUS_CHANGED):
        statuses_announce(coop=coop)
    return {"check_ins": check_ins_announce(), "requeued": deliveries_sweep()}


def _waiting(task_path: str, **kwargs) -> bool:
    """Such a task is queued and not started yet (one is enough: it reads the data when it runs)."""
    if settings.TASKS["default"]["BACKEND"] != "django_tasks_db.DatabaseBackend":
        return False
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.ready().filter(task_path=task_path)
    for name, value in kwargs.items():
        waiting = waiting.filter(**{f"args_kwargs__kwargs__{name}": value})
    return waiting.exists()


def enqueue_daily() -> bool:
    """Queue the daily task when some webhook is active and none is waiting; whether it was queued."""
    from rumbo.hooks.models import Webhook

    if not Webhook.objects.filter(active=True).exists() or _waiting(daily_task.module_path):
        return False
    daily_task.enqueue()
    return True


def _statuses_later(coop_id: int) -> None:
    if selectors.wanted(coop_id, Event.STATUS_CHANGED) and not _waiting(statuses_task.module_path, coop_id=coop_id):
        statuses_task.enqueue(coop_id=coop_id)


def on_kpi_data_changed(sender, *, cooperative_id: int, **kwargs) -> None:
    transaction.on_commit(lambda: _statuses_later(cooperative_id), robust=True)


def on_values_arrived(sender, *, cooperative_id: int, values: list[ArrivedValue], **kwargs) -> None:
    transaction.on_commit(lambda: values_announce(coop_id=cooperative_id, values=values), robust=True)
