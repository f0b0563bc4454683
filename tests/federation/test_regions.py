"""A federation's regions: defined by its admins, published with the network in one go, never differenced against it."""

from decimal import Decimal
from fractions import Fraction

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rumbo.federation.models import Contribution, Figure, Member, Region
from rumbo.federation.selectors import figures, positions, region_named, regions
from rumbo.federation.services.figures import figures_recompute, figures_recompute_all
from rumbo.federation.services.regions import member_region_set, region_add, region_remove, region_rename
from tests.engine.network.attacker import solve
from tests.federation.network import MONTHS, VOLUME, Network, build

pytestmark = pytest.mark.django_db


def regions_of(net: Network, layout: dict[str, range]) -> dict[str, Region]:
    """Regions named as `layout` says, each with the members whose index it lists, all placed before the regions'
    figures are published (placed one by one, a region's members after its first k would enter its totals k at a
    time: tests/federation/test_memory.py)."""
    made = {}
    for name, indexes in layout.items():
        made[name] = region_add(federation=net.federation, name=name, user=net.fed_admin)
        Member.objects.filter(pk__in=[net.members[i].pk for i in indexes]).update(region=made[name])
    figures_recompute_all(federation=net.federation)
    return made


def published(net: Network, region: Region | None) -> dict:
    return {f.period: f for f in figures(net.federation, VOLUME, region)}


def test_a_region_is_a_list_entry_of_its_federation_one_name_whatever_the_spelling():
    net = build(5)
    norte = region_add(federation=net.federation, name="  Zona   Norte ", user=net.fed_admin)
    assert (norte.name, norte.slug) == ("Zona Norte", "zona-norte")
    with pytest.raises(ValidationError, match="Ya hay una región «zona norte»"):
        region_add(federation=net.federation, name="zona norte", user=net.fed_admin)
    with pytest.raises(ValidationError):
        region_add(federation=net.federation, name=" ¡! ", user=net.fed_admin)
    region_rename(region=norte, name="Norte", user=net.fed_admin)
    assert region_named(net.federation, "NORTE") == norte and region_named(net.federation, "norte") == norte
    with pytest.raises(PermissionDenied):
        region_add(federation=net.federation, name="Sur", user=net.admins[0])  # a member's admin is not the network's


def test_a_member_goes_only_in_a_region_of_its_own_federation():
    net, other = build(5), build(5, prefix="b")
    theirs = region_add(federation=other.federation, name="Ajena", user=other.fed_admin)
    with pytest.raises(ValidationError):
        member_region_set(member=net.members[0], region=theirs, user=net.fed_admin)
    assert Member.objects.get(pk=net.members[0].pk).region is None


def test_the_network_and_each_region_are_published_with_their_own_counts_and_the_band_stays_the_networks():
    net = build(12)
    made = regions_of(net, {"Norte": range(6), "Sur": range(6, 12)})
    network, norte = published(net, None), published(net, made["Norte"])
    jan = MONTHS[0]
    assert network[jan].contributors == 12 and network[jan].total == sum(Decimal(100 * (i + 1)) for i in range(12))
    assert norte[jan].contributors == 6 and norte[jan].total == sum(Decimal(100 * (i + 1)) for i in range(6))
    assert norte[jan].reasons == [] and norte[jan].median is not None
    south = published(net, made["Sur"])[jan]  # network − norte = sur: six members, which may be shown
    assert south.total == network[jan].total - norte[jan].total and south.reasons == []
    (where,) = positions(net.coops[0], net.kpi(0))
    assert where.contributors == 12  # the member's band is the network's, not its region's


def test_a_region_with_fewer_than_k_members_publishes_nothing_but_its_count():
    net = build(9)
    made = regions_of(net, {"Costa": range(3)})
    for f in figures(net.federation, VOLUME, made["Costa"]):
        assert f.contributors == 3 and f.used == 0 and f.reasons == ["threshold"]
        assert (f.total, f.ratio, f.median, f.p25, f.p75) == (None,) * 5
    assert all(f.total is not None for f in figures(net.federation, VOLUME))  # the network's are all there


def _known_totals(net: Network, layout: dict[str, range]) -> dict:
    """What anyone reading every published total knows, by period: each total and the members it sums (the
    federation's members and their regions are known to its admins)."""
    members = {m.pk: i for i, m in enumerate(net.members)}
    senders: dict = {}
    for member_id, period in Contribution.objects.filter(member__federation=net.federation).values_list(
        "member_id", "period"
    ):
        senders.setdefault(period, set()).add(members[member_id])
    region_of = {i: name for name, indexes in layout.items() for i in indexes}
    named = {r.pk: r.name for r in regions(net.federation)}
    known: dict = {}
    for f in Figure.objects.filter(federation=net.federation, template_slug=VOLUME, total__isnull=False):
        group = frozenset(i for i in senders[f.period] if f.region_id is None or region_of.get(i) == named[f.region_id])
        assert f.used == len(group), "every published total here sums its whole group: the sets are known"
        known.setdefault(f.period, []).append((group, Fraction(f.total)))
    return known


def test_the_network_and_its_regions_together_cannot_be_differenced():
    """Eleven members: five in Norte, five in Sur, one in none. Network − Norte − Sur would be that one's value
    (the three published on their own each pass the threshold); no one, a member knowing its own value too,
    solves for anyone's from what is published."""
    layout = {"Norte": range(5), "Sur": range(5, 10)}
    net = build(11)
    regions_of(net, layout)
    known = _known_totals(net, layout)
    for month, period in enumerate(MONTHS):
        assert solve(known[period], {}) == {}
        for insider in range(11):  # member i's volume in month m is 100·(i+1) + m
            assert solve(known[period], {insider: 100 * (insider + 1) + month}) == {}, insider
        assert len(known[period]) == 2  # the network's total and one region's


def test_a_member_changing_region_publishes_its_templates_again():
    net = build(10)
    made = regions_of(net, {"Norte": range(5)})
    assert published(net, made["Norte"])[MONTHS[0]].contributors == 5
    member_region_set(member=net.members[7], region=made["Norte"], user=net.fed_admin)
    assert published(net, made["Norte"])[MONTHS[0]].contributors == 6
    member_region_set(member=net.members[7], region=None, user=net.fed_admin)
    assert published(net, made["Norte"])[MONTHS[0]].contributors == 5


def test_deleting_a_region_leaves_its_members_in_none_and_its_figures_go():
    net = build(10)
    made = regions_of(net, {"Norte": range(5)})
    region_remove(region=made["Norte"], user=net.fed_admin)
    assert not Figure.objects.filter(region__isnull=False).exists()
    assert not Member.objects.filter(region__isnull=False).exists()
    assert all(f.total is not None for f in figures(net.federation, VOLUME))


def _publishing_queries(n: int, prefix: str) -> int:
    net = build(n, prefix=prefix)
    half = n // 2
    regions_of(net, {"Norte": range(half), "Sur": range(half, n)})
    Contribution.objects.filter(member=net.members[0], period=MONTHS[0]).update(value=Decimal(7))
    with CaptureQueriesContext(connection) as queries:
        figures_recompute(federation=net.federation, template_slug=VOLUME)
    return len(queries)


def test_publishing_the_network_and_its_regions_takes_as_many_queries_for_thirty_members_as_for_ten():
    assert _publishing_queries(30, "b") == _publishing_queries(10, "")
