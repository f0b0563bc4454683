"""OKR objectives in the bin: who may move them, and what goes with the move (registered by OkrsConfig)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rumbo.accounts import access
from rumbo.bin.registry import Kind, Step, register
from rumbo.okrs.models import OkrObjective
from rumbo.okrs.services.common import refuse_if_closed, save_with_history
from rumbo.okrs.services.objectives import require_objective


def _free_the_aligned(objective: OkrObjective, *, user, who: access.Acting) -> Step:
    """The objectives aligned under one moved to the bin move up to the top level."""
    refuse_if_closed(objective.cycle)
    children = list(OkrObjective.objects.filter(parent=objective))
    for child in children:
        child.parent = None
        save_with_history(child, user, update_fields=["parent"])
    return Step(along=children)


def _realign(objective: OkrObjective, *, user, who: access.Acting) -> Step:
    """It comes back with its key results, and stays aligned only with a live objective."""
    refuse_if_closed(objective.cycle)
    if objective.parent_id and not OkrObjective.objects.filter(pk=objective.parent_id).exists():
        objective.parent = None
        return Step(fields=["parent"])
    return Step()


def register_kinds() -> None:
    register(
        Kind(
            key="okr_objectives",
            slug="objetivos-okr",
            model=OkrObjective,
            heading=gettext_lazy("Objetivos OKR"),
            empty=gettext_lazy("No hay objetivos OKR en la papelera."),
            restored=lambda objective: (
                _("El objetivo «%(title)s» volvió al ciclo «%(cycle)s» con sus resultados clave.")
                % {"title": objective.title, "cycle": objective.cycle.name}
            ),
            check=require_objective,
            position=30,
            on_delete=_free_the_aligned,
            on_restore=_realign,
            rows=lambda rows: rows.select_related("cycle"),
            note=lambda objective: _("Ciclo «%(cycle)s»") % {"cycle": objective.cycle.name},
        )
    )
