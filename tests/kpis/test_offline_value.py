"""A value typed without signal, sent later: stored once by its entry id, never over someone else's change."""

import json
import uuid
from datetime import timedelta
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from rumbo.kpis.models import Measurement, SentEntry
from rumbo.kpis.services.offline import OFFLINE_DETAIL
from rumbo.kpis.services.values import value_record


def send(client, cast, **fields):
    body = {"entry_id": str(uuid.uuid4()), "period": "2025-02-01", "value": "1.250", "note": "", "version": ""}
    body |= fields
    url = reverse("kpis:offline_value", args=[cast.coop.slug, cast.kpi.pk])
    return client.post(url, json.dumps(body), content_type="application/json"), body


def test_a_value_sent_twice_is_stored_once_with_the_time_it_was_typed_and_the_note(as_editor, cast):
    typed = timezone.now() - timedelta(hours=3)
    first, body = send(as_editor, cast, entered_at=typed.isoformat())
    again = as_editor.post(first.request["PATH_INFO"], json.dumps(body), content_type="application/json")
    assert (first.status_code, again.status_code) == (200, 200)
    assert again.json() == {"status": "stored", "again": True}
    measurement = Measurement.objects.get(kpi=cast.kpi, period="2025-02-01")
    assert measurement.value == Decimal(1250)
    [history] = measurement.history.all()
    assert (history.history_date, history.source_detail, history.history_user) == (typed, OFFLINE_DETAIL, cast.editor)
    assert SentEntry.objects.get().user == cast.editor


def test_a_value_changed_meanwhile_is_not_overwritten_and_both_figures_are_told(as_editor, cast):
    typed = timezone.now() - timedelta(hours=1)  # offline since then
    value_record(kpi=cast.kpi, period=cast.measurement.period, value="1250", user=cast.admin, version=1)
    response, body = send(as_editor, cast, period="2025-01-01", value="36", version="1", entered_at=typed.isoformat())
    assert response.status_code == 409
    assert response.json() == {
        "status": "conflict",
        "message": "Mientras estaba sin conexión, otra persona guardó 1.250 ventas",
        "figure": "1.250 ventas",
        "version": 2,
    }
    assert Measurement.objects.get(pk=cast.measurement.pk).value == Decimal(1250)
    assert not SentEntry.objects.exists()
    # The person keeps theirs: the same entry, now on the version they were shown.
    kept = as_editor.post(
        response.request["PATH_INFO"], json.dumps(body | {"version": "2"}), content_type="application/json"
    )
    assert kept.json() == {"status": "stored", "version": 3}
    assert [h.value for h in Measurement.history.filter(id=cast.measurement.pk).order_by("history_id")] == [
        Decimal(35),
        Decimal(1250),
        Decimal(36),
    ]


def test_a_value_already_there_before_it_was_typed_is_named_as_such(as_editor, cast):
    response, _body = send(as_editor, cast, period="2025-01-01", value="36")
    assert response.status_code == 409
    assert response.json()["message"] == "Este periodo ya tenía 35 ventas cuando escribió su valor"


def test_a_clock_far_off_is_not_believed_for_the_history(as_editor, cast):
    send(as_editor, cast, entered_at=(timezone.now() + timedelta(days=3)).isoformat())
    history = Measurement.objects.get(kpi=cast.kpi, period="2025-02-01").history.get()
    assert abs(history.history_date - timezone.now()) < timedelta(minutes=5)


def test_a_value_the_form_refuses_is_refused_with_why_and_nothing_is_kept(as_editor, cast):
    response, _body = send(as_editor, cast, value="muchas")
    assert response.status_code == 400 and response.json()["status"] == "refused"
    bad_id = as_editor.post(
        reverse("kpis:offline_value", args=[cast.coop.slug, cast.kpi.pk]),
        json.dumps({"entry_id": "no"}),
        content_type="application/json",
    )
    assert bad_id.status_code == 400
    assert not SentEntry.objects.exists()


def test_the_viewer_and_the_outsider_cannot_send_values(as_viewer, cast, client):
    assert send(as_viewer, cast)[0].status_code == 403
    client.force_login(cast.outsider)
    assert send(client, cast)[0].status_code == 404
    assert not Measurement.objects.filter(period="2025-02-01").exists()
