"""What do forecasts and lead checks cost, and what do they add to the board and a KPI's page?

Builds a throwaway cooperative (in a temporary SQLite data folder, or in a throwaway `test_…`
database on the PostgreSQL server of DATABASE_URL, dropped at the end) with 60 monthly KPIs
and ten years of seasonal values, half of them leading, and prints:
- `forecasts_refresh` of the 60 KPIs (cold), then again with nothing changed, and the lead checks; the whole
  refresh a worker runs after a write, with nothing left to recompute;
- the board with its cached forecasts against the same board without them: median, p95 and CPU
  time, queries (the board reads the cache; it must never compute a forecast);
- a KPI's page with its forecast current, and right after a new value (it recomputes it).

    .venv/bin/python bench/insight.py
    DATABASE_URL=postgresql://postgres@127.0.0.1:5544/rumbo .venv/bin/python bench/insight.py
"""

import math
import random
import statistics
import sys
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "support"))
from django_bench import bench_cooperative, bench_database, months, timings

KPIS, YEARS, RUNS = 60, 10, 40
TODAY = date(2026, 4, 20)


def build():
    """6 objectives, 60 monthly KPIs (sums, means, a level going down), ten years of seasonal values, yearly targets."""
    from rumbo.kpis.models import Kpi, Measurement, Target

    rng = random.Random(60)
    coop, viewer, objectives = bench_cooperative()
    rules = [("up", "sum"), ("up", "mean"), ("down", "mean"), ("up", "last")]
    periods = months(date(TODAY.year - YEARS, TODAY.month, 1), YEARS * 12)
    measurements, targets = [], []
    for i in range(KPIS):
        direction, aggregation = rules[i % len(rules)]
        kpi = Kpi.objects.create(
            cooperative=coop,
            slug=f"kpi-{i}",
            name=f"Indicador {i + 1}",
            unit="qq",
            area="ventas",
            frequency="month",
            objective=objectives[i % 6],
            direction=direction,
            aggregation=aggregation,
            position=i,
            indicator=("leading", "lagging")[(i // 6) % 2],
        )
        level, growth = rng.uniform(50, 2000), rng.uniform(-0.002, 0.006)
        for t, period in enumerate(periods):
            season = 1 + 0.2 * math.cos(2 * math.pi * (period.month - 12) / 12)
            value = level * (1 + growth) ** t * season * rng.uniform(0.9, 1.1)
            measurements.append(Measurement(kpi=kpi, period=period, value=Decimal(str(round(value, 2)))))
        yearly = level * (1 + growth) ** (len(periods) - 4) * (12 if aggregation == "sum" else 1)
        targets += [
            Target(kpi=kpi, start=date(y, 1, 1), end=date(y, 12, 31), value=Decimal(round(yearly * 1.05)))
            for y in range(TODAY.year - 1, TODAY.year + 1)
        ]
    Measurement.objects.bulk_create(measurements, batch_size=2000)
    Target.objects.bulk_create(targets, batch_size=2000)
    return coop, viewer


def timed(call) -> tuple[float, float, object]:
    began, began_cpu = time.perf_counter(), time.process_time()
    result = call()
    return time.perf_counter() - began, time.process_time() - began_cpu, result


def main():
    with bench_database() as connection:
        from django.test import Client
        from django.test.utils import CaptureQueriesContext
        from django.urls import reverse
        from django.utils import timezone

        coop, viewer = build()
        timezone.localdate = lambda *a, **k: TODAY
        from rumbo.insight.services.forecasts import forecasts_refresh
        from rumbo.insight.services.leading import lead_checks_refresh
        from rumbo.insight.services.refresh import insight_refresh
        from rumbo.kpis import readings as kpi_readings
        from rumbo.kpis.models import Kpi, Measurement
        from rumbo.kpis.services.values import value_record

        print(f"{KPIS} indicadores mensuales × {YEARS} años en {connection.vendor}, hoy {TODAY.isoformat()}")
        wall, cpu, done = timed(lambda: forecasts_refresh(coop=coop, today=TODAY))
        print(
            f"forecasts_refresh, todos nuevos: {done.computed} pronósticos en {wall:.1f} s "
            f"({wall / done.computed * 1000:.0f} ms cada uno; CPU {cpu / done.computed * 1000:.0f} ms)"
        )
        with CaptureQueriesContext(connection) as queries:
            wall, cpu, done = timed(lambda: forecasts_refresh(coop=coop, today=TODAY))
        print(f"forecasts_refresh, nada cambió: {done.kept} vigentes en {wall * 1000:.0f} ms, {len(queries)} consultas")
        wall, cpu, done = timed(lambda: lead_checks_refresh(coop=coop, today=TODAY))
        print(
            f"lead_checks_refresh: {done.computed} pruebas en {wall * 1000:.0f} ms "
            f"({wall / max(done.computed, 1) * 1000:.0f} ms cada una)"
        )
        with CaptureQueriesContext(connection) as queries:  # what the worker pays after a write to another KPI
            walls = [timed(lambda: insight_refresh(coop=coop, today=TODAY))[0] for _run in range(RUNS)]
        print(
            f"insight_refresh, nada cambió: mediana {statistics.median(walls) * 1000:.1f} ms, "
            f"{len(queries) // RUNS} consultas"
        )

        client = Client()
        client.force_login(viewer)
        board_url = reverse("kpis:board", args=[coop.slug])
        kept = list(kpi_readings._outlook_sources)

        def board_without():  # every reading keeps the pace's outlook
            kpi_readings._outlook_sources.clear()
            try:
                return client.get(board_url)
            finally:
                kpi_readings._outlook_sources.extend(kept)

        counts = {}
        for label, get in (("with", lambda: client.get(board_url)), ("without", board_without)):
            with CaptureQueriesContext(connection) as queries:
                text = get().content.decode()
            counts[label] = (len(queries), text.count("Al ritmo actual llegará a ~"))
        results = timings(
            {"Tablero con pronósticos": lambda: client.get(board_url), "Tablero sin pronósticos": board_without}, RUNS
        )
        for label, (median, p95, cpu) in results.items():
            key = "with" if "con" in label else "without"
            print(
                f"{label}: mediana {median:.0f} ms, p95 {p95:.0f} ms, CPU {cpu:.0f} ms · {counts[key][0]} consultas "
                f"· {counts[key][1]} historias con pronóstico"
            )

        kpi = Kpi.objects.get(cooperative=coop, slug="kpi-0")
        page_url = reverse("kpis:kpi_detail", args=[coop.slug, kpi.pk])
        median, p95, cpu = timings(lambda: client.get(page_url), RUNS)
        print(f"Página de un KPI, pronóstico vigente: mediana {median:.0f} ms, p95 {p95:.0f} ms, CPU {cpu:.0f} ms")
        stale = []
        for _n in range(8):
            last = Measurement.objects.get(kpi=kpi, period=date(2026, 3, 1))
            value_record(kpi=kpi, period=last.period, value=last.value + 1, note="", user=None, version=last.version)
            wall, cpu, _ = timed(lambda: client.get(page_url))
            stale.append((wall * 1000, cpu * 1000))
        print(
            f"Página de un KPI justo después de un valor nuevo (lo recalcula): mediana "
            f"{statistics.median(w for w, _ in stale):.0f} ms, CPU {statistics.median(c for _, c in stale):.0f} ms"
        )


if __name__ == "__main__":
    main()
