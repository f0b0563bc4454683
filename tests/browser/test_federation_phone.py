"""The federation's pages and a member's band on a 360-px phone: nothing scrolls sideways, axe-core finds no WCAG 2.2 AA
violation, in Spanish and English, for the federation's admin and for a member cooperative's admin."""

import pytest
from django.urls import reverse

from rumbo.federation.services.federations import member_key_issue
from tests.browser.phone_walk import axe_violations, measure, open_all_details, open_page, signed_in_phone
from tests.federation import network
from tests.federation.screens import built


def federation_pages(net):
    from rumbo.kpis.models import Kpi

    slug = net.federation.cooperative.slug
    network_kpi = Kpi.objects.get(cooperative=net.federation.cooperative, template_slug=network.VOLUME)
    return [
        reverse("kpis:board", args=[slug]) + "?kind=all",
        reverse("kpis:kpi_detail", args=[slug, network_kpi.pk]),
        reverse("federation:members", args=[slug]),
        reverse("federation:figures_index", args=[slug]),
        reverse("federation:figures", args=[slug, network.VOLUME]),
        reverse("federation:figures", args=[slug, network.VOLUME]) + "?region=valle-alto-del-rio-de-las-cooperativas",
    ]


def _regions(net):
    """Two regions, one with a long name; one of them with fewer than k members (only its count is published)."""
    from rumbo.federation.services.regions import member_region_set, region_add

    long = region_add(federation=net.federation, name="Valle alto del río de las cooperativas", user=None)
    short = region_add(federation=net.federation, name="Costa", user=None)
    for i, member in enumerate(net.members):
        member_region_set(member=member, region=long if i < 3 else short, user=None)


def member_pages(net):
    slug = net.coops[0].slug
    return [
        reverse("kpis:board", args=[slug]) + "?kind=all",
        reverse("kpis:kpi_detail", args=[slug, net.kpi(0).pk]),
        reverse("federation:networks", args=[slug]),
        reverse("federation:sharing", args=[slug]),
    ]


def _linked_elsewhere(net):
    """The first member also pushes to a federation on another Rumbo that is not answering: every line of its status."""
    from datetime import timedelta

    from django.utils import timezone

    from rumbo.federation.models import LinkStatus, RemoteLink, Share

    link = RemoteLink.objects.create(
        cooperative=net.coops[0],
        url="https://red-de-cooperativas-de-un-nombre-muy-largo.example.org",
        key="rfm_" + "x" * 43,
        federation_name="Unión de Cooperativas Cafetaleras del Occidente",
        status=LinkStatus.RETRYING,
        attempts=2,
        last_push_at=timezone.now() - timedelta(days=2),
        next_attempt_at=timezone.now() + timedelta(minutes=5),
        last_error="Conexión rechazada: la federación no responde",
    )
    Share.objects.create(cooperative=net.coops[0], link=link, kpi=net.kpi(0))


@pytest.mark.browser
def test_the_federation_pages_and_the_band_fit_a_phone_and_pass_axe(live_server, transactional_db, browser):
    net = built(5)
    net.members[1].federation.cooperative
    member_key_issue(
        federation=net.federation, name="Cooperativa con un nombre largo de verdad, Sociedad Limitada", user=None
    )
    _linked_elsewhere(net)
    _regions(net)
    findings, violations = [], []
    for user, urls in ((net.fed_admin, federation_pages(net)), (net.admins[0], member_pages(net))):
        for language in ("es", "en"):
            user.language = language
            user.save(update_fields=["language"])
            context, page = signed_in_phone(browser, live_server.url, user)
            for url in urls:
                assert open_page(page, url) is not None, url
                open_all_details(page, "details")
                found = measure(page, url)
                if found.overflow:
                    findings.append(found)
                violations += [(language, url, v) for v in axe_violations(page)]
            context.close()
    assert findings == [] and violations == []


@pytest.mark.browser
def test_the_member_sees_its_quarter_and_the_band_on_its_phone(live_server, transactional_db, browser):
    net = built(5)
    context, page = signed_in_phone(browser, live_server.url, net.admins[4])
    page.goto(live_server.url + reverse("kpis:kpi_detail", args=[net.coops[4].slug, net.kpi(4).pk]))
    sentence = page.locator(".network-sentence")
    assert "Su cooperativa está en el cuarto superior de las 5 cooperativas" in sentence.inner_text()
    assert page.locator("svg.network-chart .network-band").count() == 1
    context.close()
