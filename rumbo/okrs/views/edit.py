"""Setting OKRs: cycles, objectives with their key results, and «Mejorar este KPI con un OKR»."""

from collections.abc import Callable
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Field
from django.forms import BaseForm
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rumbo.accounts.access import coop_view
from rumbo.accounts.models import Role
from rumbo.accounts.requests import CoopRequest
from rumbo.bin.services import bin_delete
from rumbo.form_errors import apply_errors
from rumbo.kpis import selectors as kpi_selectors
from rumbo.kpis.unreadable import unreadable_in
from rumbo.okrs import selectors
from rumbo.okrs.forms import CycleForm, KeyResultForm, KeyResultRows, ObjectiveForm
from rumbo.okrs.models import Cycle, KeyResult, OkrObjective
from rumbo.okrs.services.cycles import cycle_save, quarter_of
from rumbo.okrs.services.improve import improve_kpi as improve_kpi_service
from rumbo.okrs.services.objectives import (
    Saved,
    key_result_delete,
    key_result_save,
    objective_save,
)
from rumbo.okrs.services.objectives import objective_create as create_service


def _warn(request: CoopRequest, saved: Saved) -> None:
    for text in saved.warnings:
        messages.warning(request, text)


def _to_objective(request: CoopRequest, objective: OkrObjective) -> HttpResponse:
    return redirect("okrs:objective_detail", coop_slug=request.coop.slug, pk=objective.pk)


def _save_posted(
    request: CoopRequest, form: BaseForm, objective: OkrObjective, save: Callable[[], Saved], done: str
) -> HttpResponse | None:
    """Save a valid posted form and go back to the objective; None when nothing was posted or the save refused."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        saved = save()
    except ValidationError as err:
        apply_errors(form, err)
        return None
    messages.success(request, done)
    _warn(request, saved)
    return _to_objective(request, objective)


@coop_view(Role.ADMIN)
def cycle_create(request: CoopRequest) -> HttpResponse:
    if request.method == "POST":
        form = CycleForm(request.POST)
        if form.is_valid():
            try:
                cycle = cycle_save(cycle=form.apply(Cycle(cooperative=request.coop)), user=request.user)
            except ValidationError as err:
                apply_errors(form, err)
            else:
                messages.success(request, _("Ciclo «%(name)s» creado.") % {"name": cycle.name})
                return redirect(f"{_okr_url(request)}?ciclo={cycle.pk}")
    else:
        quarter = quarter_of(timezone.localdate())
        form = CycleForm(initial={"name": quarter.name, "start": quarter.start, "end": quarter.end, "check_in_days": 7})
    return render(request, "okrs/cycle_form.html", {"form": form}, status=400 if request.method == "POST" else 200)


def _okr_url(request: CoopRequest) -> str:
    return reverse("okrs:page", kwargs={"coop_slug": request.coop.slug})


def _open_cycle(request: CoopRequest) -> Cycle | None:
    cycle = selectors.chosen_cycle(
        request.coop, request.GET.get("ciclo") or request.POST.get("ciclo"), timezone.localdate()
    )
    if cycle is None or cycle.is_closed:
        return None
    return cycle


@coop_view(Role.EDITOR)
def objective_create(request: CoopRequest) -> HttpResponse:
    cycle = _open_cycle(request)
    if cycle is None:
        messages.error(request, _("Primero hace falta un ciclo abierto; pídale a quien administra que cree uno."))
        return redirect("okrs:page", coop_slug=request.coop.slug)
    objective = OkrObjective(cooperative=request.coop, cycle=cycle, owner=request.user)
    parent = request.GET.get("padre")
    initial = {"owner": request.user.pk, "parent": parent if parent and parent.isdigit() else None}
    data = request.POST if request.method == "POST" else None
    form = ObjectiveForm(data, instance=objective, coop=request.coop, cycle=cycle, initial=initial)
    rows = KeyResultRows(data, prefix="kr", form_kwargs={"coop": request.coop})
    if request.method == "POST" and form.is_valid() and rows.is_valid():
        filled = rows.filled()
        try:
            saved = create_service(
                objective=form.instance,
                key_results=[f.apply(KeyResult()) for _n, f in filled],
                user=request.user,
                membership=request.membership,
            )
        except ValidationError as err:
            for key, errors in err.message_dict.items():
                if key.startswith("kr") and key[2:].isdigit():
                    rows.forms[filled[int(key[2:]) - 1][0] - 1].add_error(None, errors)
                else:
                    form.add_error(key if key in form.fields else None, errors)
        else:
            messages.success(request, _("Objetivo creado."))
            _warn(request, saved)
            return _to_objective(request, saved.objective)
    status = 400 if request.method == "POST" else 200
    return render(request, "okrs/objective_form.html", {"form": form, "rows": rows, "cycle": cycle}, status=status)


def _editable(request: CoopRequest, pk: int) -> OkrObjective:
    return selectors.objective_get_editable(request.coop, request.membership, pk)


@coop_view(Role.EDITOR)
def objective_edit(request: CoopRequest, pk: int) -> HttpResponse:
    objective = _editable(request, pk)
    form = ObjectiveForm(
        request.POST if request.method == "POST" else None, instance=objective, coop=request.coop, cycle=objective.cycle
    )
    done = _save_posted(
        request,
        form,
        objective,
        lambda: objective_save(objective=form.instance, user=request.user, membership=request.membership),
        _("Objetivo guardado."),
    )
    if done is not None:
        return done
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "okrs/objective_form.html",
        {"form": form, "objective": objective, "cycle": objective.cycle},
        status=status,
    )


@coop_view(Role.EDITOR)
@require_POST
def objective_remove(request: CoopRequest, pk: int) -> HttpResponse:
    objective = _editable(request, pk)
    try:
        moved = bin_delete(row=objective, user=request.user, membership=request.membership).along
    except ValidationError as err:
        messages.error(request, " ".join(err.messages))
        return _to_objective(request, objective)
    messages.success(request, _("«%(title)s» se movió a la papelera.") % {"title": objective.title})
    if moved:
        messages.info(request, _("Los objetivos que se alineaban con él quedaron en el primer nivel."))
    return redirect(f"{_okr_url(request)}?ciclo={objective.cycle_id}")


def _key_result_page(
    request: CoopRequest, objective: OkrObjective, key_result: KeyResult, form: KeyResultForm
) -> HttpResponse:
    done = _save_posted(
        request,
        form,
        objective,
        lambda: key_result_save(key_result=form.apply(key_result), user=request.user, membership=request.membership),
        _("Resultado clave guardado."),
    )
    if done is not None:
        return done
    status = 400 if request.method == "POST" else 200
    context = {
        "form": form,
        "objective": objective,
        "key_result": key_result,
        "unreadable": _unreadable_figures(key_result),
    }
    return render(request, "okrs/key_result_form.html", context, status=status)


def _unreadable_figures(key_result: KeyResult) -> list[str]:
    """The figures the form shows empty because the stored one cannot be read (out of range)."""
    if key_result.pk is None:
        return []
    found = unreadable_in(KeyResult.objects.filter(pk=key_result.pk)).get(key_result.pk, {})
    return [
        _(
            "«%(field)s»: cifra ilegible (guardada como %(raw)s), fuera del rango que Rumbo puede guardar; "
            "escriba la correcta o borre el resultado clave."
        )
        % {"field": cast("Field[Any, Any]", KeyResult._meta.get_field(name)).verbose_name, "raw": raw}
        for name, raw in found.items()
    ]


@coop_view(Role.EDITOR)
def key_result_create(request: CoopRequest, pk: int) -> HttpResponse:
    objective = _editable(request, pk)
    form = KeyResultForm(request.POST if request.method == "POST" else None, coop=request.coop, initial={"weight": 1})
    return _key_result_page(request, objective, KeyResult(objective=objective), form)


@coop_view(Role.EDITOR)
def key_result_edit(request: CoopRequest, pk: int) -> HttpResponse:
    key_result = selectors.key_result_get_editable(request.coop, request.membership, pk)
    objective = key_result.objective
    form = KeyResultForm(
        request.POST if request.method == "POST" else None,
        coop=request.coop,
        initial=KeyResultForm.initial_from(key_result),
    )
    return _key_result_page(request, objective, key_result, form)


@coop_view(Role.EDITOR)
@require_POST
def key_result_remove(request: CoopRequest, pk: int) -> HttpResponse:
    key_result = selectors.key_result_get_editable(request.coop, request.membership, pk)
    try:
        key_result_delete(key_result=key_result, user=request.user, membership=request.membership)
    except ValidationError as err:
        messages.error(request, " ".join(err.messages))
    else:
        messages.success(request, _("«%(title)s» se borró; el historial lo conserva.") % {"title": key_result.title})
    return _to_objective(request, key_result.objective)


@coop_view(Role.EDITOR)
@require_POST
def improve_kpi(request: CoopRequest, pk: int) -> HttpResponse:
    kpi = kpi_selectors.kpi_get_editable(request.coop, request.membership, pk)
    try:
        objective = improve_kpi_service(
            kpi=kpi, user=request.user, today=timezone.localdate(), membership=request.membership
        )
    except ValidationError as err:
        messages.error(request, " ".join(err.messages))
        return redirect("kpis:kpi_detail", coop_slug=request.coop.slug, pk=kpi.pk)
    messages.success(
        request,
        _("Borrador listo: revise la meta del resultado clave y agregue al menos otro que lo equilibre."),
    )
    return _to_objective(request, objective)
