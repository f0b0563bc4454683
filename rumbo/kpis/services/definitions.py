"""Defining what the cooperative follows: KPIs and metrics, their target schedules, objectives, initiatives."""

import itertools
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import DecimalField, Model
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext

from rumbo.accounts import access
from rumbo.accounts.models import User
from rumbo.engine.errors import RumboError
from rumbo.engine.numbers import number_to_store
from rumbo.engine.timeline.dates import check_date
from rumbo.kpis import calendar
from rumbo.kpis.changes import data_changed
from rumbo.kpis.choices import Direction, Kind, Nature
from rumbo.kpis.models import Initiative, Kpi, Measurement, Objective, Target
from rumbo.orgs.models import Cooperative


@dataclass(frozen=True)
class TargetInput:
    start: date
    end: date
    value: Decimal | None = None
    low: Decimal | None = None
    high: Decimal | None = None


def stored_figure(model: type[Model], name: str, value: object, label: object) -> Decimal | None:
    """`value` as the column `model.name` keeps it (None stays None); RumboError if it cannot."""
    if value is None:
        return None
    column = cast(DecimalField, model._meta.get_field(name))  # a figure's column
    return number_to_store(value, field=str(label), digits=column.max_digits, places=column.decimal_places)


def clean_targets(targets: list[TargetInput]) -> list[TargetInput]:
    """The targets with their figures as the columns keep them; ValidationError naming each one that does not fit."""
    cleaned, errors = [], []
    labels = {"value": "", "low": _("mínimo"), "high": _("máximo")}
    for i, t in enumerate(targets, start=1):
        figures: dict[str, Decimal | None] = {}
        for name, word in labels.items():
            label = _("Meta %(n)s") % {"n": i} + (f", {word}" if word else "")
            try:
                figures[name] = stored_figure(Target, name, getattr(t, name), label)
            except RumboError as err:
                errors.append(err.translated(_))
        cleaned.append(replace(t, **cast(dict[str, Any], figures)))
    if errors:
        raise ValidationError(errors)
    return cleaned


KPI_FIGURES = {
    "baseline": _lazy("Línea base"),
    "on_track_at": _lazy("En rumbo desde (porcentaje de la meta)"),
    "at_risk_at": _lazy("En riesgo desde (porcentaje de la meta)"),
    "scale_min": _lazy("Mínimo de la escala"),
    "scale_max": _lazy("Máximo de la escala"),
}


def clean_kpi_figures(kpi: Kpi) -> None:
    """Round the KPI's own figures as their columns keep them; ValidationError by field for any that does not fit."""
    errors = {}
    for name, label in KPI_FIGURES.items():
        try:
            setattr(kpi, name, stored_figure(Kpi, name, getattr(kpi, name), label))
        except RumboError as err:
            errors[name] = err.translated(_)
    if errors:
        raise ValidationError(errors)


def check_targets(targets: list[TargetInput], direction: str) -> None:
    errors = []
    for i, t in enumerate(targets, start=1):
        errors += [_("Meta %(n)s: %(error)s") % {"n": i, "error": e} for e in _date_errors(t.start, t.end)]
        if t.end < t.start:
            errors.append(_("Meta %(n)s: la fecha de fin es anterior a la de inicio.") % {"n": i})
        if direction == Direction.BAND:
            if t.low is None or t.high is None:
                errors.append(_("Meta %(n)s: un indicador de rango necesita un mínimo y un máximo.") % {"n": i})
            elif t.low > t.high:
                errors.append(_("Meta %(n)s: el mínimo del rango es mayor que el máximo.") % {"n": i})
        elif t.value is None:
            errors.append(_("Meta %(n)s: falta el valor de la meta.") % {"n": i})
    ordered = sorted(targets, key=lambda t: t.start)
    for before, after in itertools.pairwise(ordered):
        if after.start <= before.end:
            errors.append(
                _("Las metas del %(a)s y del %(b)s se superponen: cada fecha puede tener una sola meta.")
                % {"a": before.start.strftime("%d/%m/%Y"), "b": after.start.strftime("%d/%m/%Y")}
            )
    if errors:
        raise ValidationError(errors)


def _date_errors(*days: date | None) -> list[str]:
    """The range error of each date given (in the engine's admitted range, as every door checks)."""
    errors = []
    for day in days:
        try:
            if day is not None:
                check_date(day)
        except RumboError as err:
            errors.append(err.translated(_))
    return errors


def check_kpi(kpi: Kpi, targets: list[TargetInput]) -> list[TargetInput]:
    """What makes a KPI a KPI (the course: tied to an objective, with a target, an owner and a cadence).

    Returns the targets with their figures as stored; the KPI's own figures are rounded in place.
    """
    clean_kpi_figures(kpi)
    targets = clean_targets(targets)
    errors: dict[str, str | list[str]] = {}
    if kpi.kind == Kind.KPI:
        if kpi.objective_id is None:
            errors["objective"] = _("Un KPI debe servir a un objetivo; sin objetivo es una métrica.")
        if kpi.owner_id is None:
            errors["owner"] = _("Un KPI necesita una persona responsable.")
        if not kpi.frequency:
            errors["frequency"] = _("Un KPI necesita una frecuencia de medición.")
        if not targets:
            errors["__all__"] = [_("Un KPI necesita al menos una meta con fechas.")]
    if kpi.nature == Nature.QUALITATIVE and (kpi.scale_min is None or kpi.scale_max is None or not kpi.scale_kind):
        errors["scale_kind"] = _(
            "Un indicador cualitativo se mide en una escala declarada (rúbrica, Likert o rango de puntaje)."
        )
    if kpi.on_track_at is not None and kpi.at_risk_at is not None and kpi.at_risk_at >= kpi.on_track_at:
        errors["at_risk_at"] = _("Los umbrales están en desorden: «en riesgo» debe empezar antes que «en rumbo».")
    if kpi.scale_min is not None and kpi.scale_max is not None and kpi.scale_min >= kpi.scale_max:
        errors["scale_max"] = _("El máximo de la escala debe ser mayor que el mínimo.")
    if kpi.pk and (off_grid := _values_off_frequency(kpi)):
        errors["frequency"] = ngettext(
            "Este indicador tiene %(count)s valor que no cae al inicio de un periodo «%(frequency)s» (%(first)s): "
            "cambiar la frecuencia lo dejaría fuera. Cree un indicador nuevo con esta frecuencia.",
            "Este indicador tiene %(count)s valores que no caen al inicio de un periodo «%(frequency)s» (el primero, %(first)s): "
            "cambiar la frecuencia los dejaría fuera. Cree un indicador nuevo con esta frecuencia.",
            len(off_grid),
        ) % {
            "count": len(off_grid),
            "frequency": kpi.get_frequency_display().lower(),
            "first": date_format(off_grid[0], "SHORT_DATE_FORMAT"),
        }
    for field in ("objective", "initiative"):
        related = getattr(kpi, field)
        if related is not None and related.cooperative_id != kpi.cooperative_id:
            errors[field] = _("No pertenece a esta cooperativa.")
    if errors:
        raise ValidationError(errors)
    check_targets(targets, kpi.direction)
    return targets


def _values_off_frequency(kpi: Kpi) -> list[date]:
    """The periods of the KPI's kept values that do not start a period of its (new) frequency."""
    if kpi.frequency == Kpi.objects.filter(pk=kpi.pk).values_list("frequency", flat=True).first():
        return []
    periods = Measurement.objects.filter(kpi=kpi).order_by("period").values_list("period", flat=True)
    return [period for period in periods if calendar.period_of(kpi, period) != period]


def unique_slug(cooperative: Cooperative, name: str, exclude_pk: int | None = None) -> str:
    base = slugify(name).replace("-", "_")[:70] or "indicador"
    taken = set(
        Kpi.all_objects.filter(cooperative=cooperative, slug__startswith=base)
        .exclude(pk=exclude_pk)  # type: ignore[misc]  # None excludes nothing, as meant for a new KPI
        .values_list("slug", flat=True)
    )
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}_{n}", n + 1
    return slug


def _stored(model: type[Kpi] | type[Objective], pk: int | None) -> Mapping[str, Any] | None:
    """The row as it is stored, before the change being saved (None for a new one)."""
    return model.all_objects.filter(pk=pk).values("area", "owner_id").first() if pk else None


def check_kpi_access(who: access.Acting, kpi: Kpi) -> None:
    """An editor changes only KPIs of their areas (403), and cannot move one into an area they do not edit (on «area»)."""
    stored = _stored(Kpi, kpi.pk)
    if stored is not None:
        access.require_area(who, stored["area"])
    access.require_new_area(who, kpi.area)


@transaction.atomic
def kpi_save(
    *, kpi: Kpi, targets: list[TargetInput], user: User | None, membership: access.Acting | None = None
) -> Kpi:
    """Create or update a KPI with its whole target schedule; nothing is written if anything is wrong."""
    check_kpi_access(access.acting(kpi.cooperative_id, user, membership), kpi)
    targets = check_kpi(kpi, targets)
    if not kpi.slug:
        kpi.slug = unique_slug(kpi.cooperative, kpi.name, exclude_pk=kpi.pk)
    kpi._history_user = user
    kpi.save()
    existing = {(t.start, t.end): t for t in kpi.targets.all()}
    for t in targets:
        row = existing.pop((t.start, t.end), None) or Target(kpi=kpi, start=t.start, end=t.end)
        if row.pk is None or (row.value, row.low, row.high) != (t.value, t.low, t.high):
            row.value, row.low, row.high = t.value, t.low, t.high
            row._history_user = user
            row.save()
    for stale in existing.values():
        stale._history_user = user
        stale.delete()
    data_changed(kpi.cooperative_id)
    return kpi


def check_owned_access(who: access.Acting, row: Objective, model: type[Objective]) -> None:
    """Something with an area and an owner: who may change it before, and still after, the change."""
    access.require_owned_change(who, before=_stored(model, row.pk), area=row.area, owner_id=row.owner_id)


@transaction.atomic
def objective_save(*, objective: Objective, user: User | None, membership: access.Acting | None = None) -> Objective:
    check_owned_access(access.acting(objective.cooperative_id, user, membership), objective, Objective)
    if not objective.title.strip():
        raise ValidationError({"title": _("El objetivo necesita un título.")})
    objective._history_user = user
    objective.save()
    return objective


@transaction.atomic
def initiative_save(*, initiative: Initiative, user: User | None) -> Initiative:
    errors = {name: _date_errors(getattr(initiative, name)) for name in ("start", "end")}
    if any(errors.values()):
        raise ValidationError({name: messages for name, messages in errors.items() if messages})
    if initiative.end is not None and initiative.end < initiative.start:
        raise ValidationError({"end": _("La fecha de fin es anterior a la de inicio.")})
    initiative._history_user = user
    initiative.save()
    data_changed(initiative.cooperative_id)  # its impact estimates start from its date
    return initiative
