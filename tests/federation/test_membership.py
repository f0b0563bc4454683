"""A federation is an organisation; cooperatives join it by invitation, answer it, leave it; remote members get keys."""

import hashlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from rumbo.accounts.models import Membership, User
from rumbo.federation.models import Contribution, Federation, Member, MemberStatus, Share
from rumbo.federation.services.federations import (
    federation_create,
    federation_settings_save,
    invitation_accept,
    invitation_decline,
    member_by_key,
    member_invite,
    member_key_issue,
    member_leave,
)
from rumbo.orgs import editions
from rumbo.orgs.models import Cooperative, Kind
from tests.federation.network import VOLUME, build, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def fed():
    admin = User.objects.create_user(username="f@example.org", email="f@example.org", password="x-clave-9")
    return federation_create(slug="red-sur", name="Red del Sur", user=admin), admin


def test_a_federation_is_an_organisation_with_its_creator_as_admin(fed):
    federation, admin = fed
    assert federation.cooperative.kind == Kind.FEDERATION and federation.organisation == federation.cooperative
    assert federation.min_contributors == 5
    assert Membership.objects.get(user=admin, cooperative=federation.cooperative).role == "admin"
    assert Cooperative.objects.create(slug="plain", name="Plain").kind == Kind.COOPERATIVE


def test_k_is_never_below_three(fed):
    with pytest.raises(ValidationError, match="al menos 3 cooperativas"):
        federation_create(slug="red-2", name="Red 2", min_contributors=2)
    federation, admin = fed
    with pytest.raises(ValidationError):
        federation_settings_save(federation=federation, min_contributors=1, user=admin)
    with pytest.raises(IntegrityError), transaction.atomic():
        Federation.objects.filter(pk=federation.pk).update(min_contributors=2)


def test_invitation_accepted_by_the_cooperatives_admin_only(fed):
    federation, admin = fed
    coop = Cooperative.objects.create(slug="coop-x", name="Coop X")
    coop_admin, viewer = person("ax@example.org", coop), person("vx@example.org", coop, "viewer")
    with pytest.raises(PermissionDenied):
        member_invite(federation=federation, cooperative=coop, user=coop_admin)  # not the federation's admin
    member = member_invite(federation=federation, cooperative=coop, user=admin)
    assert member.status == MemberStatus.INVITED and member.name == "Coop X"
    with pytest.raises(ValidationError, match="invitación pendiente"):
        member_invite(federation=federation, cooperative=coop, user=admin)
    with pytest.raises(PermissionDenied):
        invitation_accept(member=member, user=viewer)
    with pytest.raises(PermissionDenied):
        invitation_accept(member=member, user=admin)  # the federation cannot accept for the cooperative
    before = editions.current(coop.pk), editions.current(federation.cooperative_id)
    member = invitation_accept(member=member, user=coop_admin)
    assert member.status == MemberStatus.ACTIVE and member.joined_at is not None
    after = editions.current(coop.pk), editions.current(federation.cooperative_id)
    assert before[0] != after[0] and before[1] != after[1]
    with pytest.raises(ValidationError, match="ya no está pendiente"):
        invitation_decline(member=member, user=coop_admin)


def test_a_declined_invitation_stays_declined_and_can_be_sent_again(fed):
    federation, admin = fed
    coop = Cooperative.objects.create(slug="coop-y", name="Coop Y")
    coop_admin = person("ay@example.org", coop)
    member = invitation_decline(
        member=member_invite(federation=federation, cooperative=coop, user=admin), user=coop_admin
    )
    assert member.status == MemberStatus.DECLINED
    again = member_invite(federation=federation, cooperative=coop, user=admin)
    assert again.pk == member.pk and again.status == MemberStatus.INVITED


def test_a_federation_cannot_be_a_member(fed):
    federation, admin = fed
    other = federation_create(slug="red-norte", name="Red Norte")
    with pytest.raises(ValidationError, match="es una federación"):
        member_invite(federation=federation, cooperative=other.cooperative, user=admin)


def test_leaving_stops_every_share_and_removes_the_contributions_at_once():
    net = build(6)
    member = net.members[0]
    assert Contribution.objects.filter(member=member).count() == 3
    total_before = net.federation.figures.get(template_slug=VOLUME, period="2025-01-01").total
    with pytest.raises(PermissionDenied):
        member_leave(member=member, user=net.admins[1])  # another member's admin
    member_leave(member=member, user=net.admins[0])
    member.refresh_from_db()
    assert member.status == MemberStatus.LEFT and member.left_at is not None
    assert not Contribution.objects.filter(member=member).exists()
    assert not Share.objects.filter(member=member, stopped_at__isnull=True).exists()
    figure = net.federation.figures.get(template_slug=VOLUME, period="2025-01-01")
    # yesterday's total minus today's would be its value: hidden until k have left (tests/federation/test_memory.py)
    assert figure.contributors == 5 and total_before is not None and figure.total is None
    assert figure.reasons == ["differencing"]


def test_the_federation_may_remove_a_member():
    net = build(5)
    member_leave(member=net.members[4], user=net.fed_admin)
    assert Member.objects.get(pk=net.members[4].pk).status == MemberStatus.LEFT
    figure = net.federation.figures.get(template_slug=VOLUME, period="2025-01-01")
    assert figure.contributors == 4 and figure.total is None and figure.median is None  # below k = 5


def test_a_member_key_is_shown_once_and_only_its_hash_kept(fed):
    federation, admin = fed
    issued = member_key_issue(federation=federation, name="Cooperativa Lejana", user=admin)
    assert issued.key.startswith("rfm_") and len(issued.key) > 40
    member = Member.objects.get(pk=issued.member.pk)
    assert member.remote and member.status == MemberStatus.ACTIVE
    assert member.key_hash == hashlib.sha256(issued.key.encode()).hexdigest()
    assert issued.key not in str(Member.objects.filter(pk=member.pk).values().get())
    assert member_by_key(issued.key) == member
    again = member_key_issue(federation=federation, name="Cooperativa Lejana", user=admin)
    assert again.member.pk == member.pk and member_by_key(issued.key) is None and member_by_key(again.key) == member
    assert member_by_key("rfm_nada") is None and member_by_key("otra cosa") is None
    with pytest.raises(ValidationError):
        member_key_issue(federation=federation, name="  ", user=admin)
    coop = Cooperative.objects.create(slug="coop-z", name="Coop Z")
    with pytest.raises(PermissionDenied):
        member_key_issue(federation=federation, name="Otra", user=person("az@example.org", coop))


def test_a_key_of_another_organisation_can_neither_answer_nor_remove_a_member(fed):
    from rumbo.accounts.access import Operator

    federation, admin = fed
    coop, elsewhere = (Cooperative.objects.create(slug=s, name=s) for s in ("coop-k", "otra-k"))
    member = member_invite(federation=federation, cooperative=coop, user=admin)
    outsider_key = Operator("api key", cooperative_id=elsewhere.pk)  # an admin-level key, of another organisation
    with pytest.raises(PermissionDenied):
        invitation_accept(member=member, user=None, membership=outsider_key)
    invitation_accept(member=member, user=None, membership=Operator("api key", cooperative_id=coop.pk))
    with pytest.raises(PermissionDenied):
        member_leave(member=member, user=None, membership=outsider_key)
    assert Member.objects.get(pk=member.pk).status == MemberStatus.ACTIVE
    member_leave(member=member, user=None, membership=Operator("api key", cooperative_id=federation.cooperative_id))
    assert Member.objects.get(pk=member.pk).status == MemberStatus.LEFT
