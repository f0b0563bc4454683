"""A change of a shared KPI queues one push of its cooperative; the push publishes through the same ingest as a remote one."""

from datetime import date
from decimal import Decimal

import pytest

from rumbo.federation.models import Contribution, Figure
from rumbo.federation.tasks import figures_task, push_task
from rumbo.kpis.services.values import NewValue, values_record_many
from tests.federation.network import VOLUME, build, catalogue_kpi

pytestmark = pytest.mark.django_db
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def _queued(task):
    from django_tasks_db.models import DBTaskResult

    return list(DBTaskResult.objects.filter(task_path=task.module_path).ready())


def test_writes_to_a_sharing_cooperative_queue_one_push_and_others_none(settings):
    net = build(5)
    settings.TASKS = DATABASE_QUEUE
    kpi = net.kpi(0)
    values_record_many([NewValue(kpi, date(2025, 4, 1), "7")], user=None, source="import")
    values_record_many([NewValue(kpi, date(2025, 5, 1), "8")], user=None, source="import")
    (queued,) = _queued(push_task)
    assert queued.args_kwargs["kwargs"] == {"coop_id": net.coops[0].pk}
    assert not Contribution.objects.filter(member=net.members[0], period=date(2025, 5, 1)).exists()  # not yet run
    unshared = catalogue_kpi(net.coops[1], "cartera_vencida")  # a KPI it does not share: the push sends what it does
    values_record_many([NewValue(unshared, date(2025, 4, 1), "3")], user=None, source="import")
    assert len(_queued(push_task)) == 2  # one per cooperative, however many writes

    assert push_task.call(coop_id=net.coops[0].pk) == {"changed": 1}  # what the worker runs
    assert Contribution.objects.get(member=net.members[0], period=date(2025, 5, 1)).value == Decimal(8)
    (publish,) = _queued(figures_task)
    assert publish.args_kwargs["kwargs"] == {"federation_id": net.federation.pk, "template_slug": VOLUME}
    assert figures_task.call(federation_id=net.federation.pk, template_slug=VOLUME) == {"periods": 5, "published": 3}
    assert Figure.objects.get(template_slug=VOLUME, period=date(2025, 5, 1)).contributors == 1
    assert push_task.call(coop_id=net.coops[0].pk) == {"changed": 0}  # nothing new: nothing published anew
