"""Every federation URL walked in a federation and in a member cooperative, with every role: who sees what, CSRF, no GET writes."""

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from rumbo.accounts.models import Membership, User
from rumbo.federation.models import Contribution, Figure, Member, Share
from tests.accounts.test_get_writes_nothing import Writes
from tests.accounts.test_url_walk import FEDERATION_PAGES, coop_url_names
from tests.federation import network
from tests.federation.screens import built
from tests.once import per_file

NAMES = sorted(n for n in set(coop_url_names()) if n.startswith("federation:"))
MEMBER_PAGES = sorted(set(NAMES) - FEDERATION_PAGES)
GET_PAGES = {
    "federation:members",
    "federation:figures_index",
    "federation:figures",
    "federation:networks",
    "federation:sharing",
}
ADMIN_PAGES = {"federation:members", "federation:networks", "federation:sharing"}


def urls(slug, names):
    for name in names:
        kwargs = {"coop_slug": slug}
        if name == "federation:figures":
            kwargs["slug"] = network.VOLUME
        yield name, reverse(name, kwargs=kwargs)


def _network():
    found = built(5)
    outsider = User.objects.create_user(username="fuera@example.org", email="fuera@example.org", password="x")
    from rumbo.orgs.models import Cooperative

    Membership.objects.create(
        user=outsider, cooperative=Cooperative.objects.create(slug="fuera", name="Fuera"), role="admin"
    )
    found.outsider = outsider  # type: ignore[attr-defined]
    member_viewer = User.objects.create_user(username="mv@example.org", email="mv@example.org", password="x")
    Membership.objects.create(user=member_viewer, cooperative=found.coops[0], role="viewer")
    found.member_viewer = member_viewer  # type: ignore[attr-defined]
    return found


_net_once, net = per_file("net", _network)


def test_the_walk_covers_every_federation_url():
    assert set(NAMES) >= FEDERATION_PAGES and len(MEMBER_PAGES) >= 5


@pytest.mark.parametrize("who", ["fed_admin", "fed_editor", "fed_viewer"])
def test_the_federations_people_see_what_their_role_allows(client, net, who):
    client.force_login(getattr(net, who))
    for name, url in urls(net.federation.cooperative.slug, sorted(FEDERATION_PAGES & GET_PAGES)):
        status = client.get(url).status_code
        expected = 200 if who == "fed_admin" or name not in ADMIN_PAGES else 403
        assert status == expected, f"GET {name} as {who} gave {status}"
    for name, url in urls(net.federation.cooperative.slug, MEMBER_PAGES):  # a federation is nobody's member
        assert client.get(url).status_code in (403, 404, 405), name


@pytest.mark.parametrize("who", ["outsider", "member_admin", "member_viewer"])
def test_nobody_outside_the_federation_reaches_its_pages(client, net, who):
    user = net.admins[0] if who == "member_admin" else getattr(net, who)
    client.force_login(user)
    for name, url in urls(net.federation.cooperative.slug, NAMES):
        for method in ("get", "post"):
            status = getattr(client, method)(url, {"member": net.members[0].pk}).status_code
            assert status == 404, f"{method.upper()} {name} as {who} gave {status}"


def test_a_member_cooperatives_viewer_cannot_change_its_consent(client, net):
    client.force_login(net.member_viewer)
    for name, url in urls(net.coops[0].slug, MEMBER_PAGES):
        data = {"member": net.members[0].pk, "kpi": net.kpi(0).pk, "action": "stop", "answer": "decline"}
        assert client.post(url, data).status_code == 403, name
    assert Share.objects.filter(stopped_at__isnull=True).count() == 5


def test_every_federation_form_refuses_a_post_without_the_token(net):
    before = (
        Member.objects.count(),
        Share.objects.filter(stopped_at__isnull=True).count(),
        Contribution.objects.count(),
    )
    for user, slug in ((net.fed_admin, net.federation.cooperative.slug), (net.admins[0], net.coops[0].slug)):
        client = Client(enforce_csrf_checks=True)
        client.force_login(user)
        for name, url in urls(slug, NAMES):
            data = {"member": net.members[0].pk, "kpi": net.kpi(0).pk, "action": "stop", "key-name": "X"}
            assert client.post(url, data).status_code in (403, 405), name
    assert (
        Member.objects.count(),
        Share.objects.filter(stopped_at__isnull=True).count(),
        Contribution.objects.count(),
    ) == before


@pytest.mark.parametrize("who", ["fed_admin", "fed_viewer", "member_admin"])
def test_no_get_of_a_federation_page_writes_a_row(client, net, who):
    user = net.admins[0] if who == "member_admin" else getattr(net, who)
    slug = net.coops[0].slug if who == "member_admin" else net.federation.cooperative.slug
    client.force_login(user)
    writes = Writes()
    figures = list(Figure.objects.values_list("pk", flat=True))
    with connection.execute_wrapper(writes):
        for name, url in [*urls(slug, NAMES), ("board", reverse("kpis:board", args=[slug]))]:
            writes.url = url
            assert client.get(url).status_code < 500, name
        if who == "member_admin":
            url = reverse("kpis:kpi_detail", args=[slug, net.kpi(0).pk])
            writes.url = url
            assert client.get(url).status_code == 200
    assert writes.found == []
    assert list(Figure.objects.values_list("pk", flat=True)) == figures
