"""A federation with member cooperatives on one install, each sharing catalogue KPIs with monthly values."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from rumbo.accounts.models import Membership, User
from rumbo.choosing.services.adopt import kpi_from_template
from rumbo.engine.choice.catalog import template
from rumbo.federation.models import Federation, Member
from rumbo.federation.services.federations import (
    federation_create,
    federation_settings_save,
    invitation_accept,
    member_invite,
)
from rumbo.federation.services.sharing import share_start
from rumbo.insight.tasks import refreshes_held
from rumbo.kpis.models import Kpi
from rumbo.kpis.services.definitions import kpi_save
from rumbo.kpis.services.values import NewValue, values_record_many
from rumbo.orgs.models import Cooperative

VOLUME = "volumen_vendido"  # kg, summed
ON_TIME = "pago_oportuno_socios"  # %, a ratio of two parts
OVERDUE = "cartera_vencida"  # %, the last value: the network shows the median
MONTHS = [date(2025, m, 1) for m in range(1, 4)]


def person(email: str, coop: Cooperative, role: str = "admin") -> User:
    user = User.objects.filter(email=email).first() or User.objects.create_user(
        username=email, email=email, password="clave-de-prueba-1", first_name="Nombre Secreto"
    )
    Membership.objects.create(user=user, cooperative=coop, role=role)
    return user


def catalogue_kpi(coop: Cooperative, template_slug: str, **fields) -> Kpi:
    t = template(template_slug)
    kpi = kpi_from_template(t, coop=coop, area=t.areas[0].value, lang="es")
    for name, value in fields.items():
        setattr(kpi, name, value)
    return kpi_save(kpi=kpi, targets=[], user=None)


@dataclass
class Network:
    federation: Federation
    fed_admin: User
    coops: list[Cooperative] = field(default_factory=list)
    admins: list[User] = field(default_factory=list)
    members: list[Member] = field(default_factory=list)
    kpis: dict[tuple[int, str], Kpi] = field(default_factory=dict)

    def kpi(self, index: int, slug: str = VOLUME) -> Kpi:
        return self.kpis[(index, slug)]


def join(net: Network, index: int, prefix: str = "") -> None:
    coop = Cooperative.objects.create(slug=f"{prefix}coop-{index}", name=f"Cooperativa Secreta {prefix}{index}")
    admin = person(f"{prefix}admin{index}@example.org", coop)
    member = member_invite(federation=net.federation, cooperative=coop, user=net.fed_admin)
    member = invitation_accept(member=member, user=admin)
    net.coops.append(coop)
    net.admins.append(admin)
    net.members.append(member)


def build(n: int, *, k: int = 5, slugs: tuple[str, ...] = (VOLUME,), values=None, prefix: str = "") -> Network:
    """`n` members sharing the templates `slugs`; member i's volume in month m is `values(i, m)` (100·(i+1) + m).

    `prefix` names a second network's federation, cooperatives and people apart from the first's.
    """
    email = f"{prefix}fed@example.org"
    fed_admin = User.objects.create_user(username=email, email=email, password="x-clave-9")
    # Every member shares before the figures are first published: members sharing one by one would enter the
    # totals k at a time (test_memory.py), and the tests here start from a network whose figures rest on all.
    federation = federation_create(
        slug=f"{prefix}red-cafe", name=f"Red Café {prefix}", user=fed_admin, min_contributors=max(k, n + 1)
    )
    net = Network(federation, fed_admin)
    values = values or (lambda i, m: Decimal(100 * (i + 1) + m))
    with refreshes_held():  # each member's insight refreshed once, after its KPIs and values, as a worker would
        _members(net, n, slugs, values, prefix)
    federation_settings_save(federation=federation, min_contributors=k, user=fed_admin)  # the first figures, over all
    return net


def _members(net: Network, n: int, slugs: tuple[str, ...], values, prefix: str) -> None:
    for i in range(n):
        join(net, i, prefix)
        coop = net.coops[i]
        for slug in slugs:
            kpi = catalogue_kpi(coop, slug)
            net.kpis[(i, slug)] = kpi
            rows = []
            for m, period in enumerate(MONTHS):
                if slug == ON_TIME:
                    den = Decimal(10 * (i + 2) ** 2)
                    num = Decimal(2 * (i + 2) * (i + 1) + m)
                    rows.append(NewValue(kpi, period, num / den * 100, numerator=num, denominator=den, note="nota"))
                else:
                    rows.append(NewValue(kpi, period, values(i, m), note="Nota confidencial"))
            values_record_many(rows, user=None, source="import")
            share_start(kpi=kpi, member=net.members[i], user=net.admins[i])
