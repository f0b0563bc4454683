"""A cooperative's side of its networks: the invitations its admin answers, leaving, and «Compartir con la red»."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from rumbo.accounts.access import coop_view
from rumbo.accounts.models import Role
from rumbo.accounts.requests import CoopRequest
from rumbo.federation.forms import AnswerForm, MemberChoiceForm, ShareForm
from rumbo.federation.models import Member, MemberStatus, Share
from rumbo.federation.presenters import member as presenter
from rumbo.federation.services.federations import invitation_accept, invitation_decline, member_leave
from rumbo.federation.services.sharing import share_start, share_stop
from rumbo.kpis.models import Kpi
from rumbo.kpis.presenters.tiles import lang_of
from rumbo.orgs.models import Kind


def _cooperative_only(request: CoopRequest) -> None:
    if request.coop.kind != Kind.COOPERATIVE:
        raise Http404  # a federation is not a member of networks


def _own_member(request: CoopRequest, form: MemberChoiceForm) -> Member:
    """The member row the form names, of this cooperative; 404 for anything else."""
    if not form.is_valid():
        raise Http404
    return get_object_or_404(
        Member.objects.select_related("federation__cooperative"),
        cooperative=request.coop,
        pk=form.cleaned_data["member"],
    )


def _say(request: CoopRequest, err: ValidationError) -> None:
    messages.error(request, " ".join(err.messages))


@coop_view(Role.ADMIN)
@require_safe
def networks(request: CoopRequest) -> HttpResponse:
    _cooperative_only(request)
    return render(request, "federation/networks.html", presenter.memberships_page(request.coop))


@coop_view(Role.ADMIN)
@require_POST
def invitation_answer(request: CoopRequest) -> HttpResponse:
    _cooperative_only(request)
    form = AnswerForm(request.POST)
    member = _own_member(request, form)
    name = member.federation.cooperative.name
    try:
        if form.cleaned_data["answer"] == "accept":
            invitation_accept(member=member, user=request.user)
            messages.success(
                request,
                _("Su cooperativa ya es miembro de «%(network)s». Elija qué indicadores comparte con la red.")
                % {"network": name},
            )
            return redirect("federation:sharing", coop_slug=request.coop.slug)
        invitation_decline(member=member, user=request.user)
        messages.success(request, _("Invitación de «%(network)s» rechazada.") % {"network": name})
    except ValidationError as err:
        _say(request, err)
    return redirect("federation:networks", coop_slug=request.coop.slug)


@coop_view(Role.ADMIN)
@require_POST
def network_leave(request: CoopRequest) -> HttpResponse:
    _cooperative_only(request)
    member = _own_member(request, MemberChoiceForm(request.POST))
    if member.status != MemberStatus.ACTIVE:
        raise Http404
    try:
        member_leave(member=member, user=request.user)
    except ValidationError as err:
        _say(request, err)
    else:
        messages.success(
            request,
            _("Su cooperativa salió de «%(network)s»: sus cifras ya no cuentan en las estadísticas de la red.")
            % {"network": member.federation.cooperative.name},
        )
    return redirect("federation:networks", coop_slug=request.coop.slug)


@coop_view(Role.ADMIN)
@require_safe
def sharing(request: CoopRequest) -> HttpResponse:
    _cooperative_only(request)
    found = presenter.consent(request.coop, lang_of(get_language()))
    return render(request, "federation/sharing.html", {"networks": found})


@coop_view(Role.ADMIN)
@require_POST
def share_change(request: CoopRequest) -> HttpResponse:
    _cooperative_only(request)
    form = ShareForm(request.POST)
    member = _own_member(request, form)
    if member.status != MemberStatus.ACTIVE:
        raise Http404
    kpi = get_object_or_404(Kpi, cooperative=request.coop, pk=form.cleaned_data["kpi"])
    network = member.federation.cooperative.name
    try:
        if form.cleaned_data["action"] == "share":
            share_start(kpi=kpi, member=member, user=request.user)
            messages.success(
                request,
                _("«%(kpi)s» se comparte con «%(network)s»: sus valores salen con el próximo envío.")
                % {"kpi": kpi.name, "network": network},
            )
        else:
            share = get_object_or_404(Share, cooperative=request.coop, member=member, kpi=kpi, stopped_at__isnull=True)
            share_stop(share=share, user=request.user)
            messages.success(
                request,
                _("«%(kpi)s» ya no se comparte con «%(network)s»: sus cifras salieron de las estadísticas de la red.")
                % {"kpi": kpi.name, "network": network},
            )
    except ValidationError as err:
        _say(request, err)
    return redirect("federation:sharing", coop_slug=request.coop.slug)
