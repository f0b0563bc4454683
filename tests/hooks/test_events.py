"""The three events: «llegó un valor» per write, «un KPI cambió de estado» once per change, «toca un check-in» once per due date."""

import json
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from rumbo.engine.timeline.periods import shift
from rumbo.hooks.events import Event
from rumbo.hooks.models import Delivery
from rumbo.hooks.services.announce import check_ins_announce, statuses_announce
from rumbo.hooks.services.webhooks import webhook_create
from rumbo.kpis.models import Target
from rumbo.kpis.readings import read_board
from rumbo.kpis.services.values import NewValue, value_record, values_record_many
from rumbo.okrs.models import CheckIn
from tests.factories import make_kpi

pytestmark = pytest.mark.django_db


def _webhook(coop, user, url, *events):
    return webhook_create(coop=coop, user=user, url=url, events=list(events))


def _bodies(receiver, event):
    return [json.loads(r.body) for r in receiver.received if r.headers["X-Rumbo-Event"] == event]


def test_one_write_of_many_values_is_one_event_listing_them(cast, receiver, django_capture_on_commit_callbacks):
    _webhook(cast.coop, cast.admin, receiver.url, Event.VALUE_ARRIVED)
    values = [NewValue(cast.kpi, date(2025, 2, 1), "41"), NewValue(cast.kpi, date(2025, 3, 1), "1.234,5")]
    with django_capture_on_commit_callbacks(execute=True):
        values_record_many(values, user=cast.admin, source="api")
    (body,) = _bodies(receiver, Event.VALUE_ARRIVED)
    kpi = {"id": cast.kpi.pk, "slug": "ventas_cerradas", "name": "Ventas cerradas por mes", "unit": "ventas"}
    assert body["data"]["values"] == [
        {"kpi": kpi, "period": "2025-02-01", "value": "41", "source": "api"},
        {"kpi": kpi, "period": "2025-03-01", "value": "1234.5", "source": "api"},
    ]
    with django_capture_on_commit_callbacks(execute=True):
        values_record_many(values, user=cast.admin, source="api", overwrite=True)  # the same figures: nothing arrived
    assert len(_bodies(receiver, Event.VALUE_ARRIVED)) == 1


def test_nothing_is_delivered_for_another_cooperative(cast, receiver, django_capture_on_commit_callbacks):
    _webhook(cast.other_coop, cast.outsider, receiver.url, *Event.values)
    with django_capture_on_commit_callbacks(execute=True):
        value_record(kpi=cast.kpi, period=date(2025, 2, 1), value="99", user=cast.admin)
    assert receiver.received == []
    assert not Delivery.objects.filter(webhook__cooperative=cast.other_coop).exists()
    with django_capture_on_commit_callbacks(execute=True):
        value_record(kpi=cast.other_kpi, period=date(2025, 2, 1), value="7", user=cast.outsider)
    (body,) = _bodies(receiver, Event.VALUE_ARRIVED)
    assert body["cooperative"]["slug"] == "coop-b" and body["data"]["values"][0]["kpi"]["id"] == cast.other_kpi.pk


def test_a_write_succeeds_when_the_receiver_is_down(cast, closed_port, django_capture_on_commit_callbacks):
    _webhook(cast.coop, cast.admin, f"http://127.0.0.1:{closed_port}/", Event.VALUE_ARRIVED)
    with django_capture_on_commit_callbacks(execute=True):
        recorded = value_record(kpi=cast.kpi, period=date(2025, 2, 1), value="41", user=cast.admin)
    assert recorded.created and cast.kpi.measurements.filter(period=date(2025, 2, 1)).exists()
    (delivery,) = Delivery.objects.filter(event=Event.VALUE_ARRIVED)
    assert (delivery.status, delivery.attempts, delivery.error) == ("pending", 1, "Conexión rechazada")


def test_a_status_change_is_told_once_per_change(cast, receiver, django_capture_on_commit_callbacks):
    today = timezone.localdate()
    period = shift(date(today.year, today.month, 1), "month", -1)  # the last whole month
    kpi = make_kpi(cast.coop, "compradores", "Compradores nuevos", unit="personas", aggregation="sum")
    Target.objects.create(kpi=kpi, start=date(period.year, 1, 1), end=date(period.year, 12, 31), value=Decimal(40))
    _webhook(cast.coop, cast.admin, receiver.url, Event.STATUS_CHANGED)  # today's statuses are the ones told
    status = read_board(cast.coop, today=today).reading(kpi).status
    expected = []
    for value in ("100", "1", "2", "100"):
        current = kpi.measurements.filter(period=period).first()
        with django_capture_on_commit_callbacks(execute=True):
            value_record(
                kpi=kpi, period=period, value=value, user=cast.admin, version=current.version if current else None
            )
        now = read_board(cast.coop, today=today).reading(kpi).status
        if now != status:
            expected.append((str(status), str(now)))
        status = now
    assert len(expected) >= 2  # 1 after 100 falls off track or at risk, and 100 after 2 brings it back
    bodies = _bodies(receiver, Event.STATUS_CHANGED)
    assert [(b["data"]["previous_status"], b["data"]["status"]) for b in bodies] == expected
    assert bodies[-1]["data"]["kpi"]["id"] == kpi.pk and bodies[-1]["data"]["value"] == "100"
    assert set(bodies[-1]["data"]["story"]) == {"es", "en"}
    assert statuses_announce(coop=cast.coop, today=today) == 0  # checked again: nothing new to tell
    assert len(_bodies(receiver, Event.STATUS_CHANGED)) == len(expected)


def test_a_new_webhook_is_not_told_every_status_at_once(cast, receiver, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _webhook(cast.coop, cast.admin, receiver.url, Event.STATUS_CHANGED)
        statuses_announce(coop=cast.coop)
    assert receiver.received == []


def test_a_due_check_in_is_told_once_per_due_date(cast, receiver, django_capture_on_commit_callbacks):
    _webhook(cast.coop, cast.admin, receiver.url, Event.CHECK_IN_DUE)
    start = cast.okr_cycle.start
    CheckIn.objects.create(key_result=cast.key_result, date=start, value=Decimal(12), confidence=7)
    with django_capture_on_commit_callbacks(execute=True):
        assert check_ins_announce(today=start + timedelta(days=3)) == 1  # the key result without any check-in
        assert check_ins_announce(today=start + timedelta(days=4)) == 0  # told already
    (body,) = _bodies(receiver, Event.CHECK_IN_DUE)
    assert body["data"]["key_result"] == {"id": cast.kpi_key_result.pk, "title": "Ventas cerradas"}
    assert body["data"]["due_on"] == start.isoformat() and body["data"]["last_check_in"] is None
    assert body["data"]["owner"] == "Beto"
    with django_capture_on_commit_callbacks(execute=True):
        assert check_ins_announce(today=start + timedelta(days=7)) == 1  # a week after the first one's check-in
        assert check_ins_announce(today=start + timedelta(days=8)) == 0
    second = _bodies(receiver, Event.CHECK_IN_DUE)[1]["data"]
    assert second["key_result"]["id"] == cast.key_result.pk
    assert (second["due_on"], second["last_check_in"]) == ((start + timedelta(days=7)).isoformat(), start.isoformat())


def test_a_paused_webhook_and_an_unchosen_event_send_nothing(cast, receiver, django_capture_on_commit_callbacks):
    from rumbo.hooks.services.webhooks import webhook_set_active

    paused = _webhook(cast.coop, cast.admin, receiver.url, Event.VALUE_ARRIVED)
    webhook_set_active(webhook=paused, active=False)
    _webhook(cast.coop, cast.admin, receiver.url, Event.CHECK_IN_DUE)
    with django_capture_on_commit_callbacks(execute=True):
        value_record(kpi=cast.kpi, period=date(2025, 2, 1), value="41", user=cast.admin)
    assert receiver.received == []
    assert Delivery.objects.filter(webhook__cooperative=cast.coop, event=Event.VALUE_ARRIVED).count() == 0
