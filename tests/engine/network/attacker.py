"""An attacker who knows every published total of a KPI, and the scenarios he attacks (networks over time)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
from hypothesis import strategies as st

from rumbo.engine.network.disclosure import THRESHOLD, Cell, Published, Rules


@dataclass(frozen=True)
class Scenario:
    """Members whose values never change (the attacker's best case), the cells of one KPI, most recent first."""

    rules: Rules
    values: dict[int, int]
    cells: list[Cell]


@st.composite
def scenarios(draw: st.DrawFn) -> Scenario:
    """A network whose members join (fewer than k at a time, too), leave and skip periods, split into regions and a
    few other groupings."""
    k = draw(st.sampled_from([3, 4, 5]))
    count = draw(st.integers(k, 14).map(lambda n: max(n, draw(st.integers(k, 14)))))  # leaning to bigger networks
    periods = draw(st.integers(1, 6))
    members = range(count)
    values = dict(
        zip(members, draw(st.lists(st.integers(1, 1000) | st.integers(400, 600), min_size=count, max_size=count)))
    )
    region = dict(zip(members, draw(st.lists(st.integers(0, 2), min_size=count, max_size=count))))
    active: dict[int, set[int]] = {}
    for member in members:
        how = draw(st.sampled_from(["always", "always", "joined or left", "now and then"]))
        if how == "always":
            active[member] = set(range(periods))
        elif how == "joined or left":
            start = draw(st.integers(0, periods - 1))
            end = draw(st.integers(start, periods - 1))
            active[member] = set(range(start, end + 1))
        else:  # shares some months and not others
            active[member] = draw(st.sets(st.integers(0, periods - 1)))
    joined = draw(st.integers(0, periods - 1))
    for newcomer in range(count, count + draw(st.integers(0, k - 1))):  # fewer than k join together, then stay
        values[newcomer] = draw(st.integers(1, 1000))
        region[newcomer] = draw(st.integers(0, 2))
        active[newcomer] = set(range(joined, periods))
    members = range(len(values))
    groupings = [("region", {m for m in members if region[m] == r}) for r in range(draw(st.integers(0, 3)))]
    for index in range(draw(st.integers(0, 2))):  # e.g. the certified-organic members, any subset
        groupings.append((f"group{index}", draw(st.sets(st.sampled_from(list(members))))))
    cells = []
    for period in reversed(range(periods)):
        here = {m for m in members if period in active[m]}
        cells.append(Cell(("network", period), {m: float(values[m]) for m in sorted(here)}))
        for index, (name, group) in enumerate(groupings):
            cells.append(Cell((f"{name}{index}", period), {m: float(values[m]) for m in sorted(here & group)}))
    return Scenario(Rules(min_contributors=k), values, cells)


def naive_publish(cells: list[Cell], rules: Rules) -> list[Published]:
    """The threshold rule alone, cell by cell: what a spreadsheet with a «fewer than k» filter would publish."""
    published = []
    for cell in cells:
        n = len(cell.values)
        if n < rules.min_contributors:
            published.append(Published(cell.key, n, None, None, None, None, None, (THRESHOLD,)))
        else:
            total = sum(cell.values.values())
            published.append(Published(cell.key, n, total, None, None, None, None, (), n, frozenset(cell.values)))
    return published


def known_totals(cells: list[Cell], published: list[Published]) -> list[tuple[frozenset[int], Fraction]]:
    """What the attacker reads: each published total, as (the contributors it was summed over, the figure).

    The worst case: he knows which members a trimmed cell was computed over, not only how many; the sets
    are checked to be the ones actually summed (the scenarios' values are whole numbers: the sums are exact).
    """
    known = []
    for cell, figure in zip(cells, published):
        if figure.total is not None:
            assert figure.members_used <= set(cell.values)
            assert figure.total == sum(cell.values[m] for m in figure.members_used), "not the set summed"
            known.append((figure.members_used, Fraction(figure.total)))
    return known


def solve(totals: list[tuple[frozenset[int], Fraction]], own: dict[int, int]) -> dict[int, Fraction]:
    """Every value the attacker determines exactly, by rational elimination, knowing his own values `own`.

    Gauss-Jordan on the equations «sum of the contributors' values = total», his own values moved to the
    right-hand side; a reduced row with a single unknown left gives that member's value.
    """
    unknowns = sorted({m for members, _ in totals for m in members} - set(own))
    column = {m: i for i, m in enumerate(unknowns)}
    rows = []
    for members, total in totals:
        row = [Fraction(0)] * (len(unknowns) + 1)
        row[-1] = total - sum(Fraction(own[m]) for m in members if m in own)
        for m in members:
            if m in column:
                row[column[m]] = Fraction(1)
        rows.append(row)
    pivot_row = 0
    pivots = []
    for col in range(len(unknowns)):
        found = next((r for r in range(pivot_row, len(rows)) if rows[r][col] != 0), None)
        if found is None:
            continue
        rows[pivot_row], rows[found] = rows[found], rows[pivot_row]
        lead = rows[pivot_row][col]
        rows[pivot_row] = [x / lead for x in rows[pivot_row]]
        for r in range(len(rows)):
            if r != pivot_row and rows[r][col] != 0:
                factor = rows[r][col]
                rows[r] = [x - factor * y for x, y in zip(rows[r], rows[pivot_row])]
        pivots.append(col)
        pivot_row += 1
    solved = {}
    for r, col in enumerate(pivots):
        if all(rows[r][c] == 0 for c in range(len(unknowns)) if c != col):
            solved[unknowns[col]] = rows[r][-1]
    return solved


def determined_by_coalition(totals: list[tuple[frozenset[int], Fraction]], coalition: set[int]) -> set[int]:
    """Members outside `coalition` whose value is determined once the coalition pools its own values.

    Numerically: drop the coalition's columns; e_i lies in the row space when the projection onto it keeps
    it whole (the diagonal of pinv(A) A is 1). Exact enough for 0/1 matrices this small.
    """
    members = sorted({m for group, _ in totals for m in group} - coalition)
    if not members:
        return set()
    matrix = np.array([[1.0 if m in group else 0.0 for m in members] for group, _ in totals])
    diagonal = np.diag(np.linalg.pinv(matrix) @ matrix)
    return {m for m, d in zip(members, diagonal) if abs(d - 1) < 1e-9}


def coalitions(members: set[int], size: int) -> list[set[int]]:
    return [set(c) for c in itertools.combinations(sorted(members), size)]
