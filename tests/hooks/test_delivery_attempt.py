"""Deliveries reach a real server on 127.0.0.1: signed JSON, retried with back-off, never sent where they must not go."""

import hashlib
import hmac
import json
from datetime import timedelta

import pytest
from django.utils import timezone

from rumbo.hooks.events import Event
from rumbo.hooks.models import Delivery
from rumbo.hooks.sending import PRIVATE, REFUSED, SCHEME, Refused, check_address, post
from rumbo.hooks.services.announce import delivery_new
from rumbo.hooks.services.deliveries import BACKOFF, delivery_attempt
from rumbo.hooks.services.webhooks import webhook_create, webhook_ping
from tests.resolver import resolving

pytestmark = pytest.mark.django_db


def _webhook(cast, url, events=(Event.VALUE_ARRIVED,)):
    return webhook_create(coop=cast.coop, user=cast.admin, url=url, events=list(events))


def test_a_test_ping_reaches_the_server_as_signed_json(cast, receiver, django_capture_on_commit_callbacks):
    webhook = _webhook(cast, receiver.url)
    with django_capture_on_commit_callbacks(execute=True):
        delivery = webhook_ping(webhook=webhook)
    (got,) = receiver.received
    assert got.path == "/rumbo"
    assert got.headers["Content-Type"] == "application/json"
    assert got.headers["X-Rumbo-Event"] == "ping"
    assert got.headers["X-Rumbo-Delivery"] == str(delivery.uid)
    timestamp = got.headers["X-Rumbo-Timestamp"]
    assert abs(int(timestamp) - timezone.now().timestamp()) < 600
    expected = hmac.new(webhook.secret.encode(), f"{timestamp}.".encode() + got.body, hashlib.sha256).hexdigest()
    assert got.headers["X-Rumbo-Signature"] == f"sha256={expected}"
    body = json.loads(got.body)
    assert body["event"] == "ping" and body["id"] == str(delivery.uid)
    assert body["cooperative"] == {"slug": "coop-a", "name": "Cooperativa A"}
    delivery.refresh_from_db()
    assert (delivery.status, delivery.response_code, delivery.attempts, delivery.error) == ("delivered", 200, 1, "")


def test_a_signature_made_with_another_secret_does_not_match(cast, receiver, django_capture_on_commit_callbacks):
    webhook = _webhook(cast, receiver.url)
    with django_capture_on_commit_callbacks(execute=True):
        webhook_ping(webhook=webhook)
    (got,) = receiver.received
    timestamp = got.headers["X-Rumbo-Timestamp"]
    forged = hmac.new(b"whsec_other", f"{timestamp}.".encode() + got.body, hashlib.sha256).hexdigest()
    assert got.headers["X-Rumbo-Signature"] != f"sha256={forged}"


def test_a_500_is_retried_after_1_5_30_120_and_720_minutes_then_failed(cast, receiver):
    receiver.answers = [500]
    delivery = delivery_new(_webhook(cast, receiver.url), "ping", {})
    now = timezone.now()
    for attempt, wait in enumerate(BACKOFF, start=1):
        delivery = delivery_attempt(delivery_id=delivery.pk, now=now)
        assert (delivery.status, delivery.attempts, delivery.response_code) == ("pending", attempt, 500)
        assert delivery.next_attempt_at == now + wait
        now = delivery.next_attempt_at
    assert [w.total_seconds() / 60 for w in BACKOFF] == [1, 5, 30, 120, 720]
    delivery = delivery_attempt(delivery_id=delivery.pk, now=now)
    assert (delivery.status, delivery.attempts, delivery.next_attempt_at) == ("failed", 6, None)
    assert len(receiver.received) == 6
    assert delivery_attempt(delivery_id=delivery.pk).attempts == 6  # a failed delivery is not tried again
    assert len(receiver.received) == 6


def test_a_refused_connection_is_retried_and_a_later_attempt_delivers(cast, receiver, closed_port):
    webhook = _webhook(cast, f"http://127.0.0.1:{closed_port}/rumbo")
    delivery = delivery_new(webhook, "ping", {})
    now = timezone.now()
    delivery = delivery_attempt(delivery_id=delivery.pk, now=now)
    assert (delivery.status, delivery.attempts, delivery.error, delivery.response_code) == ("pending", 1, REFUSED, None)
    assert delivery.next_attempt_at == now + timedelta(minutes=1)
    webhook.url = receiver.url  # the receiver is back, at its address
    webhook.save()
    delivery = delivery_attempt(delivery_id=delivery.pk, now=delivery.next_attempt_at)
    assert (delivery.status, delivery.attempts, delivery.error) == ("delivered", 2, "")
    assert len(receiver.received) == 1


def test_a_retry_is_queued_to_run_after_the_back_off(cast, receiver, settings, django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }  # as in production
    receiver.answers = [500]
    delivery = delivery_new(_webhook(cast, receiver.url), "ping", {})
    with django_capture_on_commit_callbacks(execute=True):
        delivery = delivery_attempt(delivery_id=delivery.pk)
    (queued,) = DBTaskResult.objects.filter(task_path="rumbo.hooks.tasks.deliver_task")
    assert queued.args_kwargs["kwargs"]["delivery_id"] == delivery.pk
    assert queued.run_after == delivery.next_attempt_at == delivery.last_attempt_at + timedelta(minutes=1)


def test_a_redirect_to_another_host_is_not_followed(receiver):
    receiver.answers = [307]
    receiver.location = f"http://localhost:{receiver.port}/elsewhere"
    outcome = post(receiver.url, b"{}", {}, allow_private=True)
    assert (outcome.ok, outcome.code) == (False, 307)
    assert [r.path for r in receiver.received] == ["/rumbo"]


def test_a_redirect_on_the_same_host_is_followed_with_the_same_body(receiver):
    receiver.answers = [308, 200]
    receiver.location = "/moved"
    outcome = post(receiver.url, b'{"a":1}', {"Content-Type": "application/json"}, allow_private=True)
    assert (outcome.ok, outcome.code) == (True, 200)
    assert [(r.path, r.body) for r in receiver.received] == [("/rumbo", b'{"a":1}'), ("/moved", b'{"a":1}')]


@pytest.mark.parametrize(
    "url", ["ftp://example.org/x", "file:///etc/passwd", "gopher://x", "http://user:pw@example.org/"]
)
def test_only_http_and_https_addresses_are_accepted(url):
    with pytest.raises(Refused) as refused:
        check_address(url, allow_private=True)
    assert refused.value.args[0] == SCHEME


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1/", "http://10.1.2.3/", "http://192.168.1.1/", "http://[::1]/", "http://localhost/"]
)
def test_private_and_loopback_addresses_are_refused_unless_allowed(url):
    with pytest.raises(Refused) as refused:
        check_address(url, allow_private=False)
    assert refused.value.args[0] == PRIVATE
    check_address(url, allow_private=True)


def test_without_the_setting_nothing_is_sent_to_127_0_0_1(cast, receiver, settings):
    delivery = delivery_new(_webhook(cast, receiver.url), "ping", {})
    settings.RUMBO_ALLOW_PRIVATE_ADDRESSES = False
    delivery = delivery_attempt(delivery_id=delivery.pk)
    assert (delivery.status, delivery.error) == ("pending", PRIVATE)
    assert receiver.received == []


def test_a_name_that_resolves_into_the_private_network_is_sent_to_only_with_the_setting(
    cast, receiver, settings, monkeypatch
):
    url = f"http://erp.example.org:{receiver.port}/rumbo"
    delivery = delivery_new(_webhook(cast, url), "ping", {})
    asked = resolving(monkeypatch, {"erp.example.org": ["127.0.0.1"]})
    settings.RUMBO_ALLOW_PRIVATE_ADDRESSES = False
    delivery = delivery_attempt(delivery_id=delivery.pk)
    assert (delivery.status, delivery.error) == ("pending", PRIVATE)
    assert receiver.received == [] and asked == ["erp.example.org"]  # told by the address, not by the name
    settings.RUMBO_ALLOW_PRIVATE_ADDRESSES = True
    delivery = delivery_attempt(delivery_id=delivery.pk)
    assert (delivery.status, delivery.error) == ("delivered", "")
    assert receiver.received[0].headers["Host"] == f"erp.example.org:{receiver.port}"


def test_a_paused_webhook_keeps_its_deliveries_until_resumed(cast, receiver, django_capture_on_commit_callbacks):
    from rumbo.hooks.services.webhooks import webhook_set_active

    webhook = _webhook(cast, receiver.url)
    webhook_set_active(webhook=webhook, active=False)
    delivery = delivery_new(webhook, Event.VALUE_ARRIVED, {"values": []})
    assert delivery_attempt(delivery_id=delivery.pk).attempts == 0
    assert receiver.received == []
    with django_capture_on_commit_callbacks(execute=True):
        webhook_set_active(webhook=webhook, active=True)
    assert Delivery.objects.get(pk=delivery.pk).status == "delivered"
    assert len(receiver.received) == 1
