"""The demo's network: «Red Café del Sur», a federation of twelve coffee cooperatives on this install.

Café del Sur and eleven cooperatives made from it: each its own size, its own season (a harvest
that starts a month earlier or later), its own noise, some joining later and some sharing fewer
KPIs, six in the west and six in the east (the network's two regions). Each shares catalogue KPIs, and the network's figures are published (k = 5) through the
federation's own services, so Café del Sur's KPI pages show its quarter of the network and
the federation's board its network KPIs. Written in bulk: a few seconds on top of the demo.
"""

import random
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from rumbo.accounts.models import Role, User
from rumbo.demo import Login
from rumbo.engine.choice.catalog import by_slug
from rumbo.engine.network import units
from rumbo.engine.numbers import number_to_store
from rumbo.engine.timeline.periods import shift
from rumbo.engine.vocab import Grain
from rumbo.federation.models import Contribution, Federation, Member, MemberStatus, Region, Share
from rumbo.federation.services.federations import federation_create
from rumbo.federation.services.figures import figures_recompute, network_kpi_ensure, network_units
from rumbo.federation.services.sharing import contributions_of
from rumbo.kpis.choices import Source
from rumbo.kpis.models import Kpi, Measurement, Objective
from rumbo.kpis.services.values import NewValue, values_record_many
from rumbo.orgs import editions
from rumbo.orgs.models import Cooperative

SLUG = "red-cafe-del-sur"
NAME = "Red Café del Sur"


LOGIN = Login("red@redcafedelsur.coop", "rumbo-red-2026", Role.ADMIN, "Lucía Ramírez")

# The demo's KPIs a network can compare: the same catalogue template, frequency and a unit that converts.
TEMPLATES = {
    "Ingresos totales": "ingresos_totales",
    "Valor medio del pedido": "valor_medio_pedido",
    "Entregas a tiempo y completas": "otif",
    "Mermas en almacenamiento": "mermas_almacenamiento",
    "Tasa de abandono de clientes": "abandono_clientes",
    "Obligaciones legales cumplidas a tiempo": "obligaciones_al_dia",
}
CURRENCY = "USD"  # the federation compares money in dollars, as its members report it


@dataclass(frozen=True)
class Variant:
    """A member made from the demo: its name, size, season shift, how much its figures wander, when it joined."""

    slug: str
    name: str
    scale: float  # its money and volumes against Café del Sur's
    shift: int  # months its harvest comes earlier (−) or later (+)
    noise: float  # relative noise of its figures
    offset: float  # points its percentages sit above (+) or below (−) Café del Sur's
    late: int  # months after the demo's first that it started sending
    shares: int  # how many of the templates it shares (in TEMPLATES' order)


VARIANTS = [
    Variant("coop-montana-verde", "Cooperativa Cafetalera Montaña Verde", 1.8, 1, 0.06, 2.5, 0, 6),
    Variant("coop-san-isidro", "Cooperativa Agrícola San Isidro", 0.6, 0, 0.10, -3.0, 0, 6),
    Variant("coop-el-paraiso", "Cooperativa El Paraíso", 1.2, -1, 0.08, 1.0, 3, 5),
    Variant("coop-cafes-de-marcala", "Cooperativa Cafés de Marcala", 2.4, 0, 0.05, 4.0, 0, 6),
    Variant("coop-flor-de-copan", "Cooperativa Flor de Copán", 0.9, 1, 0.12, -1.5, 6, 4),
    Variant("coop-la-esperanza", "Cooperativa La Esperanza", 0.45, 2, 0.15, -5.0, 0, 3),
    Variant("coop-sierra-de-agalta", "Cooperativa Sierra de Agalta", 1.1, -1, 0.09, 0.5, 12, 6),
    Variant("coop-nueva-alianza", "Cooperativa Nueva Alianza", 0.7, 0, 0.11, -2.0, 0, 5),
    Variant("coop-santa-barbara", "Cooperativa Santa Bárbara", 1.5, 1, 0.07, 3.0, 0, 6),
    Variant("coop-los-cerros", "Cooperativa Los Cerros", 0.8, 0, 0.13, -4.0, 9, 4),
    Variant("coop-rio-frio", "Cooperativa Río Frío", 1.3, -2, 0.08, 1.5, 0, 6),
]
# The network's two regions, six members each (Café del Sur in the west): figures are published for each too.
WEST, EAST = "Occidente", "Oriente"
REGIONS = {
    "coop-montana-verde": WEST,
    "coop-cafes-de-marcala": WEST,
    "coop-flor-de-copan": WEST,
    "coop-la-esperanza": WEST,
    "coop-santa-barbara": WEST,
    "coop-san-isidro": EAST,
    "coop-el-paraiso": EAST,
    "coop-sierra-de-agalta": EAST,
    "coop-nueva-alianza": EAST,
    "coop-los-cerros": EAST,
    "coop-rio-frio": EAST,
}
KPI_FIELDS = ("name", "unit", "decimals", "area", "frequency", "aggregation", "direction", "indicator", "kind")


def _dec(value: float) -> Decimal:
    return number_to_store(round(value, 4), field="demo")


def _varied(kpi: Kpi, m: Measurement, v: Variant, rng: random.Random, seasonal: dict[date, Decimal]) -> NewValue:
    """The member's value for the period: Café del Sur's (its season shifted), scaled or moved, with its own noise."""
    assert m.value is not None, "only values are copied"
    base = seasonal.get(m.period, m.value)
    wobble = 1 + rng.gauss(0, v.noise)
    if kpi.unit == "%":
        return NewValue(kpi, m.period, _dec(min(max(float(base) + v.offset + rng.gauss(0, 1.5), 0), 100)))
    if m.numerator is not None and m.denominator:
        orders = float(m.denominator) * v.scale * (1 + rng.gauss(0, v.noise / 2))
        revenue = float(m.numerator) * v.scale * wobble
        num, den = _dec(revenue), _dec(max(orders, 1))
        return NewValue(kpi, m.period, (num / den).quantize(Decimal("0.0001")), numerator=num, denominator=den)
    return NewValue(kpi, m.period, _dec(max(float(base) * v.scale * wobble, 0)))


def _member_kpis(coop: Cooperative, demo_kpis: list[Kpi]) -> list[Kpi]:
    return Kpi.objects.bulk_create(
        [
            Kpi(
                cooperative=coop,
                slug=k.slug,
                position=i,
                template_slug=k.template_slug,
                **{f: getattr(k, f) for f in KPI_FIELDS},
            )
            for i, k in enumerate(demo_kpis)
        ]
    )


def _members(cal_first: date, demo: Cooperative, demo_kpis: list[Kpi]) -> list[tuple[Cooperative, list[Kpi]]]:
    """The eleven cooperatives made from the demo, each with its KPIs and values (one value write each)."""
    rng = random.Random(1912)
    history: dict[int, list[Measurement]] = {k.pk: [] for k in demo_kpis}
    for m in Measurement.objects.filter(kpi__in=demo_kpis, value__isnull=False).order_by("period"):
        history[m.kpi_id].append(m)
    made = []
    coops = Cooperative.objects.bulk_create(
        [Cooperative(slug=v.slug, name=v.name, country="Honduras", harvest_start_month=10) for v in VARIANTS]
    )
    for coop, v in zip(coops, VARIANTS):
        kpis = _member_kpis(coop, demo_kpis)
        start = shift(cal_first, Grain.MONTH, v.late)
        rows = []
        for mine, theirs in zip(kpis, demo_kpis):
            series = history[theirs.pk]
            by_period = {m.period: m.value for m in series if m.value is not None}
            seasonal = {
                m.period: by_period.get(shift(m.period, Grain.MONTH, -v.shift), by_period[m.period]) for m in series
            }
            rows += [_varied(mine, m, v, rng, seasonal) for m in series if m.period >= start]
        values_record_many(rows, user=None, source=Source.IMPORT)
        made.append((coop, kpis))
    return made


def _contributions(member: Member, coop: Cooperative, targets: dict[str, str], now: datetime) -> list[Contribution]:
    """What the member's push carries, as the federation keeps it: exactly `contributions_of`, in the network's unit."""
    out, push = [], contributions_of(coop, member)
    factors: dict[tuple[str, str], float | None] = {}
    for row in push.rows:
        target = targets[row.template_slug]
        if (row.unit, target) not in factors:
            factors[(row.unit, target)] = 1.0 if row.unit in (target, "") else units.convert(1.0, row.unit, target)
        factor = factors[(row.unit, target)]
        if factor is None:
            continue  # not comparable: the federation refuses it
        f = Decimal(str(factor))
        out.append(
            Contribution(
                member=member,
                template_slug=row.template_slug,
                period=row.period,
                value=row.value * f,
                numerator=None if row.numerator is None else row.numerator * f,
                denominator=row.denominator,
                unit=target,
                received_at=now,
            )
        )
    return out


@transaction.atomic
def load_demo_federation(demo: Cooperative, first: date) -> list[Login]:
    """«Red Café del Sur» with Café del Sur and eleven cooperatives made from it, its figures published."""
    Cooperative.objects.filter(slug__in=[SLUG, *(v.slug for v in VARIANTS)]).delete()
    catalogue = by_slug()
    demo_kpis = list(Kpi.objects.filter(cooperative=demo, name__in=TEMPLATES).order_by("position"))
    for kpi in demo_kpis:
        kpi.template_slug = TEMPLATES[kpi.name]
    Kpi.objects.bulk_update(demo_kpis, ["template_slug"])
    order = list(TEMPLATES.values())
    demo_kpis.sort(key=lambda k: order.index(k.template_slug))

    first_name, last_name = LOGIN.name.split(" ", 1)
    user = User.objects.filter(email=LOGIN.email).first() or User(username=LOGIN.email, email=LOGIN.email)
    user.first_name, user.last_name = first_name, last_name
    user.set_password(LOGIN.password)
    user.save()
    federation: Federation = federation_create(slug=SLUG, name=NAME, user=user, min_contributors=5)
    organisation = federation.cooperative
    organisation.country = "Honduras"
    organisation.save(update_fields=["country"])
    objective = Objective.objects.create(
        cooperative=organisation,
        title="Que cada cooperativa sepa dónde está y mejore",
        description="Las cifras de la red, publicadas sin exponer las de ninguna cooperativa.",
        owner=user,
    )
    network_kpis = [network_kpi_ensure(federation=federation, template=catalogue[slug]) for slug in order]
    for kpi in network_kpis:
        kpi.kind, kpi.objective, kpi.owner = "kpi", objective, user  # on the federation's board, under its objective
        if kpi.template_slug in ("ingresos_totales", "valor_medio_pedido"):
            kpi.unit = CURRENCY
    Kpi.objects.bulk_update(network_kpis, ["kind", "objective", "owner", "unit"])

    now = timezone.now()
    joined = [(demo, demo_kpis, len(order))] + [
        (coop, kpis, v.shares) for (coop, kpis), v in zip(_members(first, demo, demo_kpis), VARIANTS)
    ]
    regions = {
        name: Region.objects.create(federation=federation, name=name, slug=name.lower()) for name in (WEST, EAST)
    }
    members = Member.objects.bulk_create(
        [
            Member(
                federation=federation,
                cooperative=coop,
                name=coop.name,
                status=MemberStatus.ACTIVE,
                joined_at=now,
                region=regions[REGIONS.get(coop.slug, WEST)],
            )
            for coop, _kpis, _n in joined
        ]
    )
    Share.objects.bulk_create(
        [
            Share(cooperative=coop, member=member, kpi=kpi)
            for member, (coop, kpis, shared) in zip(members, joined)
            for kpi in kpis[:shared]
        ]
    )
    targets = network_units(federation, [catalogue[slug] for slug in order])
    rows = [c for member, (coop, _k, _n) in zip(members, joined) for c in _contributions(member, coop, targets, now)]
    with editions.one_edition([organisation.pk, *(coop.pk for coop, _k, _n in joined)]):
        Contribution.objects.bulk_create(rows, batch_size=1000)
    for slug in order:
        figures_recompute(federation=federation, template_slug=slug)
    return [LOGIN]
