"""How fast are raw datasets? A 100,000-row XLSX through dataset_load, and every metric recomputed over 1,000,000 rows.

Each figure is measured in its own subprocess (so its peak memory, ru_maxrss, is its own),
best of RUNS, against the bare tool doing the same job in the same run:
- import: `dataset_load` of a 100,000-row sales ledger in XLSX (made once with openpyxl in a
  temporary folder) into a fresh SQLite site, against python-calamine reading the same file
  into Python rows and nothing else. Budget: 5×.
- recompute: `metrics_recompute` of nine metrics (sum, count, count_distinct, mean, median,
  a filtered sum, new, retained, and a formula over two of them) over a 1,000,000-row
  version, against the equivalent Polars query written by hand. Budget: 1.5×.

    .venv/bin/python bench/datasets.py
"""

import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CACHE = Path(tempfile.gettempdir()) / "rumbo-bench-datasets"
XLSX_ROWS, BIG_ROWS, RUNS = 100_000, 1_000_000, 3
PRODUCTS = ["Café tostado 460 g", "Café molido 460 g", "Café verde en saco", "pergamino"]
METRICS = [  # slug, measure, filter
    ("ingresos", "sum(Monto)", ""), ("pedidos", "count()", ""), ("clientes", "count_distinct(Cliente)", ""),
    ("ticket", "mean(Monto)", ""), ("mediana", "median(Monto)", ""), ("pergamino", "sum(Monto)", "Producto = pergamino"),
    ("nuevos", "new(Cliente)", ""), ("retenidos", "retained(Cliente)", ""),
]  # fmt: skip


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def sales_xlsx() -> Path:
    """The 100,000-row ledger, written once with openpyxl (dates as dates, amounts as numbers, as Excel saves them)."""
    path = CACHE / f"ventas_{XLSX_ROWS}.xlsx"
    if path.exists():
        return path
    from openpyxl import Workbook

    CACHE.mkdir(parents=True, exist_ok=True)
    rng = random.Random(100)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Ventas")
    sheet.append(["Fecha", "Pedido", "Cliente", "Producto", "Cantidad", "Monto", "Estado", "Vendedor"])
    start = date(2023, 1, 1)
    for i in range(XLSX_ROWS):
        sheet.append(
            [
                start + timedelta(days=rng.randrange(1095)),
                f"P-{i:06d}",
                f"Cliente {rng.randrange(5000):04d}",
                rng.choice(PRODUCTS),
                rng.randint(1, 12),
                round(rng.uniform(5, 900), 2),
                rng.choice(["Pagado", "Pagado", "Pagado", "Pendiente"]),
                rng.choice(["Ana", "Beto", "Carla"]),
            ]
        )
    temporary = path.with_suffix(".tmp")
    book.save(temporary)
    temporary.rename(path)
    return path


def big_parquet() -> Path:
    """The 1,000,000-row version, made with Polars (deterministic), as dataset_load would store it."""
    path = CACHE / f"ventas_{BIG_ROWS}.parquet"
    if path.exists():
        return path
    import polars as pl

    CACHE.mkdir(parents=True, exist_ok=True)
    n = pl.int_range(0, BIG_ROWS, eager=True)
    mix = (n * 2654435761) % 4294967296  # a fixed scramble of the row number: random-looking, reproducible
    frame = pl.DataFrame(
        {
            "Fecha": pl.Series([date(2023, 1, 1)] * BIG_ROWS).dt.offset_by((mix % 1095).cast(pl.String) + "d"),
            "Cliente": "Cliente " + ((mix // 7) % 20000).cast(pl.String),
            "Producto": pl.Series(PRODUCTS).gather((mix // 11) % len(PRODUCTS)),
            "Cantidad": ((mix // 13) % 12 + 1).cast(pl.Float64),
            "Monto": ((mix // 17) % 90000 + 500).cast(pl.Float64) / 100,
        }
    )
    frame.write_parquet(path, compression="zstd")
    return path


def child(kind: str, path: str) -> dict:
    """One measurement, run in its own process."""
    if kind == "calamine":
        from python_calamine import CalamineWorkbook

        began = time.perf_counter()
        rows = CalamineWorkbook.from_path(path).get_sheet_by_index(0).to_python()
        return {"seconds": time.perf_counter() - began, "rows": len(rows) - 1, "peak_mb": peak_mb()}
    if kind == "polars":
        return hand_written(path)
    coop = django_site()
    if kind == "load":
        from rumbo.datasets.services.loading import dataset_load

        data = Path(path).read_bytes()
        began = time.perf_counter()
        loaded = dataset_load(coop=coop, name="ventas", data=data, filename="ventas.xlsx")
        return {"seconds": time.perf_counter() - began, "rows": loaded.version.rows, "peak_mb": peak_mb()}
    return recompute(coop, path)


def django_site():
    os.environ["RUMBO_DATA_DIR"] = tempfile.mkdtemp(prefix="rumbo-bench-")
    os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rumbo.settings")
    os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    from rumbo.orgs.models import Cooperative

    return Cooperative.objects.create(slug="banco", name="Cooperativa de banco de pruebas")


def recompute(coop, path: str) -> dict:
    """Store `path` as a version with the nine metrics defined on it, then time recomputing them all."""
    from rumbo.datasets import storage
    from rumbo.datasets.models import Dataset, DatasetVersion, MetricDefinition
    from rumbo.datasets.services.recompute import metrics_recompute
    from rumbo.engine.computed.datasets import column_types, scan_version
    from rumbo.kpis.models import Kpi

    dataset = Dataset.objects.create(cooperative=coop, name="ventas", key="ventas")
    relative = storage.parquet_path(dataset, 1)
    storage.write_bytes(Path(path).read_bytes(), relative)
    types = column_types(scan_version(path))
    DatasetVersion.objects.create(
        dataset=dataset,
        number=1,
        mode="replace",
        file=relative,
        rows=BIG_ROWS,
        columns=[[n, str(k)] for n, k in types.items()],
    )
    for slug, measure, where in METRICS:
        kpi = Kpi.objects.create(
            cooperative=coop, slug=slug, name=slug, area="ventas", kind="metric", frequency="month"
        )
        MetricDefinition.objects.create(kpi=kpi, dataset=dataset, measure=measure, date_column="Fecha", filter=where)
    kpi = Kpi.objects.create(
        cooperative=coop, slug="medio", name="medio", area="ventas", kind="metric", frequency="month"
    )
    MetricDefinition.objects.create(kpi=kpi, formula="ingresos / pedidos")
    began = time.perf_counter()
    first = metrics_recompute(coop=coop)
    first_seconds = time.perf_counter() - began
    began = time.perf_counter()
    again = metrics_recompute(coop=coop)
    return {
        "seconds": time.perf_counter() - began,
        "first_seconds": first_seconds,
        "values": first.written.created,
        "changed_again": again.written.changed,
        "peak_mb": peak_mb(),
    }


def hand_written(path: str) -> dict:
    """The same nine monthly figures with Polars, as someone would write them for this one dataset."""
    import polars as pl

    began = time.perf_counter()
    rows = (
        pl.scan_parquet(path)
        .filter(pl.col("Fecha").is_not_null())
        .with_columns(pl.col("Fecha").dt.truncate("1mo").alias("mes"))
    )
    plain = (
        rows.group_by("mes")
        .agg(
            pl.col("Monto").sum().alias("ingresos"),
            pl.len().alias("pedidos"),
            pl.col("Cliente").drop_nulls().n_unique().alias("clientes"),
            pl.col("Monto").mean().alias("ticket"),
            pl.col("Monto").median().alias("mediana"),
            pl.col("Monto").filter(pl.col("Producto") == "pergamino").sum().alias("pergamino"),
        )
        .with_columns((pl.col("ingresos") / pl.col("pedidos")).alias("medio"))
    )
    pairs = rows.select("Cliente", "mes").unique()
    new = pairs.group_by("Cliente").agg(pl.col("mes").min()).group_by("mes").agg(pl.len().alias("nuevos"))
    active = pairs.group_by("mes").agg(pl.len().alias("activos"))
    kept = (
        pairs.with_columns(pl.col("mes").dt.offset_by("1mo").alias("siguiente"))
        .join(pairs, left_on=["Cliente", "siguiente"], right_on=["Cliente", "mes"])
        .group_by("siguiente")
        .agg(pl.len().alias("siguen"))
    )
    retained = (
        active.with_columns(pl.col("mes").dt.offset_by("1mo").alias("siguiente"))
        .join(kept, on="siguiente", how="left")
        .select(
            pl.col("siguiente").alias("mes"), (pl.col("siguen").fill_null(0) / pl.col("activos")).alias("retenidos")
        )
    )
    tables = pl.collect_all([plain, new, retained])
    return {"seconds": time.perf_counter() - began, "values": sum(t.height for t in tables), "peak_mb": peak_mb()}


def measure(kind: str, path: Path) -> dict:
    """Best of RUNS subprocess runs (the one with the least time), with the largest peak memory seen."""
    results = []
    for _ in range(RUNS):
        out = subprocess.run(
            [sys.executable, __file__, "--child", kind, str(path)], capture_output=True, text=True, cwd=ROOT
        )
        if out.returncode != 0:
            raise SystemExit(out.stderr)
        results.append(json.loads(out.stdout.strip().splitlines()[-1]))
    best = min(results, key=lambda r: r["seconds"])
    return {
        **best,
        "median": statistics.median(r["seconds"] for r in results),
        "peak_mb": max(r["peak_mb"] for r in results),
    }


def figures_line(label: str, figures: dict) -> str:
    """One measured way, as printed: best time, median and peak memory."""
    return (
        f"  {label:<22} {figures['seconds']:.2f} s (mediana {figures['median']:.2f}), pico {figures['peak_mb']:.0f} MB"
    )


def main():
    xlsx = sales_xlsx()
    size = xlsx.stat().st_size / 1_048_576
    bare = measure("calamine", xlsx)
    load = measure("load", xlsx)
    print(f"Importar {XLSX_ROWS:,} filas de XLSX ({size:.1f} MB), mejor de {RUNS}:".replace(",", "."))
    print(figures_line("python-calamine solo:", bare))
    print(figures_line("dataset_load:", load))
    ratio = load["seconds"] / bare["seconds"]
    print(f"  razón {ratio:.2f}× (presupuesto 5×): {'dentro' if ratio <= 5 else 'FUERA'}")
    parquet = big_parquet()
    hand = measure("polars", parquet)
    app = measure("recompute", parquet)
    print(f"Recalcular 9 métricas sobre {BIG_ROWS:,} filas, mejor de {RUNS}:".replace(",", "."))
    print(figures_line("Polars a mano:", hand))
    print(
        figures_line("metrics_recompute:", app) + f"; la primera vez, guardando {app['values']} valores con su "
        f"historial: {app['first_seconds']:.2f} s"
    )
    ratio = app["seconds"] / hand["seconds"]
    print(f"  razón {ratio:.2f}× (presupuesto 1,5×): {'dentro' if ratio <= 1.5 else 'FUERA'}")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        print(json.dumps(child(sys.argv[2], sys.argv[3])))
    else:
        main()
