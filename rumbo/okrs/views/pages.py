"""Reading OKRs: the page of a cycle, the page of one objective, and the alignment tree."""

from datetime import date
from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_safe

from rumbo.accounts.access import coop_view
from rumbo.accounts.models import Role
from rumbo.accounts.requests import CoopRequest
from rumbo.kpis.choices import Area
from rumbo.okrs import charts, selectors
from rumbo.okrs.access import can_edit_objective
from rumbo.okrs.models import Cycle
from rumbo.okrs.readings import ScoredObjective
from rumbo.okrs.services.cycles import quarter_of
from rumbo.orgs.fragments import cached_body, kept_page


def _filters(request: CoopRequest) -> dict[str, Any]:
    area = request.GET.get("area", "")
    return {"area": area if area in Area.values else "", "slipping": request.GET.get("atrasados") == "1"}


def _chosen_cycle(request: CoopRequest) -> tuple[date, list[Cycle], Cycle | None]:
    """Today, the cooperative's cycles, and the one the page shows (?ciclo=, or the current one)."""
    today = timezone.localdate()
    cycles = list(selectors.cycles_of(request.coop))
    return today, cycles, selectors.chosen_cycle(request.coop, request.GET.get("ciclo"), today, cycles)


@coop_view(Role.VIEWER)
@require_safe
@kept_page
@gzip_page
def okr_page(request: CoopRequest) -> HttpResponse:
    can_create, is_admin = request.membership.allows(Role.EDITOR), request.membership.allows(Role.ADMIN)
    body = cached_body(
        request,
        "okrs/_okr_body.html",
        lambda: _okr_context(request, can_create=can_create, is_admin=is_admin),
        vary=[request.GET.urlencode()],  # the rights follow the role, which every key holds
    )
    return render(request, "okrs/okr_page.html", {"body": body})


def _okr_context(request: CoopRequest, *, can_create: bool, is_admin: bool) -> dict[str, Any]:
    today, cycles, cycle = _chosen_cycle(request)
    context: dict[str, Any] = {
        "cycle": cycle,
        "cycles": cycles,
        "filters": _filters(request),
        "areas": Area.choices,
        "can_create": can_create,
        "is_admin": is_admin,
        "quarter": quarter_of(today),
    }
    if cycle is not None:
        scored = selectors.scored_objectives(request.coop, cycle, today, area=context["filters"]["area"])
        context["summary"] = selectors.counts_by_status(scored)
        if context["filters"]["slipping"]:
            scored = [s for s in scored if s.score.slipping]
        context["objectives"] = scored
        shown = {s.objective.pk for s in scored}
        warnings = selectors.alignment_warnings(request.coop, cycle)
        context["warnings"] = selectors.warning_texts(
            [w for w in warnings if w.objective_id is None or w.objective_id in shown]
        )
    return context


def _charts(scored: ScoredObjective, cycle: Cycle, today: date) -> list[tuple[Any, ...]]:
    lang = (get_language() or "es")[:2]
    out = []
    for skr in scored.key_results:
        kr = skr.key_result
        values_chart = None
        points = [(c.date, c.value) for c in skr.check_ins if c.value is not None]
        if not kr.is_milestone and points:
            assert kr.baseline is not None and kr.target is not None, "a number key result has a baseline and a target"
            values_chart = charts.values_chart(
                points,
                start=cycle.start,
                end=cycle.end,
                baseline=kr.baseline,
                target=kr.target,
                kind=kr.kind,
                lang=lang,
                today=today,
                label=_("Valores de «%(kr)s» en el ciclo, de la línea base a la meta") % {"kr": kr.title},
            )
        confidence_chart = None
        if skr.check_ins:
            confidence_chart = charts.confidence_chart(
                [(c.date, c.confidence) for c in skr.check_ins],
                start=cycle.start,
                end=cycle.end,
                lang=lang,
                today=today,
                label=_("Confianza en «%(kr)s» semana a semana, de 0 a 10") % {"kr": kr.title},
            )
        out.append((skr, values_chart, confidence_chart, list(reversed(skr.check_ins))))
    return out


@coop_view(Role.VIEWER)
@require_safe
def objective_detail(request: CoopRequest, pk: int) -> HttpResponse:
    today = timezone.localdate()
    scored = selectors.scored_objective(request.coop, pk, today)
    objective = scored.objective
    cycle = objective.cycle
    context: dict[str, Any] = {
        "scored": scored,
        "objective": objective,
        "cycle": cycle,
        "key_results": _charts(scored, cycle, today),
        "can_edit": can_edit_objective(request.membership, objective) and not cycle.is_closed,
        "children": list(selectors.objectives_of(request.coop).filter(parent=objective)),
        "warnings": selectors.warning_texts(
            [w for w in selectors.alignment_warnings(request.coop, cycle) if w.objective_id == objective.pk]
        ),
    }
    return render(request, "okrs/objective_detail.html", context)


@coop_view(Role.VIEWER)
@require_safe
def alignment(request: CoopRequest) -> HttpResponse:
    today, cycles, cycle = _chosen_cycle(request)
    rows, scores = [], {}
    if cycle is not None:
        scores = {s.objective.pk: s for s in selectors.scored_objectives(request.coop, cycle, today)}
        rows = [(o, depth, scores.get(o.pk)) for o, depth in selectors.alignment_tree(request.coop, cycle)]
    context = {
        "cycle": cycle,
        "cycles": cycles,
        "rows": rows,
        "warnings": selectors.warning_texts(selectors.alignment_warnings(request.coop, cycle)) if cycle else [],
    }
    return render(request, "okrs/alignment.html", context)
