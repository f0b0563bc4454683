"""The federation's regions on «Miembros e invitaciones»: its admins add, rename and delete them, and put members in them."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rumbo.accounts.access import coop_view
from rumbo.accounts.models import Role
from rumbo.accounts.requests import CoopRequest
from rumbo.federation.forms import MemberRegionForm, RegionChoiceForm, RegionForm, RegionRenameForm
from rumbo.federation.models import Federation, Member, Region
from rumbo.federation.services.regions import member_region_set, region_add, region_remove, region_rename
from rumbo.federation.views.network import federation_of, members_page
from rumbo.form_errors import apply_errors


def _back(request: CoopRequest) -> HttpResponse:
    return redirect("federation:members", coop_slug=request.coop.slug)


def _own_region(federation: Federation, form: RegionChoiceForm) -> Region:
    if not form.is_valid():
        raise Http404
    return get_object_or_404(Region, federation=federation, pk=form.cleaned_data["region"])


@coop_view(Role.ADMIN)
@require_POST
def region_add_view(request: CoopRequest) -> HttpResponse:
    federation = federation_of(request)
    form = RegionForm(request.POST, prefix="region")
    if form.is_valid():
        try:
            region = region_add(federation=federation, name=form.cleaned_data["name"], user=request.user)
        except ValidationError as err:
            apply_errors(form, err)
        else:
            messages.success(
                request, _("Región «%(name)s» creada: ponga en ella a sus cooperativas.") % {"name": region.name}
            )
            return _back(request)
    return members_page(request, federation, region_form=form, status=400)


@coop_view(Role.ADMIN)
@require_POST
def region_rename_view(request: CoopRequest) -> HttpResponse:
    federation = federation_of(request)
    form = RegionRenameForm(request.POST)
    region = _own_region(federation, form)
    try:
        region_rename(region=region, name=form.cleaned_data["name"], user=request.user)
    except ValidationError as err:
        messages.error(request, " ".join(err.messages))
    else:
        messages.success(request, _("La región se llama ahora «%(name)s».") % {"name": region.name})
    return _back(request)


@coop_view(Role.ADMIN)
@require_POST
def region_remove_view(request: CoopRequest) -> HttpResponse:
    federation = federation_of(request)
    region = _own_region(federation, RegionChoiceForm(request.POST))
    name = region.name
    region_remove(region=region, user=request.user)
    messages.success(request, _("Región «%(name)s» borrada: sus cooperativas quedan sin región.") % {"name": name})
    return _back(request)


@coop_view(Role.ADMIN)
@require_POST
def member_region(request: CoopRequest) -> HttpResponse:
    federation = federation_of(request)
    form = MemberRegionForm(request.POST)
    if not form.is_valid():
        raise Http404
    member = get_object_or_404(Member, federation=federation, pk=form.cleaned_data["member"])
    chosen = form.cleaned_data["region"]
    region = get_object_or_404(Region, federation=federation, pk=chosen) if chosen else None
    member_region_set(member=member, region=region, user=request.user)
    if region is None:
        messages.success(request, _("«%(member)s» queda sin región.") % {"member": member.name})
    else:
        messages.success(
            request,
            _("«%(member)s» está ahora en la región «%(region)s»: sus cifras se publican de nuevo en unos momentos.")
            % {"member": member.name, "region": region.name},
        )
    return _back(request)
