"""Leaving a network through the API: the cooperative's admin leaves, or the federation's admin removes a member.

Both call the service behind «Salir de la red» and «Retirar de la red»: the member's shares stop, its
contributions go and the figures are published anew without it, at once.
"""

import pytest

from rumbo.api.models import ApiActivity
from rumbo.federation.models import Contribution, Figure, Member, MemberStatus, Share
from tests.api.federation import call, cast, problem_of
from tests.federation.network import VOLUME, build
from tests.once import per_file

pytestmark = pytest.mark.django_db


_net_once, net = per_file("net", lambda: cast(6))


def network_contributors(net) -> set[int]:
    return set(
        Figure.objects.filter(federation=net.net.federation, region__isnull=True).values_list("contributors", flat=True)
    )


def test_a_cooperative_leaves_and_its_figures_leave_the_statistics_at_once(client, net):
    assert network_contributors(net) == {6}
    response = call(client, "post", f"/c/{net.coop_slug}/networks/{net.fed_slug}/leave", net.member["admin"])
    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["federation"]) == ("left", net.fed_slug)
    member = Member.objects.get(cooperative__slug=net.coop_slug)
    assert member.status == MemberStatus.LEFT and member.left_at is not None
    assert not Contribution.objects.filter(member=member).exists()
    assert not Share.objects.filter(member=member, stopped_at__isnull=True).exists()
    assert network_contributors(net) == {5}
    assert ApiActivity.objects.get(status=200).summary == "La cooperativa dejó «Red Café»"
    again = call(client, "post", f"/c/{net.coop_slug}/networks/{net.fed_slug}/leave", net.member["admin"])
    assert again.status_code == 404  # no longer a member


def test_a_key_that_is_not_its_admins_cannot_leave(client, net):
    for role in ("area", "reader"):
        response = call(client, "post", f"/c/{net.coop_slug}/networks/{net.fed_slug}/leave", net.member[role])
        assert response.status_code == 403
    assert Member.objects.get(cooperative__slug=net.coop_slug).status == MemberStatus.ACTIVE


def test_the_federation_removes_a_member_as_its_members_page_does(client, net):
    gone = Member.objects.get(cooperative=net.net.coops[3])
    response = call(client, "post", f"/c/{net.fed_slug}/federation/members/{gone.pk}/remove", net.fed["admin"])
    assert response.status_code == 200, response.content
    assert (response.json()["id"], response.json()["status"], response.json()["templates"]) == (gone.pk, "left", [])
    assert Member.objects.get(pk=gone.pk).status == MemberStatus.LEFT
    assert not Contribution.objects.filter(member=gone, template_slug=VOLUME).exists()
    assert network_contributors(net) == {5}


def test_a_member_of_another_federation_or_no_member_is_not_found(client, net):
    other = build(5, prefix="b")
    stranger = Member.objects.get(cooperative=other.coops[0])
    for member_id in (stranger.pk, 999_999):
        response = call(client, "post", f"/c/{net.fed_slug}/federation/members/{member_id}/remove", net.fed["admin"])
        assert problem_of(response, 404)["detail"]
    assert Member.objects.get(pk=stranger.pk).status == MemberStatus.ACTIVE
