"""«Elegir mis KPI»: four short questions, then a short list to accept, swap or drop, adopted in one step."""

from dataclasses import replace

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from rumbo.accounts.access import coop_view
from rumbo.accounts.models import Membership, Role
from rumbo.accounts.requests import CoopRequest
from rumbo.choosing.assistant import (
    BUYERS,
    STAGES,
    TYPED_OBJECTIVES,
    UNKNOWN_STAGE,
    Goal,
    Plan,
    State,
    goals_of,
    make_plan,
)
from rumbo.choosing.forms import ShortListForm
from rumbo.choosing.presenters.labels import lang_of
from rumbo.choosing.selectors import tracked_templates
from rumbo.choosing.services.adopt import Adopted, Choice, NewObjective, default_target_dates, shortlist_adopt
from rumbo.choosing.services.checks import OverLimit
from rumbo.engine.choice.catalog.objectives import example_objectives
from rumbo.kpis import choices as c
from rumbo.kpis import selectors as kpi_selectors
from rumbo.kpis.models import Objective

STEPS = (
    (1, gettext_lazy("Etapa")),
    (2, gettext_lazy("Áreas")),
    (3, gettext_lazy("Objetivos")),
    (4, gettext_lazy("Compradores")),
    (5, gettext_lazy("Su lista")),
)
MISSING = {
    1: gettext_lazy("Elija la etapa de la cooperativa, o «Todavía no lo sé»."),
    2: gettext_lazy("Elija al menos un área o equipo."),
    3: gettext_lazy("Escriba o elija al menos un objetivo: cada KPI mide el avance hacia un objetivo."),
}
STAGE_LABELS = {
    "pre_pmf": gettext_lazy("Buscamos compradores: todavía probamos si el producto gusta (pre-PMF)"),
    "pmf": gettext_lazy("Los compradores vuelven y renuevan (product market fit)"),
    "expansion": gettext_lazy("Crecemos a nuevos mercados (expansión)"),
    UNKNOWN_STAGE: gettext_lazy("Todavía no lo sé"),
}


def _allowed_areas(membership: Membership) -> tuple[str, ...]:
    """An editor chooses among the areas they edit; everyone else among all eight."""
    areas = tuple(a.value for a in c.Area)
    if membership.role == Role.EDITOR and membership.areas:
        return tuple(a for a in areas if a in membership.areas)
    return areas


def _state(request: CoopRequest, data: QueryDict) -> tuple[State, list[Objective]]:
    objectives = list(kpi_selectors.objectives_of(request.coop))
    state = State.from_data(data, areas=_allowed_areas(request.membership), objective_pks={o.pk for o in objectives})
    return state, objectives


def _first_missing(state: State, asked: int) -> tuple[int, str | None]:
    """The step to show: the one asked for, or the first earlier one left unanswered, with why."""
    done = {1: bool(state.market_stage), 2: bool(state.areas), 3: state.objective_count > 0}
    for step in (1, 2, 3):
        if asked > step and not done[step]:
            return step, str(MISSING[step])
    return asked, None


def _step_context(
    request: CoopRequest, state: State, objectives: list[Objective], step: int, error: str | None
) -> dict[str, object]:
    lang = lang_of(get_language())
    typed = list(state.texts) + [""] * max(0, TYPED_OBJECTIVES - len(state.texts))
    fields = {1: ("market_stage",), 2: ("area",), 3: ("objective", "example", "text"), 4: ("buyer_stage",)}
    return {
        "step": step,
        "error": error,
        "state": state,
        # Always five steps, so «Paso N de 5» never changes midway; the buyer question is only
        # for sales and marketing, and is shown as skipped when neither takes part.
        "steps": STEPS,
        "skipped": 4 if state.areas and not state.market_facing else None,
        "hidden": state.pairs(without=fields.get(step, ()) + ("drop", "swap")),
        "back": state.query(step=step - 1) if step > 1 else "",
        "stages": [(value, STAGE_LABELS[value], value != UNKNOWN_STAGE) for value in STAGES],
        "areas": [(a, c.Area(a).label) for a in _allowed_areas(request.membership)],
        "limited_areas": len(_allowed_areas(request.membership)) < len(c.Area),
        "objectives": objectives,
        "examples": [(e.slug, e.text(lang)) for e in example_objectives()],
        "typed": typed,
        "buyers": [(b, c.BuyerStage(b).label) for b in BUYERS],
        "is_admin": request.membership.allows(Role.ADMIN),
        "next_is_list": step == 4 or (step == 3 and not state.market_facing),
    }


@coop_view(Role.VIEWER)
@require_safe
def assistant(request: CoopRequest) -> HttpResponse:
    state, objectives = _state(request, request.GET)
    step_asked = request.GET.get("step", "1")
    asked = int(step_asked) if step_asked in ("1", "2", "3", "4") else 1
    step, error = _first_missing(state, asked)
    if step == 4 and not state.market_facing:
        return redirect(f"{_list_url(request)}?{state.query()}")
    return render(request, "choosing/assistant.html", _step_context(request, state, objectives, step, error))


def _list_url(request: CoopRequest) -> str:
    return reverse("choosing:shortlist", args=[request.coop.slug])


def _apply(state: State, action: str) -> State:
    """Drop, restore or swap one line; anything else leaves the list as it is."""
    verb, _sep, argument = action.partition(":")
    if verb == "drop" and argument not in state.drops:
        return replace(state, drops=state.drops + (argument,))
    if verb == "restore":
        return replace(state, drops=tuple(d for d in state.drops if d != argument))
    if verb == "swap" and ">" in argument:
        key, _sep, slug = argument.partition(">")
        return replace(state, swaps=tuple((k, s) for k, s in state.swaps if k != key) + ((key, slug),))
    return state


@coop_view(Role.VIEWER)
@require_http_methods(["GET", "HEAD", "POST"])
def shortlist(request: CoopRequest) -> HttpResponse:
    posting = request.method == "POST"
    if posting and not request.membership.allows(Role.EDITOR):
        raise PermissionDenied
    state, objectives = _state(request, request.POST if posting else request.GET)
    step, error = _first_missing(state, 5)
    if error:
        return render(request, "choosing/assistant.html", _step_context(request, state, objectives, step, error))
    action = request.POST.get("action", "") if posting else ""
    state = _apply(state, action)
    lang = lang_of(get_language())
    goals = goals_of(state, objectives, lang)
    plan = make_plan(state, goals, lang, tracked_templates(request.coop))
    form = None
    if request.membership.allows(Role.EDITOR):
        kwargs = {"lines": plan.kept, "coop": request.coop}
        if posting:
            form = ShortListForm(request.POST, **kwargs)
        else:
            start, end = default_target_dates(request.coop, timezone.localdate())
            initial = {"start": start, "end": end, **{f"owner-{line.area}": request.user.pk for line in plan.kept}}
            form = ShortListForm(initial=initial, **kwargs)
        if action in ADOPT and form.is_valid():
            adopted = _adopt(request, state, goals, plan, form, lang, confirmed=action == "adopt_over_limit")
            if adopted is not None:
                return redirect("kpis:board", coop_slug=request.coop.slug)
    context = {
        **_step_context(request, state, objectives, 5, None),
        "plan": plan,
        "form": form,
        "gaps": [gap.message_en if lang == "en" else gap.message_es for gap in plan.gaps],
        "show_errors": action in ADOPT,
        "over_limit": getattr(form, "over_limit", None),
        "hidden": state.pairs(),
        "back": state.query(step=4 if state.market_facing else 3),
    }
    return render(request, "choosing/shortlist.html", context, status=400 if action in ADOPT else 200)


ADOPT = ("adopt", "adopt_over_limit")  # the second once the person confirmed passing the KPI limit


def _adopt(
    request: CoopRequest,
    state: State,
    goals: list[Goal],
    plan: Plan,
    form: ShortListForm,
    lang: str,
    *,
    confirmed: bool = False,
) -> Adopted | None:
    """Adopt the kept lines; on any problem, say it above the list and write nothing."""
    membership = request.membership
    lines = plan.kept
    areas = sorted({str(c.Area(line.area).label) for line in lines if not membership.can_edit_area(line.area)})
    if areas:
        form.add_error(
            None,
            _(
                "Usted no edita los indicadores de %(areas)s: quítelos de la lista o pida a "
                "administración que la adopte."
            )
            % {"areas": ", ".join(areas)},
        )
        return None
    new = [g for g in goals if g.existing is None and any(line.goal.key == g.key for line in lines)]
    if new and not membership.allows(Role.ADMIN):
        form.add_error(
            None,
            _(
                "Solo administración crea objetivos nuevos (%(titles)s): elija objetivos que ya "
                "existen o pida a administración que adopte la lista."
            )
            % {"titles": ", ".join(f"«{g.title}»" for g in new)},
        )
        return None
    choices = [
        Choice(
            template=line.template,
            area=line.area,
            objective_key=line.goal.key,
            owner=form.owner(line.area),
            targets=form.targets(line),
        )
        for line in lines
    ]
    try:
        adopted = shortlist_adopt(
            coop=request.coop,
            user=request.user,
            objectives={g.key: g.existing for g in goals if g.existing},
            new_objectives=[NewObjective(g.key, g.title, g.area) for g in new],
            choices=choices,
            market_stage=state.stage.value,
            lang=lang,
            membership=membership,
            confirm_over_limit=confirmed,
        )
    except OverLimit as err:
        form.over_limit = err.messages[0]  # asked above the button, which then confirms it
        return None
    except ValidationError as err:
        form.add_error(None, err)
        return None
    objectives = len({line.goal.key for line in lines})
    text = _("Listo: la cooperativa sigue %(kpis)s para %(objectives)s.") % {
        "kpis": ngettext("%(n)d indicador nuevo", "%(n)d indicadores nuevos", len(adopted.kpis))
        % {"n": len(adopted.kpis)},
        "objectives": ngettext("%(n)d objetivo", "%(n)d objetivos", objectives) % {"n": objectives},
    }
    if adopted.metrics:
        text += " " + ngettext(
            "%(n)d quedó como métrica hasta que tenga meta.",
            "%(n)d quedaron como métricas hasta que tengan meta.",
            adopted.metrics,
        ) % {"n": adopted.metrics}
    messages.success(request, text)
    return adopted
