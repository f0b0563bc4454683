"""A push is capped (values per call, body size) and refused at once with a problem in Spanish; a push at the cap is stored whole."""

import json
from datetime import date, timedelta
from decimal import Decimal

import pytest

from rumbo.api.limits import MAX_BODY_BYTES, MAX_VALUES_PER_CALL
from rumbo.api.services import token_create
from rumbo.kpis.models import Kpi, Measurement

URL = "/api/v1/c/coop-a/kpis/acopio_diario/values"


@pytest.fixture
def writer(cast):
    return token_create(coop=cast.coop, name="Báscula", can_write=True, user=cast.admin)[1]


@pytest.fixture
def daily(cast):
    return Kpi.objects.create(
        cooperative=cast.coop, slug="acopio_diario", name="Acopio diario", unit="kg", area="produccion", frequency="day"
    )


def days(count: int, first: date = date(2010, 1, 1)) -> list[dict]:
    return [{"period": (first + timedelta(days=i)).isoformat(), "value": f"{i},5", "note": ""} for i in range(count)]


def push(client, key, body):
    data = body if isinstance(body, (str, bytes)) else json.dumps(body)
    return client.post(URL, data=data, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}")


def test_a_push_of_twenty_thousand_values_is_refused_at_once_and_writes_nothing(
    client, daily, writer, django_assert_max_num_queries
):
    with django_assert_max_num_queries(3):  # the key, its last use: no value is read or written
        response = push(client, writer, days(20_000))
    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["status"] == 422 and problem["title"]
    assert f"{MAX_VALUES_PER_CALL:,}".replace(",", ".") in problem["detail"] and "20.000" in problem["detail"]
    assert problem["errors"] == [{"loc": ["body"], "field": "body", "message": problem["detail"]}]
    assert not Measurement.objects.filter(kpi=daily).exists()


def test_too_many_values_are_refused_before_any_is_validated(client, daily, writer):
    response = push(client, writer, [{"period": "no es fecha"}] * (MAX_VALUES_PER_CALL + 1))
    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert error["loc"] == ["body"] and "5.001" in error["message"]


def test_a_body_over_the_size_cap_is_refused_with_413_in_json_before_it_is_read(client, daily, writer):
    body = json.dumps([{"period": "2010-01-01", "value": "1", "note": "x" * (MAX_BODY_BYTES + 10)}])
    response = push(client, writer, body)
    assert response.status_code == 413
    problem = response.json()
    assert problem["status"] == 413 and "5 MB" in problem["detail"]
    assert not Measurement.objects.filter(kpi=daily).exists()


def test_a_push_at_the_cap_stores_every_value_with_its_history(client, cast, daily, writer):
    body = days(MAX_VALUES_PER_CALL)
    response = push(client, writer, body)
    assert response.status_code == 200, response.content[:500]
    assert response.json() == {"created": MAX_VALUES_PER_CALL, "updated": 0, "unchanged": 0}
    stored = dict(Measurement.objects.filter(kpi=daily).values_list("period", "value"))
    assert len(stored) == MAX_VALUES_PER_CALL
    assert stored[date(2010, 1, 1) + timedelta(days=4321)] == Decimal("4321.5")
    history = Measurement.history.filter(kpi_id=daily.pk)
    assert history.count() == MAX_VALUES_PER_CALL
    assert set(history.values_list("source", "source_detail", "history_user_id").distinct()) == {
        ("api", "Báscula", cast.admin.pk)
    }

    body[7]["value"] = "99"
    again = push(client, writer, body)
    assert again.json() == {"created": 0, "updated": 1, "unchanged": MAX_VALUES_PER_CALL - 1}
    changed = Measurement.objects.get(kpi=daily, period=date(2010, 1, 8))
    assert (changed.value, changed.version) == (Decimal(99), 2)
    assert Measurement.history.filter(id=changed.pk).count() == 2


def test_a_push_at_the_cap_changing_every_value_stores_each_change_with_its_history(client, cast, daily, writer):
    assert push(client, writer, days(MAX_VALUES_PER_CALL)).status_code == 200
    corrected = [{**item, "value": f"{i}", "note": "corregido"} for i, item in enumerate(days(MAX_VALUES_PER_CALL))]
    response = push(client, writer, corrected)
    assert response.json() == {"created": 0, "updated": MAX_VALUES_PER_CALL, "unchanged": 0}
    rows = Measurement.objects.filter(kpi=daily)
    assert set(rows.values_list("version", "note", "source")) == {(2, "corregido", "api")}
    assert rows.get(period=date(2010, 1, 1) + timedelta(days=4321)).value == Decimal(4321)
    history = Measurement.history.filter(kpi_id=daily.pk)
    assert history.count() == 2 * MAX_VALUES_PER_CALL
    assert history.filter(history_type="~", value=Decimal(4321), version=2).count() == 1


def test_a_period_twice_in_one_push_is_refused_naming_both(client, daily, writer):
    response = push(
        client,
        writer,
        [
            {"period": "2010-01-01", "value": "1"},
            {"period": "2010-01-02", "value": "2"},
            {"period": "2010-01-01", "value": "3"},
        ],
    )
    assert response.status_code == 422
    assert "Valor 3 (2010-01-01)" in response.json()["detail"] and "valor 1" in response.json()["detail"]
    assert not Measurement.objects.filter(kpi=daily).exists()


def test_a_bad_value_deep_in_a_bulk_push_is_named_and_nothing_is_written(client, daily, writer):
    body = days(300)
    body[250]["value"] = "mucho"
    response = push(client, writer, body)
    assert response.status_code == 422
    problem = response.json()
    assert problem["detail"].startswith("Valor 251 (2010-09-08)")
    assert problem["errors"] == [{"loc": ["body", 250, "value"], "field": "value", "message": problem["detail"]}]
    assert not Measurement.objects.filter(kpi=daily).exists()
