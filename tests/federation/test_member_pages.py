"""A cooperative's side of its networks: the invitation its admin answers, «Compartir con la red», and its band."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from rumbo.accounts.models import Membership, User
from rumbo.federation.models import Contribution, Member, MemberStatus, Share
from rumbo.federation.services.federations import member_invite
from rumbo.federation.services.sharing import contributions_of
from rumbo.kpis.models import Kpi
from rumbo.kpis.services.values import value_record
from rumbo.orgs.models import Cooperative
from tests.federation import network
from tests.federation.screens import built

pytestmark = pytest.mark.django_db


@pytest.fixture
def net():
    return built(5)


def url(name, coop):
    return reverse(f"federation:{name}", args=[coop.slug])


def viewer_of(coop):
    user = User.objects.create_user(
        username=f"v-{coop.slug}@example.org", email=f"v-{coop.slug}@example.org", password="x"
    )
    Membership.objects.create(user=user, cooperative=coop, role="viewer")
    return user


def test_the_admin_accepts_an_invitation_and_is_sent_to_choose_what_to_share(client, net):
    coop = Cooperative.objects.create(slug="coop-nueva", name="Cooperativa Nueva")
    admin = network.person("nueva@example.org", coop)
    member = member_invite(federation=net.federation, cooperative=coop, user=net.fed_admin)
    client.force_login(admin)
    page = client.get(url("networks", coop)).content.decode()
    assert "«Red Café» invita a su cooperativa" in page
    response = client.post(url("answer", coop), {"member": member.pk, "answer": "accept"})
    assert response.status_code == 302 and response["Location"] == url("sharing", coop)
    member.refresh_from_db()
    assert member.status == MemberStatus.ACTIVE


def test_the_admin_declines_an_invitation(client, net):
    coop = Cooperative.objects.create(slug="coop-nueva", name="Cooperativa Nueva")
    admin = network.person("nueva@example.org", coop)
    member = member_invite(federation=net.federation, cooperative=coop, user=net.fed_admin)
    client.force_login(admin)
    assert client.post(url("answer", coop), {"member": member.pk, "answer": "decline"}).status_code == 302
    member.refresh_from_db()
    assert member.status == MemberStatus.DECLINED
    again = client.post(url("answer", coop), {"member": member.pk, "answer": "accept"})
    assert again.status_code == 302
    member.refresh_from_db()
    assert member.status == MemberStatus.DECLINED  # «Esta invitación ya no está pendiente.»


def test_an_invitation_of_another_cooperative_cannot_be_answered(client, net):
    coop = Cooperative.objects.create(slug="coop-nueva", name="Cooperativa Nueva")
    member = member_invite(federation=net.federation, cooperative=coop, user=net.fed_admin)
    client.force_login(net.admins[0])  # an admin of another member
    response = client.post(url("answer", net.coops[0]), {"member": member.pk, "answer": "accept"})
    assert response.status_code == 404
    member.refresh_from_db()
    assert member.status == MemberStatus.INVITED


def test_only_the_cooperatives_admin_opens_its_networks_and_sharing(client, net):
    coop = net.coops[0]
    client.force_login(viewer_of(coop))
    for name in ("networks", "sharing"):
        assert client.get(url(name, coop)).status_code == 403
    kpi = net.kpi(0)
    assert (
        client.post(
            url("share_change", coop), {"member": net.members[0].pk, "kpi": kpi.pk, "action": "stop"}
        ).status_code
        == 403
    )
    assert Share.objects.filter(kpi=kpi, stopped_at__isnull=True).exists()


def test_the_preview_shows_exactly_the_rows_that_are_sent(client, net):
    coop, member = net.coops[0], net.members[0]
    client.force_login(net.admins[0])
    page = client.get(url("sharing", coop)).content.decode()
    sent = contributions_of(coop, member)
    assert len(sent.rows) == 3
    cells = re.findall(r'<td class="num">([^<]*)</td>', page)
    for row in sent.rows:  # 100, 101, 102 kg
        assert f"{row.value.normalize():f}" in cells
    assert "Nota confidencial" not in page
    assert "Volumen vendido: 3 valores" in page


def test_stopping_removes_the_contributions_and_sharing_again_sends_them(client, net):
    coop, member, kpi = net.coops[0], net.members[0], net.kpi(0)
    client.force_login(net.admins[0])
    stop = client.post(url("share_change", coop), {"member": member.pk, "kpi": kpi.pk, "action": "stop"})
    assert stop.status_code == 302
    assert not Contribution.objects.filter(member=member).exists()
    page = client.get(url("sharing", coop)).content.decode()
    assert "no compartido" in page and "no comparte ningún indicador con esta red" in page
    share = client.post(url("share_change", coop), {"member": member.pk, "kpi": kpi.pk, "action": "share"})
    assert share.status_code == 302
    assert Contribution.objects.filter(member=member).count() == 3  # the push ran at once (tests' immediate queue)


def test_a_kpi_not_from_the_catalogue_is_refused_with_the_reason(client, net):
    coop, member = net.coops[0], net.members[0]
    own = Kpi.objects.create(cooperative=coop, slug="propio", name="Indicador propio", area="ventas", frequency="month")
    client.force_login(net.admins[0])
    page = client.get(url("sharing", coop)).content.decode()
    assert "1 indicador no se puede compartir" in page and "Indicador propio" in page
    assert "no viene de una plantilla del catálogo" in page  # the reason, before anyone tries
    response = client.post(
        url("share_change", coop), {"member": member.pk, "kpi": own.pk, "action": "share"}, follow=True
    )
    assert "no viene de una plantilla del catálogo" in response.content.decode()
    assert not Share.objects.filter(kpi=own).exists()


def test_a_kpi_of_another_cooperative_cannot_be_shared_through_ones_own_membership(client, net):
    client.force_login(net.admins[0])
    response = client.post(
        url("share_change", net.coops[0]), {"member": net.members[0].pk, "kpi": net.kpi(1).pk, "action": "stop"}
    )
    assert response.status_code == 404
    assert Share.objects.filter(kpi=net.kpi(1), stopped_at__isnull=True).exists()


def test_leaving_the_network_takes_the_cooperatives_figures_out(client, net):
    client.force_login(net.admins[0])
    response = client.post(url("leave", net.coops[0]), {"member": net.members[0].pk})
    assert response.status_code == 302
    net.members[0].refresh_from_db()
    assert net.members[0].status == MemberStatus.LEFT and not net.members[0].contributions.exists()


def kpi_page(coop, kpi):
    return reverse("kpis:kpi_detail", args=[coop.slug, kpi.pk])


def test_the_kpi_page_tells_the_members_quarter_and_draws_the_band(client, net):
    # Member 4 sells the most (2.502 kg in March): the top quarter of the five members.
    client.force_login(net.admins[4])
    page = client.get(kpi_page(net.coops[4], net.kpi(4))).content.decode()
    assert "Su cooperativa está en el cuarto superior de las 5 cooperativas de la red que miden este indicador." in page
    assert 'class="network-band"' in page and 'class="network-median"' in page
    # The band, never another member's figure: what the others sold in March is nowhere on the page.
    text = re.sub(r"<[^>]+>", " ", page)
    for other in ("102 kg", "402 kg", "902 kg", "1.602 kg"):
        assert other not in text
    assert "2.502 kg" in text and "952 kg" in text  # its own figure, and the network's median
    bottom = client.get(kpi_page(net.coops[0], net.kpi(0)))
    assert bottom.status_code == 403 or "cuarto inferior" not in bottom.content.decode()
    client.force_login(net.admins[0])
    assert (
        "Su cooperativa está en el cuarto inferior de las 5"
        in client.get(kpi_page(net.coops[0], net.kpi(0))).content.decode()
    )


def test_lower_is_better_turns_the_words_round(client):
    net = built(5, slugs=(network.OVERDUE,))
    client.force_login(net.admins[0])  # the lowest overdue share: the best quarter
    page = client.get(kpi_page(net.coops[0], net.kpi(0, network.OVERDUE))).content.decode()
    assert "en el cuarto con las cifras más bajas, el mejor en este indicador" in page


def test_the_board_tile_says_the_quarter_in_a_few_words(client, net):
    client.force_login(net.admins[4])
    page = client.get(reverse("kpis:board", args=[net.coops[4].slug]) + "?kind=all").content.decode()
    assert '<p class="tile-note">Red: cuarto superior</p>' in page


def test_the_band_follows_new_figures_on_pages_seen_before(client, net):
    client.force_login(net.admins[0])
    assert "cuarto inferior" in client.get(kpi_page(net.coops[0], net.kpi(0))).content.decode()
    client.force_login(net.admins[3])
    assert "en el segundo cuarto" in client.get(kpi_page(net.coops[3], net.kpi(3))).content.decode()
    march = net.kpi(0).measurements.get(period=date(2025, 3, 1))
    value_record(kpi=net.kpi(0), period=march.period, value=Decimal(3000), user=None, version=march.version)
    # Member 3 changed nothing, yet its kept page follows the network's new figures.
    assert "en el tercer cuarto" in client.get(kpi_page(net.coops[3], net.kpi(3))).content.decode()
    client.force_login(net.admins[0])
    assert "cuarto superior" in client.get(kpi_page(net.coops[0], net.kpi(0))).content.decode()


def test_a_kpi_not_shared_shows_no_network(client, net):
    Share.objects.filter(kpi=net.kpi(0)).update(stopped_at=net.members[0].joined_at)
    client.force_login(net.admins[0])
    page = client.get(kpi_page(net.coops[0], net.kpi(0))).content.decode()
    assert "Su cooperativa está" not in page and "network-band" not in page


def test_a_federation_has_no_networks_page(client, net):
    client.force_login(net.fed_admin)
    assert client.get(url("networks", net.federation.cooperative)).status_code == 404
    assert client.get(url("sharing", net.federation.cooperative)).status_code == 404


def test_without_networks_the_pages_say_so(as_admin, cast):
    assert "no es miembro de ninguna red todavía" in as_admin.get(url("networks", cast.coop)).content.decode()
    assert "no es miembro de ninguna red" in as_admin.get(url("sharing", cast.coop)).content.decode()
    assert Member.objects.count() == 0


def test_a_member_counting_in_quintales_reads_the_band_in_quintales(client, net):
    from rumbo.federation.tasks import enqueue_push

    Kpi.objects.filter(pk=net.kpi(0).pk).update(unit="qq")  # its 102 «kg» of March were quintales all along
    enqueue_push(net.coops[0].pk)  # the push converts them: 102 qq = 4.627 kg, the most of the network
    client.force_login(net.admins[0])
    page = client.get(kpi_page(net.coops[0], net.kpi(0))).content.decode()
    assert "Su cooperativa está en el cuarto superior de las 5" in page
    # March's median of the network is 1.652 kg, about 36 qq: the band is drawn and told in the KPI's unit.
    assert re.search(r'<td class="num">36(,\d+)? qq</td>', page), "the median in quintales"


def test_the_tiles_bands_take_three_queries_however_many_kpis_are_shared(django_assert_num_queries):
    from rumbo.federation.presenters.kpi_page import tile_notes

    net = built(5, slugs=(network.VOLUME, network.ON_TIME, network.OVERDUE))
    kpis = list(Kpi.objects.filter(cooperative=net.coops[4]))
    with django_assert_num_queries(3):  # the shares, the network's figures, its own contributions
        notes = tile_notes(net.coops[4], kpis, "es")
    assert len(notes) == 3 and all(note.startswith("Red: ") for note in notes.values())
    Share.objects.filter(cooperative=net.coops[4]).update(stopped_at=net.members[4].joined_at)
    with django_assert_num_queries(1):  # a cooperative that shares nothing: one look
        assert tile_notes(net.coops[4], kpis, "es") == {}
