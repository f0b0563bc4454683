"""Secondary suppression: which cells of one KPI may be shown together without isolating a few members.

Model of the attacker: he knows every published figure of the KPI and assumes each member's value is the same
in every cell it contributes to (the worst case: a stock that does not move from one month to the next, or the
same period seen by the network and by a region). A published total is then the sum of the values of its
contributor set, and any linear combination of published totals is something he knows.

Two checks, applied greedily to the cells in the order given (earlier cells are kept first):
1. Atoms. Group the members by the exact set of shown cells they contribute to. Every linear combination of
   shown totals gives all the members of one group the same coefficient, so its support is a union of groups.
   A cell is shown only if, after adding it, every group has at least k members. Hence no combination of
   published figures isolates fewer than k members: no value can be solved for, and even a coalition of
   k - 2 members who pool their own values cannot solve for anyone else's. (Quartiles are checked the same
   way: a cell with any figure takes part.)
2. Protected totals. A total hidden by the dominance or p % rule must not be rebuilt from published totals
   of the same period (the network minus a region gives the other region). A total is published only if no
   protected total of its period falls into the span of the published ones (Gram-Schmidt on 0/1 vectors,
   tolerance 1e-8 on the squared residual: membership vectors are integers, so a rebuilt total leaves a
   residual at rounding level). Across periods the values differ, so a hidden total of one month is not
   rebuilt from another month's totals; a dominated cell is only dominated in its own period.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

TOLERANCE = 1e-8

Vector = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Candidate:
    members: frozenset[Hashable]  # who contributes to the cell
    shows: bool  # the cell has figures (quartiles or a total) once it passes the primary rules
    total: bool  # its total passed the primary rules
    protected: bool  # its total was hidden by the primary rules and must not be rebuilt
    period: Hashable = None  # cells of one period share their members' values


@dataclass(frozen=True)
class Decision:
    shown: bool  # its figures may appear
    total: bool  # its total (and ratio) may appear


class Atoms:
    """The members grouped by which shown cells they contribute to; each group must keep at least k members."""

    def __init__(self, k: int) -> None:
        self.k = k
        self.atom_of: dict[Hashable, int] = {}
        self.size: dict[int, int] = {}
        self.seen: set[frozenset[Hashable]] = set()  # contributor sets already shown: they split nothing
        self.next_id = 0

    def admit(self, members: frozenset[Hashable]) -> bool:
        """Add a cell's contributors unless a group would fall below k members; True when added."""
        if members in self.seen:
            return True
        counts = Counter(map(self.atom_of.get, members))  # None: members in no shown cell yet
        fresh = counts.pop(None, 0)
        if 0 < fresh < self.k:
            return False
        split: list[int] = []
        for atom, inside in counts.items():
            if atom is None:
                continue
            rest = self.size[atom] - inside
            if inside < self.k or 0 < rest < self.k:
                return False
            if rest:
                split.append(atom)
        self.seen.add(members)
        parts: dict[int | None, list[Hashable]] = {atom: [] for atom in split}
        if fresh:
            parts[None] = []
        if parts:
            for member in members:
                part = parts.get(self.atom_of.get(member))
                if part is not None:
                    part.append(member)
        for atom, part in parts.items():
            if atom is not None:
                self.size[atom] -= len(part)
            self._new(part)
        return True

    def _new(self, members: list[Hashable]) -> None:
        atom = self.next_id
        self.next_id += 1
        self.size[atom] = len(members)
        for member in members:
            self.atom_of[member] = atom


class Span:
    """The span of the published totals, and the residuals of the protected totals outside it."""

    def __init__(self, columns: dict[Hashable, int], protected: list[frozenset[Hashable]]) -> None:
        self.columns = columns
        self.basis: Vector = np.zeros((0, len(columns)))
        self.residuals: Vector = np.array([self.vector(members) for members in protected]).reshape(
            len(protected), len(columns)
        )

    def vector(self, members: frozenset[Hashable]) -> Vector:
        row = np.zeros(len(self.columns))
        row[[self.columns[m] for m in members]] = 1.0
        return row

    def _outside(self, row: Vector) -> Vector:
        for _ in range(2):  # twice: classical Gram-Schmidt re-orthogonalised stays exact enough
            row = row - self.basis.T @ (self.basis @ row)
        return row

    def try_add(self, members: frozenset[Hashable]) -> bool:
        """Add a total to the published span unless it would rebuild a protected total; True when added."""
        rest = self._outside(self.vector(members))
        norm = float(rest @ rest)
        if norm < TOLERANCE:
            return True  # already known from the published totals
        direction = rest / np.sqrt(norm)
        residuals = self.residuals - np.outer(self.residuals @ direction, direction)
        if residuals.size and float(np.min(np.einsum("ij,ij->i", residuals, residuals))) < TOLERANCE:
            return False
        self.basis = np.vstack([self.basis, direction])
        self.residuals = residuals
        return True


def keep(candidates: Sequence[Candidate], k: int) -> list[Decision]:
    """Which cells (and which totals) may be shown together, deciding greedily in the order given."""
    atoms = Atoms(k)
    spans: dict[Hashable, Span] = {}
    for period in dict.fromkeys(c.period for c in candidates):
        those = [c for c in candidates if c.period == period]
        protected = [c.members for c in those if c.protected]
        if protected:  # without a protected total in the period, every total may be published
            columns: dict[Hashable, int] = {}
            for candidate in those:
                for member in candidate.members:
                    columns.setdefault(member, len(columns))
            spans[period] = Span(columns, protected)
    decisions: list[Decision] = []
    for candidate in candidates:
        if not candidate.shows or not atoms.admit(candidate.members):
            decisions.append(Decision(shown=False, total=False))
            continue
        span = spans.get(candidate.period)
        total = candidate.total and (span is None or span.try_add(candidate.members))
        decisions.append(Decision(shown=True, total=total))
    return decisions
