"""Run in a scratch site by the crash tests: report its datasets' consistency as JSON, or change a metric behind Rumbo's back.

python -m tests.datasets.crash_check state --coop cafe
python -m tests.datasets.crash_check redefine --coop cafe --name ingresos --measure "max(Monto)"
python -m tests.datasets.crash_check setup --coop cafe --file pequeno.csv
python -m tests.datasets.crash_check serve    (the commands above, one JSON line each, in one process)
"""

import argparse
import json
import sys


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("command", choices=["state", "redefine", "setup"])
    parser.add_argument("--coop", required=True)
    parser.add_argument("--name")
    parser.add_argument("--measure")
    parser.add_argument("--file")
    args = parser.parse_args(argv)
    from rumbo.cli import setup_django

    setup_django()
    from rumbo.orgs.models import Cooperative

    if args.command == "setup":
        setup(args.coop, args.file)
        return
    coop = Cooperative.objects.get(slug=args.coop)
    if args.command == "redefine":
        from rumbo.datasets.models import MetricDefinition

        MetricDefinition.objects.filter(kpi__cooperative=coop, kpi__slug=args.name).update(measure=args.measure)
        return
    json.dump(state(coop), sys.stdout)


def setup(slug: str, path: str) -> None:
    """A cooperative with a first version of «ventas», metrics over it (daily, so there are many values) and a formula."""
    from pathlib import Path

    from rumbo.datasets.services.loading import dataset_load
    from rumbo.datasets.services.metrics import metric_define
    from rumbo.orgs.models import Cooperative

    coop = Cooperative.objects.create(slug=slug, name=slug)
    dataset_load(coop=coop, name="ventas", data=Path(path).read_bytes(), filename=Path(path).name)
    for name, measure, grain in [
        ("ingresos", "sum(Monto)", "day"),
        ("pedidos", "count()", "day"),
        ("nuevos", "new(Cliente)", "month"),
    ]:
        metric_define(coop=coop, name=name, dataset="ventas", measure=measure, date="Fecha", grain=grain)
    metric_define(coop=coop, name="medio", formula="ingresos / pedidos")


def state(coop) -> dict:
    """What the site holds: versions and whether their files are whole, files no version names, values out of date."""
    from rumbo.datasets import storage
    from rumbo.datasets.computing import compute
    from rumbo.datasets.models import Dataset, DatasetVersion, MetricDefinition
    from rumbo.files import store
    from rumbo.kpis.models import Measurement
    from rumbo.kpis.services.values import storable

    report = {"versions": [], "unlisted_files": [], "stale_values": 0, "values": {}}
    for dataset in Dataset.objects.filter(cooperative=coop):
        named = set()
        for version in DatasetVersion.objects.filter(dataset=dataset).order_by("number"):
            kept = store.storage()
            whole = kept.exists(version.file) and storage.read_frame(version.file).height == version.rows
            original = not version.original or kept.exists(version.original)
            report["versions"].append([dataset.name, version.number, version.rows, whole and original])
            named |= {_base(version.file), _base(version.original) if version.original else ""}
        report["unlisted_files"] += sorted(
            _base(name) for name in store.names_under(storage.folder(dataset)) if _base(name) not in named
        )
    definitions = list(MetricDefinition.objects.filter(kpi__cooperative=coop).select_related("kpi"))
    computed = compute(coop, [d.kpi_id for d in definitions]).series
    for definition in definitions:
        stored = {m.period: m.value for m in Measurement.objects.filter(kpi=definition.kpi)}
        fresh = {p: storable(point.value) for p, point in computed.get(definition.kpi_id, {}).items()}
        report["stale_values"] += sum(1 for p, v in fresh.items() if stored.get(p, "missing") != v)
        report["values"][definition.kpi.slug] = {p.isoformat(): str(v) for p, v in sorted(stored.items())}
    return report


def _base(name: str) -> str:
    return name.rsplit("/", 1)[-1]


if __name__ == "__main__":
    if sys.argv[1:] == ["serve"]:  # one process answering many calls (tests/ops/scratch.py)
        from tests.ops.scratch import serve

        serve(main)
    else:
        main()
