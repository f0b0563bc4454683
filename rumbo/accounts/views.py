"""Pages about people: the start page, preferences, and the members of a cooperative."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rumbo.accounts.access import coop_view
from rumbo.accounts.forms import InviteForm, MembershipForm, ProfileForm
from rumbo.accounts.models import Membership, Role
from rumbo.accounts.services import membership_change, membership_invite, membership_remove


@login_required
def home(request):
    memberships = list(request.user.memberships.select_related("cooperative"))
    if len(memberships) == 1:
        return redirect("kpis:board", coop_slug=memberships[0].cooperative.slug)
    return render(request, "accounts/home.html", {"memberships": memberships})


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Preferencias guardadas."))
        return redirect("profile")
    return render(request, "accounts/profile.html", {"form": form})


@coop_view(Role.ADMIN)
def members(request):
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            membership_invite(coop=request.coop, request=request, **form.cleaned_data)
        except ValidationError as err:
            form.add_error("email" if hasattr(err, "error_dict") and "email" in err.error_dict else None, err.messages)
        else:
            messages.success(request, _("Invitación enviada a %(email)s.") % {"email": form.cleaned_data["email"]})
            return redirect("members", coop_slug=request.coop.slug)
    people = Membership.objects.filter(cooperative=request.coop).select_related("user").order_by("user__email")
    return render(request, "accounts/members.html", {"form": form, "people": people, "roles": Role.choices}, status=400 if form.errors else 200)


@coop_view(Role.ADMIN)
@require_POST
def member_change(request, pk):
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
