"""Pages about people: the start page, preferences and the language switch, invitations, and the members of a cooperative."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from rumbo.accounts.access import coop_view
from rumbo.accounts.forms import InviteForm, MembershipForm, ProfileForm
from rumbo.accounts.gate import memberships_at_gate
from rumbo.accounts.models import Invitation, Membership, Role, User
from rumbo.accounts.requests import AuthenticatedHttpRequest, CoopRequest
from rumbo.accounts.selectors import invitations_sent_by, invitations_waiting_for
from rumbo.accounts.services import (
    invitation_accept,
    invitation_decline,
    invitation_withdraw,
    membership_change,
    membership_invite,
    membership_remove,
    profile_language_set,
)

# How many invitations wait for the signed-in person, kept in the session so every page can say so without a query.
INVITATIONS_WAITING = "rumbo_invitations_waiting"


def remember_invitations(request: HttpRequest, user: User) -> int:
    count = invitations_waiting_for(user).count()
    request.session[INVITATIONS_WAITING] = count
    return count


@login_required
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    memberships = memberships_at_gate(request.user)  # read with the person
    invitations = list(invitations_waiting_for(request.user))
    request.session[INVITATIONS_WAITING] = len(invitations)
    if len(memberships) == 1 and not invitations:
        return redirect("kpis:board", coop_slug=memberships[0].cooperative.slug)
    return render(request, "accounts/home.html", {"memberships": memberships, "invitations": invitations})


@login_required
def invitations(request: AuthenticatedHttpRequest) -> HttpResponse:
    waiting = list(invitations_waiting_for(request.user))
    request.session[INVITATIONS_WAITING] = len(waiting)
    return render(request, "accounts/invitations.html", {"invitations": waiting})


@login_required
@require_POST
def invitation_answer(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    invitation = get_object_or_404(invitations_waiting_for(request.user), pk=pk)  # another address's: 404
    coop = invitation.cooperative
    try:
        if request.POST.get("answer") == "accept":
            invitation_accept(invitation=invitation, user=request.user)
        elif request.POST.get("answer") == "decline":
            invitation_decline(invitation=invitation, user=request.user)
        else:
            raise ValidationError(_("Elija aceptar o rechazar la invitación."))
    except ValidationError as err:
        messages.error(request, " ".join(err.messages))
        return redirect("invitations")
    remember_invitations(request, request.user)
    if request.POST["answer"] == "accept":
        messages.success(request, _("Ahora es miembro de %(coop)s.") % {"coop": coop.name})
        return redirect("kpis:board", coop_slug=coop.slug)
    messages.success(request, _("Invitación rechazada."))
    return redirect("invitations")


@require_POST
def language_set(request: HttpRequest) -> HttpResponse:
    """The footer's switch: Django's own view (cookie, safe redirect back), and the profile for a signed-in person.

    UserLanguageMiddleware shows a signed-in person their profile's language, so without the profile
    the switch would change nothing for them.
    """
    if request.user.is_authenticated:
        try:
            profile_language_set(user=request.user, language=request.POST.get("language", ""))
        except ValidationError as err:
            messages.error(request, " ".join(err.messages))
    return set_language(request)


@login_required
def profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Preferencias guardadas."))
        return redirect("profile")
    return render(request, "accounts/profile.html", {"form": form})


@coop_view(Role.ADMIN)
def members(request: CoopRequest) -> HttpResponse:
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            membership_invite(coop=request.coop, request=request, invited_by=request.user, **form.cleaned_data)
        except ValidationError as err:
            form.add_error("email" if hasattr(err, "error_dict") and "email" in err.error_dict else None, err.messages)
        else:
            messages.success(request, _("Invitación enviada a %(email)s.") % {"email": form.cleaned_data["email"]})
            return redirect("members", coop_slug=request.coop.slug)
    people = Membership.objects.filter(cooperative=request.coop).select_related("user").order_by("user__email")
    context = {"form": form, "people": people, "invitations": invitations_sent_by(request.coop), "roles": Role.choices}
    return render(request, "accounts/members.html", context, status=400 if form.errors else 200)


@coop_view(Role.ADMIN)
@require_POST
def member_change(request: CoopRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(Membership, cooperative=request.coop, pk=pk)
    form = MembershipForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Rol o áreas no válidos."))
        if request.POST.get("remove"):
            membership_remove(membership=membership)
        else:
            membership_change(membership=membership, role=form.cleaned_data["role"], areas=form.cleaned_data["areas"])
    except ValidationError as err:
        messages.error(request, " ".join(err.messages))
    else:
        messages.success(request, _("Cambios guardados."))
    return redirect("members", coop_slug=request.coop.slug)


@coop_view(Role.ADMIN)
@require_POST
def invitation_remove(request: CoopRequest, pk: int) -> HttpResponse:
    invitation = get_object_or_404(Invitation, cooperative=request.coop, pk=pk)
    try:
        invitation_withdraw(invitation=invitation)
    except ValidationError as err:
        messages.error(request, " ".join(err.messages))
    else:
        messages.success(request, _("Invitación quitada."))
    return redirect("members", coop_slug=request.coop.slug)
