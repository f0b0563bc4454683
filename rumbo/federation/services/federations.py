"""Creating a federation and its membership: invitations, the cooperative's answer, leaving, and member keys."""

import hashlib
import secrets
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rumbo.accounts import access
from rumbo.accounts.models import Membership, Role, User
from rumbo.federation.models import DEFAULT_CONTRIBUTORS, MIN_CONTRIBUTORS, Federation, Member, MemberStatus, Share
from rumbo.orgs import editions
from rumbo.orgs.models import Cooperative, Kind
from rumbo.orgs.services import cooperative_create

KEY_PREFIX = "rfm_"  # a Rumbo federation member key, told apart from the API's keys at a glance


def require_admin(organisation: Cooperative, user: User | None, membership: access.Acting | None) -> access.Acting:
    """The acting admin of this organisation (the command line acts as one); anyone else is refused (403)."""
    who = access.acting(organisation, user, membership)
    if not who.allows(Role.ADMIN):
        raise PermissionDenied(_("Solo un administrador de «%(org)s» puede hacer esto.") % {"org": organisation.name})
    return who


@transaction.atomic
def federation_create(
    *, slug: str, name: str, user: User | None = None, min_contributors: int = DEFAULT_CONTRIBUTORS
) -> Federation:
    """A new federation: an organisation of kind federation and its network settings; `user` becomes its admin."""
    if min_contributors < MIN_CONTRIBUTORS:
        raise ValidationError(
            {
                "min_contributors": _("Una cifra de la red se publica con al menos %(k)d cooperativas.")
                % {"k": MIN_CONTRIBUTORS}
            }
        )
    organisation = cooperative_create(slug=slug, name=name)
    organisation.kind = Kind.FEDERATION
    organisation.save(update_fields=["kind"])
    federation = Federation.objects.create(cooperative=organisation, min_contributors=min_contributors)
    if user is not None:
        Membership.objects.create(user=user, cooperative=organisation, role=Role.ADMIN)
    return federation


@transaction.atomic
def federation_settings_save(
    *, federation: Federation, min_contributors: int, user: User | None, membership: access.Acting | None = None
) -> Federation:
    """Change k, the fewest members a published figure rests on (never below 3); the figures are published anew."""
    require_admin(federation.cooperative, user, membership)
    if min_contributors < MIN_CONTRIBUTORS:
        raise ValidationError(
            {
                "min_contributors": _("Una cifra de la red se publica con al menos %(k)d cooperativas.")
                % {"k": MIN_CONTRIBUTORS}
            }
        )
    federation.min_contributors = min_contributors
    federation.save(update_fields=["min_contributors"])
    from rumbo.federation.services.figures import figures_recompute_all

    figures_recompute_all(federation=federation)
    return federation


def _renew_both(member: Member) -> None:
    editions.renew([member.federation.cooperative_id, *([member.cooperative_id] if member.cooperative_id else [])])


@transaction.atomic
def member_invite(
    *, federation: Federation, cooperative: Cooperative, user: User | None, membership: access.Acting | None = None
) -> Member:
    """The federation's admin invites a cooperative of this install; it joins when the cooperative's admin accepts."""
    require_admin(federation.cooperative, user, membership)
    if cooperative.kind != Kind.COOPERATIVE:
        raise ValidationError(
            _("«%(name)s» es una federación: solo las cooperativas son miembros.") % {"name": cooperative.name}
        )
    member = Member.objects.select_for_update().filter(federation=federation, cooperative=cooperative).first()
    if member is not None and member.status in (MemberStatus.INVITED, MemberStatus.ACTIVE):
        raise ValidationError(
            _("«%(coop)s» ya es miembro de %(federation)s o tiene una invitación pendiente.")
            % {"coop": cooperative.name, "federation": federation.cooperative.name}
        )
    if member is None:
        member = Member(federation=federation, cooperative=cooperative)
    member.name, member.status = cooperative.name, MemberStatus.INVITED
    member.invited_at, member.joined_at, member.left_at = timezone.now(), None, None
    member.save()
    _renew_both(member)
    return member


def _answerable(member: Member, user: User | None, membership: access.Acting | None) -> Member:
    if member.cooperative is None:
        raise ValidationError(_("Este miembro está en otra instalación de Rumbo: responde con su clave."))
    require_admin(member.cooperative, user, membership)
    locked = Member.objects.select_for_update(of=("self",)).select_related("federation__cooperative").get(pk=member.pk)
    if locked.status != MemberStatus.INVITED:
        raise ValidationError(_("Esta invitación ya no está pendiente."))
    return locked


@transaction.atomic
def invitation_accept(*, member: Member, user: User | None, membership: access.Acting | None = None) -> Member:
    """The cooperative's admin accepts the federation's invitation: it is a member from now on."""
    member = _answerable(member, user, membership)
    member.status, member.joined_at = MemberStatus.ACTIVE, timezone.now()
    member.save(update_fields=["status", "joined_at"])
    _renew_both(member)
    return member


@transaction.atomic
def invitation_decline(*, member: Member, user: User | None, membership: access.Acting | None = None) -> Member:
    """The cooperative's admin declines the invitation; the federation sees the answer."""
    member = _answerable(member, user, membership)
    member.status = MemberStatus.DECLINED
    member.save(update_fields=["status"])
    _renew_both(member)
    return member


@transaction.atomic
def member_leave(*, member: Member, user: User | None, membership: access.Acting | None = None) -> Member:
    """The cooperative leaves (its admin), or the federation removes it (its admin): every share stops at once.

    Its contributions are deleted and the figures they were part of are published anew, in this transaction.
    """
    organisation_ids = {member.federation.cooperative_id}
    if member.cooperative_id:
        organisation_ids.add(member.cooperative_id)
    _require_either_admin(organisation_ids, user, membership)
    member = Member.objects.select_for_update(of=("self",)).select_related("federation__cooperative").get(pk=member.pk)
    if member.status == MemberStatus.LEFT:
        return member
    from rumbo.federation.services.figures import figures_recompute

    templates = sorted(set(member.contributions.values_list("template_slug", flat=True)))
    Share.objects.filter(member=member, stopped_at__isnull=True).update(stopped_at=timezone.now())
    with editions.one_edition(organisation_ids):
        member.contributions.all().delete()
    member.status, member.left_at = MemberStatus.LEFT, timezone.now()
    member.save(update_fields=["status", "left_at"])
    _renew_both(member)
    for slug in templates:
        figures_recompute(federation=member.federation, template_slug=slug)
    return member


def _require_either_admin(organisation_ids: set[int], user: User | None, membership: access.Acting | None) -> None:
    if membership is not None:
        if (membership.cooperative_id is None or membership.cooperative_id in organisation_ids) and membership.allows(
            Role.ADMIN
        ):
            return
    elif (
        user is None
        or Membership.objects.filter(user=user, cooperative_id__in=organisation_ids, role=Role.ADMIN).exists()
    ):
        return  # the command line, or an admin of either side
    raise PermissionDenied(_("Solo un administrador de la cooperativa o de la federación puede hacer esto."))


@dataclass(frozen=True)
class IssuedKey:
    """A remote member and its key, shown this once (only its hash is kept)."""

    member: Member
    key: str


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def member_key_issue(
    *, federation: Federation, name: str, user: User | None, membership: access.Acting | None = None
) -> IssuedKey:
    """A member key for a cooperative on another Rumbo: a new remote member, or a new key that replaces its old one."""
    require_admin(federation.cooperative, user, membership)
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Escriba el nombre de la cooperativa miembro.")})
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    member = (
        Member.objects.select_for_update().filter(federation=federation, cooperative__isnull=True, name=name).first()
    )
    if member is None:
        member = Member(federation=federation, name=name[:200])
    member.key_hash = key_hash(key)
    if member.status != MemberStatus.ACTIVE:
        member.status, member.joined_at, member.left_at = MemberStatus.ACTIVE, timezone.now(), None
    member.save()
    return IssuedKey(member, key)


def member_by_key(key: str) -> Member | None:
    """The active remote member this key belongs to; None for an unknown, replaced or departed key."""
    if not key.startswith(KEY_PREFIX):
        return None
    return (
        Member.objects.select_related("federation__cooperative")
        .filter(key_hash=key_hash(key), status=MemberStatus.ACTIVE)
        .first()
    )
