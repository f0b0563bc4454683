"""How fast and how heavy are the board, a KPI's page and the OKR page? 60 KPIs with ten years of values, against a
trivial page.

Builds a throwaway cooperative (in a temporary SQLite data folder, or in a throwaway
`test_…` database on the PostgreSQL server of DATABASE_URL, dropped at the end) and prints:
- the engine alone: evaluating the 60 KPIs and summarising their objectives;
- the board, a KPI's page and the OKR page (a quarter of 6 objectives × 4 key results) through
  Django's test Client: server time median and p95 (wall clock, and the CPU time of this process,
  which a busy machine inflates less), queries per page, and the CPU time as a multiple of the
  trivial page's; seen again (its body kept in the page cache for this edition of the data, the
  usual case) and for the first time after a change (a new edition, and the kept readings forgotten);
- the first visit's weight, compressed: the HTML (gzip, as the server sends it) plus every
  static file it links (the .gz copies collectstatic writes);
- the same for a trivial Django page (the login page) measured in the same run; it is not
  gzipped by the server, so its HTML is gzipped here to compare like with like.

    .venv/bin/python bench/board.py
    .venv/bin/python bench/board.py --sin-cache     # every body rendered again, as before the page cache
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
TRIVIAL = "Página trivial (entrar)"
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
    add_okrs(coop, list(Kpi.objects.filter(cooperative=coop).order_by("position")[:12]), rng)
    return coop, viewer


def add_okrs(coop, kpis, rng):
    """The quarter of TODAY: 6 objectives × 4 key results (one in four follows a KPI), a check-in each week so far."""
    from rumbo.okrs.models import CheckIn, Cycle, KeyResult, OkrObjective

    start, end = date(TODAY.year, 4, 1), date(TODAY.year, 6, 30)
    cycle = Cycle.objects.create(cooperative=coop, name="Segundo trimestre", start=start, end=end)
    check_ins = []
    for i in range(6):
        objective = OkrObjective.objects.create(cooperative=coop, cycle=cycle, title=f"Objetivo {i + 1}", position=i)
        for j in range(4):
            follows = kpis[(i + j) % len(kpis)] if j == 0 else None
            kind = "number" if follows or j % 2 else "milestone"
            kr = KeyResult.objects.create(
                objective=objective,
                title=f"Resultado {j + 1}",
                kind=kind,
                kpi=follows,
                position=j,
                baseline=None if kind == "milestone" else Decimal(100),
                target=None if kind == "milestone" else Decimal(400),
                current=None if kind == "milestone" or follows else Decimal(rng.randint(100, 400)),
            )
            check_ins += [
                CheckIn(
                    key_result=kr,
                    date=date(TODAY.year, 4, 1 + 7 * w),
                    confidence=rng.randint(2, 9),
                    value=None if kind == "milestone" else Decimal(rng.randint(100, 400)),
                )
                for w in range(3)
            ]
    CheckIn.objects.bulk_create(check_ins)


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

        if "--sin-cache" in sys.argv:  # the pages as they cost before the page cache: every body rendered again
            from django.test import override_settings

            override_settings(CACHES={"pages": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}).enable()

        from django.utils import timezone

        timezone.localdate = lambda *a, **k: TODAY  # the data end at TODAY; keep the board's "today" on it

        client = Client(HTTP_ACCEPT_ENCODING="gzip")
        client.force_login(viewer)
        board_url = reverse("kpis:board", args=[coop.slug])
        all_url = board_url + "?kind=all"
        kpi_url = reverse("kpis:kpi_detail", args=[coop.slug, coop.kpis.order_by("position").first().pk])
        okr_url = reverse("okrs:page", args=[coop.slug])
        login_url = reverse("login")
        anonymous = Client(HTTP_ACCEPT_ENCODING="gzip")
        from rumbo.kpis import readings
        from rumbo.kpis.presenters import tiles
        from rumbo.orgs import editions

        def cold(get):
            """A page nobody has seen since its data changed: a new edition, and the kept readings and tiles forgotten."""

            def first_sight():
                editions.renew([coop.pk])
                readings._evaluate.cache_clear()
                tiles._shown.cache_clear()
                return get()

            return first_sight

        def seen(url):
            return lambda: client.get(url)

        def another_person(url):
            """A page whose body someone else's view kept, seen by this browser for the first time: the page is made
            around the kept body (no CSRF cookie yet, so nothing of the page itself is kept for this browser)."""

            def first_view():
                client.cookies.pop("csrftoken", None)
                return client.get(url)

            return first_view

        pages = {
            "Tablero (KPI), visto antes": seen(board_url),
            "Tablero (KPI), primera vez": cold(seen(board_url)),
            "Tablero (KPI), otra persona": another_person(board_url),
            "Tablero (KPI y métricas), visto antes": seen(all_url),
            "Página de un KPI, vista antes": seen(kpi_url),
            "Página de un KPI, primera vez": cold(seen(kpi_url)),
            "Página de un KPI, otra persona": another_person(kpi_url),
            "OKR, vista antes": seen(okr_url),
            "OKR, primera vez": cold(seen(okr_url)),
            "OKR, otra persona": another_person(okr_url),
            TRIVIAL: lambda: anonymous.get(login_url),
        }
        rows = []
        for label, get in pages.items():
            if "antes" in label:
                get()  # seen once already: this one is served from the page cache
            reset_queries()
            with CaptureQueriesContext(connection) as queries:
                response = get()
            count = len(queries.captured_queries)  # now: later requests clear the log it reads
            rows.append((label, count, *weight(response)))
        # Apart: a first view makes a new edition, after which a page in the same round would not be "seen again".
        first = {label: get for label, get in pages.items() if "primera vez" in label}
        times = {
            **timings({label: get for label, get in pages.items() if label not in first}, RUNS, warm_up=5),
            **timings(first, RUNS, warm_up=5),
        }
        print(
            f"\n{'página':<30} {'mediana':>8} {'p95':>8} {'CPU':>8} {'× trivial':>9} {'consultas':>9} {'HTML gz':>9} "
            f"{'estáticos gz':>12} {'total':>9}"
        )
        trivial_cpu = times[TRIVIAL][2]
        for label, count, html, static, _ in rows:
            median, p95, cpu = times[label]
            print(
                f"{label:<30} {median:>6.1f}ms {p95:>6.1f}ms {cpu:>6.1f}ms {cpu / trivial_cpu:>8.1f}× {count:>9} "
                f"{html / 1024:>7.1f}KB {static / 1024:>10.1f}KB {(html + static) / 1024:>7.1f}KB"
            )
        print(f"Carga de la máquina (1 min) al terminar: {os.getloadavg()[0]:.2f} en {os.cpu_count()} núcleos")
        print("Estáticos del tablero:", ", ".join(rows[0][4]))


if __name__ == "__main__":
    main()
