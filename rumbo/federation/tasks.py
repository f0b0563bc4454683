"""The background push of a cooperative's shared KPIs to its federations on this install, and the publishing of figures.

A write of a cooperative's KPI data sends `kpis.changes.kpi_data_changed`; when the cooperative
shares KPIs with a federation on this install, one `push_task` is queued (unless one is already
waiting). It builds the push each federation would receive over the API (`contributions_of`)
and ingests it, the same path a remote member's push takes. The templates whose contributions
changed queue one `figures_task` each, which publishes that template's figures anew.
"""

from django.conf import settings
from django_tasks import task

from rumbo.federation.models import Contribution, Federation, Figure, Member, MemberStatus, Share

QUEUE = "default"


def push_here(coop_id: int, *, publish_now: bool = False) -> int:
    """Push the cooperative's shared KPIs to each federation on this install it is an active member of.

    Returns how many templates changed; their figures are published in the background, or at once
    with `publish_now`.
    """
    from rumbo.federation.services.ingest import ingest
    from rumbo.federation.services.sharing import contributions_of

    changed = 0
    for member in Member.objects.filter(cooperative_id=coop_id, status=MemberStatus.ACTIVE).select_related(
        "cooperative", "federation__cooperative"
    ):
        assert member.cooperative is not None
        pushed = contributions_of(member.cooperative, member)
        changed += len(ingest(member, pushed, publish_now=publish_now).changed)
    return changed


@task(queue_name=QUEUE)
def push_task(coop_id: int) -> dict:
    """Push the cooperative's shared KPIs to its federations on this install (see `push_here`)."""
    return {"changed": push_here(coop_id)}


@task(queue_name=QUEUE)
def figures_task(federation_id: int, template_slug: str) -> dict:
    """Publish anew one template's figures of a federation."""
    from rumbo.federation.services.figures import figures_recompute

    federation = Federation.objects.select_related("cooperative").filter(pk=federation_id).first()
    if federation is None:
        return {"periods": 0, "published": 0}
    done = figures_recompute(federation=federation, template_slug=template_slug)
    return {"periods": done.periods, "published": done.published}


def _waiting(task_path: str, **kwargs: object) -> bool:
    if settings.TASKS["default"]["BACKEND"] != "django_tasks_db.DatabaseBackend":
        return False
    from django_tasks_db.models import DBTaskResult

    found = DBTaskResult.objects.ready().filter(task_path=task_path)
    for name, value in kwargs.items():
        found = found.filter(**{f"args_kwargs__kwargs__{name}": value})
    return found.exists()


def enqueue_push(coop_id: int) -> bool:
    """Queue one push of the cooperative's shared KPIs; False when one was already waiting."""
    if _waiting(push_task.module_path, coop_id=coop_id):
        return False
    push_task.enqueue(coop_id=coop_id)
    return True


def enqueue_figures(federation_id: int, template_slug: str) -> bool:
    """Queue the publishing of one template's figures; False when it was already waiting."""
    if _waiting(figures_task.module_path, federation_id=federation_id, template_slug=template_slug):
        return False
    figures_task.enqueue(federation_id=federation_id, template_slug=template_slug)
    return True


def on_values_changed(sender, *, cooperative_id: int, **kwargs) -> None:
    """A cooperative's KPI data changed: push its shared KPIs when it shares any with a federation on this install."""
    if Share.objects.filter(cooperative_id=cooperative_id, stopped_at__isnull=True, member__isnull=False).exists():
        enqueue_push(cooperative_id)


def on_local_units_changed(sender, *, cooperative_id: int, **kwargs) -> None:
    """A cooperative's own units changed: what it shares goes again, converted anew (`push_of`).

    When the organisation is a federation, its network KPIs may be shown in its own units: every
    template's figures are published anew, and its members on this install push again (a unit
    it did not know refused their values until now).
    """
    on_values_changed(sender, cooperative_id=cooperative_id)
    federation = Federation.objects.filter(cooperative_id=cooperative_id).first()
    if federation is None:
        return
    slugs = set(Contribution.objects.filter(member__federation=federation).values_list("template_slug", flat=True))
    slugs |= set(Figure.objects.filter(federation=federation).values_list("template_slug", flat=True))
    for slug in sorted(slugs):
        enqueue_figures(federation.pk, slug)
    sharing = Share.objects.filter(
        member__federation=federation, member__status=MemberStatus.ACTIVE, stopped_at__isnull=True
    )
    for coop_id in sorted(set(sharing.values_list("cooperative_id", flat=True))):
        enqueue_push(coop_id)


def on_kpi_saved(sender, instance, update_fields=None, **kwargs) -> None:
    """A shared KPI went to the bin or came back: push, so its figures leave the network or return to it."""
    binned = bool(update_fields) and "deleted_at" in update_fields
    if binned and Share.objects.filter(kpi_id=instance.pk, stopped_at__isnull=True, member__isnull=False).exists():
        enqueue_push(instance.cooperative_id)
