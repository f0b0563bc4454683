"""Pushing a value its column cannot keep answers 422 with the reason in Spanish, never a server error."""

from datetime import date

import pytest

from rumbo.kpis.models import Measurement

URL = "/api/v1/c/coop-a/kpis/ventas_cerradas/values"


def push(client, key, body: str):
    return client.post(URL, body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}")


@pytest.mark.parametrize(
    "value",
    [
        "99999999999999.9999999",
        "-99999999999999.9999999",
        '"99999999999999,9999999"',
        '"-99.999.999.999.999,9999999"',
        "1e30",
        "99999999999999.97",
    ],
)
def test_a_value_that_rounds_out_of_its_column_is_refused_with_422(client, cast, writer, value):
    response = push(
        client, writer, f'[{{"period": "2025-01-01", "value": 35}}, {{"period": "2025-02-01", "value": {value}}}]'
    )
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert "Valor 2 (2025-02-01)" in detail and "demasiado grande" in detail
    assert not Measurement.objects.filter(period=date(2025, 2, 1)).exists()
    read = client.get(URL, HTTP_AUTHORIZATION=f"Bearer {writer}")
    assert read.status_code == 200 and read.json()["count"] == 1


def test_the_largest_value_that_fits_is_stored_and_read_back(client, cast, writer):
    response = push(client, writer, '[{"period": "2025-02-01", "value": -99999999999999.94}]')
    assert response.status_code == 200, response.content
    read = client.get(URL, HTTP_AUTHORIZATION=f"Bearer {writer}")
    assert read.status_code == 200 and read.json()["items"][-1]["value"].startswith("-99999999999999")
