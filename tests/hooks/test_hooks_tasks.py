"""The webhooks' background tasks: the daily look, lost retries queued again, one status check queued per write."""

import socket
from datetime import date, timedelta

import pytest
from django.utils import timezone

from rumbo.hooks import sending
from rumbo.hooks.events import Event
from rumbo.hooks.models import Delivery
from rumbo.hooks.services.announce import delivery_new
from rumbo.hooks.services.webhooks import webhook_create
from rumbo.hooks.tasks import daily_task, enqueue_daily, statuses_task
from rumbo.kpis.services.values import NewValue, values_record_many

pytestmark = pytest.mark.django_db
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def _queued(task):
    from django_tasks_db.models import DBTaskResult

    return list(DBTaskResult.objects.filter(task_path=task.module_path))


def test_the_daily_task_tells_due_check_ins_sends_lost_retries_and_drops_old_deliveries(
    cast, receiver, django_capture_on_commit_callbacks
):
    webhook = webhook_create(coop=cast.coop, user=cast.admin, url=receiver.url, events=[Event.CHECK_IN_DUE])
    lost = delivery_new(webhook, "ping", {})
    Delivery.objects.filter(pk=lost.pk).update(attempts=2, next_attempt_at=timezone.now() - timedelta(hours=3))
    old = delivery_new(webhook, "ping", {})
    Delivery.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=31), status="delivered")
    with django_capture_on_commit_callbacks(execute=True):
        result = daily_task.enqueue().return_value
    assert result == {"check_ins": 2, "requeued": 1}  # the cast's two key results have no check-in yet
    assert sorted(r.headers["X-Rumbo-Event"] for r in receiver.received) == ["check_in.due", "check_in.due", "ping"]
    assert Delivery.objects.get(pk=lost.pk).status == "delivered"
    assert not Delivery.objects.filter(pk=old.pk).exists()


def test_the_daily_task_is_queued_once_and_only_when_some_webhook_is_active(cast, settings):
    settings.TASKS = DATABASE_QUEUE
    assert not enqueue_daily()  # the cast's webhook is paused
    webhook_create(coop=cast.coop, user=cast.admin, url="https://erp.example.org/x", events=[Event.CHECK_IN_DUE])
    assert enqueue_daily()
    assert not enqueue_daily()  # one is waiting: several workers queue one
    assert len(_queued(daily_task)) == 1


def test_one_write_queues_one_status_check_and_none_without_a_status_webhook(
    cast, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DATABASE_QUEUE
    values = [NewValue(cast.kpi, date(2025, m, 1), str(m)) for m in (2, 3)]
    with django_capture_on_commit_callbacks(execute=True):
        values_record_many(values, user=cast.admin, source="api")
    assert _queued(statuses_task) == []
    webhook_create(coop=cast.coop, user=cast.admin, url="https://erp.example.org/x", events=[Event.STATUS_CHANGED])
    with django_capture_on_commit_callbacks(execute=True):
        values_record_many([NewValue(cast.kpi, date(2025, 4, 1), "4")], user=cast.admin, source="api")
        values_record_many([NewValue(cast.kpi, date(2025, 5, 1), "5")], user=cast.admin, source="api")
    (queued,) = _queued(statuses_task)
    assert queued.args_kwargs["kwargs"] == {"coop_id": cast.coop.pk}


def test_a_receiver_that_never_answers_is_given_up_on_after_the_timeout(monkeypatch):
    monkeypatch.setattr(sending, "TIMEOUT", 0.3)  # 5 s in production; the rule, not the wait, is under test
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)  # connections wait in the backlog: nobody ever reads or answers
        outcome = sending.post(f"http://127.0.0.1:{silent.getsockname()[1]}/", b"{}", {}, allow_private=True)
    assert (outcome.ok, outcome.code, outcome.error) == (False, None, sending.TIMED_OUT)


def test_a_worker_s_first_look_of_the_day_queues_the_webhooks_daily_task(cast, settings):
    from rumbo.cli.worker import refresh_on_a_new_day

    settings.TASKS = DATABASE_QUEUE
    webhook_create(coop=cast.coop, user=cast.admin, url="https://erp.example.org/x", events=[Event.CHECK_IN_DUE])
    today = refresh_on_a_new_day(None)
    assert len(_queued(daily_task)) == 1
    assert refresh_on_a_new_day(today) == today  # the same day: nothing more
    assert len(_queued(daily_task)) == 1
