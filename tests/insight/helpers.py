"""Monthly KPIs with a known shape for the insight tests, and cached forecasts made without computing them."""

import math
import random
from datetime import date
from decimal import Decimal

from django.utils import timezone

from rumbo.engine.timeline.periods import shift
from rumbo.engine.vocab import Grain
from rumbo.insight.computing import stamps
from rumbo.insight.models import KpiForecast
from rumbo.kpis.models import Kpi, Measurement, Objective, Target
from rumbo.orgs import editions

TODAY = date(2025, 7, 15)  # values up to June 2025; the 2025 target still runs
FIRST = date(2022, 1, 1)


def months(first: date, count: int) -> list[date]:
    return [shift(first, Grain.MONTH, k) for k in range(count)]


def seasonal_values(
    count: int, *, seed: int = 1, level: float = 100, growth: float = 0.8, noise: float = 3
) -> list[float]:
    rng = random.Random(seed)
    return [
        round(level + growth * t + 20 * math.cos(2 * math.pi * (t - 11) / 12) + rng.gauss(0, noise), 1)
        for t in range(count)
    ]


def monthly_kpi(cast, slug, *, values=None, first=FIRST, count=42, target=1600, **fields) -> Kpi:
    """A monthly KPI of cooperative A summed over a 2025 target, with `count` months of values from `first`."""
    defaults = {
        "name": slug.replace("_", " ").capitalize(),
        "area": "ventas",
        "frequency": "month",
        "unit": "ventas",
        "aggregation": "sum",
        "indicator": "lagging",
        "objective": cast.objective,
    }
    kpi = Kpi.objects.create(cooperative=cast.coop, slug=slug, **{**defaults, **fields})
    values = seasonal_values(count) if values is None else values
    Measurement.objects.bulk_create(
        Measurement(kpi=kpi, period=p, value=Decimal(str(v))) for p, v in zip(months(first, len(values)), values)
    )
    if target is not None:
        Target.objects.create(kpi=kpi, start=date(2025, 1, 1), end=date(2025, 12, 31), value=Decimal(target))
    return kpi


def cached_forecast(
    kpi: Kpi,
    *,
    today=TODAY,
    sentence="Al ritmo actual llegará a ~88\u00a0% de la meta (entre 80\u00a0% y 95\u00a0%).",
    current=True,
    share=0.88,
    share_low=0.8,
    share_high=0.95,
) -> KpiForecast:
    """A cache row as if computed from the KPI's data today (or from other data when not `current`).

    The shares are what every surface tells; `sentence` is only what the row keeps beside them."""
    kpi.cooperative.refresh_from_db()
    stamp = stamps.data_stamps([kpi.pk]).get(kpi.pk)
    inputs_hash = stamps.forecast_hash(kpi, stamp, today=today) if current else "0" * 64
    with editions.one_edition([kpi.cooperative_id]):  # as the refresh writes it
        return KpiForecast.objects.create(
            kpi=kpi,
            inputs_hash=inputs_hash,
            model="ets_seasonal+linear_trend_seasonal",
            points=[{"period": "2025-07-01", "forecast": 130.0, "low": 120.0, "high": 140.0}],
            # The figures the sentence tells: every surface reads them from here (rumbo.insight.outlooks).
            projection={
                "span_start": "2025-01-01",
                "span_end": "2025-12-31",
                "first_period": "2025-01-01",
                "last_period": "2025-12-01",
                "target": 1600.0,
                "aggregation": "sum",
                "actual_so_far": 700.0,
                "projected": 1600 * share,
                "low": 1600 * share_low,
                "high": 1600 * share_high,
                "share": share,
                "share_low": share_low,
                "share_high": share_high,
                "probability": None,
                "level": 0.8,
                "cumulative": [],
            },
            sentence_es=sentence,
            sentence_en="At the current pace it will reach ~88% of the target (between 80% and 95%).",
            computed_at=timezone.now(),
        )


def leading_pair(cast, *, count=48, seed=1):
    """Calls that lead sales by one month, and messages that move on their own, in the cast's objective."""
    rng = random.Random(seed)
    calls = [round(14 + 3 * math.sin(2 * math.pi * t / 12) + rng.gauss(0, 1.5), 1) for t in range(count)]
    sales = [round(2.1 * calls[max(t - 1, 0)] + rng.gauss(0, 1.5), 1) for t in range(count)]
    messages = [round(35 + rng.gauss(0, 6), 1) for _ in range(count)]
    first = shift(date(2025, 6, 1), Grain.MONTH, 1 - count)
    objective = Objective.objects.create(cooperative=cast.coop, title="Vender más café tostado")
    lagging = monthly_kpi(
        cast, "ventas_cerradas_mes", values=sales, first=first, name="Ventas del mes", position=1, objective=objective
    )
    leading = {"first": first, "indicator": "leading", "aggregation": "mean", "target": None, "objective": objective}
    calls_kpi = monthly_kpi(cast, "llamadas", values=calls, name="Llamadas por día", position=2, **leading)
    messages_kpi = monthly_kpi(cast, "mensajes", values=messages, name="Mensajes por día", position=3, **leading)
    return calls_kpi, messages_kpi, lagging
