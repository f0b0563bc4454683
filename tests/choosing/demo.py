"""The demo cooperative's objectives and KPI definitions (what `rumbo demo` creates), without its years of values."""

from datetime import date
from decimal import Decimal


def add_demo_cooperative(cast):
    """«Cooperativa Café del Sur» with the demo's 3 objectives and its KPIs and metrics; the cast's admin runs it."""
    from rumbo.accounts.models import Membership
    from rumbo.demo.catalog import KPIS, OBJECTIVES
    from rumbo.kpis.models import Kpi, Objective, Target
    from rumbo.kpis.services.definitions import unique_slug
    from rumbo.orgs.models import Cooperative

    coop = Cooperative.objects.create(slug="cafe-del-sur", name="Cooperativa Café del Sur", country="Honduras")
    Membership.objects.create(user=cast.admin, cooperative=coop, role="admin")
    objectives = {
        key: Objective.objects.create(
            cooperative=coop, title=title, description=text, area=area, owner=cast.admin, position=i
        )
        for i, (key, title, text, area) in enumerate(OBJECTIVES)
    }
    not_fields = ("series", "targets", "objective", "initiative", "ratio_of")
    for i, spec in enumerate(KPIS):
        fields = {k: v for k, v in spec.items() if k not in not_fields}
        objective = objectives.get(spec.get("objective"))
        fields |= {"objective": objective, "owner": cast.admin if objective else None}
        kpi = Kpi.objects.create(cooperative=coop, position=i, slug=unique_slug(coop, spec["name"]), **fields)
        if "targets" in spec:
            value = spec["targets"][1][-1]
            low, high = value if isinstance(value, tuple) else (None, None)
            Target.objects.create(
                kpi=kpi,
                start=date(2026, 1, 1),
                end=date(2026, 12, 31),
                value=None if low is not None else Decimal(str(value)),
                low=None if low is None else Decimal(str(low)),
                high=None if high is None else Decimal(str(high)),
            )
    return coop
