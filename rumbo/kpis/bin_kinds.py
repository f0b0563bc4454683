"""KPIs and objectives in the bin: who may move them, and what goes with the move (registered by KpisConfig)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from rumbo.accounts import access
from rumbo.bin.registry import Kind, Step, register
from rumbo.kpis.models import Kpi, Objective


def _check_kpi(who: access.Acting, kpi: Kpi) -> None:
    access.require_area(who, kpi.area)


def _bring_back_objective(kpi: Kpi, *, user, who: access.Acting) -> Step:
    """A KPI comes back with its objective if that went to the bin afterwards (a KPI never points to a binned one)."""
    from rumbo.bin.services import bin_restore

    if kpi.objective_id is None:
        return Step()
    objective = Objective.all_objects.filter(pk=kpi.objective_id, deleted_at__isnull=False).first()
    if objective is None:
        return Step()
    bin_restore(row=objective, user=user, membership=who)
    return Step(along=[objective])


def _check_objective(who: access.Acting, objective: Objective) -> None:
    access.require_owned(who, area=objective.area, owner_id=objective.owner_id)


def _refuse_if_serving(objective: Objective, *, user, who: access.Acting) -> Step:
    """Only an objective no live KPI serves goes to the bin."""
    serving = objective.kpis.count()
    if serving:
        raise ValidationError(
            ngettext(
                "«%(title)s» todavía tiene %(n)s indicador; páselo a otro objetivo o a la papelera antes de borrarlo.",
                "«%(title)s» todavía tiene %(n)s indicadores; páselos a otro objetivo o a la papelera antes de borrarlo.",
                serving,
            )
            % {"title": objective.title, "n": serving}
        )
    return Step()


def register_kinds() -> None:
    register(
        Kind(
            key="kpis",
            slug="indicadores",
            model=Kpi,
            heading=gettext_lazy("Indicadores"),
            empty=gettext_lazy("No hay indicadores en la papelera."),
            restored=lambda kpi: _("«%(name)s» volvió al tablero con todos sus valores.") % {"name": kpi.name},
            check=_check_kpi,
            position=10,
            on_restore=_bring_back_objective,
            rows=lambda rows: rows.select_related("objective"),
            along_note=lambda objective: (
                _("Su objetivo «%(title)s» también salió de la papelera.") % {"title": objective.title}
            ),
        )
    )
    register(
        Kind(
            key="objectives",
            slug="objetivos",
            model=Objective,
            heading=gettext_lazy("Objetivos"),
            empty=gettext_lazy("No hay objetivos en la papelera."),
            restored=lambda objective: _("El objetivo «%(title)s» volvió a su lugar.") % {"title": objective.title},
            check=_check_objective,
            position=20,
            on_delete=_refuse_if_serving,
        )
    )
