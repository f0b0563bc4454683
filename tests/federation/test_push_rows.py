"""A push that changes one month rewrites that month's contributions only; a value gone from the member goes too."""

import pytest
from django.db.models import F

from rumbo.federation.models import Contribution
from rumbo.federation.remote.links import contributions_of_link, link_connect, link_share_start
from rumbo.federation.services.ingest import ingest
from rumbo.federation.services.sharing import contributions_of
from rumbo.kpis.models import Measurement
from tests.federation.network import MONTHS, ON_TIME, VOLUME, build

pytestmark = pytest.mark.django_db


def test_only_the_changed_and_removed_months_are_written():
    net = build(5, slugs=(VOLUME, ON_TIME))
    coop, member = net.coops[1], net.members[1]
    before = {(c.template_slug, c.period): (c.pk, c.value) for c in Contribution.objects.filter(member=member)}
    Measurement.objects.filter(kpi=net.kpi(1, VOLUME), period=MONTHS[-1]).update(value=F("value") + 7)
    Measurement.objects.filter(kpi=net.kpi(1, ON_TIME), period=MONTHS[0]).delete()

    done = ingest(member, contributions_of(coop, member))

    assert done.changed == tuple(sorted((VOLUME, ON_TIME)))
    after = {(c.template_slug, c.period): (c.pk, c.value) for c in Contribution.objects.filter(member=member)}
    assert set(after) == set(before) - {(ON_TIME, MONTHS[0])}
    assert after[(VOLUME, MONTHS[-1])][1] == before[(VOLUME, MONTHS[-1])][1] + 7
    assert after[(VOLUME, MONTHS[-1])][0] != before[(VOLUME, MONTHS[-1])][0]  # written anew
    untouched = set(after) - {(VOLUME, MONTHS[-1])}
    assert all(after[key] == before[key] for key in untouched)  # the same rows, not deleted and written again
    assert ingest(member, contributions_of(coop, member)).changed == ()


def test_a_federation_on_another_rumbo_receives_the_same_rows_as_one_on_this_install():
    net = build(3, slugs=(VOLUME, ON_TIME))
    coop, member, admin = net.coops[0], net.members[0], net.admins[0]
    link = link_connect(cooperative=coop, url="https://otra-red.example.org", key="rfm_" + "b" * 40, user=admin)
    for slug in (VOLUME, ON_TIME):
        link_share_start(kpi=net.kpi(0, slug), link=link, user=admin)
    here, there = contributions_of(coop, member), contributions_of_link(coop, link)
    assert here.templates == there.templates == tuple(sorted((VOLUME, ON_TIME)))
    assert here.rows == there.rows and len(here.rows) == 2 * len(MONTHS)
