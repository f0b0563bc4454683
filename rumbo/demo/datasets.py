"""The demo cooperative's raw records (sales ledger, coffee deliveries, calls and messages) and the KPIs computed from them.

The records are generated to match the demo's monthly series (`series.py`): the paid
orders of each month are the «Ventas cerradas por mes», the first paid order of each
customer makes the «Clientes nuevos adquiridos», the deliveries of each month add up to
the «Producción total de café», and the calls and messages of the last twelve months
give «Llamadas a clientes por día» and «Mensajes enviados a clientes diariamente» (per
working day with activity). They are written as the CSV a cooperative would export and
loaded through `dataset_load`, so the demo's values come through the same path as anyone's.
"""

import functools
import random
from datetime import date, timedelta

from rumbo.accounts.models import User
from rumbo.datasets.services.loading import dataset_load
from rumbo.datasets.services.metrics import metric_define
from rumbo.engine.numbers import format_number
from rumbo.orgs.models import Cooperative

Values = dict[str, list[tuple[date, float]]]  # each series of the demo: (month, figure)

FIRST_NAMES = ["María", "José", "Ana", "Juan", "Rosa", "Carlos", "Lucía", "Pedro", "Marta", "Luis", "Elena", "Jorge",
               "Carmen", "Miguel", "Sofía", "Andrés", "Teresa", "Raúl", "Julia", "Óscar"]  # fmt: skip
LAST_NAMES = ["López", "Hernández", "Martínez", "García", "Pérez", "Rodríguez", "Sánchez", "Ramírez", "Cruz", "Flores",
              "Reyes", "Morales", "Ortiz", "Castillo", "Mejía", "Aguilar", "Vásquez", "Romero"]  # fmt: skip
COMMUNITIES = ["El Cedral", "San Isidro", "Las Flores", "Santa Rosa", "El Naranjo", "La Esperanza"]
PRODUCTS = [("Café tostado 460 g", 7.5, (1, 12)), ("Café molido 460 g", 7.0, (1, 12)), ("Café tostado 5 lb", 32.0, (1, 6)),
            ("Café verde en saco (qq)", 185.0, (1, 2))]  # fmt: skip
BUYERS = ["Cafetería", "Tienda", "Familia", "Restaurante", "Hotel", "Pulpería"]
SELLERS = ["José Hernández", "Lucía Mejía", "Raúl Ortiz"]
ACTIVITY_MONTHS = 12

# KPIs of the demo catalogue whose values the records tell from their first month on → those records
RECORDED = {
    "Producción total de café": "acopio",
    "Ventas cerradas por mes": "ventas",
    "Clientes nuevos adquiridos": "ventas",
    "Valor medio del pedido": "ventas",
    "Llamadas a clientes por día": "actividades",
    "Mensajes enviados a clientes diariamente": "actividades",
}

# name → (dataset, measure, filter) or formula; KPIs of the demo catalogue are found by name.
METRICS = [
    ("Producción total de café", "acopio", "sum(Quintales)", ""),
    ("Ventas cerradas por mes", "ventas", "count()", "Estado = pagado"),
    ("Clientes nuevos adquiridos", "ventas", "new(Cliente)", "Estado = pagado"),
    ("Monto vendido", "ventas", "sum(Monto)", "Estado = pagado"),
    ("Valor medio del pedido", None, "monto_vendido / ventas_cerradas_por_mes", ""),
    ("Llamadas a clientes", "actividades", "count()", "Tipo = llamada"),
    ("Mensajes a clientes", "actividades", "count()", "Tipo = mensaje"),
    ("Días hábiles con actividad", "actividades", "count_distinct(Fecha)", ""),
    ("Llamadas a clientes por día", None, "llamadas_a_clientes / dias_habiles_con_actividad", ""),
    ("Mensajes enviados a clientes diariamente", None, "mensajes_a_clientes / dias_habiles_con_actividad", ""),
]


def load_datasets(coop: Cooperative, user: User, values: Values) -> None:
    """Load the three demo datasets and compute from them the KPIs they feed."""
    rng = random.Random(1987)
    months = [period for period, _ in values["ventas"]]
    sales = _sales(rng, values)
    files = {
        "ventas": (["Fecha", "Pedido", "Cliente", "Producto", "Cantidad", "Monto", "Estado", "Vendedor"], sales.rows),
        "acopio": (
            ["Fecha", "Socio", "Comunidad", "Quintales", "Calidad", "Precio por quintal"],
            _deliveries(rng, values),
        ),
        "actividades": (
            ["Fecha", "Vendedor", "Tipo", "Cliente", "Canal"],
            _activities(rng, values, sales.customers, months[-ACTIVITY_MONTHS:]),
        ),
    }
    for name, (header, rows) in files.items():
        dataset_load(coop=coop, name=name, data=_csv(header, rows), filename=f"{name}.csv", user=user)
    for name, dataset, measure, where in METRICS:
        if dataset is None:
            metric_define(coop=coop, name=name, formula=measure, user=user)
        else:
            metric_define(
                coop=coop,
                name=name,
                dataset=dataset,
                measure=measure,
                date="Fecha",
                grain="month",
                where=where,
                user=user,
                area="produccion" if dataset == "acopio" else "ventas",
            )


def told_by_records(values: dict[str, list[tuple[date, float]]]) -> dict[str, date]:
    """KPI name → the first month its records tell: the demo types in its values only before it."""
    months = [period for period, _ in values["ventas"]]
    first = {"ventas": months[0], "acopio": months[0], "actividades": months[-ACTIVITY_MONTHS]}
    return {name: first[dataset] for name, dataset in RECORDED.items()}


class _Sales:
    def __init__(self) -> None:
        self.rows: list[list[str]] = []
        self.customers: list[str] = []


def _sales(rng: random.Random, values: Values) -> _Sales:
    out = _Sales()
    prospects = 0
    number = 0
    closed, newcomers, orders = dict(values["ventas"]), dict(values["clientes_nuevos"]), dict(values["pedidos"])
    for month in closed:
        paid = round(closed[month])
        new = min(round(newcomers[month]), paid) if out.customers else paid
        fresh = [_buyer(rng, len(out.customers) + i) for i in range(new)]
        buyers = fresh + [rng.choice(out.customers) for _ in range(paid - new)]
        out.customers += fresh
        rng.shuffle(buyers)
        states = ["Pagado"] * paid
        for _ in range(max(round(orders[month]) - paid, 0)):
            states.append(rng.choice(["Pendiente", "Anulado"]))
            if rng.random() < 0.5 or not out.customers:
                prospects += 1
                buyers.append(f"Prospecto {prospects:03d}")
            else:
                buyers.append(rng.choice(out.customers))
        for state, buyer in zip(states, buyers):
            number += 1
            product, price, (low, high) = rng.choices(PRODUCTS, weights=[5, 3, 2, 1])[0]
            quantity = rng.randint(low, high)
            out.rows.append(
                [
                    _day(rng, month),
                    f"P-{number:05d}",
                    buyer,
                    product,
                    str(quantity),
                    format_number(quantity * price, 2),
                    state,
                    rng.choice(SELLERS),
                ]
            )
    return out


def _buyer(rng: random.Random, index: int) -> str:
    return f"{rng.choice(BUYERS)} {rng.choice(LAST_NAMES)} {index + 1:03d}"


def _deliveries(rng: random.Random, values: Values) -> list[list[str]]:
    members = [f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)} ({i + 1:03d})" for i in range(160)]
    community = {m: rng.choice(COMMUNITIES) for m in members}
    rows = []
    for month, quintales in values["acopio"]:
        tenths = round(quintales * 10)
        if tenths <= 0:
            continue  # no harvest that month: no deliveries
        count = max(1, round(tenths / 120))
        weights = [rng.uniform(0.3, 1.7) for _ in range(count)]
        parts = [max(1, int(tenths * w / sum(weights))) for w in weights]
        parts[-1] += tenths - sum(parts)
        if parts[-1] <= 0:  # rounding took it all: fold it into the largest delivery
            largest = parts.index(max(parts[:-1]))
            parts[largest] += parts[-1] - 1
            parts[-1] = 1
        for part in parts:
            member = rng.choice(members)
            quality = rng.choices(["Primera", "Segunda"], weights=[4, 1])[0]
            price = rng.uniform(205, 225) if quality == "Primera" else rng.uniform(170, 190)
            rows.append(
                [
                    _day(rng, month),
                    member,
                    community[member],
                    format_number(part / 10, 1),
                    quality,
                    format_number(price, 2),
                ]
            )
    return rows


def _activities(rng: random.Random, values: Values, customers: list[str], months: list[date]) -> list[list[str]]:
    calls, messages = dict(values["llamadas"]), dict(values["mensajes"])
    rows = []
    for month in months:
        days = list(_working_days(month))
        for kind, channel, per_day in (("Llamada", "Teléfono", calls[month]), ("Mensaje", "WhatsApp", messages[month])):
            total = round(per_day * len(days))
            dates = days + [rng.choice(days) for _ in range(max(total - len(days), 0))]  # every working day has some
            for day in sorted(dates[:total]):
                rows.append([day.strftime("%d/%m/%Y"), rng.choice(SELLERS), kind, rng.choice(customers), channel])
    return rows


@functools.cache
def _working_days(month: date) -> list[date]:
    days, day = [], month
    while day.month == month.month:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


def _day(rng: random.Random, month: date) -> str:
    return rng.choice(_working_days(month)).strftime("%d/%m/%Y")


def _csv(header: list[str], rows: list[list[str]]) -> bytes:
    # as Excel in Spanish saves it: semicolons, decimal commas, day-first dates
    lines = [";".join(header), *(";".join(row) for row in rows)]
    return ("\n".join(lines) + "\n").encode("utf-8")
