"""How long do the printed reports take, and how big are they? The demo's one-page board and a 60-KPI full report.

Goals (docs/benchmarks.md, «Informes»): the demo cooperative's «Tablero para la asamblea»
in under 2 s, the full report of a 60-KPI cooperative (bench/board.py's, ten years of
monthly values) in under 10 s. Prints wall and CPU time (median of a few runs after one
warm-up: the first WeasyPrint call loads its fonts), the pages and the file size. The
machine's load average is printed too: on a busy machine the wall time also counts the
time other programs held the processor.

    .venv/bin/python bench/reports.py
"""

import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))
os.environ["RUMBO_DATA_DIR"] = tempfile.mkdtemp(prefix="rumbo-bench-reports-")
os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rumbo.settings")

RUNS = 5


def measure(make, runs: int):
    """(median wall s, median CPU s, last result) of `make()` after one warm-up call."""
    make()
    wall, cpu, result = [], [], None
    for _ in range(runs):
        began, began_cpu = time.perf_counter(), time.process_time()
        result = make()
        wall.append(time.perf_counter() - began)
        cpu.append(time.process_time() - began_cpu)
    return statistics.median(wall), statistics.median(cpu), result


def main():
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    import board as board_bench  # bench/board.py: its 60-KPI cooperative

    from rumbo.demo import SLUG, load_demo
    from rumbo.orgs.models import Cooperative
    from rumbo.reports.presenters.assembly import Options
    from rumbo.reports.services.pdfs import assembly_pdf, full_pdf

    print(
        f"Carga de la máquina (1, 5, 15 min): {', '.join(f'{x:.1f}' for x in os.getloadavg())} en {os.cpu_count()} núcleos"
    )
    load_demo()
    demo = Cooperative.objects.get(slug=SLUG)
    today = date.today()
    wall, cpu, rendered = measure(lambda: assembly_pdf(coop=demo, options=Options(as_of=today)), RUNS)
    print(
        f"Tablero para la asamblea, demo ({rendered.kpis_shown} KPI en la hoja, {rendered.pages} página): "
        f"mediana {wall:.2f} s, CPU {cpu:.2f} s, {len(rendered.data) / 1024:.0f} KB (meta: < 2 s)"
    )
    wall, cpu, rendered = measure(lambda: full_pdf(coop=demo, options=Options(as_of=today)), 3)
    print(
        f"Informe completo, demo ({rendered.pages} páginas): mediana {wall:.2f} s, CPU {cpu:.2f} s, "
        f"{len(rendered.data) / 1024:.0f} KB"
    )

    coop, _viewer = board_bench.build()
    as_of = board_bench.TODAY
    wall, cpu, rendered = measure(lambda: assembly_pdf(coop=coop, options=Options(as_of=as_of)), 3)
    print(
        f"Tablero para la asamblea, {board_bench.KPIS} KPI ({rendered.kpis_shown} en la hoja): mediana {wall:.2f} s, "
        f"CPU {cpu:.2f} s, {len(rendered.data) / 1024:.0f} KB"
    )
    wall, cpu, rendered = measure(lambda: full_pdf(coop=coop, options=Options(as_of=as_of)), 3)
    print(
        f"Informe completo, {board_bench.KPIS} KPI × {board_bench.YEARS} años ({rendered.pages} páginas): "
        f"mediana {wall:.2f} s, CPU {cpu:.2f} s, {len(rendered.data) / 1024:.0f} KB (meta: < 10 s)"
    )
    print(f"Carga de la máquina al terminar: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
