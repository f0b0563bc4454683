"""Statistical disclosure control for a federation's published figures: no member's value can be read or solved for.

`publish` takes every cell of one KPI (each period and grouping) at once and returns what may be shown:
- a cell with fewer than `min_contributors` contributions shows nothing but its count (threshold rule);
- a total (and a ratio, from its summed parts) is hidden when its contributions fail the (n, k) dominance rule
  or the p % rule, each part of a ratio checked on its own;
- quartiles and the median are interpolated (Hyndman & Fan's definition 7, numpy's "linear"), and when that
  position falls exactly on one contribution the figure is the mean of the two interpolations half a rank
  either side, so every published quantile rests on at least two contributions; minima and maxima never appear;
- then the cells are checked together (`rumbo.engine.network.differencing`): a cell whose figures could be
  combined with the others to isolate fewer than `min_contributors` members is shown without those few
  members when that is enough (its figures computed over the members it keeps), hidden otherwise, and a total
  that would let someone rebuild a hidden total is hidden. The cells whose contributor set is the most
  frequent are kept first, then those with the most contributors, then the most recent; with `tier`, a lower
  tier before a higher one (a federation's network before its regions). Newcomers joining a history already
  shown enter with their cohort: the few who began latest are left out until k of them can enter together.
  The contributor sets of totals published before (`shown_before`) count as shown: yesterday's figures and
  today's together isolate no fewer than k members either.
The guarantees and their limits are written out in docs/privacy.md.
"""

from __future__ import annotations

import contextlib
import math
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from rumbo.engine.network.differencing import Atoms, Candidate, totals_kept

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
    used: int = 0  # the contributors its figures rest on: fewer than `contributors` when the cell was trimmed
    # who those are: for checking the rules (the tests' attacker); never shown, the count is enough
    members_used: frozenset[Hashable] = field(default=frozenset(), repr=False)


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


def _recency(periods: Sequence[Hashable]) -> list[int]:
    """Each cell's period's rank, the most recent 0; periods that cannot be compared rank in the order listed."""
    distinct = list(dict.fromkeys(periods))
    with contextlib.suppress(TypeError):  # the list stays as listed
        distinct = sorted(distinct, reverse=True)  # type: ignore[type-var]
    rank = {p: index for index, p in enumerate(distinct)}
    return [rank[p] for p in periods]


def order(
    cells: Sequence[Cell],
    period: Callable[[Hashable], Hashable] = period_of,
    tier: Callable[[Hashable], int] | None = None,
) -> list[int]:
    """The order `publish` decides the cells in: first those whose exact contributor set is the most frequent among
    the cells, then those with the most contributors, then the most recent, then as listed.

    A stable history goes in first; a month a newcomer has joined then only trims the newcomer out, and a
    month only some members have sent yet (or one a member skipped) is the one hidden, not the months beside it.
    With `tier` (a number per cell key), every cell of a lower tier is decided before any of a higher one, each
    tier in the order above (its sets counted within the tier): a federation's network before its regions, so
    the network's cells are decided as if there were no regions.
    """
    sets = [frozenset(cell.values) for cell in cells]
    tiers = [tier(cell.key) if tier is not None else 0 for cell in cells]
    frequency = Counter(zip(tiers, sets))  # within its tier: a region's cells do not reorder the network's
    recency = _recency([period(cell.key) for cell in cells])
    return sorted(
        range(len(cells)), key=lambda i: (tiers[i], -frequency[tiers[i], sets[i]], -len(sets[i]), recency[i], i)
    )


def joined(cells: Sequence[Cell], period: Callable[[Hashable], Hashable] = period_of) -> dict[Hashable, int]:
    """When each member began contributing: the rank of the oldest period it has a value in, larger for later.

    Members who began together are a cohort; among newcomers joining a shown history, the 1 to k - 1 who began
    latest are left out of a cell rather than tied to an earlier cohort (`Atoms.latest_few`).
    """
    recency = _recency([period(cell.key) for cell in cells])  # 0 the most recent
    oldest = max(recency, default=0)
    first: dict[Hashable, int] = {}
    for cell, rank in zip(cells, recency):
        for member in cell.values:
            first[member] = max(first.get(member, rank), rank)
    return {member: oldest - rank for member, rank in first.items()}


def _over(cell: Cell, members: frozenset[Hashable]) -> Cell:
    """The cell reduced to some of its members."""
    values = {m: v for m, v in cell.values.items() if m in members}
    if cell.denominators is None:
        return Cell(cell.key, values)
    return Cell(cell.key, values, {m: v for m, v in cell.denominators.items() if m in members})


def publish(
    cells: Sequence[Cell],
    rules: Rules,
    *,
    decimals: int | None = None,
    period: Callable[[Hashable], Hashable] = period_of,
    tier: Callable[[Hashable], int] | None = None,
    shown_before: Iterable[frozenset[Hashable]] = (),
) -> list[Published]:
    """What may be published of all the cells of one KPI (every period and grouping), in the cells' order.

    Deterministic: the same cells give the same figures, whatever the order of the members inside a cell.
    The cells are decided in `order`: when two cells cannot both be shown, the one whose contributor set is
    the most frequent is kept, then the one with more contributors, then the more recent, then the one
    listed first. A cell that would isolate 1 to k - 1 of its members (newcomers in no shown cell yet, or a
    few members of a group whose others are outside it) is published without them: `used` says how many
    contributors its figures rest on. `decimals` rounds every published figure to the KPI's display
    precision. `period` tells which cells share their members' values (by default the last item of a tuple
    key) and which are the most recent; it only narrows the rebuilding of hidden totals, never the
    differencing between periods. `tier` decides some cells before others (the network before its regions,
    `order`); like the order, it changes which cells are shown, never the guarantees. `shown_before` are the
    contributor sets of every total published before (`Published.members_used`, whatever the cell, the ones
    members stopped sharing or left since included): figures once published cannot be taken back, so the
    check starts from them and nothing published now isolates, with them, fewer than k members.
    """
    k = rules.min_contributors
    primaries = [_primary(cell, rules) for cell in cells]
    sequence = order(cells, period, tier)
    atoms = Atoms(k, joined(cells, period), present={m for cell in cells for m in cell.values})
    for before in shown_before:
        atoms.remember(before)
    used: dict[int, frozenset[Hashable]] = {}
    reduced: dict[int, _Primary] = {}
    for index in sequence:
        if not primaries[index].shows:
            continue
        full = frozenset(cells[index].values)
        members = atoms.admissible(full)
        if members is None:
            continue
        atoms.admit(members)
        used[index] = members
        reduced[index] = primaries[index] if members == full else _primary(_over(cells[index], members), rules)
    candidates = []
    for index in sequence:
        full_primary, primary = primaries[index], reduced.get(index)
        protected = [frozenset(cells[index].values)] if full_primary.shows and full_primary.total_reasons else []
        if primary is not None and primary is not full_primary and primary.total_reasons:
            protected.append(used[index])
        candidates.append(
            Candidate(
                members=used.get(index, frozenset()),
                total=primary is not None and not primary.total_reasons,
                protected=tuple(protected),
                period=period(cells[index].key),
            )
        )
    totals = dict(zip(sequence, totals_kept(candidates)))
    return [
        _published(cell, primaries[i], reduced.get(i), used.get(i, frozenset()), totals[i], decimals)
        for i, cell in enumerate(cells)
    ]


def _published(
    cell: Cell,
    full: _Primary,
    primary: _Primary | None,
    members: frozenset[Hashable],
    total: bool,
    decimals: int | None,
) -> Published:
    """A cell's published figures: those of the members it was kept over, or none when it is hidden."""
    if not full.shows:
        return Published(cell.key, full.contributors, None, None, None, None, None, (THRESHOLD,))
    if primary is None:
        return Published(cell.key, full.contributors, None, None, None, None, None, (*full.total_reasons, DIFFERENCING))
    reasons = list(primary.total_reasons)
    if not reasons and not total:
        reasons.append(DIFFERENCING)
    p25, median, p75 = primary.quartiles if primary.quartiles else (None, None, None)
    return Published(
        key=cell.key,
        contributors=full.contributors,
        total=_rounded(primary.total, decimals) if total else None,
        ratio=_rounded(primary.ratio, decimals) if total else None,
        median=_rounded(median, decimals),
        p25=_rounded(p25, decimals),
        p75=_rounded(p75, decimals),
        reasons=tuple(reasons),
        used=primary.contributors,
        members_used=members,
    )


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
