"""Secondary suppression: which cells of one KPI may be shown together without isolating a few members.

Model of the attacker: he knows every published figure of the KPI and assumes each member's value is the same
in every cell it contributes to (the worst case: a stock that does not move from one month to the next, or the
same period seen by the network and by a region). A published total is then the sum of the values of its
contributor set, and any linear combination of published totals is something he knows.

Two checks, applied greedily to the cells in the order given (earlier cells are kept first; `publish` orders
them: the most frequent contributor set first, then the most contributors, then the most recent):
1. Atoms. Group the members by the exact set of shown cells they contribute to. Every linear combination of
   shown totals gives all the members of one group the same coefficient, so its support is a union of groups.
   A cell is shown only if, after adding it, every group has at least k members. Hence no combination of
   published figures isolates fewer than k members: no value can be solved for, and even a coalition of
   k - 2 members who pool their own values cannot solve for anyone else's. (Quartiles are checked the same
   way: a cell with any figure takes part.) A cell that fails only because of a few of its members — 1 to k - 1
   members in no shown cell yet, or 1 to k - 1 members of a group whose others are outside it — is shown
   without them (trimmed): its figures are computed over the members it keeps, and the groups are those of
   the sets actually summed. A cell that would leave 1 to k - 1 members of a group outside it is hidden.
   Members in no shown cell yet that join members already shown enter as a group only with those who began
   contributing with them: the 1 to k - 1 who began latest are left out when k or more remain, so a cohort
   of k that joined the network a year ago and a newcomer of last month do not become one group that the
   cohort's own months would then split (those months would be hidden). Who is left out never weakens the
   check: a group enters only with k members or more.
   Sets published before (`publish`'s `shown`) are added first, whatever groups they leave: figures once
   published cannot be taken back, so today's cells are checked against everything ever shown. A cell whose
   members are exactly a set shown before splits nothing and is shown as it is; newcomers joining it are
   trimmed as above, so the cell falls back on that set; a cell that leaves out 1 to k - 1 members of a group
   who are gone for good (they stopped sharing or left: in no cell today) leaves out enough of the group's
   other members, the latest to begin, that k are out together; one whose few outside members still contribute
   elsewhere today (moved to another region, not sent this month yet) is hidden.
2. Protected totals. A total hidden by the dominance or p % rule must not be rebuilt from published totals
   of the same period (the network minus a region gives the other region). A total is published only if no
   protected total of its period falls into the span of the published ones (Gram-Schmidt on 0/1 vectors,
   tolerance 1e-8 on the squared residual: membership vectors are integers, so a rebuilt total leaves a
   residual at rounding level). Across periods the values differ, so a hidden total of one month is not
   rebuilt from another month's totals; a dominated cell is only dominated in its own period.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping, Sequence, Set
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

TOLERANCE = 1e-8

Vector = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Candidate:
    """A cell shown by the atom check, for the check of its period's protected totals."""

    members: frozenset[Hashable]  # the members its figures are computed over (after trimming)
    total: bool  # its total passed the primary rules, computed over `members`
    protected: tuple[frozenset[Hashable], ...] = ()  # totals hidden by the primary rules that must not be rebuilt
    period: Hashable = None  # cells of one period share their members' values


class Atoms:
    """The members grouped by which shown cells they contribute to; each group must keep at least k members."""

    def __init__(
        self, k: int, joined: Mapping[Hashable, int] | None = None, present: Set[Hashable] | None = None
    ) -> None:
        self.k = k
        self.joined = joined or {}  # member -> when it first contributed (a larger number later); optional
        self.present = present  # the members contributing to any cell today; None: every member is
        self.atom_of: dict[Hashable, int] = {}
        self.size: dict[int, int] = {}
        self.seen: set[frozenset[Hashable]] = set()  # contributor sets already shown: they split nothing
        self.next_id = 0

    def admissible(self, members: frozenset[Hashable]) -> frozenset[Hashable] | None:
        """The members a cell may be shown over: all, or all but a few that would be isolated; None to hide it.

        Trimmed: members in no shown cell yet when they are 1 to k - 1, and the 1 to k - 1 members of a group
        whose other members are not in the cell; when k or more members in no shown cell yet join members
        already shown, the 1 to k - 1 of them who began contributing latest (`latest_few`). Hidden: a cell that
        would leave 1 to k - 1 members of a group outside it who still contribute today, or when they are gone for
        good too few would be left after leaving k out together (`gone`, `latest_of_group`), or one with nothing
        left after trimming.
        """
        if members in self.seen:
            return members
        owners = [self.atom_of.get(m) for m in members]  # None: members in no shown cell yet
        fresh = owners.count(None)
        counts = Counter(atom for atom in owners if atom is not None)
        dropped: set[int | None] = {None} if 0 < fresh < self.k else set()
        late: set[Hashable] = set()
        for atom, inside in counts.items():
            rest = self.size[atom] - inside
            if inside < self.k:
                dropped.add(atom)
            elif 0 < rest < self.k:  # a few of the group are outside: hidden, unless they are gone for good
                if not self.gone(atom, members) or inside - (self.k - rest) < self.k:
                    return None  # (a member missing one month hides that month, as for a set shown today)
                # Gone (stopped sharing, left): leave out enough others that k are out together.
                late |= self.latest_of_group(atom, members, self.k - rest)
        if fresh >= self.k and counts:  # newcomers joining members already shown
            late |= self.latest_few([m for m, atom in zip(members, owners) if atom is None])
        if not dropped and not late:
            return members
        kept = frozenset(m for m in members if m not in late and self.atom_of.get(m) not in dropped)
        return kept or None

    def gone(self, atom: int, members: frozenset[Hashable]) -> bool:
        """Are this group's members outside the cell in no cell today (they stopped sharing or left)?"""
        if self.present is None:
            return False
        return all(m not in self.present for m, a in self.atom_of.items() if a == atom and m not in members)

    def latest_of_group(self, atom: int, members: frozenset[Hashable], count: int) -> frozenset[Hashable]:
        """`count` members of this group in the cell, those who began contributing latest (then by name): the same
        ones for every cell, so the members left out stay one group."""
        group = [m for m in members if self.atom_of.get(m) == atom]
        group.sort(key=lambda m: (-self.joined.get(m, 0), repr(m)))
        return frozenset(group[:count])

    def latest_few(self, fresh: list[Hashable]) -> frozenset[Hashable]:
        """The 1 to k - 1 of these members who began contributing latest, when k or more of the others remain.

        Members who began in the same period go together (none is split from its cohort); without `joined`,
        or when leaving them out would leave fewer than k, none.
        """
        if not self.joined:
            return frozenset()
        cohorts: dict[int, list[Hashable]] = {}
        for member in fresh:
            cohorts.setdefault(self.joined.get(member, 0), []).append(member)
        late: list[Hashable] = []
        for when in sorted(cohorts, reverse=True):
            if len(late) + len(cohorts[when]) >= self.k:
                break
            late.extend(cohorts[when])
        return frozenset(late) if late and len(fresh) - len(late) >= self.k else frozenset()

    def admit(self, members: frozenset[Hashable]) -> None:
        """Add the contributors of a shown cell, which `admissible` returned: every group keeps k members or more."""
        if members in self.seen:
            return
        owners = [self.atom_of.get(m) for m in members]  # None: members in no shown cell yet
        fresh = owners.count(None)
        counts = Counter(atom for atom in owners if atom is not None)
        split = [atom for atom, inside in counts.items() if self.size[atom] > inside]
        assert fresh == 0 or fresh >= self.k, "admit only what admissible returned"
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

    def remember(self, members: frozenset[Hashable]) -> None:
        """Add a contributor set published before: it cannot be taken back, so it splits the groups whatever they become.

        The sets `publish` itself published always keep every group at k members or more; a set from before the
        history was kept may not, and its few members then stay a group of their own that no later cell may
        isolate further (the check keeps them out of the cells it trims).
        """
        if members in self.seen:
            return
        self.seen.add(members)
        parts: dict[int | None, list[Hashable]] = {}
        for member in members:
            parts.setdefault(self.atom_of.get(member), []).append(member)
        for atom, part in parts.items():
            if atom is not None:
                if self.size[atom] == len(part):
                    continue  # the whole group is in the set: it splits nothing
                self.size[atom] -= len(part)
            self._new(part)

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


def totals_kept(candidates: Sequence[Candidate]) -> list[bool]:
    """Which shown cells' totals may appear without rebuilding a protected total, deciding in the order given."""
    spans: dict[Hashable, Span] = {}
    for period in dict.fromkeys(c.period for c in candidates):
        those = [c for c in candidates if c.period == period]
        protected = [members for c in those for members in c.protected]
        if protected:  # without a protected total in the period, every total may be published
            columns: dict[Hashable, int] = {}
            for group in [c.members for c in those] + protected:
                for member in group:
                    columns.setdefault(member, len(columns))
            spans[period] = Span(columns, protected)
    kept: list[bool] = []
    for candidate in candidates:
        span = spans.get(candidate.period)
        kept.append(candidate.total and (span is None or span.try_add(candidate.members)))
    return kept
