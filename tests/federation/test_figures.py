"""The network's figures: totals, ratios from their parts, medians and quartiles, suppressed below k.

That publishing and a push take as many queries for 30 members as for 6 is in test_query_counts.py.
"""

from decimal import Decimal

import pytest

from rumbo.federation.models import Contribution, Figure
from rumbo.federation.selectors import figures
from rumbo.federation.services.figures import figures_recompute, network_kpi
from rumbo.federation.services.sharing import share_start
from rumbo.kpis.models import Measurement
from rumbo.kpis.services.values import NewValue, values_record_many
from rumbo.orgs import editions
from tests.federation.network import MONTHS, ON_TIME, OVERDUE, VOLUME, build, catalogue_kpi, join

pytestmark = pytest.mark.django_db


def test_sums_ratios_from_parts_and_medians_go_to_the_network_kpis():
    net = build(6, slugs=(VOLUME, ON_TIME, OVERDUE))
    jan = MONTHS[0]
    volume = Figure.objects.get(federation=net.federation, template_slug=VOLUME, period=jan)
    assert (volume.contributors, volume.total, volume.median) == (6, Decimal(2100), Decimal(350))
    assert (volume.p25, volume.p75) == (Decimal(225), Decimal(475))  # interpolated, never a member's own value
    on_time = Figure.objects.get(federation=net.federation, template_slug=ON_TIME, period=MONTHS[1])
    numerators = sum(2 * (i + 2) * (i + 1) + 1 for i in range(6))
    denominators = sum(10 * (i + 2) ** 2 for i in range(6))
    assert on_time.total is None
    assert on_time.ratio == round(Decimal(numerators) / Decimal(denominators) * 100, 1)  # shown with 1 decimal
    assert on_time.ratio != on_time.median  # the ratio of the sums, not the mean or median of the rates
    org = net.federation.cooperative
    written = {(m.kpi.template_slug, m.period): m.value for m in Measurement.objects.filter(kpi__cooperative=org)}
    assert written[(VOLUME, jan)] == Decimal(2100)
    sources = set(Measurement.objects.filter(kpi__cooperative=org).values_list("source", flat=True))
    assert sources == {"network"}  # the KPI page says «Publicado por la red de cooperativas»
    assert written[(ON_TIME, MONTHS[1])] == on_time.ratio
    assert written[(OVERDUE, jan)] == Figure.objects.get(template_slug=OVERDUE, period=jan).median
    kpi = network_kpi(net.federation, VOLUME)
    assert kpi is not None and kpi.cooperative == org and kpi.unit == "kg" and kpi.aggregation == "sum"


def test_below_k_nothing_but_the_count_is_published_and_the_network_value_goes():
    net = build(5)
    kpi = network_kpi(net.federation, VOLUME)
    assert Measurement.objects.filter(kpi=kpi).count() == len(MONTHS)
    net.federation.min_contributors = 6
    net.federation.save()
    figures_recompute(federation=net.federation, template_slug=VOLUME)
    for f in figures(net.federation, VOLUME):
        assert f.contributors == 5 and (f.total, f.median, f.p25, f.p75, f.ratio) == (None,) * 5
    assert not Measurement.objects.filter(kpi=kpi).exists()


def test_a_dominant_member_hides_the_total_but_not_the_quartiles():
    net = build(6, values=lambda i, m: Decimal(100000 if i == 0 else 10 + i))
    f = Figure.objects.get(federation=net.federation, template_slug=VOLUME, period=MONTHS[0])
    assert f.total is None and f.median is not None
    assert not Measurement.objects.filter(kpi=network_kpi(net.federation, VOLUME)).exists()  # a sum, suppressed


def test_new_figures_renew_the_pages_of_the_federation_and_of_each_sharing_member():
    net = build(5)
    before = {c.pk: editions.current(c.pk) for c in [*net.coops, net.federation.cooperative]}
    Contribution.objects.filter(member=net.members[0], period=MONTHS[0]).update(value=Decimal(150))
    figures_recompute(federation=net.federation, template_slug=VOLUME)
    after = {pk: editions.current(pk) for pk in before}
    assert all(after[pk] != before[pk] for pk in before)


def test_a_ratio_period_where_a_member_sent_only_its_rate_publishes_the_median_rate():
    net = build(6, slugs=(ON_TIME,))
    Contribution.objects.filter(member=net.members[0], period=MONTHS[0]).update(numerator=None, denominator=None)
    figures_recompute(federation=net.federation, template_slug=ON_TIME)
    f = Figure.objects.get(federation=net.federation, template_slug=ON_TIME, period=MONTHS[0])
    assert f.ratio is None and f.total is None and f.median is not None
    kpi = network_kpi(net.federation, ON_TIME)
    assert Measurement.objects.get(kpi=kpi, period=MONTHS[0]).value == f.median
    assert (
        Measurement.objects.get(kpi=kpi, period=MONTHS[1]).value
        == Figure.objects.get(federation=net.federation, template_slug=ON_TIME, period=MONTHS[1]).ratio
    )


def test_a_month_only_some_members_have_sent_yet_hides_that_month_not_the_history():
    net = build(8)
    latest = MONTHS[-1]
    late = net.members[6:]  # two members have not sent March yet
    Contribution.objects.filter(member__in=late, template_slug=VOLUME, period=latest).delete()
    figures_recompute(federation=net.federation, template_slug=VOLUME)
    shown = {f.period: f.total for f in figures(net.federation, VOLUME)}
    # March with 6 of 8 would differ from February's 8 by two members: one of the two months must go, and
    # it is the incomplete one, not every month before it.
    assert shown[latest] is None
    assert all(shown[period] is not None for period in MONTHS[:-1])


def _newcomer(net, index: int) -> None:
    """A cooperative joins and shares its volume for March only."""
    join(net, index)
    kpi = catalogue_kpi(net.coops[index], VOLUME)
    values_record_many([NewValue(kpi, MONTHS[-1], Decimal(9000 + index))], user=None, source="import")
    share_start(kpi=kpi, member=net.members[index], user=net.admins[index])


def test_a_newcomer_leaves_every_month_published_and_enters_the_totals_once_k_have_joined():
    net = build(8)
    before = {f.period: f.total for f in figures(net.federation, VOLUME)}
    _newcomer(net, 8)
    figures_recompute(federation=net.federation, template_slug=VOLUME)
    shown = {f.period: f for f in figures(net.federation, VOLUME)}
    assert {p: f.total for p, f in shown.items()} == before  # every month, the newcomer left out of March's
    assert (shown[MONTHS[-1]].contributors, shown[MONTHS[-1]].used) == (9, 8)
    for index in range(9, 13):  # four more: five newcomers enter together
        _newcomer(net, index)
    figures_recompute(federation=net.federation, template_slug=VOLUME)
    shown = {f.period: f for f in figures(net.federation, VOLUME)}
    assert all(shown[p].total == before[p] for p in MONTHS[:-1])
    march = shown[MONTHS[-1]]
    assert (march.contributors, march.used) == (13, 13)
    assert march.total == before[MONTHS[-1]] + sum(Decimal(9000 + i) for i in range(8, 13))
