"""The background recomputation of a cooperative's forecasts, lead checks and impacts, queued after each change of its data.

A page never computes them (a forecast costs a third of a second per KPI): a write to a KPI's
values, targets or definition sends `kpis.changes.kpi_data_changed`, and insight queues one
`insight_refresh_task` for that cooperative, unless one is already waiting. The task writes the
new rows in one transaction per kind, so a worker stopped half way leaves the old rows whole,
and running it twice changes nothing (what still holds is kept by its fingerprint).
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django_tasks import task

QUEUE = "default"
_held: ContextVar[set[int] | None] = ContextVar("insight_refreshes_held", default=None)


@task(queue_name=QUEUE)
def insight_refresh_task(coop_id: int) -> dict:
    """Recompute the cooperative's stale forecasts, lead checks and impact estimates; how many were computed and kept."""
    from rumbo.insight.services.refresh import insight_refresh  # numpy with it: only where a refresh runs
    from rumbo.orgs.models import Cooperative

    coop = Cooperative.objects.filter(pk=coop_id).first()
    if coop is None:
        return {"forecasts": 0, "lead_checks": 0, "impacts": 0}
    done = insight_refresh(coop=coop)
    return {
        "forecasts": done.forecasts.computed,
        "lead_checks": done.lead_checks.computed,
        "impacts": done.impacts.computed,
    }


def _queued_in_database() -> bool:
    return settings.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"


def refresh_waiting(coop_id: int) -> bool:
    """A refresh of this cooperative is queued and not started yet (one is enough: it reads the data when it runs)."""
    if not _queued_in_database():
        return False
    from django_tasks_db.models import DBTaskResult

    return (
        DBTaskResult.objects.ready()
        .filter(task_path=insight_refresh_task.module_path, args_kwargs__kwargs__coop_id=coop_id)
        .exists()
    )


def enqueue_refresh(coop_id: int) -> bool:
    """Queue one refresh of the cooperative's insight; False when one was already waiting."""
    if refresh_waiting(coop_id):
        return False
    insight_refresh_task.enqueue(coop_id=coop_id)
    return True


@contextmanager
def refreshes_held() -> Iterator[set[int]]:
    """Within it, a change of data queues no refresh: the cooperatives that changed are collected, and one refresh each
    is queued at the end. A loader that writes in many steps (the demo) pays one refresh, not one per step; it removes
    from the set a cooperative it refreshed itself."""
    changed: set[int] = set()
    token = _held.set(changed)
    try:
        yield changed
    finally:
        _held.reset(token)
    for coop_id in sorted(changed):
        enqueue_refresh(coop_id)


def on_kpi_data_changed(sender, *, cooperative_id: int, **kwargs) -> None:
    held = _held.get()
    if held is not None:
        held.add(cooperative_id)
    else:
        enqueue_refresh(cooperative_id)
