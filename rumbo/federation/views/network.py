"""The federation's own pages: «Miembros e invitaciones» for its admins, and the network's (and its regions') figures."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from rumbo.accounts.access import coop_view
from rumbo.accounts.models import Role
from rumbo.accounts.requests import CoopRequest
from rumbo.engine.choice.catalog import by_slug
from rumbo.federation import selectors
from rumbo.federation.forms import InviteForm, MemberChoiceForm, MemberKeyForm, RegionForm, SettingsForm
from rumbo.federation.models import Federation, Region
from rumbo.federation.presenters import network
from rumbo.federation.services.federations import (
    federation_settings_save,
    member_invite,
    member_key_issue,
    member_leave,
)
from rumbo.form_errors import apply_errors
from rumbo.kpis.presenters.tiles import lang_of
from rumbo.orgs.models import Kind


def federation_of(request: CoopRequest) -> Federation:
    """The federation this organisation is; a cooperative has no such pages (404)."""
    found = selectors.federation_of(request.coop) if request.coop.kind == Kind.FEDERATION else None
    if found is None:
        raise Http404
    return found


def members_page(
    request: CoopRequest,
    federation: Federation,
    *,
    invite: InviteForm | None = None,
    key_form: MemberKeyForm | None = None,
    settings_form: SettingsForm | None = None,
    region_form: RegionForm | None = None,
    issued: str = "",
    issued_to: str = "",
    status: int = 200,
) -> HttpResponse:
    context = {
        "federation": federation,
        "rows": network.member_rows(federation, lang_of(get_language())),
        "regions": network.region_rows(federation),
        "region_form": region_form or RegionForm(prefix="region"),
        "invite": invite or InviteForm(prefix="invite"),
        "key_form": key_form or MemberKeyForm(prefix="key"),
        "settings_form": settings_form
        or SettingsForm(prefix="k", initial={"min_contributors": federation.min_contributors}),
        "issued": issued,
        "issued_to": issued_to,
    }
    response = render(request, "federation/members.html", context, status=status)
    if issued:
        response["Cache-Control"] = "no-store"  # the key is shown this once: no copy kept on the way
    return response


@coop_view(Role.ADMIN)
@require_safe
def members(request: CoopRequest) -> HttpResponse:
    return members_page(request, federation_of(request))


@coop_view(Role.ADMIN)
@require_POST
def member_invite_view(request: CoopRequest) -> HttpResponse:
    federation = federation_of(request)
    form = InviteForm(request.POST, prefix="invite")
    if form.is_valid():
        cooperative = selectors.cooperative_named(form.cleaned_data["cooperative"])
        if cooperative is None:
            form.add_error(
                "cooperative",
                _("No hay ninguna cooperativa con el identificador «%(slug)s» en este Rumbo.")
                % {"slug": form.cleaned_data["cooperative"]},
            )
        else:
            try:
                member_invite(federation=federation, cooperative=cooperative, user=request.user)
            except ValidationError as err:
                apply_errors(form, err)
            else:
                messages.success(
                    request,
                    _("Invitación enviada a «%(coop)s»: su administración la acepta o la rechaza en Rumbo.")
                    % {"coop": cooperative.name},
                )
                return redirect("federation:members", coop_slug=request.coop.slug)
    return members_page(request, federation, invite=form, status=400)


@coop_view(Role.ADMIN)
@require_POST
def member_key(request: CoopRequest) -> HttpResponse:
    federation = federation_of(request)
    form = MemberKeyForm(request.POST, prefix="key")
    if form.is_valid():
        try:
            issued = member_key_issue(federation=federation, name=form.cleaned_data["name"], user=request.user)
        except ValidationError as err:
            apply_errors(form, err)
        else:
            return members_page(request, federation, issued=issued.key, issued_to=issued.member.name)
    return members_page(request, federation, key_form=form, status=400)


@coop_view(Role.ADMIN)
@require_POST
def member_remove(request: CoopRequest) -> HttpResponse:
    federation = federation_of(request)
    form = MemberChoiceForm(request.POST)
    member = selectors.member_in(federation, form.cleaned_data["member"]) if form.is_valid() else None
    if member is None:
        raise Http404
    try:
        member_leave(member=member, user=request.user)
    except (ValidationError, PermissionDenied) as err:
        messages.error(request, " ".join(getattr(err, "messages", [str(err)])))
    else:
        messages.success(
            request,
            _("«%(name)s» ya no es miembro de la red: sus cifras salieron de las estadísticas.")
            % {"name": member.name},
        )
    return redirect("federation:members", coop_slug=request.coop.slug)


@coop_view(Role.ADMIN)
@require_POST
def settings_save(request: CoopRequest) -> HttpResponse:
    federation = federation_of(request)
    form = SettingsForm(request.POST, prefix="k")
    if form.is_valid():
        try:
            federation_settings_save(
                federation=federation, min_contributors=form.cleaned_data["min_contributors"], user=request.user
            )
        except ValidationError as err:
            apply_errors(form, err)
        else:
            messages.success(request, _("Guardado: las cifras de la red se publicaron de nuevo con la regla nueva."))
            return redirect("federation:members", coop_slug=request.coop.slug)
    return members_page(request, federation, settings_form=form, status=400)


@coop_view(Role.VIEWER)
@require_safe
def figures_index(request: CoopRequest) -> HttpResponse:
    federation = federation_of(request)
    rows = network.network_kpis(federation, lang_of(get_language()), request.membership.can_edit_area)
    return render(request, "federation/figures_index.html", {"federation": federation, "rows": rows})


@coop_view(Role.VIEWER)
@require_safe
def figures(request: CoopRequest, slug: str) -> HttpResponse:
    federation = federation_of(request)
    if slug not in by_slug():
        raise Http404
    region = None
    if wanted := request.GET.get("region", ""):
        region = get_object_or_404(Region, federation=federation, slug=wanted)
    shown = network.network_figures(federation, slug, lang_of(get_language()), region)
    can_edit = shown.kpi is not None and request.membership.can_edit_area(shown.kpi.area)
    return render(request, "federation/figures.html", {"federation": federation, "shown": shown, "can_edit": can_edit})
