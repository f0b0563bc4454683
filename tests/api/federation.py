"""The federation routes' cast: the screens' network (five members sharing the volume sold) and API keys on each side.

Each side has three keys, one per role a key can play: `admin` writes in every area (as its
organisation's admin), `area` writes only Ventas (as an editor), `reader` only reads. `outsider`
is the admin key of a cooperative in no network.
"""

import json
from dataclasses import dataclass, field

from rumbo.accounts.models import Membership, User
from rumbo.api.services import token_create
from rumbo.orgs.models import Cooperative
from tests.api.test_api_errors import problem_of
from tests.federation import network
from tests.federation.screens import built

ROLES = ("admin", "area", "reader")
__all__ = ["ROLES", "call", "cast", "keys_of", "problem_of"]


def keys_of(organisation: Cooperative, user: User) -> dict[str, str]:
    """The three keys of an organisation, all made by `user`."""
    return {
        "admin": token_create(coop=organisation, name="Sistema", can_write=True, user=user)[1],
        "area": token_create(coop=organisation, name="Caja", can_write=True, user=user, areas=["ventas"])[1],
        "reader": token_create(coop=organisation, name="Tablero", can_write=False, user=user)[1],
    }


@dataclass
class Cast:
    net: network.Network
    fed: dict[str, str] = field(default_factory=dict)  # the federation's keys
    member: dict[str, str] = field(default_factory=dict)  # the keys of member 0, «coop-0»
    outsider: str = ""
    outsider_coop: Cooperative | None = None

    @property
    def fed_slug(self) -> str:
        return self.net.federation.cooperative.slug

    @property
    def coop_slug(self) -> str:
        return self.net.coops[0].slug


def cast(n: int = 5, **kwargs) -> Cast:
    """A federation «red-cafe» (k = 5) of `n` members sharing the volume sold, with every key."""
    net = built(n, **kwargs)
    found = Cast(net, keys_of(net.federation.cooperative, net.fed_admin), keys_of(net.coops[0], net.admins[0]))
    found.outsider_coop = Cooperative.objects.create(slug="fuera", name="Cooperativa de Fuera")
    outsider = User.objects.create_user(username="fuera@example.org", email="fuera@example.org", password="x")
    Membership.objects.create(user=outsider, cooperative=found.outsider_coop, role="admin")
    found.outsider = token_create(coop=found.outsider_coop, name="Otra", can_write=True, user=outsider)[1]
    return found


def call(client, method: str, path: str, key: str, data=None, **headers):
    """A call to /api/v1`path` with this key (a JSON body for a POST)."""
    headers["HTTP_AUTHORIZATION"] = f"Bearer {key}"
    if method == "post":
        body = json.dumps(data if data is not None else {})
        return client.post(f"/api/v1{path}", body, content_type="application/json", **headers)
    return client.get(f"/api/v1{path}", data or {}, **headers)
