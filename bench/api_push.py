"""How long does the largest API push take? One call of 5,000 values (the cap) on SQLite, through Django's test Client.

Builds a throwaway cooperative (temporary SQLite data folder, or a throwaway `test_…` database
on the PostgreSQL server of DATABASE_URL, dropped at the end) with one daily KPI and a
read-write API key, then prints wall and CPU time, queries and body size of:
- one push of 5,000 new values (each written with its history);
- the same push again (every value already equal: nothing written);
- the same periods with every value changed (5,000 updates, each one version on, with history);
- a push of 20,000 values (refused at once with a 422 problem, nothing read or written);
- for comparison, the 5,000 values recorded one by one through `value_record`, as the
  API did before it used the import's bulk writer (on a second KPI, in one transaction).

    .venv/bin/python bench/api_push.py
    DATABASE_URL=postgresql://postgres@127.0.0.1:5544/rumbo .venv/bin/python bench/api_push.py
"""

import json
import os
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "support"))
from django_bench import bench_database

FIRST_DAY = date(2010, 1, 1)


def body(count: int, shift: int = 0) -> str:
    return json.dumps(
        [
            {
                "period": (FIRST_DAY + timedelta(days=i)).isoformat(),
                "value": f"{i + shift},25",
                "note": "báscula 2" if i % 10 == 0 else "",
            }
            for i in range(count)
        ]
    )


def measure(label: str, work) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    wall, cpu = time.perf_counter(), time.process_time()
    with CaptureQueriesContext(connection) as queries:
        outcome = work()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"{label:<58} {wall * 1000:>7.0f} ms wall {cpu * 1000:>7.0f} ms CPU {len(queries):>5} queries   {outcome}")


def main() -> None:
    with bench_database() as connection:
        from django.db import transaction
        from django.test import Client

        from rumbo.accounts.models import User
        from rumbo.api.limits import MAX_VALUES_PER_CALL
        from rumbo.api.services import token_create
        from rumbo.kpis.choices import Source
        from rumbo.kpis.models import Kpi, Measurement
        from rumbo.kpis.services.values import value_record
        from rumbo.orgs.models import Cooperative

        coop = Cooperative.objects.create(slug="banco", name="Cooperativa de banco de pruebas")
        admin = User.objects.create_user(username="admin@example.org", email="admin@example.org", password="x" * 12)
        daily = {"cooperative": coop, "unit": "kg", "area": "produccion", "frequency": "day", "decimals": 2}
        kpi = Kpi.objects.create(slug="acopio", name="Acopio diario", **daily)
        by_hand = Kpi.objects.create(slug="acopio_2", name="Acopio diario 2", **daily)
        token, key = token_create(coop=coop, name="Báscula", can_write=True, user=admin)
        client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
        url = f"/api/v1/c/{coop.slug}/kpis/{kpi.slug}/values"
        client.get(f"/api/v1/c/{coop.slug}/kpis")  # load the URLs and the API once, outside the figures

        def push(data: str):
            def call():
                response = client.post(url, data=data, content_type="application/json")
                return f"{response.status_code} {response.content[:70].decode()}"

            return call

        full, changed = body(MAX_VALUES_PER_CALL), body(MAX_VALUES_PER_CALL, shift=1)
        print(
            f"{connection.vendor}; {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}; "
            f"a push of {MAX_VALUES_PER_CALL} values is {len(full) / 1024:.0f} KB of JSON"
        )
        measure(f"push {MAX_VALUES_PER_CALL} new values", push(full))
        measure(f"the same {MAX_VALUES_PER_CALL} values again (unchanged)", push(full))
        measure(f"{MAX_VALUES_PER_CALL} values changed", push(changed))
        measure("push 20000 values (over the cap)", push(body(20_000)))
        history = Measurement.history.filter(kpi_id=kpi.pk).count()
        print(f"stored: {Measurement.objects.filter(kpi=kpi).count()} values, {history} history rows")

        def one_by_one():
            with transaction.atomic():
                for item in json.loads(full):
                    value_record(
                        kpi=by_hand,
                        period=date.fromisoformat(item["period"]),
                        value=item["value"],
                        note=item["note"],
                        user=admin,
                        source=Source.API,
                        source_detail=token.name,
                    )
            return "recorded"

        measure(f"before: {MAX_VALUES_PER_CALL} values one by one (value_record)", one_by_one)


if __name__ == "__main__":
    main()
