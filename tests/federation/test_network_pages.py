"""The federation's own pages: «Miembros e invitaciones» for its admins, and the network's published figures."""

import re

import pytest
from django.urls import reverse

from rumbo.federation.models import Member, MemberStatus
from rumbo.federation.services.federations import key_hash
from rumbo.orgs.models import Cooperative
from tests.federation import network
from tests.federation.screens import built
from tests.once import per_file

pytestmark = pytest.mark.django_db


_net_once, net = per_file("net", lambda: built(5))


def members_url(net):
    return reverse("federation:members", args=[net.federation.cooperative.slug])


def figures_url(net, slug=network.VOLUME):
    return reverse("federation:figures", args=[net.federation.cooperative.slug, slug])


def test_the_admin_sees_each_member_and_what_it_shares_never_its_figures(client, net):
    client.force_login(net.fed_admin)
    page = client.get(members_url(net)).content.decode()
    for coop in net.coops:
        assert coop.name in page
    assert "Volumen vendido" in page
    # Member 0 sells 100, 101, 102 kg: none of a member's figures is on the page.
    for figure in ("100", "101", "102", "Nota confidencial", "Nombre Secreto"):
        assert figure not in re.sub(r"<[^>]+>", " ", page).split(), figure


@pytest.mark.parametrize("role", ["fed_editor", "fed_viewer"])
def test_editors_and_viewers_of_the_federation_cannot_open_the_members_page(client, net, role):
    client.force_login(getattr(net, role))
    assert client.get(members_url(net)).status_code == 403
    assert (
        client.post(
            reverse("federation:member_key", args=[net.federation.cooperative.slug]), {"key-name": "X"}
        ).status_code
        == 403
    )
    assert not Member.objects.filter(name="X").exists()


def test_a_member_cooperatives_admin_is_not_let_into_the_federations_pages(client, net):
    client.force_login(net.admins[0])
    assert client.get(members_url(net)).status_code == 404
    assert client.get(figures_url(net)).status_code == 404


def test_the_admin_invites_a_cooperative_of_this_install_by_its_identifier(client, net):
    Cooperative.objects.create(slug="coop-nueva", name="Cooperativa Nueva")
    client.force_login(net.fed_admin)
    response = client.post(
        reverse("federation:member_invite", args=[net.federation.cooperative.slug]),
        {"invite-cooperative": "coop-nueva"},
    )
    assert response.status_code == 302
    member = Member.objects.get(federation=net.federation, cooperative__slug="coop-nueva")
    assert member.status == MemberStatus.INVITED
    assert "Cooperativa Nueva" in client.get(members_url(net)).content.decode()


def test_an_unknown_identifier_or_a_member_already_in_is_refused_in_spanish(client, net):
    client.force_login(net.fed_admin)
    url = reverse("federation:member_invite", args=[net.federation.cooperative.slug])
    unknown = client.post(url, {"invite-cooperative": "no-existe"})
    assert (
        unknown.status_code == 400
        and "No hay ninguna cooperativa con el identificador «no-existe»" in unknown.content.decode()
    )
    again = client.post(url, {"invite-cooperative": net.coops[0].slug})
    assert again.status_code == 400 and "ya es miembro" in again.content.decode()
    assert Member.objects.filter(federation=net.federation).count() == 5


def test_a_member_key_is_shown_once_and_only_its_hash_is_kept(client, net):
    client.force_login(net.fed_admin)
    response = client.post(
        reverse("federation:member_key", args=[net.federation.cooperative.slug]), {"key-name": "Cooperativa Lejana"}
    )
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    key = re.search(r'<code class="member-key">([^<]+)</code>', response.content.decode()).group(1)
    member = Member.objects.get(federation=net.federation, name="Cooperativa Lejana")
    assert member.key_hash == key_hash(key) and member.remote
    again = client.get(members_url(net)).content.decode()
    assert key not in again and "Cooperativa Lejana" in again and "en otro Rumbo" in again


def test_a_key_needs_a_name(client, net):
    client.force_login(net.fed_admin)
    response = client.post(reverse("federation:member_key", args=[net.federation.cooperative.slug]), {"key-name": " "})
    assert response.status_code == 400 and 'class="member-key"' not in response.content.decode()


def test_the_admin_removes_a_member_and_its_figures_leave_the_statistics(client, net):
    client.force_login(net.fed_admin)
    response = client.post(
        reverse("federation:member_remove", args=[net.federation.cooperative.slug]), {"member": net.members[0].pk}
    )
    assert response.status_code == 302
    net.members[0].refresh_from_db()
    assert net.members[0].status == MemberStatus.LEFT and not net.members[0].contributions.exists()
    page = client.get(figures_url(net)).content.decode()
    assert "no publicable" in page and "Menos de 5 cooperativas" in page


def test_a_member_of_another_federation_cannot_be_removed_from_this_one(client, net):
    from rumbo.federation.services.federations import federation_create

    other = federation_create(slug="otra-red", name="Otra red", user=None)
    stranger = Member.objects.create(federation=other, name="Ajena", status=MemberStatus.ACTIVE)
    client.force_login(net.fed_admin)
    response = client.post(
        reverse("federation:member_remove", args=[net.federation.cooperative.slug]), {"member": stranger.pk}
    )
    assert response.status_code == 404
    stranger.refresh_from_db()
    assert stranger.status == MemberStatus.ACTIVE


def test_k_is_never_set_below_three(client, net):
    client.force_login(net.fed_admin)
    url = reverse("federation:settings", args=[net.federation.cooperative.slug])
    assert client.post(url, {"k-min_contributors": "2"}).status_code == 400
    assert client.post(url, {"k-min_contributors": "6"}).status_code == 302
    net.federation.refresh_from_db()
    assert net.federation.min_contributors == 6
    assert "Menos de 6 cooperativas" in client.get(figures_url(net)).content.decode()


@pytest.mark.parametrize("role", ["fed_admin", "fed_editor", "fed_viewer"])
def test_everyone_of_the_federation_reads_the_network_figures(client, net, role):
    client.force_login(getattr(net, role))
    index = client.get(reverse("federation:figures_index", args=[net.federation.cooperative.slug]))
    assert index.status_code == 200 and figures_url(net) in index.content.decode()
    page = client.get(figures_url(net)).content.decode()
    # Five members sell 100, 400, 900, 1.600 and 2.500 kg in January: each quartile rests on two of them.
    assert "5.500 kg" in page and "950 kg" in page and "450 kg" in page and "1.650 kg" in page
    for member in ("100 kg", "400 kg", "900 kg", "1.600 kg", "2.500 kg"):
        assert member not in page


def test_a_suppressed_period_says_why_in_plain_spanish(client, net):
    net = built(4, prefix="b")  # fewer than k = 5, beside the file's network of five
    client.force_login(net.fed_admin)
    page = client.get(figures_url(net)).content.decode()
    assert "no publicable" in page and "Menos de 5 cooperativas: solo 4 enviaron su cifra." in page
    assert "3.000" not in page  # the hidden total of January


def test_a_template_outside_the_catalogue_is_not_found(client, net):
    client.force_login(net.fed_admin)
    assert client.get(figures_url(net, "no-es-plantilla")).status_code == 404


def test_a_cooperative_has_no_federation_pages(client, net):
    client.force_login(net.admins[0])
    slug = net.coops[0].slug
    assert client.get(reverse("federation:members", args=[slug])).status_code == 404
    assert client.get(reverse("federation:figures_index", args=[slug])).status_code == 404


def test_the_federations_board_shows_its_network_kpi_with_the_networks_total(client, net):
    client.force_login(net.fed_viewer)
    # The network KPI starts as a metric (no objective yet): the board lists it with the metrics.
    page = client.get(reverse("kpis:board", args=[net.federation.cooperative.slug]) + "?kind=all").content.decode()
    assert "Volumen vendido" in page and "5.510 kg" in page  # March: 102 + 402 + 902 + 1.602 + 2.502


def test_the_network_kpis_page_links_to_its_figures_by_period(client, net):
    from rumbo.kpis.models import Kpi

    kpi = Kpi.objects.get(cooperative=net.federation.cooperative, template_slug=network.VOLUME)
    client.force_login(net.fed_viewer)
    page = client.get(reverse("kpis:kpi_detail", args=[net.federation.cooperative.slug, kpi.pk])).content.decode()
    assert figures_url(net) in page and "Ver las cifras de la red por periodo" in page
    client.force_login(net.admins[0])  # a member's own KPI of the same template has no such link
    own = client.get(reverse("kpis:kpi_detail", args=[net.coops[0].slug, net.kpi(0).pk])).content.decode()
    assert "Ver las cifras de la red por periodo" not in own


def test_the_federations_okrs_reports_and_assembly_pdf_are_the_usual_pages(client, net):
    from rumbo.kpis.models import Kpi

    Kpi.objects.filter(cooperative=net.federation.cooperative).update(kind="kpi")  # on the one-page PDF
    client.force_login(net.fed_admin)
    slug = net.federation.cooperative.slug
    for name in ("okrs:page", "reports:page", "kpis:objectives"):
        assert client.get(reverse(name, args=[slug])).status_code == 200, name
    pdf = client.get(reverse("reports:pdf", args=[slug]), {"tipo": "tablero", "idioma": "es"})
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def count_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_members_and_figures_pages_read_as_many_rows_whatever_the_members(client, net):
    client.force_login(net.fed_admin)
    pages = [
        members_url(net),
        reverse("federation:figures_index", args=[net.federation.cooperative.slug]),
        figures_url(net),
    ]
    before = [count_queries(client, url) for url in pages]
    for i in range(5, 9):
        network.join(net, i)
    assert [count_queries(client, url) for url in pages] == before
