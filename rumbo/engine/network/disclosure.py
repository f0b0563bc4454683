"""Statistical disclosure control for a federation's published figures: no member's value can be read or solved for.

`publish` takes every cell of one KPI (each period and grouping) at once and returns what may be shown:
- a cell with fewer than `min_contributors` contributions shows nothing but its count (threshold rule);
- a total (and a ratio, from its summed parts) is hidden when its contributions fail the (n, k) dominance rule
  or the p % rule, each part of a ratio checked on its own;
- quartiles and the median are interpolated (Hyndman & Fan's definition 7, numpy's "linear"), and when that
  position falls exactly on one contribution the figure is the mean of the two interpolations half a rank
  either side, so every published quantile rests on at least two contributions; minima and maxima never appear;
- then the cells are checked together (`rumbo.engine.network.differencing`): a cell whose figures could be
  combined with the others to isolate fewer than `min_contributors` members is hidden, and a total that would
  let someone rebuild a hidden total is hidden. Cells earlier in the sequence are kept first.
The guarantees and their limits are written out in docs/privacy.md.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass

from rumbo.engine.network.differencing import Candidate, keep

THRESHOLD = "threshold"
DOMINANCE = "dominance"
P_PERCENT = "p_percent"
DIFFERENCING = "differencing"
LOWEST_K = 3  # never fewer contributors than this behind a figure, whatever a federation sets

BANDS = ("top", "upper_middle", "lower_middle", "bottom")


@dataclass(frozen=True)
class Rules:
    min_contributors: int = 5  # k, never below 3
    dominance_n: int = 2  # (n, k) dominance: the n largest make more than dominance_share of T
    dominance_share: float = 0.85
    p_percent: float = 10.0  # p % rule

    def __post_init__(self) -> None:
        if self.min_contributors < LOWEST_K:
            raise ValueError(f"min_contributors must be at least {LOWEST_K}, not {self.min_contributors}")
        if self.dominance_n < 1:
            raise ValueError("dominance_n must be at least 1")
        if not 0 < self.dominance_share <= 1:
            raise ValueError("dominance_share must be in (0, 1]")
        if self.p_percent < 0:
            raise ValueError("p_percent must not be negative")


@dataclass(frozen=True)
class Cell:
    key: Hashable  # e.g. ("network", date(2025, 1, 1)) or ("region:norte", period)
    values: Mapping[Hashable, float]  # member id -> contribution (for a ratio: the numerator part)
    denominators: Mapping[Hashable, float] | None = None  # a ratio's denominator parts


@dataclass(frozen=True)
class Published:
    key: Hashable
    contributors: int
    total: float | None  # None when suppressed (threshold, dominance, p %, differencing)
    ratio: float | None  # sum(numerators)/sum(denominators), both parts passing the rules
    median: float | None  # interpolated quantiles, each resting on >= 2 contributions
    p25: float | None
    p75: float | None
    reasons: tuple[str, ...]  # machine words: "threshold", "dominance", "p_percent", "differencing"


def _sizes(values: Sequence[float]) -> list[float]:
    return sorted(map(abs, values), reverse=True)


def dominated(values: Sequence[float], n: int, share: float) -> bool:
    """(n, k) dominance: the n largest contributions (in absolute value) make more than `share` of the total."""
    return _dominated(_sizes(values), n, share)


def _dominated(sizes: list[float], n: int, share: float) -> bool:
    whole = math.fsum(sizes)
    return whole > 0 and math.fsum(sizes[:n]) > share * whole


def p_percent_sensitive(values: Sequence[float], p: float) -> bool:
    """p % rule: the second largest can estimate the largest to within p % (T - x1 - x2 < p/100 * x1)."""
    return _p_percent_sensitive(_sizes(values), p)


def _p_percent_sensitive(sizes: list[float], p: float) -> bool:
    if not sizes:
        return False
    return math.fsum(sizes[2:]) < p / 100 * sizes[0]


def total_reasons(parts: Sequence[Sequence[float]], rules: Rules) -> tuple[str, ...]:
    """Why a total (or a ratio from these parts) may not be published: each part checked on its own."""
    reasons: list[str] = []
    for part in parts:
        sizes = _sizes(part)
        if _dominated(sizes, rules.dominance_n, rules.dominance_share) and DOMINANCE not in reasons:
            reasons.append(DOMINANCE)
        if _p_percent_sensitive(sizes, rules.p_percent) and P_PERCENT not in reasons:
            reasons.append(P_PERCENT)
    return tuple(reasons)


def quantile(ordered: Sequence[float], q: float) -> float:
    """The q-quantile of sorted contributions, interpolated so that it always rests on two or more of them.

    Hyndman & Fan's definition 7 (numpy's "linear"): position h = (n - 1) q between ordered[floor(h)] and
    ordered[ceil(h)]. When h is a whole number that would be one contribution itself, so the figure is then
    the mean of the definition-7 values at h - 1/2 and h + 1/2: (x[h-1] + 2 x[h] + x[h+1]) / 4.
    """
    n = len(ordered)
    if n < 3:
        raise ValueError("a published quantile needs at least three contributions")
    h = (n - 1) * q
    low = math.floor(h)
    if h == low:
        if low == 0 or low == n - 1:
            raise ValueError("the extremes are members' values: never published")
        return (ordered[low - 1] + 2 * ordered[low] + ordered[low + 1]) / 4
    return ordered[low] + (h - low) * (ordered[low + 1] - ordered[low])


def _rounded(value: float | None, decimals: int | None) -> float | None:
    if value is None or decimals is None:
        return value
    return round(value, decimals)


@dataclass(frozen=True)
class _Primary:
    contributors: int
    shows: bool  # n >= k: something beyond the count may appear
    total_reasons: tuple[str, ...]
    total: float
    ratio: float | None
    quartiles: tuple[float, float, float] | None


def _primary(cell: Cell, rules: Rules) -> _Primary:
    members = list(cell.values)
    numerators = [float(cell.values[m]) for m in members]
    n = len(members)
    parts: list[list[float]] = [numerators]
    ratio: float | None = None
    own = numerators
    if cell.denominators is not None:
        if set(cell.denominators) != set(members):
            raise ValueError(f"cell {cell.key!r}: the denominators' members differ from the numerators'")
        denominators = [float(cell.denominators[m]) for m in members]
        parts.append(denominators)
        below = math.fsum(denominators)
        ratio = math.fsum(numerators) / below if below else None
        own = [num / den for num, den in zip(numerators, denominators) if den]
    if n < rules.min_contributors:
        return _Primary(n, False, (), 0.0, None, None)
    quartiles: tuple[float, float, float] | None = None
    if len(own) >= rules.min_contributors:
        ordered = sorted(own)
        quartiles = (quantile(ordered, 0.25), quantile(ordered, 0.5), quantile(ordered, 0.75))
    return _Primary(n, True, total_reasons(parts, rules), math.fsum(numerators), ratio, quartiles)


def period_of(key: Hashable) -> Hashable:
    """A cell's period: the last item of a tuple key such as ("network", date(2025, 1, 1))."""
    return key[-1] if isinstance(key, tuple) and key else None


def publish(
    cells: Sequence[Cell],
    rules: Rules,
    *,
    decimals: int | None = None,
    period: Callable[[Hashable], Hashable] = period_of,
) -> list[Published]:
    """What may be published of all the cells of one KPI (every period and grouping), in the cells' order.

    Deterministic: the same cells in the same order give the same figures. When two cells cannot both be
    shown, the one earlier in `cells` is kept: list the network's most recent periods first. `decimals`
    rounds every published figure to the KPI's display precision. `period` tells which cells share their
    members' values (by default the last item of a tuple key); it only narrows the rebuilding of hidden
    totals, never the differencing between periods.
    """
    primaries = [_primary(cell, rules) for cell in cells]
    candidates = [
        Candidate(
            members=frozenset(cell.values),
            shows=primary.shows,
            total=primary.shows and not primary.total_reasons,
            protected=primary.shows and bool(primary.total_reasons),
            period=period(cell.key),
        )
        for cell, primary in zip(cells, primaries)
    ]
    decisions = keep(candidates, rules.min_contributors)
    published: list[Published] = []
    for cell, primary, decision in zip(cells, primaries, decisions):
        if not primary.shows:
            published.append(Published(cell.key, primary.contributors, None, None, None, None, None, (THRESHOLD,)))
            continue
        reasons = list(primary.total_reasons)
        shows_total = decision.total and not reasons
        if not decision.shown or (not reasons and not decision.total):
            reasons.append(DIFFERENCING)
        quartiles = primary.quartiles if decision.shown else None
        p25, median, p75 = quartiles if quartiles else (None, None, None)
        published.append(
            Published(
                key=cell.key,
                contributors=primary.contributors,
                total=_rounded(primary.total, decimals) if shows_total else None,
                ratio=_rounded(primary.ratio, decimals) if shows_total else None,
                median=_rounded(median, decimals),
                p25=_rounded(p25, decimals),
                p75=_rounded(p75, decimals),
                reasons=tuple(reasons),
            )
        )
    return published


def band(own: float, published: Published, *, higher_is_better: bool) -> str | None:
    """Which quarter of the network a member's own value falls in; None when the quartiles are suppressed.

    "top" | "upper_middle" | "lower_middle" | "bottom", "top" being the best quarter for this KPI. A value
    equal to a quartile counts in the better quarter.
    """
    if published.p25 is None or published.median is None or published.p75 is None:
        return None
    if higher_is_better:
        limits = (published.p75, published.median, published.p25)
        for name, limit in zip(BANDS, limits):
            if own >= limit:
                return name
    else:
        limits = (published.p25, published.median, published.p75)
        for name, limit in zip(BANDS, limits):
            if own <= limit:
                return name
    return BANDS[-1]
