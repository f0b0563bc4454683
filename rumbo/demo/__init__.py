"""The demo cooperative: «Cooperativa Café del Sur», three years of plausible data and three logins."""

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, overload

from django.db import transaction

from rumbo.accounts.models import Membership, Role, User
from rumbo.demo import series
from rumbo.demo.catalog import KPIS, OBJECTIVES
from rumbo.demo.datasets import load_datasets, told_by_records
from rumbo.demo.okrs import load_okrs
from rumbo.engine.numbers import number_to_store
from rumbo.insight.demo import load_demo_insight
from rumbo.insight.tasks import refreshes_held
from rumbo.kpis.choices import Source
from rumbo.kpis.models import Initiative, Kpi, Objective, Target
from rumbo.kpis.services.definitions import unique_slug
from rumbo.kpis.services.values import NewValue, values_record_many
from rumbo.orgs.models import Cooperative

SLUG = "cafe-del-sur"


@dataclass(frozen=True)
class DemoCalendar:
    """The demo's dates, relative to today so the demo always looks current."""

    today: date

    @property
    def last(self) -> date:  # the last month that has ended
        return (self.today.replace(day=1) - timedelta(days=1)).replace(day=1)

    @property
    def first(self) -> date:  # the start of a harvest at least three years earlier
        return date(self.last.year - 3 if self.last.month >= 10 else self.last.year - 4, 10, 1)

    @property
    def harvest(self) -> int:  # the year the current harvest started
        return self.today.year if self.today.month >= 10 else self.today.year - 1

    def spans(self, kind: str, values: Sequence[Any]) -> list[tuple[date, date, Any]]:  # a figure or (low, high)
        n = len(values)
        if kind == "year":
            years = range(self.today.year - n + 1, self.today.year + 1)
            return [(date(y, 1, 1), date(y, 12, 31), v) for y, v in zip(years, values)]
        harvests = range(self.harvest - n + 1, self.harvest + 1)
        return [(date(h, 10, 1), date(h + 1, 9, 30), v) for h, v in zip(harvests, values)]


@dataclass(frozen=True)
class Login:
    email: str
    password: str
    role: str
    name: str


LOGINS = [
    Login("gerencia@cafedelsur.coop", "rumbo-admin-2026", Role.ADMIN, "María López"),
    Login("ventas@cafedelsur.coop", "rumbo-editor-2026", Role.EDITOR, "José Hernández"),
    Login("consejo@cafedelsur.coop", "rumbo-lectura-2026", Role.VIEWER, "Ana Martínez"),
]


def demo_exists() -> bool:
    return Cooperative.objects.filter(slug=SLUG).exists()


@transaction.atomic
def load_demo(today: date | None = None) -> list[Login]:
    """Create the demo cooperative (replacing an earlier one) and return its logins."""
    cal = DemoCalendar(today or date.today())
    with refreshes_held() as changed:  # one refresh at the end, on the demo's own day, not one per step
        coop = _cooperative(cal)
        load_demo_insight(coop, today=cal.today)  # last: forecasts and lead checks read everything above
        changed.discard(coop.pk)
    return LOGINS


def _cooperative(cal: DemoCalendar) -> Cooperative:
    """The demo cooperative with its people, objectives, KPIs, values, datasets and OKRs."""
    Cooperative.objects.filter(slug=SLUG).delete()
    coop = Cooperative.objects.create(
        slug=SLUG, name="Cooperativa Café del Sur", country="Honduras", harvest_start_month=10
    )
    users = {}
    for login in LOGINS:
        first, last = login.name.split(" ", 1)
        user = User.objects.filter(email=login.email).first() or User(username=login.email, email=login.email)
        user.first_name, user.last_name = first, last
        user.set_password(login.password)
        user.save()
        areas = ["ventas", "marketing"] if login.role == Role.EDITOR else []
        Membership.objects.create(user=user, cooperative=coop, role=login.role, areas=areas)
        users[login.role] = user

    objectives: dict[str | None, Objective] = {}  # a KPI without an objective looks up None
    for i, (key, title, description, area) in enumerate(OBJECTIVES):
        objectives[key] = Objective.objects.create(
            cooperative=coop, title=title, description=description, area=area, owner=users[Role.ADMIN], position=i
        )
    campaign = Initiative.objects.create(
        cooperative=coop,
        kind="campana",
        name="Campaña «Café del Sur en tu mesa»",
        start=date(cal.today.year - 1, 3, 1),
        end=date(cal.today.year - 1, 6, 30),
        description="Degustaciones y mensajes por WhatsApp para vender café tostado directamente a familias y cafeterías.",
    )
    Initiative.objects.create(
        cooperative=coop,
        kind="cambio",
        name="Pago de contado al socio en la entrega",
        start=date(cal.harvest - 2, 10, 1),
        description="La cooperativa paga el café pergamino el mismo día de la entrega para que los socios no vendan a intermediarios.",
    )
    initiatives: dict[str | None, Initiative] = {"campaign": campaign}

    values = _series(cal, campaign)
    told = told_by_records(values)
    measurements, targets = [], []
    for i, spec in enumerate(KPIS):
        owner = users[Role.EDITOR] if spec["area"] in ("ventas", "marketing") else users[Role.ADMIN]
        fields = {
            k: v for k, v in spec.items() if k not in ("series", "targets", "objective", "initiative", "ratio_of")
        }
        kpi = Kpi.objects.create(
            cooperative=coop,
            position=i,
            slug=unique_slug(coop, spec["name"]),
            owner=owner if spec.get("objective") else None,
            objective=objectives.get(spec.get("objective")),
            initiative=initiatives.get(spec.get("initiative")),
            **fields,
        )
        for start, end, value in cal.spans(*spec["targets"]) if "targets" in spec else []:
            low, high = value if isinstance(value, tuple) else (None, None)
            targets.append(
                Target(
                    kpi=kpi,
                    start=start,
                    end=end,
                    value=None if low is not None else _dec(value),
                    low=_dec(low),
                    high=_dec(high),
                )
            )
        measurements += _measurements(kpi, spec, values, cal.last, told.get(kpi.name, date.max))
    Target.objects.bulk_create(targets)
    values_record_many(measurements, user=users[Role.ADMIN], source=Source.MANUAL)
    load_datasets(coop, users[Role.ADMIN], values)
    load_okrs(coop, users, cal.today)
    return coop


def load_demo_with_network(today: date | None = None) -> list[Login]:
    """The demo cooperative and its network «Red Café del Sur» (rumbo/demo/federation.py): what `rumbo demo` loads."""
    from rumbo.demo.federation import load_demo_federation

    with transaction.atomic(), refreshes_held():  # each member cooperative refreshed once, at the end
        logins = load_demo(today)
        demo = Cooperative.objects.get(slug=SLUG)
        return logins + load_demo_federation(demo, DemoCalendar(today or date.today()).first)


@overload
def _dec(value: None) -> None: ...
@overload
def _dec(value: float | Decimal) -> Decimal: ...
def _dec(value: float | Decimal | None) -> Decimal | None:
    """A demo figure stored as any typed one is: through the one cleaner."""
    return None if value is None else number_to_store(value, field="demo")


def _series(cal: DemoCalendar, campaign: Initiative) -> dict[str, list[tuple[date, float]]]:
    rng = random.Random(2026)
    assert campaign.end is not None, "the demo's campaign has an end"
    months = series.months(cal.first, cal.last)
    calls, sales, messages = series.calls_and_sales(months, rng, campaign.start)
    sizes = [11800, 12600, 12900, 10400, 11000]  # the current harvest falls short
    first_harvest = cal.first.year
    deliveries = series.harvest_deliveries(
        months, rng, {first_harvest + i: size for i, size in enumerate(sizes[-(cal.harvest - first_harvest + 1) :])}
    )
    revenue = [d * 210 + s * 95 + rng.uniform(8000, 12000) for d, s in zip(deliveries, sales)]
    conversations = [round(s * 2.6 + rng.gauss(0, 4)) for s in sales]
    out: dict[str, list[float]] = {
        "acopio": deliveries,
        "llamadas": calls,
        "ventas": sales,
        "mensajes": messages,
        "ingresos": revenue,
        "conversaciones": [max(c, 0) for c in conversations],
        "clientes_nuevos": [max(round(s * 0.3 + rng.gauss(0, 2)), 0) for s in sales],
    }
    generated = {
        "supervivencia": series.trend(months, rng, 86, 0.1, 0.8, high=100),
        "catacion": series.trend(months, rng, 82.5, 0.02, 0.6, high=100),
        "eficiencia": series.trend(months, rng, 3.2, 0.02, 0.25, 1, 5),
        "seguridad": series.trend(months, rng, 3.6, 0.01, 0.3, 1, 5),
        "retencion": series.trend(months, rng, 93, -0.05, 0.6, high=100),
        "fiabilidad": series.trend(months, rng, 3.4, 0.015, 0.25, 1, 5),
        "asambleas": series.trend(months, rng, 61, 0.2, 2, high=100),
        "endeudamiento": series.trend(months, rng, 44, 0.12, 0.7),
        "razon_corriente": series.trend(months, rng, 1.5, 0.0, 0.12, 0.5),
        "legal": series.trend(months, rng, 82, 0.3, 3, high=100),
        "churn": series.trend(months, rng, 6.5, -0.04, 0.6, 0.5),
        "alcance": series.trend(months, rng, 2500, 60, 300),
        "otif": series.trend(months, rng, 88, 0.15, 2, high=100),
        "flete": series.trend(months, rng, 3.1, 0.01, 0.15, 1),
        "mermas": series.trend(months, rng, 1.6, -0.01, 0.2, 0.1),
        "rotacion": series.trend(months, rng, 3.0, 0.02, 0.3, 0.5),
        "cpa": series.trend(months, rng, 14, -0.08, 1.2, 3),
        "pedidos": [s * rng.uniform(1.1, 1.4) for s in sales],
        "campanas": [float(1 + (campaign.start <= p <= campaign.end) + rng.randint(0, 1)) for p in months],
    }
    out.update(generated)
    return {name: list(zip(months, vals)) for name, vals in out.items()}


def _measurements(kpi: Kpi, spec: dict, values: dict, last: date, told: date) -> list[NewValue]:
    """The values typed in for `kpi`: periods that ended by the end of month `last` and start before its records."""
    grain = kpi.frequency or "month"
    rows = []
    for period, value in values[spec["series"]]:
        if period >= told or not _is_ended_period(period, grain, last):
            continue
        if not spec.get("ratio_of"):
            rows.append(NewValue(kpi, period, _dec(round(value, 4))))
            continue
        num_name, den_name = spec["ratio_of"]
        num, den = _dec(round(dict(values[num_name])[period], 4)), _dec(round(dict(values[den_name])[period], 4))
        if den:  # no ratio of nothing
            rows.append(NewValue(kpi, period, (num / den).quantize(Decimal("0.0001")), numerator=num, denominator=den))
    return rows


def _is_ended_period(period: date, grain: str, last: date) -> bool:
    """Whether `period` starts a period of `grain` that ended by the end of month `last`."""
    length = {"month": 1, "quarter": 3, "harvest": 12, "year": 12}[grain]
    starts = {
        "month": True,
        "quarter": period.month % 3 == 1,
        "harvest": period.month == 10,
        "year": period.month == 1,
    }[grain]
    end_index = period.year * 12 + period.month - 1 + length
    return starts and end_index <= last.year * 12 + last.month
