"""A change sent again with the same Idempotency-Key and body within 24 h gets the first answer and writes nothing more."""

from datetime import date, timedelta

from django.utils import timezone

from rumbo.api.models import ApiActivity, IdempotentAnswer
from rumbo.kpis.models import Measurement
from rumbo.okrs.models import CheckIn
from tests.api.test_api import call

VALUES = "/c/coop-a/kpis/ventas_cerradas/values"


def test_a_retry_gets_the_first_answer_and_writes_nothing(client, cast, writer):
    body = [{"period": "2025-02-01", "value": "41"}]
    first = call(client, "post", VALUES, writer, data=body, HTTP_IDEMPOTENCY_KEY="caja-2025-02")
    Measurement.objects.filter(period=date(2025, 2, 1)).update(value=5)  # someone corrects it on the screen
    again = call(client, "post", VALUES, writer, data=body, HTTP_IDEMPOTENCY_KEY="caja-2025-02")
    assert first.status_code == again.status_code == 200
    assert first.json() == again.json() == {"created": 1, "updated": 0, "unchanged": 0}
    assert again["Idempotent-Replayed"] == "true"
    assert Measurement.objects.get(period=date(2025, 2, 1)).value == 5
    assert Measurement.history.filter(period=date(2025, 2, 1)).count() == 1


def test_the_same_key_with_another_body_is_refused(client, cast, writer):
    call(client, "post", VALUES, writer, data=[{"period": "2025-02-01", "value": "41"}], HTTP_IDEMPOTENCY_KEY="k1")
    other = call(
        client, "post", VALUES, writer, data=[{"period": "2025-02-01", "value": "42"}], HTTP_IDEMPOTENCY_KEY="k1"
    )
    assert other.status_code == 422 and other.json()["errors"][0]["field"] == "Idempotency-Key"
    assert Measurement.objects.get(period=date(2025, 2, 1)).value == 41


def test_after_24_hours_the_key_writes_again(client, cast, writer):
    path = f"/c/coop-a/okr/key-results/{cast.key_result.pk}/check-ins"
    body = {"value": "20", "confidence": 6, "date": str(timezone.localdate())}
    call(client, "post", path, writer, data=body, HTTP_IDEMPOTENCY_KEY="lunes")
    call(client, "post", path, writer, data={**body, "confidence": 7}, HTTP_IDEMPOTENCY_KEY="martes")
    IdempotentAnswer.objects.update(created_at=timezone.now() - timedelta(hours=25))
    CheckIn.objects.all().delete()
    response = call(client, "post", path, writer, data=body, HTTP_IDEMPOTENCY_KEY="lunes")
    assert response.status_code == 200 and "Idempotent-Replayed" not in response
    assert CheckIn.objects.count() == 1
    assert list(IdempotentAnswer.objects.values_list("key", flat=True)) == ["lunes"]  # the stale «martes» is gone


def test_a_refused_change_is_not_kept_and_can_be_sent_again(client, cast, writer):
    bad = [{"period": "2025-02-15", "value": "41"}]
    assert call(client, "post", VALUES, writer, data=bad, HTTP_IDEMPOTENCY_KEY="k2").status_code == 422
    assert not IdempotentAnswer.objects.exists()
    assert call(client, "post", VALUES, writer, data=bad, HTTP_IDEMPOTENCY_KEY="k2").status_code == 422


def test_keys_are_per_api_key_and_a_key_too_long_is_refused(client, cast, writer):
    from rumbo.api.services import token_create

    other = token_create(coop=cast.coop, name="Otra", can_write=True, user=cast.admin)[1]
    body = [{"period": "2025-02-01", "value": "41"}]
    call(client, "post", VALUES, writer, data=body, HTTP_IDEMPOTENCY_KEY="k3")
    second = call(client, "post", VALUES, other, data=body, HTTP_IDEMPOTENCY_KEY="k3")
    assert second.json() == {"created": 0, "updated": 0, "unchanged": 1} and "Idempotent-Replayed" not in second
    assert call(client, "post", VALUES, writer, data=body, HTTP_IDEMPOTENCY_KEY="x" * 256).status_code == 422
    assert ApiActivity.objects.filter(status=422).count() == 1


def test_a_retry_racing_the_first_request_is_rolled_back_and_gets_its_answer(client, cast, writer, monkeypatch):
    from rumbo.api import changes

    body = [{"period": "2025-02-01", "value": "41"}]
    first = call(client, "post", VALUES, writer, data=body, HTTP_IDEMPOTENCY_KEY="carrera")
    Measurement.objects.filter(period=date(2025, 2, 1)).update(value=5)
    looks = []

    def not_there_yet(token, key):  # as when both requests looked before either had committed
        looks.append(key)
        return None if len(looks) == 1 else IdempotentAnswer.objects.get(token=token, key=key)

    monkeypatch.setattr(changes, "_answer", not_there_yet)
    again = call(client, "post", VALUES, writer, data=body, HTTP_IDEMPOTENCY_KEY="carrera")
    assert again.status_code == 200 and again.json() == first.json() and again["Idempotent-Replayed"] == "true"
    assert Measurement.objects.get(period=date(2025, 2, 1)).value == 5  # the retry's own write was rolled back
