"""The federation remembers which members every published total rested on: today's figures and yesterday's together
never give a member's value away, whoever stops sharing, leaves or moves."""

from fractions import Fraction

import pytest

from rumbo.federation.models import Contribution, Figure, Member, PublishedSet, Share
from rumbo.federation.selectors import figures
from rumbo.federation.services.federations import member_leave
from rumbo.federation.services.figures import figures_recompute
from rumbo.federation.services.regions import member_region_set, region_add
from rumbo.federation.services.sharing import share_stop
from tests.engine.network.attacker import solve
from tests.federation.network import MONTHS, VOLUME, Network, build

pytestmark = pytest.mark.django_db


def kept(net: Network) -> list[tuple[frozenset[int], Fraction]]:
    """What someone who saves the network's published totals reads: each total and the members it rested on."""
    sets = {
        (s.region_id, s.period): frozenset(s.members) for s in PublishedSet.objects.filter(federation=net.federation)
    }
    return [
        (sets[f.region_id, f.period], Fraction(f.total))
        for f in Figure.objects.filter(federation=net.federation, template_slug=VOLUME, total__isnull=False)
        if (f.region_id, f.period) in sets and len(sets[f.region_id, f.period]) == f.used
    ]


def stop(net: Network, index: int) -> None:
    share_stop(share=Share.objects.get(member=net.members[index], stopped_at__isnull=True), user=net.admins[index])


def test_a_member_who_stops_sharing_cannot_be_subtracted_from_yesterdays_totals():
    net = build(10)
    yesterday = kept(net)
    assert len(yesterday) == len(MONTHS)
    stop(net, 0)
    for f in figures(net.federation, VOLUME):  # k out together: the one who stopped and four others
        assert (f.contributors, f.used, f.reasons) == (9, 5, [])
    assert solve(yesterday + kept(net), {}) == {}  # without the memory, yesterday minus today: member 0's value
    sets = list(PublishedSet.objects.filter(federation=net.federation).values_list("members", flat=True))
    assert net.members[0].pk in sets[0] and not Contribution.objects.filter(member=net.members[0]).exists()
    for index in range(1, 5):  # four more gone: whatever is published, nobody's value can be solved for
        member_leave(member=net.members[index], user=net.admins[index])
        assert all(f.total is None or f.used >= 5 for f in figures(net.federation, VOLUME))
        assert solve(yesterday + kept(net), {}) == {}
    assert PublishedSet.objects.filter(federation=net.federation).count() >= 2 * len(MONTHS)  # each set once


def test_a_member_moved_to_another_region_is_not_the_difference_between_its_totals():
    net = build(15)
    norte = region_add(federation=net.federation, name="Norte", user=net.fed_admin)
    sur = region_add(federation=net.federation, name="Sur", user=net.fed_admin)
    Member.objects.filter(pk__in=[m.pk for m in net.members[:8]]).update(region=norte)
    Member.objects.filter(pk__in=[m.pk for m in net.members[8:]]).update(region=sur)
    figures_recompute(federation=net.federation, template_slug=VOLUME)
    before = kept(net)
    assert len(before) == 3 * len(MONTHS)
    member_region_set(member=net.members[0], region=sur, user=net.fed_admin)
    assert all(f.total is None and f.reasons == ["differencing"] for f in figures(net.federation, VOLUME, norte))
    south = figures(net.federation, VOLUME, sur)
    assert all((f.contributors, f.used) == (8, 7) for f in south)  # published over the members it had before
    assert all(f.total is not None for f in figures(net.federation, VOLUME))
    assert solve(before + kept(net), {}) == {}


def test_what_is_remembered_is_member_ids_per_cell_once_each():
    net = build(6)
    figures_recompute(federation=net.federation, template_slug=VOLUME)  # the same sets again: nothing new kept
    rows = list(PublishedSet.objects.filter(federation=net.federation).values("region_id", "period", "members"))
    assert len(rows) == len(MONTHS)
    ids = sorted(m.pk for m in net.members)
    assert all(row["members"] == ids and row["region_id"] is None for row in rows)
