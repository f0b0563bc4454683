"""A federation's regions: its admins define them and put members in them; the figures of each are published anew.

A region is a list entry the federation keeps (not a word typed on each member), so one region is one
set of members whatever the spelling. Every change queues the publishing of the templates it touches
(`tasks.enqueue_figures`): the network and each region are published together, so a member changing
region never lets a region's figures be differenced with the network's.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from rumbo.accounts import access
from rumbo.accounts.models import User
from rumbo.federation.models import Contribution, Federation, Figure, Member, Region
from rumbo.federation.services.federations import require_admin

NAME_LENGTH = 80


def _clean_name(federation: Federation, name: str, *, keep: Region | None = None) -> tuple[str, str]:
    """The name with its spaces tidied and its identifier; refused when empty or another region's already."""
    name = " ".join(name.split())
    slug = slugify(name)[:NAME_LENGTH]
    if not name or not slug:
        raise ValidationError({"name": _("Escriba el nombre de la región, con letras o cifras.")})
    if len(name) > NAME_LENGTH:
        raise ValidationError(
            {"name": _("El nombre de una región tiene %(n)d caracteres como mucho.") % {"n": NAME_LENGTH}}
        )
    taken = Region.objects.filter(federation=federation, slug=slug)
    if keep is not None:
        taken = taken.exclude(pk=keep.pk)
    if taken.exists():
        raise ValidationError({"name": _("Ya hay una región «%(name)s» en la red.") % {"name": name}})
    return name, slug


def _publish_again(federation: Federation, templates: set[str], *, now: bool) -> None:
    """Queue the publishing of these templates (the worker runs it), or publish them in this transaction."""
    from rumbo.federation.services.figures import figures_recompute
    from rumbo.federation.tasks import enqueue_figures

    for slug in sorted(templates):
        if now:
            figures_recompute(federation=federation, template_slug=slug)
        else:
            enqueue_figures(federation.pk, slug)


@transaction.atomic
def region_add(
    *, federation: Federation, name: str, user: User | None, membership: access.Acting | None = None
) -> Region:
    """A new region of the network, without members yet (so without figures until the admins put some in it)."""
    require_admin(federation.cooperative, user, membership)
    name, slug = _clean_name(federation, name)
    return Region.objects.create(federation=federation, name=name, slug=slug)


@transaction.atomic
def region_rename(*, region: Region, name: str, user: User | None, membership: access.Acting | None = None) -> Region:
    """A region's new name; its identifier follows it, its members and figures stay."""
    federation = region.federation
    require_admin(federation.cooperative, user, membership)
    region.name, region.slug = _clean_name(federation, name, keep=region)
    region.save(update_fields=["name", "slug"])
    return region


@transaction.atomic
def region_remove(
    *, region: Region, user: User | None, membership: access.Acting | None = None, publish_now: bool = False
) -> None:
    """Delete a region: its members are in none and its figures go; the network's and other regions' are published anew.

    In the background, or in this transaction with `publish_now` (the command line has no worker to wait for).
    """
    federation = region.federation
    require_admin(federation.cooperative, user, membership)
    templates = set(Figure.objects.filter(region=region).values_list("template_slug", flat=True).distinct())
    region.delete()
    _publish_again(federation, templates, now=publish_now)


@transaction.atomic
def member_region_set(
    *,
    member: Member,
    region: Region | None,
    user: User | None,
    membership: access.Acting | None = None,
    publish_now: bool = False,
) -> Member:
    """Put a member in a region of its federation (or in none); the templates it contributes to are published anew.

    In the background, or in this transaction with `publish_now` (the command line has no worker to wait for).
    """
    federation = member.federation
    require_admin(federation.cooperative, user, membership)
    if region is not None and region.federation_id != federation.pk:
        raise ValidationError({"region": _("Esa región no es de esta red.")})
    member = Member.objects.select_for_update(of=("self",)).get(pk=member.pk)
    if member.region_id == (region.pk if region is not None else None):
        return member
    member.region = region
    member.save(update_fields=["region"])
    templates = set(Contribution.objects.filter(member=member).values_list("template_slug", flat=True).distinct())
    _publish_again(federation, templates, now=publish_now)
    return member
