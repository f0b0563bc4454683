"""Closing a cycle: final grades, a reflection per objective, and what carries over into the next cycle."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rumbo.accounts import access
from rumbo.accounts.models import User
from rumbo.engine.okrs import okr
from rumbo.okrs import selectors
from rumbo.okrs.models import Cycle, KeyResult, OkrObjective
from rumbo.okrs.readings import readable_key_results, scorable
from rumbo.okrs.services.common import refuse_if_closed, save_with_history
from rumbo.okrs.services.cycles import cycle_save
from rumbo.okrs.services.objectives import check_key_result

Reviews = list[tuple[OkrObjective, okr.ObjectiveReview]]

MAX_REFLECTION = 5000


@dataclass(frozen=True)
class ObjectiveDecision:
    """What the team decided for one objective at the close. Carrying a key result carries its objective too."""

    objective_id: int
    reflection: str = ""
    carry: bool = False
    carry_key_result_ids: frozenset = field(default_factory=frozenset)


@dataclass
class Closed:
    cycle: Cycle
    next_cycle: Cycle | None
    carried: list[OkrObjective]


def _check(
    cycle: Cycle, reviews: Reviews, decisions: list[ObjectiveDecision], next_cycle: Cycle | None
) -> dict[int, ObjectiveDecision]:
    by_objective = {d.objective_id: d for d in decisions}
    known = {o.pk: o for o, _review in reviews}
    errors = []
    if unknown := set(by_objective) - set(known):
        errors.append(
            _("Hay decisiones para objetivos que no son de este ciclo (%(ids)s).")
            % {"ids": ", ".join(map(str, sorted(unknown)))}
        )
    carrying = False
    for objective, _review in reviews:
        decision = by_objective.get(objective.pk, ObjectiveDecision(objective.pk))
        kr_ids = {kr.pk for kr in objective.key_results.all()}
        for kr in objective.key_results.all():
            if not scorable(kr):
                errors.append(
                    _(
                        "«%(title)s» tiene una cifra ilegible, fuera del rango que Rumbo puede guardar: "
                        "corríjala o borre el resultado clave antes de cerrar el ciclo."
                    )
                    % {"title": kr.title}
                )
        if stray := set(decision.carry_key_result_ids) - kr_ids:
            errors.append(
                _("«%(title)s»: hay resultados clave que no son suyos (%(ids)s).")
                % {"title": objective.title, "ids": ", ".join(map(str, sorted(stray)))}
            )
        if len(decision.reflection or "") > MAX_REFLECTION:
            errors.append(
                _("«%(title)s»: la reflexión es demasiado larga (máximo %(n)s caracteres).")
                % {"title": objective.title, "n": MAX_REFLECTION}
            )
        carrying = carrying or decision.carry or bool(decision.carry_key_result_ids)
    if carrying and next_cycle is None:
        errors.append(_("Elija el ciclo al que pasan los objetivos que continúan."))
    if next_cycle is not None:
        if next_cycle.pk and next_cycle.cooperative_id != cycle.cooperative_id:
            errors.append(_("Ese ciclo no pertenece a esta cooperativa."))
        elif next_cycle.start <= cycle.start or next_cycle.pk == cycle.pk:
            errors.append(
                _("Lo que continúa pasa a un ciclo que empieza después de «%(cycle)s».") % {"cycle": cycle.name}
            )
        elif next_cycle.is_closed:
            errors.append(_("El ciclo «%(cycle)s» ya está cerrado.") % {"cycle": next_cycle.name})
    if errors:
        raise ValidationError(errors)
    return by_objective


def _carry(
    objective: OkrObjective,
    review: okr.ObjectiveReview,
    decision: ObjectiveDecision,
    next_cycle: Cycle,
    user: User | None,
) -> OkrObjective:
    parent = objective.parent
    overlaps = parent is not None and parent.cycle.start <= next_cycle.end and parent.cycle.end >= next_cycle.start
    carried = OkrObjective(
        cooperative=objective.cooperative,
        cycle=next_cycle,
        title=objective.title,
        description=objective.description,
        area=objective.area,
        owner=objective.owner,
        type=objective.type,
        parent=parent if overlaps else None,
        carried_from=objective,
        position=OkrObjective.objects.filter(cycle=next_cycle).count(),
    )
    save_with_history(carried, user)
    pairs = [
        (kr, r)
        for kr, r in zip(readable_key_results(objective), review.key_results)
        if kr.pk in decision.carry_key_result_ids
    ]
    for position, (kr, kr_review) in enumerate(pairs):
        # The new cycle starts where this one ended (from the old baseline if it ended on the target itself).
        ended_at = kr_review.facts.current
        baseline = kr.baseline if ended_at is None or ended_at == kr.target else ended_at
        copy = KeyResult(
            objective=carried,
            title=kr.title,
            kind=kr.kind,
            kpi=kr.kpi,
            weight=kr.weight,
            position=position,
            baseline=baseline,
            target=kr.target,
        )
        check_key_result(copy, objective.cooperative_id)
        save_with_history(copy, user)
    return carried


@transaction.atomic
def cycle_close(
    *,
    cycle: Cycle,
    decisions: list[ObjectiveDecision],
    user: User | None,
    next_cycle: Cycle | None = None,
    membership: access.Acting | None = None,
) -> Closed:
    """Grade every objective and key result for good, keep the reflections, carry over what the team chose.

    `next_cycle` may be unsaved (the following quarter, offered by the review page); it is
    created only when something carries over. Closing grades every objective of the cycle:
    whoever closes it must be able to change each one (403 otherwise).
    """
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    refuse_if_closed(cycle)
    reviews = selectors.reviewed_objectives(cycle.cooperative, cycle)
    who = access.acting(cycle.cooperative_id, user, membership)
    for objective, _review in reviews:
        access.require_owned(who, area=objective.area, owner_id=objective.owner_id)
    by_objective = _check(cycle, reviews, decisions, next_cycle)
    carried = []
    for objective, review in reviews:
        decision = by_objective.get(objective.pk, ObjectiveDecision(objective.pk))
        for kr, kr_review in zip(readable_key_results(objective), review.key_results):
            kr.final_grade = kr_review.grade
            if kr.kpi_id is not None:
                kr.current = kr_review.facts.current  # frozen: later KPI values no longer move a closed grade
            save_with_history(kr, user, update_fields=["final_grade", "current"])
        objective.final_grade = review.grade
        objective.reflection = (decision.reflection or "").strip()
        save_with_history(objective, user, update_fields=["final_grade", "reflection"])
        if decision.carry or decision.carry_key_result_ids:
            assert next_cycle is not None, "`_check` refuses to carry over without a next cycle"
            if next_cycle.pk is None:
                next_cycle.cooperative = cycle.cooperative
                next_cycle = cycle_save(cycle=next_cycle, user=user)
            carried.append(_carry(objective, review, decision, next_cycle, user))
    cycle.closed_at, cycle.closed_by = timezone.now(), user
    save_with_history(cycle, user, update_fields=["closed_at", "closed_by"])
    return Closed(cycle, next_cycle if carried else None, carried)
