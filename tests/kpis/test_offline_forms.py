"""A form sent with its phone's entry ids, whose answer was lost: sent again from the phone, it is stored once;
and the entry ids too old to come back are forgotten by the worker's daily pass."""

import json
import uuid
from datetime import date, timedelta
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from rumbo.cli.worker import refresh_on_a_new_day
from rumbo.kpis.models import Kpi, Measurement, SentEntry
from rumbo.kpis.services.offline import OFFLINE_DETAIL, OLDEST, sent_entries_prune
from rumbo.okrs.models import CheckIn


def sent_again(client, url, body):
    """What the phone sends later through the offline door, under the same entry id."""
    return client.post(url, json.dumps(body), content_type="application/json")


def test_a_value_form_stored_and_sent_again_from_the_phone_is_stored_once(as_editor, cast):
    entry_id = str(uuid.uuid4())
    form = {"period": "2025-02-01", "value": "1.250", "note": "", "version": "", "entry_id": entry_id}
    response = as_editor.post(reverse("kpis:kpi_value_add", args=[cast.coop.slug, cast.kpi.pk]), form)
    assert response.status_code == 302  # the answer as before (that the phone never got)
    again = sent_again(
        as_editor,
        reverse("kpis:offline_value", args=[cast.coop.slug, cast.kpi.pk]),
        form | {"entered_at": timezone.now().isoformat()},
    )
    assert again.json() == {"status": "stored", "again": True}
    measurement = Measurement.objects.get(kpi=cast.kpi, period="2025-02-01")
    assert measurement.value == Decimal(1250)
    [history] = measurement.history.all()
    assert history.source_detail != OFFLINE_DETAIL  # typed online, sent by the form
    assert SentEntry.objects.get().entry_id == uuid.UUID(entry_id)


def test_a_value_form_sent_again_after_the_phone_sent_it_is_stored_once(as_editor, cast):
    entry_id = str(uuid.uuid4())
    body = {"period": "2025-02-01", "value": "7", "note": "", "version": "", "entry_id": entry_id}
    first = sent_again(as_editor, reverse("kpis:offline_value", args=[cast.coop.slug, cast.kpi.pk]), body)
    assert first.json()["status"] == "stored", first.json()
    response = as_editor.post(reverse("kpis:kpi_value_add", args=[cast.coop.slug, cast.kpi.pk]), body | {"value": "8"})
    assert response.status_code == 302  # found: what the phone sent stands
    assert Measurement.objects.get(kpi=cast.kpi, period="2025-02-01").value == Decimal(7)


def test_updates_stored_and_sent_again_row_by_row_are_stored_once(as_editor, cast, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: date(2025, 3, 15))
    second = Kpi.objects.create(
        cooperative=cast.coop, slug="llamadas", name="Llamadas", area="ventas", owner=cast.editor, frequency="month"
    )
    ids = {cast.kpi: str(uuid.uuid4()), second: str(uuid.uuid4())}
    form = {f"k{cast.kpi.pk}-value": "41", f"k{second.pk}-value": "17,5"}
    form |= {f"k{kpi.pk}-entry_id": entry_id for kpi, entry_id in ids.items()}
    assert as_editor.post(reverse("kpis:my_updates", args=[cast.coop.slug]), form).status_code == 302
    for kpi, value in ((cast.kpi, "41"), (second, "17,5")):
        body = {"entry_id": ids[kpi], "period": "2025-02-01", "value": value, "note": "", "version": ""}
        again = sent_again(as_editor, reverse("kpis:offline_value", args=[cast.coop.slug, kpi.pk]), body)
        assert again.json() == {"status": "stored", "again": True}
    assert Measurement.objects.get(kpi=second, period="2025-02-01").history.count() == 1
    assert SentEntry.objects.count() == 2


def test_a_check_in_form_stored_and_sent_again_from_the_phone_is_stored_once(as_editor, cast):
    entry_id = str(uuid.uuid4())
    form = {"date": timezone.localdate().isoformat(), "value": "30", "confidence": "6", "comment": "Feria"}
    url = reverse("okrs:check_in", args=[cast.coop.slug, cast.key_result.pk])
    assert as_editor.post(url, form | {"entry_id": entry_id}).status_code == 302
    door = reverse("okrs:offline_check_in", args=[cast.coop.slug, cast.key_result.pk])
    again = sent_again(as_editor, door, form | {"entry_id": entry_id, "version": ""})
    assert again.json() == {"status": "stored", "again": True}
    assert CheckIn.objects.get(key_result=cast.key_result).history.count() == 1


def test_an_entry_typed_longer_ago_than_the_server_takes_is_refused(as_editor, cast):
    typed = timezone.now() - OLDEST - timedelta(hours=1)
    body = {"entry_id": str(uuid.uuid4()), "period": "2025-02-01", "value": "5", "entered_at": typed.isoformat()}
    response = sent_again(as_editor, reverse("kpis:offline_value", args=[cast.coop.slug, cast.kpi.pk]), body)
    assert response.status_code == 400
    assert response.json()["message"] == "Se escribió hace más de 60 días y ya no se acepta: vuelva a escribirlo."
    assert not Measurement.objects.filter(kpi=cast.kpi, period="2025-02-01").exists()
    assert not SentEntry.objects.exists()


def test_the_daily_pass_forgets_entry_ids_too_old_to_come_back(cast):
    now = timezone.now()
    for days in (OLDEST.days + 1, OLDEST.days - 1, 0):
        entry = SentEntry.objects.create(entry_id=uuid.uuid4(), cooperative=cast.coop, user=cast.editor, kind="value")
        SentEntry.objects.filter(pk=entry.pk).update(received_at=now - timedelta(days=days))
    refresh_on_a_new_day(None)
    assert sorted((now - e.received_at).days for e in SentEntry.objects.all()) == [0, OLDEST.days - 1]
    assert sent_entries_prune() == 0  # nothing more to forget
