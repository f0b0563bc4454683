"""How fast and how heavy is the board? 60 KPIs with ten years of monthly values, against a trivial page.

Builds a throwaway cooperative (in a temporary SQLite data folder, or in a throwaway
`test_…` database on the PostgreSQL server of DATABASE_URL, dropped at the end) and prints:
- the engine alone: evaluating the 60 KPIs and summarising their objectives;
- the board through Django's test Client: server time median and p95 (wall clock, and the CPU
  time of this process, which a busy machine inflates less), queries per board; seen before
  (its readings and tiles kept, the usual case) and for the first time (kept ones forgotten);
- the first visit's weight, compressed: the HTML (gzip, as the server sends it) plus every
  static file it links (the .gz copies collectstatic writes);
- the same for a trivial Django page (the login page) measured in the same run; it is not
  gzipped by the server, so its HTML is gzipped here to compare like with like.

    .venv/bin/python bench/board.py
    DATABASE_URL=postgresql://postgres@127.0.0.1:5544/rumbo .venv/bin/python bench/board.py
"""

import gzip
import os
import random
import re
import sys
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "support"))
from django_bench import bench_cooperative, bench_database, months, timings

KPIS, YEARS, RUNS = 60, 10, 60
TODAY = date(2026, 4, 20)
FIRST_MONTH = date(TODAY.year - YEARS, TODAY.month, 1)


def build():
    """A cooperative with 6 objectives and 60 monthly KPIs (every direction and rule), ten years of values."""
    from rumbo.kpis.models import Kpi, Measurement, Target

    rng = random.Random(60)
    coop, viewer, objectives = bench_cooperative()
    areas = ["gerencia", "finanzas", "legal", "ventas", "marketing", "produccion", "transporte", "almacenamiento"]
    rules = [
        ("up", "sum", ""),
        ("up", "mean", "unidades"),
        ("down", "mean", "USD"),
        ("band", "last", "×"),
        ("up", "ratio", "%"),
    ]
    periods = months(FIRST_MONTH, YEARS * 12)
    measurements, targets = [], []
    for i in range(KPIS):
        direction, aggregation, unit = rules[i % len(rules)]
        kpi = Kpi.objects.create(
            cooperative=coop,
            slug=f"kpi-{i}",
            name=f"Indicador de prueba {i + 1}",
            unit=unit or "qq",
            decimals=i % 3,
            area=areas[i % len(areas)],
            objective=objectives[i % len(objectives)],
            frequency="month",
            direction=direction,
            aggregation=aggregation,
            indicator=("leading", "lagging")[i % 2],
            kind="metric" if i % 10 == 9 else "kpi",
            position=i,
        )
        level = rng.uniform(50, 2000)
        for period in periods:
            value = Decimal(str(round(level * rng.uniform(0.8, 1.2), 2)))
            row = Measurement(kpi=kpi, period=period, value=value)
            if aggregation == "ratio":
                row.numerator, row.denominator = value, Decimal(100)
            measurements.append(row)
        if i % 3 == 0:  # a target for every month
            targets += [Target(kpi=kpi, start=p, end=_month_end(p), value=Decimal(round(level))) for p in periods]
        elif direction == "band":
            targets += [
                Target(
                    kpi=kpi,
                    start=date(y, 1, 1),
                    end=date(y, 12, 31),
                    low=Decimal(round(level * 0.8)),
                    high=Decimal(round(level * 1.2)),
                )
                for y in range(FIRST_MONTH.year, TODAY.year + 1)
            ]
        else:  # one target per harvest, paced
            targets += [
                Target(
                    kpi=kpi,
                    start=date(y, 10, 1),
                    end=date(y + 1, 9, 30),
                    value=Decimal(round(level * (12 if aggregation == "sum" else 1))),
                )
                for y in range(FIRST_MONTH.year - 1, TODAY.year + 1)
            ]
    Measurement.objects.bulk_create(measurements, batch_size=2000)
    Target.objects.bulk_create(targets, batch_size=2000)
    return coop, viewer


def _month_end(period: date) -> date:
    following = months(period, 2)[1]
    return date.fromordinal(following.toordinal() - 1)


def weight(response) -> tuple[int, int, list[str]]:
    """(compressed HTML bytes, compressed static bytes, static files) of a first visit."""
    from django.conf import settings

    body = response.content
    html = len(body) if response.get("Content-Encoding") == "gzip" else len(gzip.compress(body, 6))
    text = gzip.decompress(body).decode() if response.get("Content-Encoding") == "gzip" else body.decode()
    files = sorted(set(re.findall(r'(?:href|src)="/static/([^"]+)"', text)))
    static = 0
    for name in files:
        path = Path(settings.STATIC_ROOT) / name
        gz = path.with_name(path.name + ".gz")
        static += (gz if gz.exists() else path).stat().st_size
    return html, static, files


def engine_alone() -> tuple[float, float, float]:
    """The engine's part, apart: the board's 60 readings and their objectives (moved here from the tests)."""
    from rumbo.engine.status.board import evaluate, summarise_objective
    from rumbo.engine.status.readings import KpiFacts, PeriodValue, TargetSpan
    from rumbo.engine.timeline.periods import period_end, shift
    from rumbo.engine.vocab import Aggregation, Direction, Grain

    rng = random.Random(7)
    start, today = date(2014, 4, 1), date(2024, 4, 10)
    board = []
    for i in range(KPIS):
        facts = KpiFacts(
            name=f"KPI {i}",
            unit="qq",
            direction=list(Direction)[i % 3],
            aggregation=list(Aggregation)[i % 4],
            ratio_scale=Decimal(100),
        )
        periods = [shift(start, Grain.MONTH, n) for n in range(YEARS * 12)]
        series = [
            PeriodValue(p, Decimal(rng.randint(100, 2000)), Decimal(rng.randint(10, 90)), Decimal(100)) for p in periods
        ]
        targets = [
            TargetSpan(p, period_end(p, Grain.MONTH), Decimal(1000), Decimal(500), Decimal(1500)) for p in periods
        ]
        targets += [
            TargetSpan(date(y, 10, 1), date(y + 1, 9, 30), Decimal(12_000), Decimal(6000), Decimal(18_000))
            for y in range(2013, 2025)
        ]
        board.append((facts, series, targets))

    return timings(
        lambda: summarise_objective([evaluate(f, s, t, today=today) for f, s, t in board], name="Todo"), 20, warm_up=5
    )


def main():
    with bench_database() as connection:
        from django.core.management import call_command
        from django.db import reset_queries
        from django.test import Client
        from django.test.utils import CaptureQueriesContext
        from django.urls import reverse

        call_command("collectstatic", interactive=False, verbosity=0)
        began = time.perf_counter()
        coop, viewer = build()
        print(
            f"Datos: {KPIS} indicadores × {YEARS} años de valores mensuales en {connection.vendor} "
            f"({time.perf_counter() - began:.1f} s para crearlos)"
        )
        median, p95, cpu = engine_alone()
        print(
            f"Motor solo (evaluate + summarise_objective, {KPIS} KPI × {YEARS} años): mediana {median:.1f} ms, "
            f"p95 {p95:.1f} ms, CPU {cpu:.1f} ms"
        )

        from django.utils import timezone

        timezone.localdate = lambda *a, **k: TODAY  # the data end at TODAY; keep the board's "today" on it

        client = Client(HTTP_ACCEPT_ENCODING="gzip")
        client.force_login(viewer)
        board_url = reverse("kpis:board", args=[coop.slug])
        all_url = board_url + "?kind=all"
        login_url = reverse("login")
        anonymous = Client(HTTP_ACCEPT_ENCODING="gzip")
        from rumbo.kpis import readings
        from rumbo.kpis.presenters import tiles

        def cold(get):
            """A board nobody has seen since its data changed: the kept readings and tiles are forgotten first."""

            def first_sight():
                readings._evaluate.cache_clear()
                tiles._shown.cache_clear()
                return get()

            return first_sight

        pages = {
            "Tablero (KPI), visto antes": lambda: client.get(board_url),
            "Tablero (KPI), primera vez": cold(lambda: client.get(board_url)),
            "Tablero (KPI y métricas)": lambda: client.get(all_url),
            "Página trivial (entrar)": lambda: anonymous.get(login_url),
        }
        rows = []
        for label, get in pages.items():
            reset_queries()
            with CaptureQueriesContext(connection) as queries:
                response = get()
            count = len(queries.captured_queries)  # now: later requests clear the log it reads
            rows.append((label, count, *weight(response)))
        times = timings(pages, RUNS, warm_up=5)
        print(
            f"\n{'página':<28} {'mediana':>8} {'p95':>8} {'CPU':>8} {'consultas':>9} {'HTML gz':>9} {'estáticos gz':>12} {'total':>9}"
        )
        for label, count, html, static, _ in rows:
            median, p95, cpu = times[label]
            print(
                f"{label:<28} {median:>6.1f}ms {p95:>6.1f}ms {cpu:>6.1f}ms {count:>9} {html / 1024:>7.1f}KB "
                f"{static / 1024:>10.1f}KB {(html + static) / 1024:>7.1f}KB"
            )
        print(f"Carga de la máquina (1 min) al terminar: {os.getloadavg()[0]:.2f} en {os.cpu_count()} núcleos")
        print("Estáticos del tablero:", ", ".join(rows[0][4]))


if __name__ == "__main__":
    main()
