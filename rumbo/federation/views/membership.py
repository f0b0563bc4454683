"""A cooperative's side of its networks: invitations, leaving, links to other Rumbos, and «Compartir con la red»."""

from collections.abc import Callable
from dataclasses import dataclass

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
from rumbo.federation import notices
from rumbo.federation.forms import AnswerForm, LinkChoiceForm, LinkForm, LinkShareForm, MemberChoiceForm, ShareForm
from rumbo.federation.models import Member, MemberStatus, RemoteLink, Share
from rumbo.federation.presenters import member as presenter
from rumbo.federation.remote.links import link_connect, link_push_queue, link_share_start, link_share_stop
from rumbo.federation.services.federations import invitation_accept, invitation_decline, member_leave
from rumbo.federation.services.sharing import share_start, share_stop
from rumbo.form_errors import apply_errors
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


def _networks_page(request: CoopRequest, link_form: LinkForm | None = None, status: int = 200) -> HttpResponse:
    context = presenter.memberships_page(request.coop) | {"link_form": link_form or LinkForm(prefix="link")}
    return render(request, "federation/networks.html", context, status=status)


@coop_view(Role.ADMIN)
@require_safe
def networks(request: CoopRequest) -> HttpResponse:
    _cooperative_only(request)
    notices.remember(request)
    return _networks_page(request)


@coop_view(Role.ADMIN)
@require_POST
def link_add(request: CoopRequest) -> HttpResponse:
    """«Conectar con una red en otro Rumbo»: its address and the member key it gave (a new key replaces the old)."""
    _cooperative_only(request)
    form = LinkForm(request.POST, prefix="link")
    if form.is_valid():
        try:
            link = link_connect(
                cooperative=request.coop, url=form.cleaned_data["url"], key=form.cleaned_data["key"], user=request.user
            )
        except ValidationError as err:
            apply_errors(form, err)
        else:
            messages.success(
                request,
                _("Conectada con %(url)s. Elija qué indicadores comparte con esa red.") % {"url": link.url},
            )
            return redirect("federation:sharing", coop_slug=request.coop.slug)
    return _networks_page(request, form, status=400)


def _own_link(request: CoopRequest, form: LinkChoiceForm) -> RemoteLink:
    if not form.is_valid():
        raise Http404
    return get_object_or_404(RemoteLink, cooperative=request.coop, pk=form.cleaned_data["link"])


@coop_view(Role.ADMIN)
@require_POST
def link_push_now(request: CoopRequest) -> HttpResponse:
    """«Enviar ahora»: the push is queued (the worker sends it), never sent within the request."""
    _cooperative_only(request)
    link = _own_link(request, LinkChoiceForm(request.POST))
    link_push_queue(link=link)
    messages.success(request, _("Envío en cola: sale en unos momentos."))
    return redirect("federation:networks", coop_slug=request.coop.slug)


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
            notices.remember(request)
            messages.success(
                request,
                _("Su cooperativa ya es miembro de «%(network)s». Elija qué indicadores comparte con la red.")
                % {"network": name},
            )
            return redirect("federation:sharing", coop_slug=request.coop.slug)
        invitation_decline(member=member, user=request.user)
        notices.remember(request)
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


@dataclass(frozen=True)
class _Network:
    """Where «Compartir» sends a KPI: a federation on this install (a member row) or on another Rumbo (a link)."""

    name: str
    shares: dict[str, Member | RemoteLink]  # which of the cooperative's shares go there: {"member": …} or {"link": …}
    start: Callable[..., Share]
    stop: Callable[..., Share]
    stopped: str  # said after «Dejar de compartir», with %(kpi)s and %(network)s


def _network_of(request: CoopRequest) -> tuple[ShareForm | LinkShareForm, _Network]:
    """The network the button names, of this cooperative (404 for anything else), with its form."""
    if "link" in request.POST:
        link_form = LinkShareForm(request.POST)
        link = _own_link(request, link_form)
        return link_form, _Network(
            name=presenter.link_name(link),
            shares={"link": link},
            start=link_share_start,
            stop=link_share_stop,
            stopped=_("«%(kpi)s» ya no se comparte con «%(network)s»: el próximo envío lo saca de sus estadísticas."),
        )
    form = ShareForm(request.POST)
    member = _own_member(request, form)
    if member.status != MemberStatus.ACTIVE:
        raise Http404
    return form, _Network(
        name=member.federation.cooperative.name,
        shares={"member": member},
        start=share_start,
        stop=share_stop,
        stopped=_("«%(kpi)s» ya no se comparte con «%(network)s»: sus cifras salieron de las estadísticas de la red."),
    )


@coop_view(Role.ADMIN)
@require_POST
def share_change(request: CoopRequest) -> HttpResponse:
    """«Compartir» / «Dejar de compartir» a KPI with a network; a push to another Rumbo is queued, never sent here."""
    _cooperative_only(request)
    form, network = _network_of(request)
    kpi = get_object_or_404(Kpi, cooperative=request.coop, pk=form.cleaned_data["kpi"])
    try:
        if form.cleaned_data["action"] == "share":
            network.start(kpi=kpi, user=request.user, **network.shares)
            said = _("«%(kpi)s» se comparte con «%(network)s»: sus valores salen con el próximo envío.")
        else:
            share = get_object_or_404(
                Share, cooperative=request.coop, kpi=kpi, stopped_at__isnull=True, **network.shares
            )
            network.stop(share=share, user=request.user)
            said = network.stopped
        messages.success(request, said % {"kpi": kpi.name, "network": network.name})
    except ValidationError as err:
        _say(request, err)
    return redirect("federation:sharing", coop_slug=request.coop.slug)
