"""How fast and how heavy are the OKR pages? A quarter with many objectives, key results and weekly check-ins.

Builds a throwaway cooperative (temporary SQLite data folder, or a throwaway `test_…`
database on the PostgreSQL server of DATABASE_URL, dropped at the end): 15 objectives of
5 key results each, 12 weekly check-ins per key result, a third of them following KPIs
that have ten years of monthly values. Prints:
- the engine alone: scoring the 15 objectives;
- the OKR page, an objective's page (with its SVG charts) and the alignment tree through
  Django's test Client: median and p95 server time, CPU, queries, compressed HTML;
- the queries of the OKR page for 3 and for 15 objectives (they must not grow).

    .venv/bin/python bench/okrs.py
    DATABASE_URL=postgresql://postgres@127.0.0.1:5544/rumbo .venv/bin/python bench/okrs.py
"""

import gzip
import os
import random
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "support"))
from django_bench import bench_database, months, timings

OBJECTIVES, KEY_RESULTS, WEEKS, RUNS = 15, 5, 12, 40
TODAY = date(2026, 12, 20)
CYCLE = (date(2026, 10, 1), date(2026, 12, 31))


def gzipped(response) -> int:
    body = response.content
    return len(body) if response.get("Content-Encoding") == "gzip" else len(gzip.compress(body, 6))


def build(objectives: int):
    from rumbo.accounts.models import Membership, User
    from rumbo.kpis.models import Kpi, Measurement
    from rumbo.okrs.models import CheckIn, Cycle, KeyResult, OkrObjective
    from rumbo.orgs.models import Cooperative

    rng = random.Random(objectives)
    coop = Cooperative.objects.create(slug=f"okr-{objectives}", name="Cooperativa de banco de pruebas")
    viewer = User.objects.create_user(
        username=f"l{objectives}@example.org", email=f"l{objectives}@example.org", password="x" * 12
    )
    Membership.objects.create(user=viewer, cooperative=coop, role="viewer")
    kpis = [
        Kpi.objects.create(cooperative=coop, slug=f"k{i}", name=f"Indicador {i}", area="ventas", frequency="month")
        for i in range(10)
    ]
    Measurement.objects.bulk_create(
        Measurement(kpi=k, period=p, value=Decimal(rng.randint(50, 500)))
        for k in kpis
        for p in months(date(2017, 1, 1), 120)
    )
    cycle = Cycle.objects.create(cooperative=coop, name="Trimestre 4 de 2026", start=CYCLE[0], end=CYCLE[1])
    check_ins = []
    top = None
    for i in range(objectives):
        objective = OkrObjective.objects.create(
            cooperative=coop,
            cycle=cycle,
            title=f"Objetivo {i + 1}",
            type=("committed", "aspirational")[i % 2],
            area=("", "ventas", "produccion")[i % 3],
            parent=top if i % 3 else None,
            position=i,
        )
        top = objective if i % 3 == 0 else top
        for j in range(KEY_RESULTS):
            follows = kpis[(i + j) % len(kpis)] if j % 3 == 0 else None
            kind = ("number", "percent", "milestone")[j % 3] if not follows else "number"
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
            for w in range(WEEKS):
                check_ins.append(
                    CheckIn(
                        key_result=kr,
                        date=CYCLE[0] + timedelta(days=7 * w),
                        confidence=rng.randint(2, 9),
                        value=None if kind == "milestone" else Decimal(rng.randint(100, 400)),
                        comment="Avanza" if w % 4 else "",
                    )
                )
    CheckIn.objects.bulk_create(check_ins, batch_size=2000)
    return coop, viewer, cycle


def engine_alone(coop, cycle) -> tuple[float, float, float]:
    from rumbo.okrs import selectors

    return timings(lambda: selectors.scored_objectives(coop, cycle, TODAY), RUNS)


def main():
    with bench_database() as connection:
        from django.conf import settings
        from django.test import Client
        from django.test.utils import CaptureQueriesContext
        from django.urls import reverse
        from django.utils import timezone

        timezone.localdate = lambda *a, **k: TODAY
        Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
        began = time.perf_counter()
        small = build(3)
        coop, viewer, cycle = build(OBJECTIVES)
        print(
            f"Datos: {OBJECTIVES} objetivos × {KEY_RESULTS} resultados clave × {WEEKS} seguimientos en {connection.vendor} "
            f"({time.perf_counter() - began:.1f} s para crearlos)"
        )
        median, p95, cpu = engine_alone(coop, cycle)
        print(
            f"Selector + motor (scored_objectives, {OBJECTIVES * KEY_RESULTS} KR): mediana {median:.1f} ms, p95 {p95:.1f} ms, CPU {cpu:.1f} ms"
        )
        client = Client(HTTP_ACCEPT_ENCODING="gzip")
        client.force_login(viewer)
        objective = cycle.objectives.first()
        pages = [
            ("Página de OKR", reverse("okrs:page", args=[coop.slug])),
            ("Página de un objetivo", reverse("okrs:objective_detail", args=[coop.slug, objective.pk])),
            ("Árbol de alineación", reverse("okrs:alignment", args=[coop.slug])),
        ]
        print(f"\n{'página':<24} {'mediana':>8} {'p95':>8} {'CPU':>8} {'consultas':>9} {'HTML gz':>9}")
        for label, url in pages:
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            count = len(queries)  # read now: the connection's query log is a ring the timed runs overwrite
            html = gzipped(response)
            median, p95, cpu = timings(lambda: client.get(url), RUNS)
            print(f"{label:<24} {median:>6.1f}ms {p95:>6.1f}ms {cpu:>6.1f}ms {count:>9} {html / 1024:>7.1f}KB")
        few = Client()
        few.force_login(small[1])
        with CaptureQueriesContext(connection) as queries:
            few.get(reverse("okrs:page", args=[small[0].slug]))
        with CaptureQueriesContext(connection) as many:
            client.get(pages[0][1])
        print(f"\nConsultas de la página de OKR: {len(queries)} con 3 objetivos, {len(many)} con {OBJECTIVES}")
        print(f"Carga de la máquina (1 min) al terminar: {os.getloadavg()[0]:.2f} en {os.cpu_count()} núcleos")


if __name__ == "__main__":
    main()
