"""A member measuring in its own «latas»: converted into kg with its own definition before anything leaves it.

The same path for a federation on this install and one on another Rumbo (`push_of`): the federation never learns
what a member's «lata» is worth, it receives kg. A change of the definition sends everything again and the
network's figures are published anew; a unit only the member knows is refused by the federation.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from rumbo.engine.choice.catalog import template
from rumbo.federation.models import Contribution, Figure, PublishedSet, RemoteLink
from rumbo.federation.remote.links import contributions_of_link, link_connect, link_share_start
from rumbo.federation.services.figures import figures_recompute, network_units
from rumbo.federation.services.sharing import contributions_of, share_start
from rumbo.kpis.services.values import NewValue, values_record_many
from rumbo.orgs.models import LocalUnit
from rumbo.orgs.services import local_unit_remove, local_unit_save
from tests.federation.network import MONTHS, VOLUME, catalogue_kpi, join
from tests.federation.remote import federation_with_keys, row, signed
from tests.federation.screens import built

pytestmark = pytest.mark.django_db
LATAS = (8, 16, 24)  # 100, 200 and 300 kg with a lata of 12,5 kg


def _latas_member(net):
    """A sixth member whose volume is counted in latas: 8, 16 and 24 of them."""
    join(net, 5)
    coop, admin, member = net.coops[5], net.admins[5], net.members[5]
    kpi = catalogue_kpi(coop, VOLUME, unit="latas")
    values_record_many([NewValue(kpi, p, Decimal(n)) for p, n in zip(MONTHS, LATAS)], user=admin, source="import")
    # As if the network's figures were first published with it among them: alone, a newcomer beside five members
    # already published is left out of the totals until k join (tests/federation/test_memory.py).
    PublishedSet.objects.filter(federation=net.federation).delete()
    return coop, admin, member, kpi


def _sent(push) -> list[tuple[date, Decimal, str]]:
    return [(r.period, r.value, r.unit) for r in push.rows]


def _contributed(member) -> dict[date, Decimal]:
    return dict(Contribution.objects.filter(member=member).values_list("period", "value"))


def test_a_kpi_in_latas_is_shared_once_the_cooperative_says_what_a_lata_is_worth():
    net = built(5)
    coop, admin, member, kpi = _latas_member(net)
    with pytest.raises(ValidationError) as refused:
        share_start(kpi=kpi, member=member, user=admin)
    assert "La unidad «latas»" in refused.value.messages[0] and "«Unidades propias»" in refused.value.messages[0]
    local_unit_save(cooperative=coop, name="lata", definition="12,5 kg", user=admin)
    share_start(kpi=kpi, member=member, user=admin)
    assert _sent(contributions_of(coop, member)) == [
        (MONTHS[0], Decimal(100), "kg"),
        (MONTHS[1], Decimal(200), "kg"),
        (MONTHS[2], Decimal(300), "kg"),
    ]


def test_the_federation_keeps_and_counts_kilos_and_a_new_definition_publishes_anew():
    net = built(5)
    coop, admin, member, kpi = _latas_member(net)
    lata = local_unit_save(cooperative=coop, name="lata", definition="12,5 kg", user=admin)
    share_start(kpi=kpi, member=member, user=admin)  # pushed and published at once (tasks run at once in tests)
    assert _contributed(member) == {MONTHS[0]: 100, MONTHS[1]: 200, MONTHS[2]: 300}
    assert set(Contribution.objects.filter(member=member).values_list("unit", flat=True)) == {"kg"}
    january = Figure.objects.get(federation=net.federation, template_slug=VOLUME, period=MONTHS[0])
    assert (january.contributors, january.total) == (6, 100 + 400 + 900 + 1600 + 2500 + 100)

    local_unit_save(cooperative=coop, unit=lata, name="lata", definition="13 kg", user=admin)

    assert _contributed(member) == {MONTHS[0]: 104, MONTHS[1]: 208, MONTHS[2]: 312}
    january = Figure.objects.get(federation=net.federation, template_slug=VOLUME, period=MONTHS[0])
    assert january.total == 5500 + 104

    local_unit_remove(unit=LocalUnit.objects.get(pk=lata.pk), user=admin)  # no longer converted: not compared

    assert _contributed(member) == {}
    assert Figure.objects.get(federation=net.federation, template_slug=VOLUME, period=MONTHS[0]).contributors == 5
    (withheld,) = contributions_of(coop, member).withheld
    assert withheld.kpi_id == kpi.pk and "«Unidades propias»" in withheld.reason


def test_the_sharing_screen_shows_the_kilos_exactly_as_they_are_sent_and_how(client):
    net = built(5)
    coop, admin, member, kpi = _latas_member(net)
    local_unit_save(cooperative=coop, name="lata", definition="12,5 kg", user=admin)
    share_start(kpi=kpi, member=member, user=admin)
    client.force_login(admin)
    page = client.get(reverse("federation:sharing", args=[coop.slug])).content.decode()
    assert "Su indicador se mide en «latas»: se envía en «kg», cada valor multiplicado por 12,5." in page
    for value in ("100", "200", "300"):
        assert f'<td class="num">{value}</td>' in page
    assert '<td class="num">8</td>' not in page  # the latas themselves never leave


def test_the_kpi_page_reads_the_networks_band_in_latas(client):
    net = built(5)
    coop, admin, member, kpi = _latas_member(net)
    local_unit_save(cooperative=coop, name="lata", definition="12,5 kg", user=admin)
    share_start(kpi=kpi, member=member, user=admin)
    client.force_login(admin)
    page = client.get(reverse("kpis:kpi_detail", args=[coop.slug, kpi.pk])).content.decode()
    # March: its 24 latas are 300 kg; the six members' median is (402 + 902) / 2 = 652 kg, 52 latas of 12,5 kg.
    assert '<td>marzo 2025</td><td class="num">24 latas</td>' in page.replace("\n", "")
    assert '<td class="num">52 latas</td>' in page
    assert "Su cooperativa está en el cuarto inferior de las 6" in page


def test_a_link_to_another_rumbo_sends_the_same_kilos_and_a_new_definition_marks_it_pending(
    django_capture_on_commit_callbacks,
):
    net = built(5)
    coop, admin, _member, kpi = _latas_member(net)
    link = link_connect(cooperative=coop, url="https://otra-red.example.org", key="rfm_" + "c" * 40, user=admin)
    with pytest.raises(ValidationError):
        link_share_start(kpi=kpi, link=link, user=admin)
    lata = local_unit_save(cooperative=coop, name="lata", definition="12,5 kg", user=admin)
    with django_capture_on_commit_callbacks():  # the push it queues is not sent anywhere from a test
        link_share_start(kpi=kpi, link=link, user=admin)
    assert _sent(contributions_of_link(coop, link))[0] == (MONTHS[0], Decimal(100), "kg")
    RemoteLink.objects.filter(pk=link.pk).update(pending=False)
    with django_capture_on_commit_callbacks() as queued:
        local_unit_save(cooperative=coop, unit=lata, name="lata", definition="10 kg", user=admin)
    link.refresh_from_db()
    assert link.pending and len(queued) == 1  # its push is queued once the change is committed
    assert _sent(contributions_of_link(coop, link))[0] == (MONTHS[0], Decimal(80), "kg")


def test_the_federation_refuses_a_unit_only_the_member_knows_and_takes_the_converted_kilos(client):
    _federation, (key,) = federation_with_keys(1)
    latas = {"templates": [VOLUME], "rows": [row(VOLUME, MONTHS[0], Decimal(8), "latas")]}
    answer = signed(client, key, latas)
    assert answer.status_code == 200, answer.content
    assert (
        "no es conocida: el Rumbo del miembro convierte sus unidades propias a «kg»" in answer.json()["refused"][VOLUME]
    )
    assert not Contribution.objects.exists()
    kilos = {"templates": [VOLUME], "rows": [row(VOLUME, MONTHS[0], Decimal(100), "kg")]}
    assert signed(client, key, kilos).json()["refused"] == {}
    assert list(Contribution.objects.values_list("value", "unit")) == [(Decimal(100), "kg")]


def test_a_network_kpi_in_the_federations_own_unit_reads_its_figures_in_it():
    net = built(5)
    organisation = net.federation.cooperative
    local_unit_save(cooperative=organisation, name="saco", definition="50 kg", user=net.fed_admin)
    network_kpi = organisation.kpis.get(template_slug=VOLUME)
    network_kpi.unit = "sacos"
    network_kpi.save(update_fields=["unit"])
    assert network_units(net.federation, [_template()]) == {VOLUME: "kg"}  # contributions stay in kg
    figures_recompute(federation=net.federation, template_slug=VOLUME)
    january = Figure.objects.get(federation=net.federation, template_slug=VOLUME, period=MONTHS[0])
    assert january.total == 5500  # the published figure, in kg
    assert network_kpi.measurements.get(period=MONTHS[0]).value == 110  # the network KPI's value, in sacos
    client = Client()
    client.force_login(net.fed_admin)
    page = client.get(reverse("federation:figures", args=[organisation.slug, VOLUME])).content.decode()
    assert "110 sacos" in page


def _template():
    return template(VOLUME)
