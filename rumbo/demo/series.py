"""Plausible monthly series for the demo cooperative: a coffee harvest, a campaign, a leading pair.

Pure Python and seeded, so every demo load gives the same figures.
"""

import math
import random
from datetime import date

HARVEST_SHARE = {
    10: 0.06,
    11: 0.17,
    12: 0.24,
    1: 0.23,
    2: 0.17,
    3: 0.09,
    4: 0.02,
    5: 0.0,
    6: 0.0,
    7: 0.0,
    8: 0.01,
    9: 0.01,
}


def months(first: date, last: date) -> list[date]:
    out, d = [], first
    while d <= last:
        out.append(d)
        d = date(d.year + (d.month == 12), d.month % 12 + 1, 1)
    return out


def harvest_deliveries(periods: list[date], rng: random.Random, totals: dict[int, float]) -> list[float]:
    """Quintales delivered by members each month; `totals` gives each harvest's size by its start year."""
    out = []
    for p in periods:
        harvest = p.year if p.month >= 10 else p.year - 1
        out.append(round(totals[harvest] * HARVEST_SHARE[p.month] * rng.uniform(0.9, 1.1), 1))
    return out


def calls_and_sales(
    periods: list[date], rng: random.Random, campaign_start: date
) -> tuple[list[float], list[float], list[float]]:
    """Calls per day lead closed sales by one month; messages per day move on their own."""
    calls = []
    for i in range(len(periods)):
        # A yearly rhythm (i = 0 is October), so the campaign's effect shows once the season is taken out.
        base = 14 + 0.12 * i + 3 * math.sin(2 * math.pi * i / 12) + rng.gauss(0, 1.2)
        calls.append(round(max(base, 2), 1))
    sales = []
    for i, p in enumerate(periods):
        lead = calls[i - 1] if i else calls[0]
        lift = (
            1.25 if p >= campaign_start else 1.0
        )  # the campaign's real effect: large enough to show whatever month the demo is loaded in
        sales.append(float(max(round((2.1 * lead + rng.gauss(0, 2.5)) * lift), 0)))
    messages = [round(max(35 + rng.gauss(0, 6), 5), 1) for _ in periods]
    return calls, sales, messages


def trend(
    periods: list[date],
    rng: random.Random,
    start: float,
    step: float,
    noise: float,
    low: float = 0.0,
    high: float | None = None,
) -> list[float]:
    out, value = [], start
    for _ in periods:
        value += step
        v = max(value + rng.gauss(0, noise), low)
        out.append(min(v, high) if high is not None else v)
    return out
