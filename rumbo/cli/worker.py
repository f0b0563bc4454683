"""`rumbo worker`: run the queued background tasks (forecasts, lead checks, the digest), on any machine sharing the database.

The queue is a table of the database (django-tasks-db), so a worker needs nothing but the
database: one runs beside the web server (`rumbo serve`), more run with `rumbo worker` on this
or other machines sharing PostgreSQL. Each task is claimed by one worker in a transaction.

A task whose worker died while running it (killed, or its machine stopped) is queued again:
at once when the worker was on this machine and its process is gone, otherwise once it has
run longer than the lease (`RUMBO_TASK_LEASE_SECONDS`, 30 minutes by default). Rumbo's tasks
write their rows in one transaction and running one twice changes nothing, so a retry is safe.
"""

import logging
import os
import socket
import time
from datetime import date, timedelta

import click

from rumbo.cli import main, setup_django

log = logging.getLogger("rumbo.worker")


def _host() -> str:
    return socket.gethostname()[:40]


def worker_id() -> str:
    """This process's name in the queue: its machine and process id, and a few random letters (at most 64 characters)."""
    return f"{_host()}:{os.getpid()}:{os.urandom(3).hex()}"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _dead_here(worker: str) -> bool:
    host, _sep, rest = worker.rpartition(":")[0].rpartition(":")
    return host == _host() and rest.isdigit() and not _alive(int(rest))


def requeue_abandoned(*, lease_seconds: int, own: str = "") -> int:
    """Queue again the tasks left running by a worker that is gone; how many."""
    from django.db import transaction
    from django.utils import timezone
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    expired = timezone.now() - timedelta(seconds=lease_seconds)
    again = 0
    with transaction.atomic():
        for row in DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).select_for_update():
            last = row.worker_ids[-1] if row.worker_ids else ""
            if last != own and (_dead_here(last) or (row.started_at is not None and row.started_at < expired)):
                row.status, row.started_at = TaskResultStatus.READY, None
                row.save(update_fields=["status", "started_at"])
                log.warning("Task %s left running by %s: queued again", row.id, last)
                again += 1
    return again


def refresh_on_a_new_day(last: date | None) -> date:
    """On a worker's first look at the queue each day (and when it starts), queue a refresh of every cooperative:
    a new period makes forecasts stale with no write, and no cron is needed on a one-machine site (`make run`)."""
    from django.utils import timezone

    today = timezone.localdate()
    if last != today:
        from rumbo.insight.tasks import enqueue_refresh
        from rumbo.orgs import editions
        from rumbo.orgs.models import Cooperative

        for pk in Cooperative.objects.order_by("pk").values_list("pk", flat=True):
            enqueue_refresh(pk)  # none when one already waits: several workers queue one
        editions.prune()  # yesterday's pages are no longer asked for
        from rumbo.kpis.services.offline import sent_entries_prune

        sent_entries_prune()  # ids of entries too old to be sent again
        from rumbo.hooks.tasks import enqueue_daily

        enqueue_daily()  # webhooks: check-ins due today, told once however many workers queue it
        from rumbo.federation.remote.tasks import enqueue_pending

        enqueue_pending()  # pushes to federations on other Rumbos that have not arrived yet (one waiting per link)
    return today


def run_worker(*, interval: float, parent: int | None = None, max_tasks: int | None = None) -> None:
    """Run tasks until stopped (SIGTERM or Ctrl+C finish the task at hand first), or until `parent` is gone."""
    from django_tasks_db.management.commands.db_worker import Worker

    lease = int(os.environ.get("RUMBO_TASK_LEASE_SECONDS", 30 * 60))
    me = worker_id()
    logging.getLogger("django_tasks_db").setLevel(logging.WARNING)  # not a line per empty look at the queue
    worker = Worker(
        queue_names=["*"],
        interval=interval,
        batch=True,  # each pass runs what is queued, then returns here to look after abandoned tasks
        backend_name="default",
        startup_delay=False,
        max_tasks=max_tasks,
        worker_id=me,
        excluded_queue_names=[],
    )
    worker.configure_signals()
    log.info("Worker %s started", me)
    day = None
    while worker.running:
        if parent is not None and os.getppid() != parent:
            return  # the server that started this worker stopped
        requeue_abandoned(lease_seconds=lease, own=me)
        day = refresh_on_a_new_day(day)
        worker.run()
        if max_tasks is not None and worker._run_tasks >= max_tasks:
            return
        if worker.running:
            time.sleep(interval)


@main.command("worker")
@click.option("--interval", default=1.0, show_default=True, type=float, help="Segundos entre miradas a la cola vacía.")
@click.option("--parent", type=int, hidden=True, help="Terminar cuando termine este proceso (rumbo serve).")
@click.option("--max-tasks", type=click.IntRange(min=1), help="Terminar después de tantas tareas.")
def worker_command(interval: float, parent: int | None, max_tasks: int | None) -> None:
    """Ejecutar las tareas en segundo plano (pronósticos, pruebas, resumen semanal); tantos como se quiera."""
    setup_django()
    run_worker(interval=interval, parent=parent, max_tasks=max_tasks)
