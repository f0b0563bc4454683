"""One-click fixes of the quality check that need no more input than the click."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from rumbo.accounts import access
from rumbo.accounts.models import User
from rumbo.kpis.choices import Kind
from rumbo.kpis.models import Kpi
from rumbo.kpis.services.definitions import TargetInput, kpi_save


@transaction.atomic
def kpi_make_metric(*, kpi: Kpi, user: User | None, membership: access.Acting | None = None) -> Kpi:
    """Mark a KPI that serves no objective as what it is, a metric; its values and targets stay."""
    who = access.acting(kpi.cooperative_id, user, membership)
    access.require_area(who, kpi.area)
    if kpi.kind == Kind.METRIC:
        return kpi
    if kpi.objective_id is not None:
        raise ValidationError(_("«%(name)s» sirve a un objetivo: es un KPI, no una métrica.") % {"name": kpi.name})
    kpi.kind = Kind.METRIC
    targets = [TargetInput(start=t.start, end=t.end, value=t.value, low=t.low, high=t.high) for t in kpi.targets.all()]
    return kpi_save(kpi=kpi, targets=targets, user=user, membership=who)
