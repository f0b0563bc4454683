"""Following OKRs through the cycle: the weekly check-in, and the review that closes the cycle."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from rumbo.accounts.access import coop_view
from rumbo.accounts.models import Role
from rumbo.accounts.requests import CoopRequest
from rumbo.form_errors import apply_errors
from rumbo.kpis.services.offline import entry_ids_read, form_once
from rumbo.okrs import selectors
from rumbo.okrs.forms import CheckInForm, ReviewForm
from rumbo.okrs.services.check_ins import check_in_record
from rumbo.okrs.services.cycles import following
from rumbo.okrs.services.review import ObjectiveDecision, cycle_close


@coop_view(Role.EDITOR)
def check_in(request: CoopRequest, pk: int) -> HttpResponse:
    key_result = selectors.key_result_get_editable(request.coop, request.membership, pk)
    objective = key_result.objective
    today = timezone.localdate()
    last = key_result.check_ins.order_by("-date").first()
    initial = {"date": min(today, objective.cycle.end), "confidence": last.confidence if last else ""}
    form = CheckInForm(request.POST if request.method == "POST" else None, key_result=key_result, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            # with the phone's entry id when a page sent it: kept on the phone if the answer is lost, stored once
            form_once(
                entry_ids=entry_ids_read([request.POST.get("entry_id")]),
                coop=request.coop,
                user=request.user,
                kind="check_in",
                write=lambda: check_in_record(
                    key_result=key_result,
                    on=data["date"],
                    confidence=data["confidence"],
                    value=data.get("value"),
                    done=data.get("done"),
                    comment=data["comment"],
                    user=request.user,
                    today=today,
                    membership=request.membership,
                ),
            )
        except ValidationError as err:
            apply_errors(form, err)
        else:
            messages.success(request, _("Seguimiento guardado."))
            if request.GET.get("desde") == "actualizaciones":  # back to the list of what is pending
                return redirect("kpis:my_updates", coop_slug=request.coop.slug)
            return redirect("okrs:objective_detail", coop_slug=request.coop.slug, pk=objective.pk)
    context = {"form": form, "key_result": key_result, "objective": objective, "last": last}
    return render(request, "okrs/check_in_form.html", context, status=400 if request.method == "POST" else 200)


def _decisions(form: ReviewForm) -> list[ObjectiveDecision]:
    data = form.cleaned_data
    return [
        ObjectiveDecision(
            objective.pk,
            reflection=data[reflection],
            carry=data[carry],
            carry_key_result_ids=frozenset(kr.pk for kr, _r, name in kr_fields if data[name]),
        )
        for objective, _review, reflection, carry, kr_fields in form.rows
    ]


@coop_view(Role.VIEWER)
def review(request: CoopRequest, pk: int) -> HttpResponse:
    cycle = selectors.cycle_get(request.coop, pk)
    if request.method == "POST" and not request.membership.allows(Role.ADMIN):
        raise PermissionDenied
    if cycle.is_closed:
        if request.method == "POST":
            messages.error(request, _("Este ciclo ya se cerró."))
        return render(
            request,
            "okrs/review.html",
            {"cycle": cycle, "closed": selectors.scored_objectives(request.coop, cycle, cycle.end)},
        )
    reviews = selectors.reviewed_objectives(request.coop, cycle)
    proposed = following(cycle)
    next_cycles = [c for c in selectors.cycles_of(request.coop) if c.start > cycle.start and not c.is_closed]
    form = ReviewForm(
        request.POST if request.method == "POST" else None,
        reviews=reviews,
        next_cycles=next_cycles,
        proposed_name=proposed.name,
    )
    if request.method == "POST" and form.is_valid():
        choice = form.cleaned_data["next_cycle"]
        next_cycle = proposed if choice in ("", "new") else next(c for c in next_cycles if str(c.pk) == choice)
        try:
            closed = cycle_close(
                cycle=cycle,
                decisions=_decisions(form),
                next_cycle=next_cycle,
                user=request.user,
                membership=request.membership,
            )
        except ValidationError as err:
            apply_errors(form, err)
        else:
            messages.success(request, _("Ciclo «%(name)s» cerrado con sus notas finales.") % {"name": cycle.name})
            if closed.carried:
                assert closed.next_cycle is not None, "objectives carry over only into a next cycle"
                messages.info(
                    request,
                    ngettext(
                        "%(n)s objetivo continúa en «%(cycle)s».",
                        "%(n)s objetivos continúan en «%(cycle)s».",
                        len(closed.carried),
                    )
                    % {"n": len(closed.carried), "cycle": closed.next_cycle.name},
                )
            return redirect("okrs:review", coop_slug=request.coop.slug, pk=cycle.pk)
    context = {"cycle": cycle, "form": form, "can_close": request.membership.allows(Role.ADMIN)}
    return render(request, "okrs/review.html", context, status=400 if request.method == "POST" else 200)
