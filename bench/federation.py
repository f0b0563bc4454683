"""How does a federation of 1,000 cooperatives × 40 shared KPIs × 10 years of monthly values (4,8 million) behave?

Builds a throwaway federation (in a throwaway `test_…` database on the PostgreSQL server of
DATABASE_URL, dropped at the end, or in a temporary SQLite data folder for a small run) whose
members each share 40 monthly catalogue KPIs (sums, ratios, last values and a mean), with
realistic variation per member: size (a few members far larger than the rest), season, trend,
noise, and one member in five with a shorter history (cohorts that joined later). The
contributions are written straight into the federation's table (COPY on PostgreSQL). Then prints:
- publishing one template's figures (all periods, disclosure control included: its contributions
  read, the engine's `publish`, the Figures replaced and the network KPI's values written), and all 40;
- the federation's board seen again (kept page) and at its first view after a change, through
  Django's test Client, with its queries;
- one KPI's statistics for the whole history, as `rumbo federation stats` reads them;
- a member's push of a year of 40 KPIs (480 values: `contributions_of` and `ingest`), again unchanged,
  and with every value changed; the monthly push of a member with the whole history (its 4.800 rows,
  the newest month changed);
- the same queries with 100 members, to compare: `--comparar 100` builds a second, smaller federation.

    DATABASE_URL=postgresql://postgres@127.0.0.1:54329/fedbench .venv/bin/python bench/federation.py --comparar 100
    DATABASE_URL=… .venv/bin/python bench/federation.py --miembros 100
    .venv/bin/python bench/federation.py --miembros 30 --años 2      # SQLite, a quick look
"""

import argparse
import hashlib
import os
import sys
import time
from datetime import date
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent / "support"))
from django_bench import bench_database, months, timings
from federation_data import TEMPLATES, analyse, contributions, series

TODAY = date(2026, 12, 2)
LAST = date(2026, 11, 1)  # the newest month with values
RUNS = 30


def options():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--miembros", type=int, help="members (1000 on PostgreSQL, 100 on SQLite)")
    parser.add_argument(
        "--historia-completa", action="store_true", help="every member with the whole history (no later cohorts)"
    )
    parser.add_argument("--indicadores", type=int, default=len(TEMPLATES))
    parser.add_argument("--años", type=int, default=10)
    parser.add_argument("--comparar", type=int, default=0, help="also count queries with a federation this size")
    return parser.parse_args()


def network(size: int, templates, periods, prefix: str = "", cohorts: bool = True):
    """A federation of `size` members (one in four on this install, the rest remote with a key), its network KPIs
    and every contribution; returns (federation, viewer, members, seconds spent writing contributions)."""
    from rumbo.accounts.models import Membership, User
    from rumbo.federation.models import Member, MemberStatus
    from rumbo.federation.services.federations import federation_create
    from rumbo.federation.services.figures import network_kpi_ensure
    from rumbo.orgs.models import Cooperative

    viewer = User.objects.create_user(username=f"{prefix}lectura@example.org", email=f"{prefix}lectura@example.org")
    federation = federation_create(slug=f"{prefix}red", name=f"Red de banco {prefix}".strip(), min_contributors=5)
    Membership.objects.create(user=viewer, cooperative=federation.cooperative, role="viewer")
    for t in templates:
        network_kpi_ensure(federation=federation, template=t)
    here = Cooperative.objects.bulk_create(
        [Cooperative(slug=f"{prefix}coop-{i}", name=f"Cooperativa {prefix}{i}") for i in range(0, size, 4)]
    )
    joined = {4 * n: coop for n, coop in enumerate(here)}
    members = Member.objects.bulk_create(
        [
            Member(
                federation=federation,
                cooperative=joined.get(i),
                name=f"Cooperativa {prefix}{i}",
                status=MemberStatus.ACTIVE,
                key_hash="" if i in joined else hashlib.sha256(f"{prefix}clave-{i}".encode()).hexdigest(),
            )
            for i in range(size)
        ],
        batch_size=2000,
    )
    began = time.perf_counter()
    written = contributions(federation, members, templates, periods, seed=len(prefix) + size, cohorts=cohorts)
    analyse()
    spent = time.perf_counter() - began
    return federation, viewer, members, written, spent


def pushing_member(federation, templates, periods, tag: str):
    """A cooperative of this install joining now, sharing the 40 KPIs, with a year of values: (coop, member)."""
    from rumbo.choosing.services.adopt import kpi_from_template
    from rumbo.federation.models import Member, MemberStatus, Share
    from rumbo.kpis.models import Kpi, Measurement
    from rumbo.orgs.models import Cooperative

    rng = np.random.default_rng(7)
    coop = Cooperative.objects.create(slug=f"nueva-{tag}", name=f"Cooperativa nueva {tag}")
    member = Member.objects.create(federation=federation, cooperative=coop, name=coop.name, status=MemberStatus.ACTIVE)
    kpis = []
    for n, t in enumerate(templates):
        kpi = kpi_from_template(t, coop=coop, area=t.areas[0].value if t.areas else "", lang="es")
        kpi.slug, kpi.position = f"k-{n}", n
        kpis.append(kpi)
    kpis = Kpi.objects.bulk_create(kpis)
    Share.objects.bulk_create([Share(cooperative=coop, member=member, kpi=kpi) for kpi in kpis])
    rows = []
    for kpi, t in zip(kpis, templates):
        value, num, den = series(rng, t, 1, periods)
        for j, period in enumerate(periods):
            parts = {} if num is None else {"numerator": str(num[0, j]), "denominator": str(den[0, j])}
            rows.append(Measurement(kpi=kpi, period=period, value=str(value[0, j]), **parts))
    Measurement.objects.bulk_create(rows, batch_size=2000)
    return coop, member


def measure(label: str, work, note=lambda outcome: outcome):
    """Wall and CPU time and queries of one call; prints them, returns (queries, outcome)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    wall, cpu = time.perf_counter(), time.process_time()
    with CaptureQueriesContext(connection) as queries:
        outcome = work()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"{label:<66} {wall * 1000:>8.0f} ms {cpu * 1000:>8.0f} ms CPU {len(queries):>5} consultas  {note(outcome)}")
    return len(queries), outcome


def reads(federation, viewer, template_slug: str, *, runs: int = RUNS, label: str = ""):
    """The federation's board (seen again and at first view) and one KPI's statistics: printed; returns the queries."""
    from click.testing import CliRunner
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from rumbo.cli import main as cli
    from rumbo.kpis import readings
    from rumbo.kpis.presenters import tiles
    from rumbo.orgs import editions

    client = Client(HTTP_ACCEPT_ENCODING="gzip")
    client.force_login(viewer)
    board = reverse("kpis:board", args=[federation.cooperative.slug]) + "?kind=all"
    runner = CliRunner()
    stats_args = ["federation", "stats", "--federation", federation.cooperative.slug, "--kpi", template_slug]

    def stats():
        result = runner.invoke(cli, stats_args, catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return result

    def first_view():
        editions.renew([federation.cooperative_id])
        readings._evaluate.cache_clear()
        tiles._shown.cache_clear()
        return client.get(board)

    calls = {
        "Tablero de la federación, visto antes": lambda: client.get(board),
        "Tablero de la federación, primera vez tras un cambio": first_view,
        f"Estadísticas de «{template_slug}», toda la historia (CLI stats)": stats,
    }
    counts = {}
    for name, call in calls.items():
        call()
        with CaptureQueriesContext(connection) as queries:
            response = call()
        counts[name] = len(queries)
        if name.startswith("Estad"):
            lines = response.output.splitlines()
            shown = sum(1 for line in lines[1:] if line.split(",")[2])
            print(f"{label}{name}: {len(lines) - 1} periodos, {shown} con mediana publicada")
    if runs:
        times = {
            **timings({k: v for k, v in calls.items() if "primera" not in k}, runs),
            **timings({k: v for k, v in calls.items() if "primera" in k}, max(5, runs // 3)),
        }
        for name in calls:
            median, p95, cpu = times[name]
            print(
                f"{label}{name:<66} mediana {median:>7.1f} ms  p95 {p95:>7.1f} ms  CPU {cpu:>7.1f} ms  {counts[name]:>3} consultas"
            )
    return counts


def pushes(federation, templates, periods, members, tag: str):
    """A new member's push of a year of 40 KPIs, again unchanged, with every value changed; an old member's monthly push."""
    from django.db.models import F

    from rumbo.federation.models import Contribution
    from rumbo.federation.services.figures import figures_recompute
    from rumbo.federation.services.ingest import ingest
    from rumbo.federation.services.sharing import Push, Sent, contributions_of
    from rumbo.federation.tasks import push_here
    from rumbo.kpis.models import Measurement

    year = periods[-12:]
    coop, member = pushing_member(federation, templates, year, tag)
    counts = {}
    done = lambda n: f"{n} indicadores cambiados"  # noqa: E731
    counts["new"], _ = measure(
        f"Envío de un miembro nuevo: {len(year) * len(templates)} valores nuevos", lambda: push_here(coop.pk), done
    )
    counts["same"], _ = measure("El mismo envío otra vez (nada cambia)", lambda: push_here(coop.pk), done)
    slug = next((t.slug for t in templates if t.aggregation.value == "ratio"), templates[0].slug)
    measure(
        f"Publicar «{slug}» con el miembro nuevo (lo que hace la tarea que el envío encola)",
        lambda: figures_recompute(federation=federation, template_slug=slug),
        lambda r: f"{r.published} de {r.periods} periodos con valor en la red",
    )
    Measurement.objects.filter(kpi__cooperative=coop).update(value=F("value") + 1, numerator=F("numerator") + 1)
    counts["changed"], _ = measure("Otra vez con todos sus valores cambiados", lambda: push_here(coop.pk), done)
    pushed = contributions_of(coop, member)
    measure(
        "  de ello, contributions_of (lo que se envía)",
        lambda: contributions_of(coop, member),
        lambda p: f"{len(p.rows)} filas",
    )
    measure(
        "  de ello, ingest de lo mismo (nada cambia)", lambda: ingest(member, pushed), lambda i: f"{i.stored} guardados"
    )
    old = members[0]
    rows = [
        Sent(
            c.template_slug,
            c.period,
            c.value + (1 if c.period == periods[-1] else 0),
            c.numerator,
            c.denominator,
            c.unit,
        )
        for c in Contribution.objects.filter(member=old).order_by("template_slug", "period")
    ]
    monthly = Push(tuple(sorted({r.template_slug for r in rows})), tuple(rows))
    counts["monthly"], _ = measure(
        f"Envío mensual de un miembro con toda su historia ({len(rows)} filas, el último mes cambiado)",
        lambda: ingest(old, monthly),
        lambda i: f"{len(i.changed)} indicadores cambiados ({i.stored} filas enviadas de ellos)",
    )
    return counts


def main() -> None:
    args = options()
    with bench_database() as connection:
        from django.utils import timezone

        from rumbo.engine.choice.catalog import by_slug
        from rumbo.federation.models import Figure
        from rumbo.federation.services.figures import figures_recompute, figures_recompute_all

        timezone.localdate = lambda *a, **k: TODAY  # the data end in November 2026: keep the board's "today" on it
        catalogue = by_slug()
        templates = [catalogue[slug] for slug in TEMPLATES[: args.indicadores]]
        periods = months(date(LAST.year - args.años, LAST.month, 1), args.años * 12 + 1)[1:]
        size = args.miembros or (1000 if connection.vendor == "postgresql" else 100)
        federation, viewer, members, written, spent = network(
            size, templates, periods, cohorts=not args.historia_completa
        )
        print(
            f"{connection.vendor}; {os.cpu_count()} núcleos, carga {os.getloadavg()[0]:.1f}. "
            f"{size} miembros × {len(templates)} indicadores × {len(periods)} meses: "
            f"{written:,} contribuciones escritas en {spent:.0f} s".replace(",", ".")
        )
        sums = next(t.slug for t in templates if t.aggregation.value == "sum")
        ratio = next((t.slug for t in templates if t.aggregation.value == "ratio"), sums)
        for slug in dict.fromkeys((sums, ratio)):
            measure(
                f"Publicar las cifras de «{slug}» ({len(periods)} periodos), primera vez",
                lambda s=slug: figures_recompute(federation=federation, template_slug=s),
                lambda r: f"{r.published} de {r.periods} periodos con valor en la red",
            )
            measure(
                f"Publicar las cifras de «{slug}» otra vez (sin cambios)",
                lambda s=slug: figures_recompute(federation=federation, template_slug=s),
                lambda r: f"{r.published} de {r.periods}",
            )
        measure(
            f"Publicar las cifras de los {len(templates)} indicadores",
            lambda: figures_recompute_all(federation=federation),
            lambda done: (
                f"{sum(r.published for r in done.values())} de {sum(r.periods for r in done.values())} "
                "periodos con valor en la red"
            ),
        )
        figures = Figure.objects.filter(federation=federation)
        print(
            f"Cifras: {figures.count()} celdas, {figures.filter(median__isnull=False).count()} con mediana, "
            f"{figures.filter(total__isnull=False).count() + figures.filter(ratio__isnull=False).count()} con total o razón"
        )
        counts = reads(federation, viewer, sums)
        push_counts = pushes(federation, templates, periods, members, "a")
        if args.comparar:
            small, small_viewer, small_members, *_ = network(args.comparar, templates, periods, prefix="b")
            figures_recompute_all(federation=small)
            print(f"\nLas mismas consultas con {args.comparar} miembros:")
            small_counts = reads(small, small_viewer, sums, runs=0, label="  ")
            small_push = pushes(small, templates, periods, small_members, "b")
            print(f"{'consultas':<40} {size:>8} {args.comparar:>8}")
            for name in counts:
                print(f"{name[:40]:<40} {counts[name]:>8} {small_counts[name]:>8}")
            for name in push_counts:
                print(f"{'envío ' + name:<40} {push_counts[name]:>8} {small_push[name]:>8}")
        print(f"Carga de la máquina (1 min) al terminar: {os.getloadavg()[0]:.2f} en {os.cpu_count()} núcleos")


if __name__ == "__main__":
    main()
