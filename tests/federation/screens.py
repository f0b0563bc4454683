"""A network for the screens' tests: a federation with its admin, editor and viewer, and five members sharing a KPI."""

from decimal import Decimal

from rumbo.accounts.models import Membership, User
from tests.federation import network


def fed_person(net: network.Network, role: str, prefix: str = "") -> User:
    email = f"{prefix}fed-{role}@example.org"
    user = User.objects.create_user(username=email, email=email, password="clave-de-prueba-1")
    Membership.objects.create(user=user, cooperative=net.federation.cooperative, role=role)
    return user


def built(n: int = 5, **kwargs) -> network.Network:
    """`n` members sharing the volume sold (member i sells 100·(i+1)² + m kg in month m); figures published at once.

    Squares, not a straight line: the network's quartiles then fall between members' figures.
    """
    net = network.build(n, values=lambda i, m: Decimal(100 * (i + 1) ** 2 + m), **kwargs)
    net.fed_editor = fed_person(net, "editor", kwargs.get("prefix", ""))  # type: ignore[attr-defined]
    net.fed_viewer = fed_person(net, "viewer", kwargs.get("prefix", ""))  # type: ignore[attr-defined]
    return net
