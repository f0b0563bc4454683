"""Every federation operation walked with every key of the federation, of a member and of an outsider.

The table below names, for each operation the OpenAPI document tags «Federación», what each role
gets: a new operation fails `test_the_table_names_every_federation_operation` until it is placed.
`ok` is the route's own answer (a 2xx, or a 422 when the route refuses this body on its merits);
a GET never writes a row.
"""

import re

from django.db import connection

from rumbo.api.views import api
from rumbo.federation.models import Contribution, Member, Share
from tests.api.federation import ROLES, call, cast
from tests.api.routes import FEDERATION, MEMBER_KEY
from tests.federation.network import VOLUME
from tests.once import per_file

OK, FORBIDDEN, NOT_FOUND = "ok", 403, 404
READ_ONLY = "reader"


# (method, path): {(side of the key, role): expected}. `fed` keys call the federation's address, `member` keys
# the member cooperative's (coop-0), each its own: another organisation's address is 404 before anything else.
def admin_only(side: str) -> dict:
    return {(side, "admin"): OK, (side, "area"): FORBIDDEN, (side, "reader"): FORBIDDEN}


def every_role(side: str) -> dict:
    return {(side, role): OK for role in ROLES}


def not_here(side: str, method: str) -> dict:
    """A route of the other side, called at this side's address: not found (a key that only reads may change nothing)."""
    return {(side, role): FORBIDDEN if method == "post" and role == READ_ONLY else NOT_FOUND for role in ROLES}


FED_ROUTES = {
    ("post", "/c/{coop_slug}/federation/members"): admin_only("fed"),
    ("get", "/c/{coop_slug}/federation/members"): admin_only("fed"),
    ("post", "/c/{coop_slug}/federation/member-keys"): admin_only("fed"),
    ("get", "/c/{coop_slug}/federation/figures/{template}"): every_role("fed"),
    ("post", "/c/{coop_slug}/federation/members/{member_id}/remove"): admin_only("fed"),
}
MEMBER_ROUTES = {
    ("get", "/c/{coop_slug}/networks"): admin_only("member"),
    ("post", "/c/{coop_slug}/networks/{federation_slug}/accept"): admin_only("member"),
    ("post", "/c/{coop_slug}/networks/{federation_slug}/decline"): admin_only("member"),
    ("get", "/c/{coop_slug}/networks/{federation_slug}/shares"): admin_only("member"),
    ("post", "/c/{coop_slug}/networks/{federation_slug}/shares"): admin_only("member"),
    ("post", "/c/{coop_slug}/networks/{federation_slug}/shares/{kpi_slug}/stop"): admin_only("member"),
    ("get", "/c/{coop_slug}/networks/{federation_slug}/sent"): admin_only("member"),
    ("get", "/c/{coop_slug}/networks/{federation_slug}/figures/{template}"): every_role("member"),
    ("post", "/c/{coop_slug}/networks/{federation_slug}/leave"): admin_only("member"),
}
TABLE = {
    ("post", "/c/{coop_slug}/federations"): {**admin_only("fed"), **admin_only("member")},  # any organisation's admin
    **{op: {**expected, **not_here("member", op[0])} for op, expected in FED_ROUTES.items()},
    **{op: {**expected, **not_here("fed", op[0])} for op, expected in MEMBER_ROUTES.items()},
}
BODIES = {
    "/federations": {"slug": "red-nueva", "name": "Red nueva"},
    "/federation/members": {"cooperative": "fuera"},
    "/member-keys": {"name": "Cooperativa Lejana"},
    "/shares": {"kpi": "otra"},
}
WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)


def documented() -> set[tuple[str, str]]:
    """The federation's operations in the served document that take an API key (the push takes a member key)."""
    found = set()
    for path, methods in api.get_openapi_schema()["paths"].items():
        for method, operation in methods.items():
            if FEDERATION in operation.get("tags", ()) and operation.get("security") != MEMBER_KEY:
                found.add((method, path.removeprefix("/api/v1")))
    return found


def test_the_table_names_every_federation_operation():
    assert set(TABLE) == documented()
    for expected in TABLE.values():
        assert set(expected) == {(side, role) for side in ("fed", "member") for role in ROLES}


def concrete(path: str, side: str, net) -> str:
    return (
        path.replace("{coop_slug}", net.fed_slug if side == "fed" else net.coop_slug)
        .replace("{federation_slug}", net.fed_slug)
        .replace("{template}", VOLUME)
        .replace("{kpi_slug}", net.net.kpi(0).slug)
        .replace("{member_id}", str(Member.objects.get(cooperative=net.net.coops[1]).pk))  # not the walking member
    )


def body_for(path: str):
    return next((body for end, body in BODIES.items() if path.endswith(end)), None)


class Writes:
    """Each statement that writes a row, but a key's «last used» time."""

    def __init__(self):
        self.found: list[str] = []

    def __call__(self, execute, sql, params, many, context):
        if WRITE.match(sql) and "api_apitoken" not in sql:
            self.found.append(sql[:120])
        return execute(sql, params, many, context)


def state():
    return (
        sorted(Member.objects.values_list("pk", "status", "key_hash")),
        sorted(Share.objects.values_list("pk", "stopped_at")),
        Contribution.objects.count(),
    )


def _network():
    found = cast(5)
    from tests.federation.network import catalogue_kpi

    catalogue_kpi(found.net.coops[0], "cartera_vencida", slug="otra")
    return found


_net_once, net = per_file("net", _network)


def walk(client, net, roles):
    for (method, path), expected in sorted(TABLE.items(), key=lambda item: item[0][0] != "get"):
        for side in ("fed", "member"):
            keys = net.fed if side == "fed" else net.member
            for role in roles:
                url = concrete(path, side, net)
                writes = Writes()
                with connection.execute_wrapper(writes):
                    response = call(client, method, url, keys[role], body_for(url))
                wanted = expected[(side, role)]
                if wanted == OK:
                    assert response.status_code in (200, 201, 422), (method, url, side, role, response.content[:300])
                    if response.status_code == 422:
                        assert method == "post", (url, response.content[:300])
                else:
                    assert response.status_code == wanted, (method, url, side, role, response.content[:300])
                    assert response["Content-Type"].startswith("application/problem+json")
                    if wanted == FORBIDDEN and role == READ_ONLY and method == "post":
                        assert "solo puede leer" in response.json()["detail"]
                if method == "get":
                    assert writes.found == [], (url, writes.found)


def test_keys_that_are_not_an_admins_are_refused_and_change_nothing(client, net):
    before = state()
    walk(client, net, ("area", "reader"))
    assert state() == before


def test_admin_keys_reach_every_route_of_their_side(client, net):
    walk(client, net, ("admin",))


def test_the_outsiders_key_gets_404_everywhere_and_changes_nothing(client, net):
    before = state()
    for (method, path), _expected in TABLE.items():
        for side in ("fed", "member"):
            url = concrete(path, side, net)
            response = call(client, method, url, net.outsider, body_for(url))
            assert response.status_code == 404, (method, url, response.content[:300])
    assert state() == before
