"""The members' contributions of bench/federation.py: 40 monthly catalogue templates, realistic variation, COPY."""

from datetime import date

import numpy as np

# 40 monthly catalogue templates: 10 sums, 1 mean, 10 last values, 19 ratios.
TEMPLATES = [
    "ingresos_totales",
    "accidentes_trabajo",
    "entrevistas_clientes",
    "renovaciones",
    "clientes_adquiridos",
    "muestras_enviadas",
    "seguidores_nuevos",
    "ventas_cerradas_mes",
    "valor_ventas_cerradas",
    "volumen_vendido",
    "alcance",
    "razon_corriente",
    "cartera_vencida",
    "cobertura_caja",
    "financiamiento_cosecha",
    "fiabilidad_equipo",
    "seguridad_trabajo",
    "no_conformidades",
    "fiabilidad_transportista",
    "mrr",
    "clientes_activos",
    "margen_bruto",
    "pago_oportuno_socios",
    "facturas_cobradas_tiempo",
    "ejecucion_presupuesto",
    "otif",
    "costo_transporte_kg",
    "uso_capacidad_carga",
    "perdidas_transito",
    "rotacion_inventario",
    "mermas_almacenamiento",
    "exactitud_inventario",
    "adherencia",
    "satisfaccion_cliente",
    "reclamos_clientes",
    "tamano_medio_pedido",
    "precio_medio_kg",
    "socios_visitados",
    "mantenimiento_preventivo",
    "tasa_conversion",
]
COHORTS = (date(2019, 1, 1), date(2021, 1, 1), date(2023, 1, 1), date(2025, 1, 1))


def start_of(i: int, first: date, cohorts: bool = True) -> date:
    """When member i's history starts: one member in five belongs to a later cohort (each at least k strong)."""
    cohort = i % 20 if cohorts else 0
    return max(first, COHORTS[cohort - 1]) if 1 <= cohort <= len(COHORTS) else first


def series(rng, t, members: int, periods: list[date]):
    """(value, numerator, denominator) arrays, members × periods, for one template, in its network unit."""
    n, p = members, len(periods)
    size = rng.lognormal(0.0, 0.8, n)
    if n > 10:
        size[rng.choice(n, max(2, n // 200), replace=False)] *= 40  # a few members dominate
    month = np.array([d.month for d in periods])
    years = np.arange(p) / 12
    phase = rng.integers(0, 3, n)[:, None]
    season = 1 + 0.35 * np.sin(2 * np.pi * (month[None, :] - 3 - phase) / 12)
    trend = (1 + rng.uniform(-0.02, 0.06, n)[:, None]) ** years[None, :]
    noise = rng.normal(1, 0.08, (n, p)).clip(0.5, 1.5)
    agg = t.aggregation.value
    if agg == "ratio":
        den = (200 * size[:, None] * season * trend * noise).round(2) + 1
        rate = (rng.beta(6, 3, n)[:, None] * rng.normal(1, 0.05, (n, p))).clip(0.01, 0.99)
        if t.unit != "percent":
            rate = rate * rng.uniform(2, 8)
        num = (den * rate).round(2)
        scale = 100 if t.unit == "percent" else 1
        return (num / den * scale).round(4), num, den
    if agg == "sum":
        return (1000 * size[:, None] * season * trend * noise).round(2), None, None
    level = rng.uniform(2, 25) * rng.lognormal(0, 0.4, n)[:, None]  # a rate, level or stock: near each member's own
    return (level * trend * noise).round(2), None, None


def contributions(federation, members, templates, periods, seed=19, cohorts=True):
    """Every member's contributions, written with COPY on PostgreSQL (bulk_create elsewhere); returns the count."""
    from django.db import connection
    from django.utils import timezone

    from rumbo.federation.models import Contribution
    from rumbo.federation.services.figures import network_units

    rng = np.random.default_rng(seed)
    unit = network_units(federation, templates)
    starts = [periods.index(start_of(i, periods[0], cohorts)) for i in range(len(members))]
    received = timezone.now().isoformat()
    count = 0
    for t in templates:
        value, num, den = series(rng, t, len(members), periods)
        lines = []
        for i, member in enumerate(members):
            mid, v = member.pk, value[i]
            for j in range(starts[i], len(periods)):
                parts = f"{num[i, j]}\t{den[i, j]}" if num is not None else "\\N\t\\N"
                lines.append(f"{mid}\t{t.slug}\t{periods[j]}\t{v[j]}\t{parts}\t{unit[t.slug]}\t{received}\n")
        count += len(lines)
        if connection.vendor == "postgresql":
            columns = "member_id, template_slug, period, value, numerator, denominator, unit, received_at"
            with (
                connection.cursor() as cursor,
                cursor.cursor.copy(f"COPY federation_contribution ({columns}) FROM STDIN") as copy,
            ):
                for at in range(0, len(lines), 20_000):
                    copy.write("".join(lines[at : at + 20_000]))
        else:
            rows = (line.rstrip("\n").split("\t") for line in lines)
            Contribution.objects.bulk_create(
                [
                    Contribution(
                        member_id=int(m),
                        template_slug=s,
                        period=date.fromisoformat(d),
                        value=v,
                        numerator=None if a == "\\N" else a,
                        denominator=None if b == "\\N" else b,
                        unit=u,
                        received_at=r,
                    )
                    for m, s, d, v, a, b, u, r in rows
                ],
                batch_size=5000,
            )
    return count


def analyse():
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE federation_contribution")
