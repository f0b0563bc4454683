"""How fast is the API at feeding a cooperative's data? 10,000 records appended, and 1,000 values pushed.

Builds a throwaway cooperative (temporary SQLite data folder, or a throwaway `test_…` database on
the PostgreSQL server of DATABASE_URL) with a 50,000-row sales dataset, two metrics over it and a
read-write key, then prints the best of RUNS wall and CPU times of:
- appending 10,000 records through the API as JSON rows (`POST …/datasets/ventas/records`);
- appending the same 10,000 records as a CSV body through the API;
- appending the same records, saved as the CSV file a spreadsheet writes, with
  `rumbo dataset load --append` (the command line, in this process). Budget: the API's JSON
  append costs no more than 1.5× the command's CPU time (the wall time of a shared machine
  also counts what other programs did meanwhile; both are printed);
- pushing 1,000 daily values in one call, and 1,000 values in 1,000 calls of one value each.

The calls go through Django's test Client: the figures are Rumbo's work, not the network's.

    .venv/bin/python bench/api.py
    DATABASE_URL=postgresql://postgres@127.0.0.1:5544/rumbo .venv/bin/python bench/api.py
"""

import json
import os
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "support"))
from django_bench import bench_database

BASE_ROWS, APPENDED, VALUES, RUNS = 50_000, 10_000, 1_000, 3
PRODUCTS = ["Café tostado 460 g", "Café molido 460 g", "Miel 500 g", "pergamino"]
BUDGET = 1.5


def records(count: int, seed: int, start: date) -> list[dict]:
    rng = random.Random(seed)
    return [
        {
            "Fecha": (start + timedelta(days=rng.randrange(365))).strftime("%d/%m/%Y"),
            "Cliente": f"Cliente {rng.randrange(2_000)}",
            "Producto": rng.choice(PRODUCTS),
            "Monto": round(rng.uniform(10, 900), 2),
        }
        for _ in range(count)
    ]


def as_sheet_csv(rows: list[dict]) -> bytes:
    """The rows as Excel in Spanish saves a CSV: semicolons and decimal commas."""
    lines = ["Fecha;Cliente;Producto;Monto"]
    lines += [f"{r['Fecha']};{r['Cliente']};{r['Producto']};{str(r['Monto']).replace('.', ',')}" for r in rows]
    return ("\n".join(lines) + "\n").encode()


def best(label: str, work, runs: int = RUNS) -> tuple[float, float]:
    walls, cpus, outcome = [], [], ""
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        outcome = work()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    print(f"{label:<62} {min(walls) * 1000:>7.0f} ms wall {min(cpus) * 1000:>7.0f} ms CPU   {outcome}")
    return min(walls), min(cpus)


def main() -> None:
    with bench_database() as connection:
        from click.testing import CliRunner
        from django.test import Client

        from rumbo.accounts.models import Membership, User
        from rumbo.api.services import token_create
        from rumbo.cli import main as rumbo
        from rumbo.datasets.services.loading import dataset_load
        from rumbo.datasets.services.metrics import metric_define
        from rumbo.kpis.models import Kpi
        from rumbo.orgs.models import Cooperative

        coop = Cooperative.objects.create(slug="banco", name="Cooperativa de banco de pruebas")
        admin = User.objects.create_user(username="admin@example.org", email="admin@example.org", password="x" * 12)
        Membership.objects.create(user=admin, cooperative=coop, role="admin")
        base = as_sheet_csv(records(BASE_ROWS, 1, date(2024, 1, 1)))
        dataset_load(coop=coop, name="ventas", data=base, filename="ventas.csv", user=admin)
        for name, measure in (("Ingresos", "sum(Monto)"), ("Pedidos", "count()")):
            metric_define(
                coop=coop, name=name, dataset="ventas", measure=measure, date="Fecha", area="ventas", user=admin
            )
        _token, key = token_create(coop=coop, name="Caja", can_write=True, user=admin)
        client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
        url = f"/api/v1/c/{coop.slug}/datasets/ventas/records"
        client.get(f"/api/v1/c/{coop.slug}/kpis")  # load the URLs and the API once, outside the figures

        new = records(APPENDED, 2, date(2025, 1, 1))
        as_json, as_csv = json.dumps({"rows": new}), as_sheet_csv(new)
        folder = Path(tempfile.mkdtemp(prefix="rumbo-bench-api-"))
        (folder / "ventas-nuevas.csv").write_bytes(as_csv)
        print(
            f"{connection.vendor}; {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}; a dataset of {BASE_ROWS:,} rows "
            f"and 2 metrics; {APPENDED:,} records are {len(as_json) / 1024:.0f} KB of JSON, {len(as_csv) / 1024:.0f} KB of CSV"
        )

        def api(data, content_type):
            def call():
                response = client.post(url, data=data, content_type=content_type)
                assert response.status_code == 200, response.content[:300]
                return f"{response.status_code}, version {response.json()['version']['number']}"

            return call

        def command():
            result = CliRunner().invoke(
                rumbo,
                [
                    "dataset",
                    "load",
                    "--coop",
                    coop.slug,
                    "--name",
                    "ventas",
                    "--append",
                    str(folder / "ventas-nuevas.csv"),
                ],
            )
            assert result.exit_code == 0, result.output
            return result.output.split(":")[0]

        through_api = best(f"API: append {APPENDED:,} records as JSON rows", api(as_json, "application/json"))
        best(f"API: append {APPENDED:,} records as a CSV body", api(as_csv, "text/csv"))
        through_command = best(f"rumbo dataset load --append ({APPENDED:,} records, CSV)", command)
        wall, cpu = (a / c for a, c in zip(through_api, through_command))
        verdict = "ok" if cpu <= BUDGET else "OVER"
        print(f"API JSON append ÷ command append: {cpu:.2f}× CPU, {wall:.2f}× wall (budget {BUDGET}× of CPU) {verdict}")

        daily = {"cooperative": coop, "unit": "kg", "area": "produccion", "frequency": "day", "decimals": 2}
        kpis = [Kpi.objects.create(slug=f"acopio_{i}", name=f"Acopio diario {i}", **daily) for i in range(RUNS * 2)]
        first = date(2020, 1, 1)
        values = [{"period": str(first + timedelta(days=i)), "value": f"{i},5"} for i in range(VALUES)]
        kpi_runs = iter(kpis)

        def push_once():
            kpi = next(kpi_runs)
            response = client.post(
                f"/api/v1/c/{coop.slug}/kpis/{kpi.slug}/values", data=values, content_type="application/json"
            )
            return f"{response.status_code} {response.content.decode()}"

        def push_one_by_one():
            kpi = next(kpi_runs)
            path = f"/api/v1/c/{coop.slug}/kpis/{kpi.slug}/values"
            for value in values:
                response = client.post(path, data=[value], content_type="application/json")
                assert response.status_code == 200, response.content
            return f"{VALUES} × 200"

        best(f"API: push {VALUES:,} values in one call", push_once)
        best(f"API: push {VALUES:,} values in {VALUES:,} calls of one", push_one_by_one, runs=1)


if __name__ == "__main__":
    main()
