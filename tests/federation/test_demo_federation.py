"""The demo's network «Red Café del Sur»: twelve cooperatives sharing catalogue KPIs, figures published with k = 5."""

from datetime import date

import pytest
from django.urls import reverse

from rumbo.accounts.models import User
from rumbo.demo import SLUG as DEMO_SLUG
from rumbo.demo import load_demo_with_network
from rumbo.demo.federation import LOGIN, SLUG, TEMPLATES
from rumbo.federation.models import Contribution, Figure, Member, MemberStatus, Share
from rumbo.federation.services.sharing import contributions_of
from rumbo.kpis.models import Kpi
from rumbo.orgs.models import Cooperative
from tests.once import own_copy, written_once

TODAY = date(2026, 11, 27)


def _load():
    logins = load_demo_with_network(today=TODAY)
    return [login.email for login in logins]


@pytest.fixture(scope="module")
def _demo_once(request, django_db_setup, django_db_blocker):
    yield from written_once(request, django_db_blocker, "demo", _load)


@pytest.fixture
def demo(db, _demo_once):
    return own_copy(_demo_once, _load)


def test_the_network_has_twelve_active_members_with_cafe_del_sur_among_them(demo):
    assert LOGIN.email in demo
    members = Member.objects.filter(federation__cooperative__slug=SLUG)
    assert members.count() == 12 and set(members.values_list("status", flat=True)) == {MemberStatus.ACTIVE}
    assert members.filter(cooperative__slug=DEMO_SLUG).exists()
    shared = [Share.objects.filter(member=m, stopped_at__isnull=True).count() for m in members]
    assert min(shared) >= 3 and max(shared) == len(TEMPLATES) and len(set(shared)) > 1  # some share fewer


def test_what_the_federation_keeps_is_exactly_what_each_member_sends(demo):
    for member in Member.objects.filter(federation__cooperative__slug=SLUG).select_related("cooperative")[:3]:
        sent = contributions_of(member.cooperative, member)
        kept = Contribution.objects.filter(member=member)
        assert kept.count() == len(sent.rows) > 0


def test_no_published_figure_rests_on_fewer_than_five_members_and_some_are_suppressed(demo):
    figures = Figure.objects.filter(federation__cooperative__slug=SLUG)
    assert figures.filter(median__isnull=False).count() > 50
    assert not figures.filter(contributors__lt=5, median__isnull=False).exists()
    assert not figures.filter(contributors__lt=5, total__isnull=False).exists()
    assert figures.filter(median__isnull=True).exists()  # the early months, when few members sent figures


def test_the_network_is_also_published_for_its_two_regions(demo):
    members = Member.objects.filter(federation__cooperative__slug=SLUG)
    assert set(members.values_list("region__name", flat=True)) == {"Occidente", "Oriente"}
    assert all(members.filter(region__name=name).count() == 6 for name in ("Occidente", "Oriente"))
    by_region = Figure.objects.filter(federation__cooperative__slug=SLUG, region__isnull=False)
    assert by_region.filter(median__isnull=False).exists()
    assert not by_region.filter(contributors__lt=5, median__isnull=False).exists()


def test_cafe_del_sur_sees_its_quarter_on_a_shared_kpi(demo, client):
    client.force_login(User.objects.get(email="gerencia@cafedelsur.coop"))
    kpi = Kpi.objects.get(cooperative__slug=DEMO_SLUG, name="Entregas a tiempo y completas")
    page = client.get(reverse("kpis:kpi_detail", args=[DEMO_SLUG, kpi.pk])).content.decode()
    assert "Su cooperativa está en el" in page and "cooperativas de la red que miden este indicador" in page
    assert 'class="network-band"' in page
    board = client.get(reverse("kpis:board", args=[DEMO_SLUG]) + "?kind=all").content.decode()
    assert board.count('class="tile-note"') >= 4


def test_the_federations_admin_sees_its_network_kpis_and_members(demo, client):
    client.force_login(User.objects.get(email=LOGIN.email))
    board = client.get(reverse("kpis:board", args=[SLUG])).content.decode()
    assert "Entregas a tiempo y completas" in board and "Que cada cooperativa sepa dónde está y mejore" in board
    members = client.get(reverse("federation:members", args=[SLUG])).content.decode()
    assert members.count("en este Rumbo") == 12 and "Cooperativa Café del Sur" in members


def test_loading_again_replaces_the_network(demo):
    load_demo_with_network(today=TODAY)
    assert Cooperative.objects.filter(slug=SLUG).count() == 1
    assert Member.objects.filter(federation__cooperative__slug=SLUG).count() == 12
