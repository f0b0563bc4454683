"""A check-in typed without signal, sent later: stored once, in the history with the note, never over another's."""

import json
import uuid
from datetime import timedelta
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from rumbo.accounts.models import User
from rumbo.kpis.models import SentEntry
from rumbo.kpis.services.offline import OFFLINE_DETAIL
from rumbo.okrs.models import CheckIn
from rumbo.okrs.services.check_ins import check_in_record


def send(client, cast, **fields):
    today = timezone.localdate()
    body = {"entry_id": str(uuid.uuid4()), "date": today.isoformat(), "value": "20", "confidence": "7"}
    body |= {"comment": "sin señal", "version": "", "entered_at": (timezone.now() - timedelta(hours=1)).isoformat()}
    body |= fields
    url = reverse("okrs:offline_check_in", args=[cast.coop.slug, cast.key_result.pk])
    return client.post(url, json.dumps(body), content_type="application/json"), body


def test_a_check_in_sent_twice_is_stored_once_with_the_note_in_its_history(as_editor, cast):
    first, body = send(as_editor, cast)
    again = as_editor.post(first.request["PATH_INFO"], json.dumps(body), content_type="application/json")
    assert (first.status_code, again.json()) == (200, {"status": "stored", "again": True})
    check_in = CheckIn.objects.get(key_result=cast.key_result)
    assert (check_in.value, check_in.confidence) == (Decimal(20), 7)
    [history] = check_in.history.all()
    assert history.history_change_reason == OFFLINE_DETAIL
    assert history.history_date.isoformat() == body["entered_at"]
    assert SentEntry.objects.get().kind == "check_in"


def test_a_check_in_of_the_same_day_by_someone_else_is_not_replaced(as_editor, cast):
    check_in_record(key_result=cast.key_result, on=timezone.localdate(), confidence=4, value="30", user=cast.admin)
    response, body = send(as_editor, cast)
    assert response.status_code == 409
    assert response.json()["message"] == "Mientras estaba sin conexión, otra persona guardó 30"
    assert CheckIn.objects.get(key_result=cast.key_result).confidence == 4
    kept = as_editor.post(
        response.request["PATH_INFO"],
        json.dumps(body | {"version": str(response.json()["version"])}),
        content_type="application/json",
    )
    assert kept.status_code == 200
    assert CheckIn.objects.get(key_result=cast.key_result).confidence == 7


def test_the_outsider_cannot_send_a_check_in(client, cast):
    client.force_login(cast.outsider)
    assert send(client, cast)[0].status_code == 404
    assert not CheckIn.objects.filter(key_result=cast.key_result).exists()


def test_the_objective_page_says_which_check_ins_were_sent_after_being_offline(as_editor, cast):
    send(as_editor, cast)
    check_in_record(
        key_result=cast.key_result,
        on=timezone.localdate() - timedelta(days=1),
        confidence=5,
        value="10",
        user=cast.admin,
    )
    url = reverse("okrs:objective_detail", args=[cast.coop.slug, cast.key_result.objective_id])
    page = as_editor.get(url).content.decode()
    assert page.count("enviado sin conexión") == 1
    User.objects.filter(pk=cast.editor.pk).update(language="en")
    english = as_editor.get(url).content.decode()
    assert english.count("sent after being offline") == 1
