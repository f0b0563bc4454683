"""Computing metric values from dataset versions and formulas, at full precision; nothing is written here.

`compute(coop, kpi_ids)` returns the values of those KPIs (and of every defined metric
their formulas need), each dataset read once with all its metrics in one Polars pass.
Recomputation stores them (`services.recompute`); `rumbo metric values` prints them.

Rules the engine leaves to the app:
- the year grain follows the cooperative's fiscal year, the harvest grain its harvest month;
- sums and counts (sum, count, count_distinct, new) are 0, not missing, in a period between
  the metric's first and last period where no record falls: no sales that month is 0 sales;
- a formula's missing input or division by zero gives a period without a value (None);
- a formula `a / b` also yields its numerator and denominator, so a ratio KPI can be
  rebuilt over longer periods from their sums.
"""

import ast
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import cast

from rumbo.datasets import storage
from rumbo.datasets.models import DatasetVersion, MetricDefinition
from rumbo.engine.computed import formulas
from rumbo.engine.computed.datasets import ColumnType, MetricSpec, compute_metrics, metric_spec
from rumbo.engine.errors import RumboError, gettext_noop
from rumbo.engine.timeline import periods
from rumbo.engine.vocab import Aggregation, Grain
from rumbo.kpis.models import Kpi, Measurement
from rumbo.orgs.models import Cooperative

ADDITIVE = {"sum", "count", "count_distinct", "new"}


@dataclass(frozen=True)
class Point:
    period: date
    value: Decimal | None
    numerator: Decimal | None = None
    denominator: Decimal | None = None


Series = dict[date, Point]


def engine_grain(grain: str, coop) -> tuple[Grain, int]:
    """The engine's grain and start month for one of the cooperative's period grains."""
    grain = Grain(grain or "month")
    if grain == Grain.YEAR and coop.fiscal_year_start_month != 1:
        # a fiscal year is a calendar year shifted to its start month, as a harvest year is
        return Grain.HARVEST, coop.fiscal_year_start_month
    return grain, coop.harvest_start_month


def spec_of(definition: MetricDefinition, columns: Mapping[str, str], coop: Cooperative) -> MetricSpec:
    """The checked engine spec of a dataset metric over a version with `columns`."""
    grain, start_month = engine_grain(definition.grain, coop)
    return metric_spec(
        f"m{definition.kpi_id}",
        definition.measure,
        definition.date_column,
        grain,
        definition.filter,
        columns=cast(Mapping[str, ColumnType], columns),  # the type words a version keeps are ColumnType's
        harvest_start_month=start_month,
    )


def current_versions(dataset_ids: Iterable[int]) -> dict[int, DatasetVersion]:
    """The newest version of each dataset, in one query."""
    latest: dict[int, DatasetVersion] = {}
    rows = (
        DatasetVersion.objects.filter(dataset_id__in=set(dataset_ids))
        .select_related("dataset")
        .order_by("dataset_id", "-number")
    )
    for version in rows:
        latest.setdefault(version.dataset_id, version)
    return latest


def dataset_series(version: DatasetVersion, definitions: list[MetricDefinition], coop) -> dict[int, Series]:
    """Every listed metric of one dataset version, in one lazy Polars pass over its Parquet file."""
    specs = {}
    for definition in definitions:
        try:
            specs[definition.kpi_id] = spec_of(definition, version.types, coop)
        except RumboError as error:
            raise MetricError(definition.kpi, error) from None
    computed = compute_metrics(storage.scan_frame(version.file), specs.values()) if specs else {}
    out = {}
    for definition in definitions:
        spec = specs[definition.kpi_id]
        pairs = computed[spec.name]
        if spec.measure.function in ADDITIVE:
            pairs = _zeros_between(pairs, spec.grain)
        out[definition.kpi_id] = {p: Point(p, _exact(v)) for p, v in pairs}
    return out


class MetricError(RumboError):
    """A metric cannot be computed; the message names it."""

    def __init__(self, kpi, error: RumboError):
        super().__init__(gettext_noop("No se puede calcular «%(name)s»: %(reason)s"), name=kpi.name, reason=str(error))
        self.kpi = kpi
        self.reason = error

    def translated(self, gettext) -> str:
        return gettext(self.template) % {"name": self.kpi.name, "reason": self.reason.translated(gettext)}


@dataclass(frozen=True)
class Computed:
    series: dict[int, Series]  # by KPI id
    versions: dict[int, DatasetVersion]  # the version each dataset's metrics were computed from, by dataset id


def compute(coop, kpi_ids: Iterable[int]) -> Computed:
    """Values of the given defined KPIs, and of the defined metrics their formulas use."""
    definitions = {
        d.kpi_id: d
        for d in MetricDefinition.objects.filter(kpi__cooperative=coop, kpi__deleted_at__isnull=True).select_related(
            "kpi", "dataset"
        )
    }
    by_slug = {d.kpi.slug: d for d in definitions.values()}
    needed = _closure({k for k in kpi_ids if k in definitions}, definitions, by_slug)
    by_dataset: defaultdict[int, list[MetricDefinition]] = defaultdict(list)
    for kpi_id in needed:
        definition = definitions[kpi_id]
        if definition.is_formula:
            continue
        assert definition.dataset is not None and definition.dataset_id is not None, (
            "a metric without a formula reads a dataset"
        )
        if definition.dataset.deleted_at is None:
            by_dataset[definition.dataset_id].append(definition)
    versions = current_versions(by_dataset)
    results: dict[int, Series] = {}
    for dataset_id, members in by_dataset.items():
        if dataset_id in versions:
            results.update(dataset_series(versions[dataset_id], members, coop))
    formula_ids = [k for k in needed if definitions[k].is_formula]
    if formula_ids:
        results.update(_formula_series(coop, [definitions[k] for k in formula_ids], results, definitions))
    return Computed(results, versions)


def _closure(roots: set[int], definitions: dict, by_slug: dict) -> set[int]:
    """The roots and every defined metric their formulas use, directly or through other formulas."""
    needed, todo = set(), list(roots)
    while todo:
        kpi_id = todo.pop()
        if kpi_id in needed:
            continue
        needed.add(kpi_id)
        definition = definitions[kpi_id]
        if definition.is_formula:
            for name in formulas.dependencies(definition.formula):
                if name in by_slug:
                    todo.append(by_slug[name].kpi_id)
    return needed


def _formula_series(
    coop, members: list[MetricDefinition], computed: dict[int, Series], definitions: dict
) -> dict[int, Series]:
    parsed = {d.kpi.slug: formulas.parse_formula(d.formula) for d in members}
    used = set().union(*(f.names for f in parsed.values())) - parsed.keys()
    pool: dict[str, dict[date, Decimal]] = {}
    by_slug = {d.kpi.slug: d for d in definitions.values()}
    stored = [s for s in used if s not in by_slug or by_slug[s].kpi_id not in computed]
    if stored:
        rows = Measurement.objects.filter(
            kpi__cooperative=coop, kpi__deleted_at__isnull=True, kpi__slug__in=stored, value__isnull=False
        )
        for slug, period, value in rows.values_list("kpi__slug", "period", "value"):
            if value is not None:  # None here: a stored value out of range, which reads as missing
                pool.setdefault(slug, {})[period] = value
    for slug in used - set(stored):
        series = computed[by_slug[slug].kpi_id]
        pool[slug] = {p: point.value for p, point in series.items() if point.value is not None}
    try:
        values = formulas.evaluate_all(parsed, pool)
    except RumboError as error:
        raise MetricError(members[0].kpi, error) from None
    for slug, found in values.items():
        pool[slug] = {p: v for p, v in found.items() if v is not None}
    out = {}
    for definition in members:
        slug = definition.kpi.slug
        parts = ratio_parts(parsed[slug]) if definition.kpi.aggregation == Aggregation.RATIO else None
        series = {}
        for period, value in values[slug].items():
            numerator = denominator = None
            if parts is not None:
                inputs = {name: pool.get(name, {}).get(period) for name in parsed[slug].names}
                numerator, denominator = (formulas.evaluate(part, inputs) for part in parts)
            series[period] = Point(period, value, numerator, denominator)
        out[definition.kpi_id] = series
    return out


def ratio_parts(formula: formulas.Formula) -> tuple[formulas.Formula, formulas.Formula] | None:
    """(numerator, denominator) of a formula whose last step is a division, else None."""
    tree = ast.parse(formula.text, mode="eval").body
    if not (isinstance(tree, ast.BinOp) and isinstance(tree.op, ast.Div)):
        return None
    left, right = (ast.get_source_segment(formula.text, side) for side in (tree.left, tree.right))
    assert left is not None and right is not None, "what is parsed from a text has its place in it"
    return formulas.parse_formula(left), formulas.parse_formula(right)


def stored_series(kpi: Kpi) -> Series:
    return {
        m.period: Point(m.period, m.value, m.numerator, m.denominator)
        for m in Measurement.objects.filter(kpi=kpi).order_by("period")
    }


def _zeros_between(pairs: list[tuple[date, float]], grain: Grain) -> list[tuple[date, float]]:
    if len(pairs) < 2:
        return pairs
    known = dict(pairs)
    count = periods.periods_apart(pairs[0][0], pairs[-1][0], grain) + 1
    every = periods.run_of_periods(pairs[0][0], grain, count)
    return [(p, known.get(p, 0.0)) for p in every]


def _exact(value: float) -> Decimal | None:
    """The float as a decimal of 15 significant digits (0.1, not 0.1000000000000000055…).

    Polars adds in parallel, in no fixed order, so a sum's last binary digits can differ
    between two runs (2472.51 or 2472.5100000000002); fifteen digits are all a double
    holds for sure, and a formula over them gives the same value every time.
    """
    number = Decimal(f"{float(value):.15g}")
    return number if number.is_finite() else None
