"""The JSON API: a key reads and writes only its own cooperative, all or nothing, in Spanish."""

import json
import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from rumbo.api.services import digest, token_revoke
from rumbo.kpis.models import Measurement


def call(client, method, path, key, **kwargs):
    return getattr(client, method)(
        f"/api/v1{path}", HTTP_AUTHORIZATION=f"Bearer {key}", content_type="application/json", **kwargs
    )


def test_a_key_lists_its_cooperatives_kpis_with_status_and_story(client, cast, reader):
    response = call(client, "get", "/c/coop-a/kpis", reader)
    assert response.status_code == 200
    [kpi] = response.json()["items"]
    assert kpi["slug"] == "ventas_cerradas" and kpi["status"] in {"on_track", "at_risk", "off_track", "no_data"}
    assert kpi["story"].startswith("Ventas cerradas por mes")


def test_pushing_values_creates_then_replaces_and_keeps_history(client, cast, writer):
    body = [{"period": "2025-02-01", "value": "41,5"}, {"period": "2025-01-01", "value": 35}]
    response = call(client, "post", "/c/coop-a/kpis/ventas_cerradas/values", writer, data=body)
    assert response.json() == {"created": 1, "updated": 0, "unchanged": 1}
    response = call(
        client, "post", "/c/coop-a/kpis/ventas_cerradas/values", writer, data=[{"period": "2025-02-01", "value": "42"}]
    )
    assert response.json() == {"created": 0, "updated": 1, "unchanged": 0}
    m = Measurement.objects.get(kpi=cast.kpi, period=date(2025, 2, 1))
    assert (m.value, m.source, m.source_detail) == (Decimal(42), "api", "Contabilidad")
    assert Measurement.history.filter(id=m.pk).count() == 2


def test_one_bad_value_writes_none_and_says_which(client, cast, writer):
    body = [{"period": "2025-02-01", "value": "41"}, {"period": "2025-03-15", "value": "7"}]
    response = call(client, "post", "/c/coop-a/kpis/ventas_cerradas/values", writer, data=body)
    assert response.status_code == 422
    assert (
        "Valor 2 (2025-03-15)" in response.json()["detail"]
        and "no es el inicio de un periodo" in response.json()["detail"]
    )
    assert not Measurement.objects.filter(period=date(2025, 2, 1)).exists()


@pytest.mark.parametrize(
    "period, shown", [("9999-12-01", "01/12/9999"), ("1899-12-01", "01/12/1899"), ("2101-01-01", "01/01/2101")]
)
def test_a_period_outside_1900_2100_is_a_422_naming_the_date_and_writes_nothing(client, cast, writer, period, shown):
    body = [{"period": "2025-02-01", "value": "41"}, {"period": period, "value": "7"}]
    response = call(client, "post", "/c/coop-a/kpis/ventas_cerradas/values", writer, data=body)
    assert response.status_code == 422
    problem = json.dumps(response.json(), ensure_ascii=False)  # whatever the problem's shape, the message is in it
    assert f"La fecha {shown} está fuera del rango admitido (1900–2100)." in problem
    assert not Measurement.objects.filter(kpi=cast.kpi).exclude(pk=cast.measurement.pk).exists()
    assert call(client, "get", "/c/coop-a/kpis/ventas_cerradas/values", writer).status_code == 200


def test_a_read_only_key_cannot_write(client, cast, reader):
    response = call(
        client, "post", "/c/coop-a/kpis/ventas_cerradas/values", reader, data=[{"period": "2025-02-01", "value": "1"}]
    )
    assert response.status_code == 403
    assert not Measurement.objects.filter(period=date(2025, 2, 1)).exists()


@pytest.mark.parametrize("path", ["/c/coop-b/kpis", "/c/coop-b/kpis/acopio/values", "/c/coop-a/kpis/acopio/values"])
def test_a_key_never_reaches_another_cooperative(client, cast, writer, path):
    assert call(client, "get", path, writer).status_code == 404
    assert call(client, "post", path, writer, data=[{"period": "2025-02-01", "value": "1"}]).status_code in (404, 405)


def test_every_route_refuses_a_missing_wrong_or_revoked_key(client, cast, writer):
    from rumbo.api.models import ApiToken
    from tests.api.routes import concrete_operations

    operations = concrete_operations(cast)
    assert len(operations) >= 16
    token_revoke(token=ApiToken.objects.get(key_hash=digest(writer)))
    for method, path in operations:
        for key in ("", "rumbo_nope", writer):
            assert call(client, method, path.removeprefix("/api/v1"), key).status_code == 401, (method, path, key)


def test_the_openapi_description_is_served_without_a_key(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["info"]["title"] == "Rumbo API"


def test_an_admin_creates_a_key_that_is_shown_once_and_can_revoke_it(as_admin, cast):
    from rumbo.api.models import ApiToken

    response = as_admin.post(reverse("api_tokens", args=[cast.coop.slug]), {"name": "Báscula", "can_write": "on"})
    key = re.search(r'<code class="key">(rumbo_[^<]+)</code>', response.text).group(1)
    assert key not in as_admin.get(reverse("api_tokens", args=[cast.coop.slug])).text
    token = ApiToken.objects.get(name="Báscula")
    as_admin.post(reverse("api_token_remove", args=[cast.coop.slug, token.pk]))
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_an_editor_cannot_manage_keys(as_editor, cast):
    assert as_editor.get(reverse("api_tokens", args=[cast.coop.slug])).status_code == 403


def test_the_kpi_list_gives_each_kpi_the_outlook_its_story_tells(client, cast, reader, monkeypatch):
    from rumbo.engine.status.phrases import share_percent
    from tests.insight.helpers import cached_forecast

    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: date(2025, 3, 15))
    [paced] = call(client, "get", "/c/coop-a/kpis", reader).json()["items"]
    outlook = paced["outlook"]
    assert (outlook["source"], outlook["span_start"], outlook["span_end"]) == ("pace", "2025-01-01", "2026-12-31")
    assert outlook["share_low"] is None and outlook["probability"] is None
    assert f"cerrará en {share_percent(Decimal(str(outlook['share'])))} de la meta" in paced["story"]

    cached_forecast(cast.kpi, today=date(2025, 3, 15))
    [forecast] = call(client, "get", "/c/coop-a/kpis", reader).json()["items"]
    outlook = forecast["outlook"]
    assert outlook["source"] == "forecast"
    assert [Decimal(str(outlook[k])) for k in ("share", "share_low", "share_high")] == [
        Decimal("0.88"),
        Decimal("0.8"),
        Decimal("0.95"),
    ]
    assert "Al ritmo actual llegará a ~88\u00a0% de la meta (entre 80\u00a0% y 95\u00a0%)." in forecast["story"]
    assert "cerrará en" not in forecast["story"]
