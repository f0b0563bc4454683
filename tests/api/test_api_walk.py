"""Every API operation walked with every kind of key: the outsider's key never reaches cooperative A, a reader never
writes, and a key limited to Ventas changes nothing of Producción. A new route joins the walk by itself.

The federation's operations answer to the roles of a federation and of its members: the outsider's walk here covers
them too, and tests/api/test_api_federation_walk.py walks them with every role."""

import pytest

from rumbo.api.services import token_create
from tests.accounts.test_service_areas import Produccion, snapshot
from tests.api.routes import FEDERATION, concrete_operations
from tests.api.test_api_errors import problem_of

# A valid body for each change, so the walk reaches the route's own decision, not the body's validation.
BODIES = {
    "/kpis/ventas_cerradas/values": [{"period": "2025-02-01", "value": "3"}],
    "/kpis/cafe_entregado/values": [{"period": "2025-02-01", "value": "3"}],
    "/targets": {"targets": [{"start": "2026-01-01", "end": "2026-12-31", "value": "9"}]},
    "/check-ins": {"value": "3", "confidence": 5},
    "/kpis": {"template": "socios_que_entregan", "area": "produccion", "targets": []},
    "/records": {"rows": [{"Fecha": "2025-04-10", "Socio": "Ana", "Quintales": 3}]},
    "/federations": {"slug": "red-nueva", "name": "Red nueva"},
    "/federation/members": {"cooperative": "coop-a"},
    "/member-keys": {"name": "Cooperativa Lejana"},
    "/accept": {},
    "/decline": {},
    "/shares": {"kpi": "ventas_cerradas"},
    "/stop": {},
    "/remove": {},
    "/leave": {},
}


def body_for(path: str):
    return next(body for end, body in BODIES.items() if path.endswith(end))


def send(client, method, path, key, **headers):
    headers["HTTP_AUTHORIZATION"] = f"Bearer {key}"
    if method in ("post", "put"):
        return getattr(client, method)(path, data=body_for(path), content_type="application/json", **headers)
    return getattr(client, method)(path, **headers)


def produccion_operations(cast, world, skip: frozenset[str] = frozenset()):
    """Every operation, its path naming Producción's KPI, dataset and key result."""

    class Names:
        kpi, dataset, key_result = world.kpi, world.dataset, world.key_result

    return concrete_operations(Names, skip=skip)


def test_the_outsiders_key_gets_404_on_every_operation_and_changes_nothing(client, cast):
    world = Produccion(cast)
    key = token_create(coop=cast.other_coop, name="Otra", can_write=True, user=cast.outsider)[1]
    before = snapshot()
    for method, path in produccion_operations(cast, world):
        problem_of(send(client, method, path, key), 404)
    assert snapshot() == before


def test_a_reader_reads_every_operation_and_writes_none(client, cast, reader):
    world = Produccion(cast)
    before = snapshot()
    for method, path in produccion_operations(cast, world, skip=frozenset({FEDERATION})):
        response = send(client, method, path, reader)
        if method == "get":
            assert response.status_code == 200, (path, response.content[:300])
        else:
            assert "solo puede leer" in problem_of(response, 403)["detail"], path
    assert snapshot() == before


@pytest.mark.parametrize("language, word", [("es", "Producción"), ("en", "Production")])
def test_a_ventas_key_reads_everything_and_is_refused_every_change_of_produccion(client, cast, language, word):
    world = Produccion(cast)
    key = token_create(coop=cast.coop, name="Caja", can_write=True, user=cast.admin, areas=["ventas"])[1]
    before = snapshot()
    for method, path in produccion_operations(cast, world, skip=frozenset({FEDERATION})):
        response = send(client, method, path, key, HTTP_ACCEPT_LANGUAGE=language)
        if method == "get":
            assert response.status_code == 200, (path, response.content[:300])
        else:
            assert word in json_text(response, path), (method, path)
    assert snapshot() == before


def json_text(response, path) -> str:
    import json

    assert response.status_code in (403, 422), (path, response.status_code, response.content[:300])
    return json.dumps(response.json(), ensure_ascii=False)
