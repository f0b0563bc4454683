"""Run in a scratch site by the import crash test: make a cooperative with KPIs, or report every stored value as JSON.

python -m tests.imports.crash_check setup --coop cafe --kpis 30
python -m tests.imports.crash_check state --coop cafe
python -m tests.imports.crash_check serve    (the commands above, one JSON line each, in one process)
"""

import argparse
import json
import sys


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("command", choices=["state", "setup"])
    parser.add_argument("--coop", required=True)
    parser.add_argument("--kpis", type=int, default=0)
    args = parser.parse_args(argv)
    from rumbo.cli import setup_django

    setup_django()
    from rumbo.kpis.models import Kpi, Measurement
    from rumbo.orgs.models import Cooperative

    if args.command == "setup":
        coop = Cooperative.objects.create(slug=args.coop, name=args.coop)
        Kpi.objects.bulk_create(
            Kpi(cooperative=coop, slug=f"k{i:02d}", name=f"Indicador {i:02d}", area="ventas", frequency="month")
            for i in range(args.kpis)
        )
        return
    values = Measurement.objects.filter(kpi__cooperative__slug=args.coop).order_by("kpi__slug", "period")
    json.dump({
        "values": [[m.kpi.slug, m.period.isoformat(), str(float(m.value))] for m in values.select_related("kpi")],
        "history": Measurement.history.filter(kpi__cooperative__slug=args.coop).count(),
    }, sys.stdout)  # fmt: skip


if __name__ == "__main__":
    if sys.argv[1:] == ["serve"]:  # one process answering many calls (tests/ops/scratch.py)
        from tests.ops.scratch import serve

        serve(main)
    else:
        main()
