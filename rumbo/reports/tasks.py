"""The weekly digest as a background task, for `rumbo digest --queue` (cron enqueues, a worker sends)."""

from datetime import date

from django_tasks import task

from rumbo.reports.services.digest import digest_send


@task()
def digest_send_task(coop_id: int | None = None, day: str | None = None) -> dict:
    """Send this week's digest (of one cooperative, or all) to whoever has not had it; what was done.

    Sending is once per person, cooperative and week (`DigestSent`), so a retried task sends nothing twice.
    """
    from rumbo.orgs.models import Cooperative

    coop = Cooperative.objects.filter(pk=coop_id).first() if coop_id is not None else None
    if coop_id is not None and coop is None:
        return {"sent": 0, "already": 0, "errors": []}
    result = digest_send(today=date.fromisoformat(day) if day else None, coop=coop)
    return {"sent": result.sent, "already": result.already, "errors": result.errors}
