"""Defining what the cooperative follows: KPIs, objectives and initiatives."""

from collections.abc import Callable
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Field
from django.forms import BaseFormSet, ModelForm
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from rumbo.accounts.access import coop_view
from rumbo.accounts.models import Role
from rumbo.accounts.requests import CoopRequest
from rumbo.bin.services import bin_delete
from rumbo.form_errors import apply_errors
from rumbo.kpis import selectors
from rumbo.kpis.forms import InitiativeForm, KpiForm, ObjectiveForm, TargetFormSet
from rumbo.kpis.models import Initiative, Kpi, Objective
from rumbo.kpis.services.definitions import TargetInput, initiative_save, kpi_save, objective_save
from rumbo.kpis.unreadable import unreadable_in


def _targets_from(formset: "BaseFormSet[Any]") -> list[TargetInput]:
    return [
        TargetInput(
            start=f.cleaned_data["start"],
            end=f.cleaned_data["end"],
            value=f.cleaned_data.get("value"),
            low=f.cleaned_data.get("low"),
            high=f.cleaned_data.get("high"),
        )
        for f in formset.forms
        if f.has_changed() and f.cleaned_data and not f.cleaned_data.get("DELETE")
    ]


def _edit_kpi(request: CoopRequest, kpi: Kpi) -> HttpResponse:
    if request.method == "POST":
        form = KpiForm(request.POST, instance=kpi, coop=request.coop)
        formset = TargetFormSet(request.POST, prefix="targets")
        if form.is_valid() and formset.is_valid():
            try:
                saved = kpi_save(
                    kpi=form.instance, targets=_targets_from(formset), user=request.user, membership=request.membership
                )
            except ValidationError as err:
                apply_errors(form, err)
            else:
                messages.success(request, _("Indicador guardado."))
                return redirect("kpis:kpi_detail", coop_slug=request.coop.slug, pk=saved.pk)
    else:
        form = KpiForm(instance=kpi, coop=request.coop)
        initial = (
            [
                {"start": t.start, "end": t.end, "value": t.value, "low": t.low, "high": t.high}
                for t in kpi.targets.all()
            ]
            if kpi.pk
            else []
        )
        formset = TargetFormSet(initial=initial, prefix="targets")
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "formset": formset, "kpi": kpi, "unreadable": _unreadable_figures(kpi)}
    return render(request, "kpis/kpi_form.html", context, status=status)


def _unreadable_figures(kpi: Kpi) -> list[str]:
    """What the form shows empty because the stored figure cannot be read: saving writes what is typed instead."""
    if kpi.pk is None:
        return []
    said = []
    for name, raw in unreadable_in(Kpi.all_objects.filter(pk=kpi.pk)).get(kpi.pk, {}).items():
        said.append(
            _(
                "«%(field)s»: cifra ilegible (guardada como %(raw)s), fuera del rango que Rumbo puede guardar; "
                "escriba la correcta o déjela vacía."
            )
            % {"field": cast("Field[Any, Any]", Kpi._meta.get_field(name)).verbose_name, "raw": raw}
        )
    for target in kpi.targets.filter(pk__in=unreadable_in(kpi.targets.all())):
        said.append(
            _(
                "Meta del %(start)s al %(end)s: cifra ilegible, fuera del rango que Rumbo puede guardar; "
                "escriba la correcta o marque «Eliminar» para borrarla."
            )
            % {"start": target.start.strftime("%d/%m/%Y"), "end": target.end.strftime("%d/%m/%Y")}
        )
    return said


@coop_view(Role.EDITOR)
def kpi_create(request: CoopRequest) -> HttpResponse:
    return _edit_kpi(request, Kpi(cooperative=request.coop))


@coop_view(Role.EDITOR)
def kpi_edit(request: CoopRequest, pk: int) -> HttpResponse:
    return _edit_kpi(request, selectors.kpi_get_editable(request.coop, request.membership, pk))


@coop_view(Role.ADMIN)
@require_POST
def kpi_remove(request: CoopRequest, pk: int) -> HttpResponse:
    kpi = selectors.kpi_get(request.coop, pk)
    bin_delete(row=kpi, user=request.user, membership=request.membership)
    messages.success(request, _("«%(name)s» se movió a la papelera.") % {"name": kpi.name})
    return redirect("kpis:board", coop_slug=request.coop.slug)


@coop_view(Role.VIEWER)
@require_safe
def objectives(request: CoopRequest) -> HttpResponse:
    form = None
    if request.membership.allows(Role.ADMIN):
        form = ObjectiveForm(coop=request.coop)
    return render(request, "kpis/objectives.html", {"objectives": selectors.objectives_of(request.coop), "form": form})


def _save_simple(
    request: CoopRequest,
    form: "ModelForm[Any]",
    save: Callable[[Any], object],
    template: str,
    redirect_to: str,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    if form.is_valid():
        try:
            save(form.instance)
        except ValidationError as err:
            apply_errors(form, err)
        else:
            messages.success(request, _("Guardado."))
            return redirect(redirect_to, coop_slug=request.coop.slug)
    return render(request, template, {"form": form, **(extra or {})}, status=400)


@coop_view(Role.ADMIN)
@require_POST
def objective_create(request: CoopRequest) -> HttpResponse:
    form = ObjectiveForm(request.POST, instance=Objective(cooperative=request.coop), coop=request.coop)
    return _save_simple(
        request,
        form,
        lambda o: objective_save(objective=o, user=request.user, membership=request.membership),
        "kpis/objectives.html",
        "kpis:objectives",
        {"objectives": selectors.objectives_of(request.coop)},
    )


@coop_view(Role.ADMIN)
def objective_edit(request: CoopRequest, pk: int) -> HttpResponse:
    objective = selectors.objective_get(request.coop, pk)
    if request.method == "POST":
        form = ObjectiveForm(request.POST, instance=objective, coop=request.coop)
        return _save_simple(
            request,
            form,
            lambda o: objective_save(objective=o, user=request.user, membership=request.membership),
            "kpis/objective_form.html",
            "kpis:objectives",
        )
    return render(request, "kpis/objective_form.html", {"form": ObjectiveForm(instance=objective, coop=request.coop)})


@coop_view(Role.VIEWER)
@require_safe
def initiatives(request: CoopRequest) -> HttpResponse:
    form = InitiativeForm() if request.membership.allows(Role.ADMIN) else None
    return render(
        request, "kpis/initiatives.html", {"initiatives": selectors.initiatives_of(request.coop), "form": form}
    )


@coop_view(Role.ADMIN)
@require_POST
def initiative_create(request: CoopRequest) -> HttpResponse:
    form = InitiativeForm(request.POST, instance=Initiative(cooperative=request.coop))
    return _save_simple(
        request,
        form,
        lambda i: initiative_save(initiative=i, user=request.user),
        "kpis/initiatives.html",
        "kpis:initiatives",
        {"initiatives": selectors.initiatives_of(request.coop)},
    )


@coop_view(Role.ADMIN)
def initiative_edit(request: CoopRequest, pk: int) -> HttpResponse:
    initiative = selectors.initiative_get(request.coop, pk)
    if request.method == "POST":
        form = InitiativeForm(request.POST, instance=initiative)
        return _save_simple(
            request,
            form,
            lambda i: initiative_save(initiative=i, user=request.user),
            "kpis/initiative_form.html",
            "kpis:initiatives",
        )
    return render(request, "kpis/initiative_form.html", {"form": InitiativeForm(instance=initiative)})


@coop_view(Role.ADMIN)
@require_POST
def objective_remove(request: CoopRequest, pk: int) -> HttpResponse:
    objective = selectors.objective_get(request.coop, pk)
    try:
        bin_delete(row=objective, user=request.user, membership=request.membership)
    except ValidationError as err:
        messages.error(request, " ".join(err.messages))
        return redirect("kpis:objective_edit", coop_slug=request.coop.slug, pk=objective.pk)
    messages.success(request, _("«%(title)s» se movió a la papelera.") % {"title": objective.title})
    return redirect("kpis:objectives", coop_slug=request.coop.slug)
