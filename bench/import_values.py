"""How long does importing a file of KPI values take? 10,000 values in an XLSX, previewed, committed, imported again.

Builds a throwaway cooperative with 20 monthly KPIs in a temporary SQLite data folder and an
XLSX in the long layout (Indicador, Periodo, Valor, Nota: real dates and numbers, one note in
ten), then prints wall and CPU time and the process's memory peak so far (ru_maxrss) after each of:
- the engine alone: `read_table` + `parse_values`;
- `values_preview` (the engine plus matching every row to its KPI and period);
- `value_import_create` (preview and keep the file) and `values_commit` (10,000 new values,
  each written with its history);
- the same file again: preview and commit, every value left alone;
- `values_export` to CSV and to XLSX.

    .venv/bin/python bench/import_values.py
"""

import io
import os
import random
import resource
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ["RUMBO_DATA_DIR"] = tempfile.mkdtemp(prefix="rumbo-bench-")
os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rumbo.settings")
os.environ.pop("DATABASE_URL", None)  # SQLite, the default deployment

KPIS, MONTHS = 20, 500


def workbook(names: list[str]) -> bytes:
    import openpyxl

    rng = random.Random(2026)
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Valores")
    sheet.append(["Indicador", "Periodo", "Valor", "Nota"])
    for name in names:
        for m in range(MONTHS):
            period = date(1990 + m // 12, m % 12 + 1, 1)
            sheet.append([name, period, round(rng.uniform(0, 50_000), 2), "revisado" if m % 10 == 0 else None])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def measure(label: str, work):
    wall, cpu = time.perf_counter(), time.process_time()
    result = work()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{label:<52} {wall * 1000:>7.0f} ms wall {cpu * 1000:>7.0f} ms CPU   process peak so far {peak:>5.0f} MB")
    return result


def main() -> None:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from rumbo.engine.spreadsheets.sheets import read_table
    from rumbo.engine.spreadsheets.value_import import parse_values
    from rumbo.imports.services.export import values_export
    from rumbo.imports.services.values import value_import_create, values_commit, values_preview
    from rumbo.kpis.models import Kpi, Measurement
    from rumbo.orgs.models import Cooperative

    coop = Cooperative.objects.create(slug="banco", name="Cooperativa de banco de pruebas")
    names = [f"Indicador de prueba {i + 1}" for i in range(KPIS)]
    for i, name in enumerate(names):
        Kpi.objects.create(
            cooperative=coop, slug=f"k{i}", name=name, unit="USD", area="ventas", frequency="month", decimals=2
        )
    data = workbook(names)
    print(
        f"{KPIS * MONTHS} values, XLSX of {len(data) / 1024:.0f} KB; {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}"
    )

    measure("engine: read_table + parse_values", lambda: parse_values(read_table(data, "valores.xlsx")))
    preview = measure(
        "values_preview (nothing stored yet)", lambda: values_preview(coop=coop, data=data, filename="valores.xlsx")
    )
    assert preview.ok and preview.created == KPIS * MONTHS
    first = measure(
        "value_import_create (preview + keep the file)",
        lambda: value_import_create(coop=coop, data=data, filename="valores.xlsx"),
    )
    result = measure("values_commit (10,000 new values with history)", lambda: values_commit(coop=coop, import_=first))
    assert result.ok and result.created == KPIS * MONTHS and Measurement.objects.count() == KPIS * MONTHS
    again = measure(
        "the same file again: value_import_create",
        lambda: value_import_create(coop=coop, data=data, filename="valores.xlsx"),
    )
    result = measure(
        "the same file again: values_commit (all unchanged)", lambda: values_commit(coop=coop, import_=again)
    )
    assert result.ok and result.unchanged == KPIS * MONTHS
    measure("values_export CSV", lambda: values_export(coop=coop, fmt="csv"))
    measure("values_export XLSX", lambda: values_export(coop=coop, fmt="xlsx"))


if __name__ == "__main__":
    main()
