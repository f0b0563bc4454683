"""A network published again and again while its membership changes, and what an attacker keeps of every round."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from hypothesis import strategies as st

from rumbo.engine.network.disclosure import Cell, Published, Rules, publish
from tests.engine.network.attacker import known_totals


@dataclass(frozen=True)
class Rounds:
    """Members whose values never change, and the cells of one KPI each time the figures were published."""

    rules: Rules
    values: dict[int, int]
    rounds: list[list[Cell]]


def _cells(values: dict[int, int], active: dict[int, set[int]], region: dict[int, int], periods: int) -> list[Cell]:
    cells = []
    for period in reversed(range(periods)):
        here = sorted(m for m, months in active.items() if period in months)
        cells.append(Cell(("network", period), {m: float(values[m]) for m in here}))
        for r in sorted({region[m] for m in here if region[m] >= 0}):
            cells.append(Cell((f"region{r}", period), {m: float(values[m]) for m in here if region[m] == r}))
    return cells


@st.composite
def rounds(draw: st.DrawFn) -> Rounds:
    """A network published in two to four rounds; between rounds members stop sharing, leave, join (alone or
    several together), move to another region, and regions are deleted; each round adds a month or none."""
    k = draw(st.sampled_from([3, 4, 5]))
    count = draw(st.integers(k, 12))
    periods = draw(st.integers(1, 4))
    values = {m: draw(st.integers(1, 1000)) for m in range(count)}
    region = {m: draw(st.integers(-1, 2)) for m in range(count)}  # -1: in no region
    active = {m: set(range(periods)) for m in range(count)}
    for member in range(count):
        if draw(st.booleans()):  # joined later or skips months
            active[member] = draw(st.sets(st.integers(0, periods - 1), min_size=1))
    history = [_cells(values, active, region, periods)]
    for _ in range(draw(st.integers(1, 3))):
        periods += draw(st.integers(0, 1))
        for member in list(active):
            if active[member] and periods - 1 in active[member] | {periods - 2}:
                active[member].add(periods - 1)
        for _change in range(draw(st.integers(1, 3))):
            change = draw(st.sampled_from(["stops", "stops", "joins", "moves", "region deleted"]))
            present = sorted(m for m, months in active.items() if months)
            if change == "stops" and present:  # its contributions are deleted: it is in no cell again
                active[draw(st.sampled_from(present))] = set()
            elif change == "joins":
                for _newcomer in range(draw(st.integers(1, k + 1))):
                    member = len(values)
                    values[member] = draw(st.integers(1, 1000))
                    region[member] = draw(st.integers(-1, 2))
                    active[member] = set(range(draw(st.integers(0, periods - 1)), periods))
            elif change == "moves" and present:
                region[draw(st.sampled_from(present))] = draw(st.integers(-1, 2))
            elif change == "region deleted":
                gone = draw(st.integers(0, 2))
                region.update({m: -1 for m, r in region.items() if r == gone})
        history.append(_cells(values, active, region, periods))
    return Rounds(Rules(min_contributors=k), values, history)


def publish_rounds(scenario: Rounds, *, remember: bool = True) -> list[tuple[list[Cell], list[Published]]]:
    """Each round published with the sets of every total published in the rounds before (or without, `remember`
    False: each round checked only against itself)."""
    shown: dict[frozenset[int], None] = {}
    done = []
    for cells in scenario.rounds:
        published = publish(cells, scenario.rules, shown_before=list(shown) if remember else ())
        shown.update((p.members_used, None) for p in published if p.total is not None)
        done.append((cells, published))
    return done


def known_in_every_round(done: list[tuple[list[Cell], list[Published]]]) -> list[tuple[frozenset[int], Fraction]]:
    """Every total the attacker kept, of every round."""
    return [total for cells, published in done for total in known_totals(cells, published)]
