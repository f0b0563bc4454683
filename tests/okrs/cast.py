"""OKRs of cooperative A for the shared cast: the current quarter, the sales team's objective and two key results."""

from datetime import date
from decimal import Decimal


def add_okrs(cast) -> None:
    from rumbo.engine.okrs.okr import quarter_cycle
    from rumbo.okrs.models import Cycle, KeyResult, OkrObjective

    quarter = quarter_cycle(date.today())
    cast.okr_cycle = Cycle.objects.create(
        cooperative=cast.coop, name="Trimestre en curso", start=quarter.start, end=quarter.end
    )
    cast.okr_objective = OkrObjective.objects.create(
        cooperative=cast.coop,
        cycle=cast.okr_cycle,
        title="Ampliar la venta directa",
        area="ventas",
        owner=cast.editor,
    )
    cast.key_result = KeyResult.objects.create(
        objective=cast.okr_objective,
        title="Nuevos compradores",
        baseline=Decimal(10),
        target=Decimal(50),
        position=0,
    )
    cast.kpi_key_result = KeyResult.objects.create(
        objective=cast.okr_objective,
        title="Ventas cerradas",
        kpi=cast.kpi,
        baseline=Decimal(35),
        target=Decimal(45),
        position=1,
    )
