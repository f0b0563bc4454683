"""Compute dataset metrics per period with Polars, all of a dataset's metrics in one lazy plan.

Metrics that share a date column and a grain become one group-by over the truncated date,
each with its own filter applied inside the aggregation; entity measures (new, retained,
churned) add small plans over the distinct (entity, period) pairs. Everything is collected
together with `pl.collect_all`, so the scan and the shared steps run once.

Semantics, stated once:
- rows without a date are left out; filters apply before anything else, so `new(Socio)`
  with a filter counts entities whose first *filtered* row falls in the period;
- a period appears when at least one row (after the metric's filter) falls in it;
- `new` is 0 in a period with rows but no newcomers;
- `retained` in period P is the share of the entities active in the calendar period
  just before P that are active in P; it has a value for every period after one with
  activity, up to the last period with data (0 when nobody came back, even in a period
  with no rows); `churned` is 1 − retained.
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

import polars as pl

from rumbo.engine.computed.dataset_specs import ENTITY_MEASURES, Condition, Filter, MetricSpec
from rumbo.engine.vocab import Grain

_EVERY = {Grain.DAY: "1d", Grain.WEEK: "1w", Grain.MONTH: "1mo", Grain.QUARTER: "1q",
          Grain.YEAR: "1y", Grain.HARVEST: "1y"}  # fmt: skip
PERIOD = "__period"


def compute_metrics(
    data: "pl.DataFrame | pl.LazyFrame", metrics: Iterable[MetricSpec]
) -> dict[str, list[tuple[date, float]]]:
    """Each metric's values as (first day of the period, value), in period order."""
    metrics = list(metrics)
    names = [m.name for m in metrics]
    if len(set(names)) != len(names) or any(n.startswith("__") for n in names):
        raise ValueError(f"metric names must be distinct and not start with '__': {names}")
    frame = data.lazy()
    plans: list[pl.LazyFrame] = []
    groups: dict[tuple[str, Grain, int], list[MetricSpec]] = defaultdict(list)
    for metric in metrics:
        groups[(metric.date_column, metric.grain, metric.harvest_start_month)].append(metric)
    for (date_column, grain, start_month), members in groups.items():
        base = frame.filter(pl.col(date_column).is_not_null()).with_columns(
            _period(pl.col(date_column), grain, start_month).cast(pl.Date).alias(PERIOD)
        )
        plain = [m for m in members if m.measure.function not in ENTITY_MEASURES]
        if plain:
            plans.append(_plain_plan(base, plain))
        entity: defaultdict[tuple[str, Filter], list[MetricSpec]] = defaultdict(list)
        for m in members:
            if m.measure.function in ENTITY_MEASURES:
                assert m.measure.column is not None, "an entity measure names the column of its entities"
                entity[(m.measure.column, m.filter)].append(m)
        for (column, condition), users in entity.items():
            plans.append(_entity_plan(base, column, condition, grain, users))
    results: dict[str, list[tuple[date, float]]] = {name: [] for name in names}
    # one collect for every plan, so Polars reads the data once and shares common steps
    for table in pl.collect_all(plans):
        for name in table.columns:
            if name == PERIOD or name.startswith("__"):
                continue
            pairs = table.select(PERIOD, name).drop_nulls().drop_nans().sort(PERIOD)
            results[name] = [(p, float(v)) for p, v in pairs.iter_rows()]
    return results


def _period(column: pl.Expr, grain: Grain, start_month: int) -> pl.Expr:
    if grain == Grain.HARVEST and start_month != 1:
        # a harvest year is a calendar year shifted to start in the harvest month
        shift = f"{start_month - 1}mo"
        return column.dt.offset_by(f"-{shift}").dt.truncate("1y").dt.offset_by(shift)
    return column.dt.truncate(_EVERY[grain])


def _next_period(column: pl.Expr, grain: Grain) -> pl.Expr:
    step = {Grain.QUARTER: "3mo", Grain.HARVEST: "1y"}.get(grain, _EVERY[grain])
    return column.dt.offset_by(step)


def _plain_plan(base: pl.LazyFrame, metrics: list[MetricSpec]) -> pl.LazyFrame:
    """One group-by for every plain metric; each filtered metric masks its own rows."""
    masks: dict[Filter, str] = {}
    for metric in metrics:
        if metric.filter.conditions and metric.filter not in masks:
            masks[metric.filter] = f"__mask{len(masks)}"
    if masks:
        base = base.with_columns(_filter_expr(f).alias(name) for f, name in masks.items())
    aggregations = []
    for metric in metrics:
        mask = masks.get(metric.filter)
        aggregations.append(_measure_expr(metric, mask).alias(metric.name))
        if mask:
            aggregations.append(pl.col(mask).sum().alias(f"__rows_{metric.name}"))
    table = base.group_by(PERIOD).agg(aggregations)
    # a filtered metric has no value in a period where no row passed its filter
    return table.with_columns(
        pl.when(pl.col(f"__rows_{m.name}") > 0).then(pl.col(m.name)).alias(m.name)
        for m in metrics
        if masks.get(m.filter)
    )


def _measure_expr(metric: MetricSpec, mask: str | None) -> pl.Expr:
    function, column = metric.measure.function, metric.measure.column
    if function == "count" and column is None:
        return pl.col(mask).sum() if mask else pl.len()
    assert column is not None, "only a count may go without a column"
    values = pl.col(column)
    if mask:
        values = values.filter(pl.col(mask))
    if function == "count":
        return values.count()
    if function == "count_distinct":
        return values.drop_nulls().n_unique()
    measured: pl.Expr = getattr(values, function)()  # sum, mean, median, min, max
    return measured


def _entity_plan(
    base: pl.LazyFrame, column: str, filter: Filter, grain: Grain, metrics: list[MetricSpec]
) -> pl.LazyFrame:
    rows = base.filter(_filter_expr(filter)) if filter.conditions else base
    periods = rows.select(PERIOD).unique()
    pairs = rows.filter(pl.col(column).is_not_null()).select(column, PERIOD).unique()
    table = periods
    functions = {m.measure.function for m in metrics}
    if "new" in functions:
        firsts = pairs.group_by(column).agg(pl.col(PERIOD).min())
        newcomers = firsts.group_by(PERIOD).agg(pl.len().alias("__new"))
        table = table.join(newcomers, on=PERIOD, how="left").with_columns(pl.col("__new").fill_null(0))
    if functions & {"retained", "churned"}:
        active = pairs.group_by(PERIOD).agg(pl.len().alias("__active"))
        moved = pairs.with_columns(_next_period(pl.col(PERIOD), grain).alias("__next"))
        kept = (
            moved.join(pairs, left_on=[column, "__next"], right_on=[column, PERIOD])
            .group_by("__next")
            .agg(pl.len().alias("__kept"))
        )
        last = periods.select(pl.col(PERIOD).max().alias("__last"))
        following = (
            active.with_columns(_next_period(pl.col(PERIOD), grain).alias("__next"))
            .join(kept, on="__next", how="left")
            .join(last, how="cross")
            .filter(pl.col("__next") <= pl.col("__last"))
            .select(
                pl.col("__next").alias(PERIOD),
                (pl.col("__kept").fill_null(0) / pl.col("__active")).alias("__retained"),
            )
        )
        table = table.join(following, on=PERIOD, how="full", coalesce=True)
    return table.select(PERIOD, *(_entity_value(m).alias(m.name) for m in metrics))


def _entity_value(metric: MetricSpec) -> pl.Expr:
    function = metric.measure.function
    if function == "new":
        return pl.col("__new")
    if function == "retained":
        return pl.col("__retained")
    return 1 - pl.col("__retained")


def _filter_expr(filter: Filter) -> pl.Expr:
    expression = pl.lit(True)
    for condition in filter.conditions:
        expression = expression & _condition_expr(condition)
    return expression.fill_null(False)


def _condition_expr(condition: Condition) -> pl.Expr:
    column = pl.col(condition.column)
    value = condition.value
    if isinstance(value, str):
        # compare text without case, accents or spaces, folding only the distinct values
        distinct = column.unique()
        matching = distinct.filter(_fold(distinct) == _fold(pl.lit(value)))
        expression = column.is_in(matching.implode())
        return expression if condition.operator == "=" else ~expression & column.is_not_null()
    return {
        "=": column == value,
        "!=": column != value,
        "<": column < value,
        ">": column > value,
        "<=": column <= value,
        ">=": column >= value,
    }[condition.operator]


def _fold(expression: pl.Expr) -> pl.Expr:
    return expression.str.normalize("NFD").str.replace_all(r"\p{M}", "").str.to_lowercase().str.strip_chars()
