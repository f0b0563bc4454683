"""Which KPIs an initiative means to move, besides those that follow it: chosen on the initiative's page."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from rumbo.accounts import access
from rumbo.accounts.models import User
from rumbo.insight.models import InitiativeKpi
from rumbo.insight.tasks import enqueue_refresh
from rumbo.kpis.models import Initiative, Kpi


@transaction.atomic
def initiative_kpi_add(
    *, initiative: Initiative, kpi: Kpi, user: User | None, membership: access.Acting | None = None
) -> InitiativeKpi:
    access.require_area(access.acting(initiative.cooperative_id, user, membership), kpi.area)
    if kpi.cooperative_id != initiative.cooperative_id:
        raise ValidationError({"kpi": _("Elija un indicador de la cooperativa.")})
    if kpi.initiative_id == initiative.pk:
        raise ValidationError({"kpi": _("«%(name)s» ya sigue esta iniciativa.") % {"name": kpi.name}})
    if InitiativeKpi.objects.filter(initiative=initiative, kpi=kpi).exists():
        raise ValidationError({"kpi": _("«%(name)s» ya está en la lista.") % {"name": kpi.name}})
    row = InitiativeKpi(initiative=initiative, kpi=kpi, added_by=user)
    row._history_user = user
    row.save()
    enqueue_refresh(initiative.cooperative_id)  # its estimate is computed in the background
    return row


@transaction.atomic
def initiative_kpi_remove(
    *, initiative: Initiative, kpi: Kpi, user: User | None, membership: access.Acting | None = None
) -> None:
    access.require_area(access.acting(initiative.cooperative_id, user, membership), kpi.area)
    row = InitiativeKpi.objects.filter(initiative=initiative, kpi=kpi).first()
    if row is None:
        raise ValidationError(_("«%(name)s» no estaba en la lista.") % {"name": kpi.name})
    row._history_user = user
    row.delete()
    enqueue_refresh(initiative.cooperative_id)
