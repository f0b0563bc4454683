"""How fast and how heavy are the catalogue, the «Elegir mis KPI» assistant and the quality check?

Builds a throwaway cooperative (temporary SQLite data folder, or a throwaway `test_…`
database on the PostgreSQL server of DATABASE_URL) with 60 KPIs and a year of monthly
values, and prints, for each page: server time (median, p95, CPU) through Django's test
Client, queries per request and the HTML's compressed weight; plus the engine's `propose`
alone and one whole adoption of the assistant's list.

    .venv/bin/python bench/choosing.py
    DATABASE_URL=postgresql://postgres@127.0.0.1:5544/rumbo .venv/bin/python bench/choosing.py
"""

import gzip
import sys
import time
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent / "support"))
from django_bench import bench_database, timings

KPIS, RUNS = 60, 40
TODAY = date(2026, 4, 20)
ANSWERS = [
    ("market_stage", "pmf"),
    ("area", "gerencia"),
    ("area", "ventas"),
    ("area", "marketing"),
    ("area", "produccion"),
    ("example", "vender_mas_cafe_tostado"),
    ("example", "retener_socios"),
    ("text", "Dar a conocer nuestra marca de café en la capital"),
    ("buyer_stage", "consideracion"),
]


def build():
    """A cooperative with 6 objectives, 60 monthly KPIs of every area and a year of values."""
    from rumbo.accounts.models import Membership, User
    from rumbo.kpis.models import Kpi, Measurement, Objective, Target
    from rumbo.orgs.models import Cooperative

    coop = Cooperative.objects.create(slug="banco", name="Cooperativa de banco de pruebas")
    admin = User.objects.create_user(username="admin@example.org", email="admin@example.org", password="x" * 12)
    Membership.objects.create(user=admin, cooperative=coop, role="admin")
    objectives = [Objective.objects.create(cooperative=coop, title=f"Objetivo {i + 1}", position=i) for i in range(6)]
    areas = ["gerencia", "finanzas", "legal", "ventas", "marketing", "produccion", "transporte", "almacenamiento"]
    values, targets = [], []
    for i in range(KPIS):
        kpi = Kpi.objects.create(
            cooperative=coop,
            slug=f"kpi-{i}",
            name=f"Indicador {i + 1}",
            area=areas[i % 8],
            frequency="month",
            objective=objectives[i % 6] if i % 7 else None,
            owner=admin if i % 5 else None,
            indicator=("leading", "lagging")[i % 2],
        )
        values += [
            Measurement(kpi=kpi, period=date(2025, m, 1), value=Decimal(100 + m))
            for m in range(1, 13)
            if i % 4 or m < 6
        ]
        if i % 3:
            targets.append(Target(kpi=kpi, start=date(2026, 1, 1), end=date(2026, 12, 31), value=Decimal(120)))
    Measurement.objects.bulk_create(values)
    Target.objects.bulk_create(targets)
    # Followed since January 2025, so the months without values count as missing.
    Kpi.objects.filter(cooperative=coop).update(created_at=datetime(2025, 1, 1, tzinfo=UTC))
    return coop, admin


def engine_propose() -> tuple[float, float, float]:
    from rumbo.engine.choice.choosing import Objective, example_objectives, propose
    from rumbo.engine.vocab import Area, BuyerStage, MarketStage

    objectives = [Objective(e.slug, e.es, e.areas) for e in example_objectives()]
    return timings(
        lambda: propose(
            market_stage=MarketStage.PMF,
            areas=list(Area),
            objectives=objectives,
            buyer_stages=[BuyerStage.CONSIDERACION],
        ),
        RUNS,
    )


def main():
    with bench_database() as connection:
        from django.test import Client
        from django.test.utils import CaptureQueriesContext
        from django.urls import reverse

        coop, admin = build()
        from django.utils import timezone

        timezone.localdate = lambda *a, **k: TODAY

        median, p95, cpu = engine_propose()
        print(
            f"Motor solo (propose, 13 objetivos de ejemplo, 8 áreas): mediana {median:.1f} ms, p95 {p95:.1f} ms, "
            f"CPU {cpu:.1f} ms"
        )
        client = Client()
        client.force_login(admin)
        slug = coop.slug
        pages = [
            ("Catálogo (página 1 de 7)", reverse("choosing:catalog", args=[slug])),
            ("Catálogo buscando «cafe»", reverse("choosing:catalog", args=[slug]) + "?q=cafe"),
            ("Adoptar (formulario)", reverse("choosing:adopt", args=[slug, "llamadas_clientes_dia"])),
            (
                "Asistente, paso 3",
                reverse("choosing:assistant", args=[slug]) + "?" + urlencode(ANSWERS + [("step", 3)]),
            ),
            (
                "Asistente, su lista (3 objetivos)",
                reverse("choosing:shortlist", args=[slug]) + "?" + urlencode(ANSWERS),
            ),
            (f"Calidad ({KPIS} KPI)", reverse("choosing:quality", args=[slug])),
        ]
        print(f"{'página':36} {'mediana':>8} {'p95':>8} {'CPU':>8} {'consultas':>9} {'HTML gzip':>10}")
        for label, url in pages:
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            count = len(queries.captured_queries)
            median, p95, cpu = timings(lambda url=url: client.get(url), RUNS)
            size = len(gzip.compress(response.content, 6))
            print(f"{label:36} {median:7.1f}ms {p95:7.1f}ms {cpu:7.1f}ms {count:9d} {size / 1024:8.1f} kB")

        listing = client.get(pages[4][1])
        form = listing.context["form"]
        data = {"action": "adopt", "start": "2026-01-01", "end": "2026-12-31"}
        data.update({name: str(admin.pk) for name in form.fields if name.startswith("owner-")})
        for line in listing.context["plan"].kept:
            for field in form.line_fields(line):
                data[field.html_name] = "1.000"
        for name, value in listing.context["hidden"]:
            data.setdefault(name, [])
            data[name].append(value)
        began = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            response = client.post(reverse("choosing:shortlist", args=[slug]), data)
        assert response.status_code == 302, response.status_code
        print(
            f"Adoptar la lista de una vez ({len(listing.context['plan'].kept)} KPI, 3 objetivos nuevos): "
            f"{(time.perf_counter() - began) * 1000:.0f} ms, {len(queries.captured_queries)} consultas"
        )


if __name__ == "__main__":
    main()
