"""Setting OKRs: objectives, their key results, their place in the alignment tree."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from rumbo.accounts import access
from rumbo.accounts.models import Membership, User
from rumbo.engine.errors import RumboError
from rumbo.engine.okrs import okr
from rumbo.kpis.models import Kpi, Measurement
from rumbo.okrs import selectors
from rumbo.okrs.choices import Kind
from rumbo.okrs.models import KeyResult, OkrObjective
from rumbo.okrs.services.common import figure, refuse_if_closed, save_with_history


@dataclass
class Saved:
    """What was saved, and the method's advice about it (too many key results, too many objectives)."""

    objective: OkrObjective
    warnings: list[str] = field(default_factory=list)


def _warnings(objective: OkrObjective) -> list[str]:
    mine = [
        w
        for w in selectors.alignment_warnings(objective.cooperative, objective.cycle)
        if w.objective_id == objective.pk or (w.objective_id is None and w.parent_id == objective.parent_id)
    ]
    return selectors.warning_texts(mine)


def check_objective(objective: OkrObjective) -> None:
    errors = {}
    if not (objective.title or "").strip():
        errors["title"] = [_("El objetivo necesita un título.")]
    cycle = objective.cycle
    if cycle.cooperative_id != objective.cooperative_id:
        errors["cycle"] = [_("Ese ciclo no pertenece a esta cooperativa.")]
    if (
        objective.owner_id
        and not Membership.objects.filter(user_id=objective.owner_id, cooperative_id=objective.cooperative_id).exists()
    ):
        errors["owner"] = [_("La persona responsable debe ser miembro de la cooperativa.")]
    parent = objective.parent
    if parent is not None:
        if parent.cooperative_id != objective.cooperative_id or parent.deleted_at is not None:
            errors["parent"] = [_("Ese objetivo padre no pertenece a esta cooperativa.")]
        elif not (parent.cycle.start <= cycle.end and parent.cycle.end >= cycle.start):
            errors["parent"] = [
                _(
                    "«%(parent)s» es del ciclo «%(cycle)s», que no coincide en fechas con este: solo se alinea con objetivos del mismo periodo."
                )
                % {"parent": parent.title, "cycle": parent.cycle.name}
            ]
        elif objective.pk:
            try:
                okr.validate_parent(objective.pk, parent.pk, selectors.parent_of_map(objective.cooperative))
            except RumboError as err:
                errors["parent"] = [err.translated(_)]
    if errors:
        raise ValidationError(errors)


def _latest_kpi_value(kpi: Kpi) -> Decimal | None:
    latest = Measurement.objects.filter(kpi=kpi, value__isnull=False).order_by("-period").first()
    return latest.value if latest else None


def check_key_result(key_result: KeyResult, cooperative_id: int) -> None:
    """Raise ValidationError keyed by field; fills a blank baseline of a KPI key result with the KPI's latest value."""
    errors: dict[str, list[str]] = {}
    title = (key_result.title or "").strip()
    for name in ("baseline", "target", "weight"):
        try:
            setattr(key_result, name, figure(getattr(key_result, name), name))
        except ValidationError as err:
            errors.update(err.message_dict)
    if errors:
        raise ValidationError(errors)
    if not title:
        errors["title"] = [_("El resultado clave necesita un título.")]
    try:
        key_result.weight = okr.validate_weight(key_result.weight if key_result.weight is not None else 1, title)
    except RumboError as err:
        errors["weight"] = [err.translated(_)]
    if key_result.kpi is not None:
        if key_result.kpi.cooperative_id != cooperative_id or key_result.kpi.deleted_at is not None:
            errors["kpi"] = [_("Ese indicador no pertenece a esta cooperativa.")]
        elif key_result.kind == Kind.MILESTONE:
            errors["kpi"] = [_("Un hito se marca como hecho o no; no puede seguir a un indicador.")]
        elif key_result.baseline is None:
            key_result.baseline = _latest_kpi_value(key_result.kpi)
    if key_result.kind != Kind.MILESTONE and "kpi" not in errors:
        try:
            okr.validate_targets(key_result.baseline, key_result.target, title)
        except RumboError as err:
            errors["target"] = [err.translated(_)]
    if errors:
        raise ValidationError(errors)
    if key_result.kind == Kind.MILESTONE:
        key_result.baseline = key_result.target = key_result.current = None
    key_result.title = title


def check_objective_access(who: access.Acting, objective: OkrObjective) -> None:
    """An editor changes the objectives they own or of their areas (403), and keeps them so after the change."""
    before = (
        OkrObjective.all_objects.filter(pk=objective.pk).values("area", "owner_id").first() if objective.pk else None
    )
    access.require_owned_change(who, before=before, area=objective.area, owner_id=objective.owner_id)


def require_objective(who: access.Acting, objective: OkrObjective) -> None:
    """Refuse (403) a change to something of an objective `who` may not edit."""
    access.require_owned(who, area=objective.area, owner_id=objective.owner_id)


@transaction.atomic
def objective_save(*, objective: OkrObjective, user: User | None, membership: access.Acting | None = None) -> Saved:
    """Create or change an objective (not its key results)."""
    check_objective_access(access.acting(objective.cooperative_id, user, membership), objective)
    refuse_if_closed(objective.cycle)
    if objective.pk:
        refuse_if_closed(OkrObjective.all_objects.select_related("cycle").get(pk=objective.pk).cycle)
    check_objective(objective)
    objective.title = objective.title.strip()
    save_with_history(objective, user)
    return Saved(objective, _warnings(objective))


def _row_errors(err: ValidationError, n: int, title: str) -> list[str]:
    label = _("Resultado clave %(n)s") % {"n": n} + (f" («{title}»)" if title else "")
    return [f"{label}: {message}" for message in err.messages]


@transaction.atomic
def objective_create(
    *, objective: OkrObjective, key_results: list[KeyResult], user: User | None, membership: access.Acting | None = None
) -> Saved:
    """An objective with its first key results; if any row is wrong, nothing is written.

    Errors are keyed by field for the objective and `kr<n>` (from 1) for each key result.
    """
    check_objective_access(access.acting(objective.cooperative_id, user, membership), objective)
    refuse_if_closed(objective.cycle)
    errors: dict[str, list[str]] = {}
    try:
        check_objective(objective)
    except ValidationError as err:
        errors.update(err.message_dict)
    for n, kr in enumerate(key_results, start=1):
        try:
            check_key_result(kr, objective.cooperative_id)
        except ValidationError as err:
            errors[f"kr{n}"] = _row_errors(err, n, (kr.title or "").strip())
    if errors:
        raise ValidationError(errors)
    objective.title = objective.title.strip()
    save_with_history(objective, user)
    for position, kr in enumerate(key_results):
        kr.objective, kr.position = objective, position
        save_with_history(kr, user)
    return Saved(objective, _warnings(objective))


def _open_objective_of(key_result: KeyResult, user: User | None, membership: access.Acting | None) -> OkrObjective:
    """The key result's objective, once the person may edit it and its cycle is still open."""
    objective = key_result.objective
    require_objective(access.acting(objective.cooperative_id, user, membership), objective)
    refuse_if_closed(objective.cycle)
    return objective


@transaction.atomic
def key_result_save(*, key_result: KeyResult, user: User | None, membership: access.Acting | None = None) -> Saved:
    objective = _open_objective_of(key_result, user, membership)
    check_key_result(key_result, objective.cooperative_id)
    if key_result.pk is None:
        key_result.position = objective.key_results.count()
    save_with_history(key_result, user)
    return Saved(objective, _warnings(objective))


@transaction.atomic
def key_result_delete(*, key_result: KeyResult, user: User | None, membership: access.Acting | None = None) -> None:
    """Delete a key result and its check-ins; the history keeps both."""
    _open_objective_of(key_result, user, membership)
    for check_in in key_result.check_ins.all():
        check_in._history_user = user
        check_in.delete()
    key_result._history_user = user
    key_result.delete()
