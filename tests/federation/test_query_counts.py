"""The federation's board, its statistics, publishing and a member's push cost the same queries for 6 or 30 members."""

from decimal import Decimal

import pytest
from click.testing import CliRunner
from django.db import connection
from django.db.models import F
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from rumbo.cli import main as cli
from rumbo.federation.models import Contribution, Figure
from rumbo.federation.services.figures import figures_recompute
from rumbo.federation.services.ingest import ingest
from rumbo.federation.services.sharing import contributions_of
from rumbo.federation.tasks import push_here
from rumbo.kpis import readings
from rumbo.kpis.models import Measurement
from rumbo.kpis.presenters import tiles
from rumbo.orgs import editions
from tests.federation.network import MONTHS, ON_TIME, OVERDUE, VOLUME, Network, build
from tests.once import per_file

pytestmark = pytest.mark.django_db

SLUGS = (VOLUME, ON_TIME, OVERDUE)


def _two_networks() -> tuple[Network, Network]:
    """A network of 6 members and one of 30, each sharing the three templates."""
    return build(6, slugs=SLUGS), build(30, slugs=SLUGS, prefix="b")


_networks_once, networks = per_file("networks", _two_networks)


def counted(call) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as queries:
        outcome = call()
    return len(queries), outcome


def costs(net: Network) -> dict[str, int]:
    """The queries of each read and write whose cost must not grow with the members."""
    client = Client()
    client.force_login(net.fed_admin)
    board = reverse("kpis:board", args=[net.federation.cooperative.slug]) + "?kind=all"

    def first_view():
        editions.renew([net.federation.cooperative_id])
        readings._evaluate.cache_clear()
        tiles._shown.cache_clear()
        return client.get(board)

    def stats():
        args = ["federation", "stats", "--federation", net.federation.cooperative.slug, "--kpi", VOLUME]
        return CliRunner().invoke(cli, args, catch_exceptions=False)

    found: dict[str, int] = {}
    found["board, first view"], response = counted(first_view)
    assert response.status_code == 200
    assert response.text.count('class="tile ') == len(SLUGS)  # the network KPIs, each with its figures
    found["board, seen again"], response = counted(lambda: client.get(board))
    assert response.status_code == 200
    found["stats"], result = counted(stats)
    lines = result.output.splitlines()
    assert len(lines) == 1 + len(MONTHS) and all(line.split(",")[2] for line in lines[1:])  # every median shown

    # The member just below the median: its change moves the total, the ratio and the median alike in both networks,
    # so the value writer has the same network values to write.
    coop, member = net.coops[len(net.coops) // 2 - 1], net.members[len(net.coops) // 2 - 1]
    Measurement.objects.filter(kpi__cooperative=coop).update(
        value=F("value") + 1, numerator=F("numerator") + F("denominator") / 10
    )
    found["push, values changed"], changed = counted(lambda: push_here(coop.pk))
    assert changed == len(SLUGS)  # each template's figures published anew (tasks run at once in the tests)
    assert Contribution.objects.filter(member=member).count() == len(SLUGS) * len(MONTHS)
    pushed = contributions_of(coop, member)
    found["push, unchanged"], same = counted(lambda: ingest(member, pushed))
    assert same.changed == ()
    return found


def test_the_board_the_statistics_and_a_push_cost_the_same_queries_for_6_or_30_members(networks):
    small, large = networks
    assert Figure.objects.filter(federation=large.federation, median__isnull=False).count() == len(SLUGS) * len(MONTHS)
    few, many = costs(small), costs(large)
    assert many == few
    assert few["board, seen again"] < few["board, first view"]  # the kept page is served, not rendered again


def test_with_regions_the_same_reads_and_writes_cost_the_same_queries_for_6_or_30_members(networks):
    """Each network split into two regions: a push publishes the network and both regions, in as many queries."""
    from tests.federation.test_regions import regions_of

    small, large = networks
    for net in (small, large):
        half = len(net.members) // 2
        regions_of(net, {"Norte": range(half), "Sur": range(half, len(net.members))})
    assert Figure.objects.filter(federation=large.federation, region__isnull=False).count() == 2 * len(SLUGS) * len(
        MONTHS
    )
    assert costs(large) == costs(small)


@pytest.mark.parametrize("slug", [VOLUME, ON_TIME])
def test_publishing_takes_as_many_queries_for_thirty_members_as_for_six(networks, slug):
    small, big = networks
    # a change to write in each network
    Contribution.objects.filter(member=small.members[0], template_slug=slug, period=MONTHS[0]).update(value=Decimal(7))
    six, _ = counted(lambda: figures_recompute(federation=small.federation, template_slug=slug))
    Contribution.objects.filter(member=big.members[0], template_slug=slug, period=MONTHS[0]).update(value=Decimal(7))
    thirty, _ = counted(lambda: figures_recompute(federation=big.federation, template_slug=slug))
    assert thirty == six, (six, thirty)
    assert Figure.objects.get(federation=big.federation, template_slug=slug, period=MONTHS[0]).contributors == 30


def test_a_push_and_its_screen_take_as_many_queries_for_thirty_members_as_for_six(networks):
    def measured(net):
        member, coop = net.members[-1], net.coops[-1]
        screen, pushed = counted(lambda: contributions_of(coop, member))
        Contribution.objects.filter(member=member).delete()
        return screen, counted(lambda: ingest(member, pushed))[0]

    small, big = networks
    assert measured(big) == measured(small)
