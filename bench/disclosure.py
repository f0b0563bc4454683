"""How many of a network's months disclosure control publishes, and in how long, on the engine alone (no database).

One KPI (a ratio, «margen_bruto», with the values of bench/federation.py) over 120 monthly periods, for
networks whose membership changes the ways a federation's does: stable; one newcomer with the last 12
months; one in five members in later cohorts (2019, 2021, 2023, 2025: bench/federation.py's cohort run),
with and without that newcomer; 30 % of the members joining in random months. Each with the network
alone and with the network and 5 regions in one `publish`, the network's cells decided first (as the
federation publishes them: `rumbo.federation.services.figures`). Prints the network months with a ratio,
the region cells with one, and the CPU time (best of three); `--detalle` lists the hidden months.

    .venv/bin/python bench/disclosure.py                  # 1.000 members
    .venv/bin/python bench/disclosure.py --miembros 100 --detalle
"""

import argparse
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent))
sys.path.insert(0, str(ROOT / "support"))
from django_bench import months  # noqa: E402
from federation_data import series, start_of  # noqa: E402

from rumbo.engine.choice.catalog import by_slug  # noqa: E402
from rumbo.engine.network.disclosure import Cell, Rules, publish  # noqa: E402

PERIODS = months(date(2016, 12, 1), 120)  # as bench/federation.py: December 2016 to November 2026
REGIONS = 5


def network_first(key) -> int:
    return 0 if key[0] == "network" else 1


def starts(kind: str, size: int, rng) -> list[int]:
    """The index of each member's first month (the newcomer, when there is one, last)."""
    if kind == "estable":
        return [0] * size
    if kind == "un miembro nuevo":
        return [0] * size + [len(PERIODS) - 12]
    if kind.startswith("cohortes"):
        found = [PERIODS.index(start_of(i, PERIODS[0])) for i in range(size)]
        return found + ([len(PERIODS) - 12] if "nuevo" in kind else [])
    late = rng.random(size) < 0.3  # 30 % joining in random months
    return [int(rng.integers(1, len(PERIODS))) if late[i] else 0 for i in range(size)]


def cells_of(first: list[int], regions: int, seed: int) -> list[Cell]:
    """The cells of one ratio KPI, the most recent month first: the network and, with `regions`, each region."""
    _value, num, den = series(np.random.default_rng(seed), by_slug()["margen_bruto"], len(first), PERIODS)
    cells = []
    for j in reversed(range(len(PERIODS))):
        here = [i for i, start in enumerate(first) if start <= j]
        groups = [("network", here)] + [(f"region:{r}", [i for i in here if i % regions == r]) for r in range(regions)]
        for name, members in groups:
            cells.append(
                Cell((name, PERIODS[j]), {i: float(num[i, j]) for i in members}, {i: float(den[i, j]) for i in members})
            )
    return cells


def run(kind: str, size: int, regions: int, detail: bool) -> None:
    cells = cells_of(starts(kind, size, np.random.default_rng(19)), regions, seed=7)
    best = float("inf")
    for _ in range(3):
        began = time.process_time()
        published = publish(cells, Rules(), decimals=4, tier=network_first)
        best = min(best, time.process_time() - began)
    network = [(c, p) for c, p in zip(cells, published) if c.key[0] == "network"]
    shown = sum(1 for _c, p in network if p.ratio is not None)
    trimmed = sum(1 for _c, p in network if p.ratio is not None and p.used < p.contributors)
    line = f"{kind:<28} {len(cells):>5} celdas  red {shown:>3} de {len(network)} meses ({trimmed} recortados)"
    if regions:
        rest = [p for c, p in zip(cells, published) if c.key[0] != "network"]
        line += f"  regiones {sum(1 for p in rest if p.ratio is not None):>3} de {len(rest)}"
    print(f"{line}  {best:.2f} s CPU")
    if detail:
        hidden = Counter((c.key[0], len(c.values), p.reasons) for c, p in zip(cells, published) if p.ratio is None)
        for (name, contributors, reasons), count in sorted(hidden.items()):
            print(f"    ocultas: {count:>3} celdas de «{name}» con {contributors} cooperativas, {', '.join(reasons)}")


def history(kind: str, size: int, regions: int) -> None:
    """Published month after month (each round the months so far), each round checked against the sets of every
    total published before; then one member stops sharing. The last round's months with a ratio and its CPU time."""
    first = starts(kind, size, np.random.default_rng(19))
    cells = cells_of(first, regions, seed=7)  # the most recent month first
    shown: dict[frozenset, None] = {}
    began = time.process_time()
    for j in range(len(PERIODS)):
        now = [c for c in cells if c.key[1] <= PERIODS[j]]
        published = publish(now, Rules(), decimals=4, tier=network_first, shown_before=list(shown))
        shown.update((p.members_used, None) for p in published if p.ratio is not None)
    rounds = time.process_time() - began
    began = time.process_time()
    published = publish(cells, Rules(), decimals=4, tier=network_first, shown_before=list(shown))
    last = time.process_time() - began
    network = [p for c, p in zip(cells, published) if c.key[0] == "network"]
    line = f"{kind:<28} {len(cells):>5} celdas, {len(PERIODS)} rondas, {len(shown)} conjuntos recordados"
    line += f"  red {sum(1 for p in network if p.ratio is not None):>3} de {len(network)} meses"
    if regions:
        rest = [p for c, p in zip(cells, published) if c.key[0] != "network"]
        line += f"  regiones {sum(1 for p in rest if p.ratio is not None):>3} de {len(rest)}"
    print(f"{line}  {last:.2f} s CPU la última ronda, {rounds:.1f} s todas")
    gone = size // 2  # a member of the first cohort stops sharing: its contributions are deleted
    left = [
        Cell(
            c.key,
            {m: v for m, v in c.values.items() if m != gone},
            {m: v for m, v in (c.denominators or {}).items() if m != gone},
        )
        for c in cells
    ]
    began = time.process_time()
    published = publish(left, Rules(), decimals=4, tier=network_first, shown_before=list(shown))
    after = time.process_time() - began
    network = [p for c, p in zip(left, published) if c.key[0] == "network"]
    print(
        f"{'  y un miembro deja de compartir':<28}  red {sum(1 for p in network if p.ratio is not None):>3} de {len(network)} meses  {after:.2f} s CPU"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--miembros", type=int, default=1000)
    parser.add_argument("--detalle", action="store_true", help="list the hidden cells")
    parser.add_argument("--historia", action="store_true", help="published month after month, remembering each")
    args = parser.parse_args()
    print(f"{args.miembros} miembros × {len(PERIODS)} meses, k = 5")
    if args.historia:
        for regions in (0, REGIONS):
            for kind in ("estable", "cohortes", "cohortes y un miembro nuevo"):
                history(kind, args.miembros, regions)
        return
    for regions in (0, REGIONS):
        for kind in ("estable", "un miembro nuevo", "cohortes", "cohortes y un miembro nuevo", "30 % en meses al azar"):
            run(kind, args.miembros, regions, args.detalle)


if __name__ == "__main__":
    main()
