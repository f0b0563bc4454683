"""Every error the API returns is one JSON problem shape, in Spanish, or in English when asked."""

import pytest

from rumbo.accounts.models import User
from rumbo.api.services import digest, token_create, token_revoke

PROBLEM_KEYS = {"title", "status", "detail", "errors"}


def call(client, method, path, key=None, body="[]", **headers):
    if key is not None:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {key}"
    if method in ("post", "put", "patch"):
        return getattr(client, method)(path, data=body, content_type="application/json", **headers)
    return getattr(client, method)(path, **headers)


def problem_of(response, status: int) -> dict:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/problem+json"), response["Content-Type"]
    problem = response.json()
    assert set(problem) == PROBLEM_KEYS and problem["status"] == status
    assert problem["title"] and problem["detail"] and isinstance(problem["errors"], list)
    return problem


KPIS = "/api/v1/c/coop-a/kpis"
VALUES = "/api/v1/c/coop-a/kpis/ventas_cerradas/values"


def test_a_missing_key_gets_401_in_spanish(client, cast):
    problem = problem_of(call(client, "get", KPIS), 401)
    assert "Authorization: Bearer" in problem["detail"] and "Unauthorized" not in problem["detail"]


def test_a_wrong_or_revoked_key_gets_401_in_spanish(client, cast, writer):
    from rumbo.api.models import ApiToken

    assert "no es válida" in problem_of(call(client, "get", KPIS, "rumbo_nope"), 401)["detail"]
    token_revoke(token=ApiToken.objects.get(key_hash=digest(writer)))
    response = call(client, "get", KPIS, writer)
    assert "revocada" in problem_of(response, 401)["detail"]
    assert response["WWW-Authenticate"] == "Bearer"


def test_a_read_only_key_gets_403(client, cast, reader):
    problem = problem_of(call(client, "post", VALUES, reader, '[{"period": "2025-02-01", "value": "1"}]'), 403)
    assert "solo puede leer" in problem["detail"]


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/c/coop-b/kpis",
        "/api/v1/c/coop-b/kpis/acopio/values",
        "/api/v1/c/coop-a/kpis/acopio/values",
        "/api/v1/no-existe",
        "/api/otra-version/kpis",
        "/api/",
        "/api",
    ],
)
def test_not_found_is_a_json_problem_for_other_cooperatives_and_unknown_routes(client, cast, writer, path):
    problem = problem_of(call(client, "get", path, writer), 404)
    assert "Not Found" not in problem["detail"] and "no existe" in problem["detail"]


def test_a_method_the_route_does_not_take_gets_405(client, cast, writer):
    response = call(client, "delete", VALUES, writer)
    problem_of(response, 405)
    assert set(response["Allow"].replace(" ", "").split(",")) == {"GET", "POST"}


def test_a_body_that_is_not_json_gets_400_in_spanish(client, cast, writer):
    problem = problem_of(call(client, "post", VALUES, writer, "{esto no es json"), 400)
    assert "JSON" in problem["detail"] and "Cannot parse" not in problem["detail"]


def test_a_body_over_djangos_own_limit_is_a_413_problem_too(client, cast, writer, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    problem = problem_of(
        call(client, "post", VALUES, writer, '[{"period": "2025-02-01", "value": "1", "note": "%s"}]' % ("x" * 2000)),
        413,
    )
    assert "pesa 2 KB y el límite es de 1 KB" in problem["detail"]


def test_schema_errors_get_422_with_each_field_named_in_spanish(client, cast, writer):
    body = '[{"period": "2025-13-01", "value": "1"}, {"value": null}, 5]'
    problem = problem_of(call(client, "post", VALUES, writer, body), 422)
    errors = {(tuple(e["loc"]), e["field"]): e["message"] for e in problem["errors"]}
    assert set(errors) == {
        (("body", 0, "period"), "period"),
        (("body", 1, "period"), "period"),
        (("body", 1, "value"), "value"),
        (("body", 2), "body"),
    }
    assert errors[(("body", 0, "period"), "period")].startswith("Valor 1: ")
    assert (
        "fecha" in errors[(("body", 0, "period"), "period")]
        and "falta" in errors[(("body", 1, "period"), "period")].lower()
    )
    assert "número" in errors[(("body", 1, "value"), "value")] and "objeto" in errors[(("body", 2), "body")]
    assert "Field required" not in problem["detail"] and problem["detail"].startswith(
        "Los datos enviados no son válidos"
    )


def test_a_field_of_an_object_body_is_named_by_itself_and_a_long_text_by_its_limit(client, cast, writer):
    path = f"/api/v1/c/coop-a/okr/key-results/{cast.key_result.pk}/check-ins"
    problem = problem_of(call(client, "post", path, writer, '{"confidence": 11, "note": "%s"}' % ("x" * 2001)), 422)
    errors = {(tuple(e["loc"]), e["field"]): e["message"] for e in problem["errors"]}
    assert set(errors) == {(("body", "confidence"), "confidence"), (("body", "note"), "note")}
    assert errors[(("body", "note"), "note")] == "«note» es demasiado largo: hasta 2.000 caracteres."


def test_an_unexpected_failure_in_a_route_is_a_json_500_not_html(client, cast, writer, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("fallo de prueba")

    monkeypatch.setattr("rumbo.api.reads.read_board", broken)
    client.raise_request_exception = False
    problem = problem_of(call(client, "get", KPIS, writer), 500)
    assert "fallo de prueba" not in problem["detail"]


def test_english_when_the_client_asks_for_it(client, cast, writer):
    problem = problem_of(call(client, "get", "/api/v1/c/coop-b/kpis", writer, HTTP_ACCEPT_LANGUAGE="en"), 404)
    assert problem["title"] == "Not found" and "does not exist" in problem["detail"]
    problem = problem_of(call(client, "get", "/api/v1/no-existe", HTTP_ACCEPT_LANGUAGE="en"), 404)
    assert problem["title"] == "Not found"


def test_english_when_the_keys_owner_reads_rumbo_in_english(client, cast):
    User.objects.filter(pk=cast.admin.pk).update(language="en")
    key = token_create(coop=cast.coop, name="Contabilidad", can_write=False, user=User.objects.get(pk=cast.admin.pk))[1]
    problem = problem_of(call(client, "post", VALUES, key, '[{"period": "2025-02-01", "value": "1"}]'), 403)
    assert "read" in problem["detail"]
    spanish = problem_of(
        call(client, "post", VALUES, key, '[{"period": "2025-02-01", "value": "1"}]', HTTP_ACCEPT_LANGUAGE="es"), 403
    )
    assert "solo puede leer" in spanish["detail"]


def test_the_openapi_document_describes_the_problem_shape_and_the_caps(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert "5.000" in schema["info"]["description"] and "5 MB" in schema["info"]["description"]
    assert "application/problem+json" in schema["info"]["description"]
    push = schema["paths"]["/api/v1/c/{coop_slug}/kpis/{kpi_slug}/values"]["post"]
    assert {"401", "403", "404", "413", "422"} <= set(push["responses"])
    assert "errors" in schema["components"]["schemas"]["Problem"]["properties"]
