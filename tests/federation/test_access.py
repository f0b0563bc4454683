"""A federation's admins see who shares what, never a member's figure; a member sees only its band among its peers."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from rumbo.federation import selectors
from rumbo.federation.models import Figure
from rumbo.federation.services.figures import network_kpi
from rumbo.federation.services.sharing import contributions_of
from tests.federation.network import MONTHS, OVERDUE, VOLUME, build

pytestmark = pytest.mark.django_db


def _member_figures(net, slug=VOLUME) -> set[Decimal]:
    """Every figure a member sent (each member's values differ from every published statistic here)."""
    from rumbo.federation.models import Contribution

    return set(Contribution.objects.filter(template_slug=slug).values_list("value", flat=True))


def _everything(obj) -> str:
    if isinstance(obj, list | tuple):
        return " ".join(_everything(o) for o in obj)
    return repr(vars(obj)) if hasattr(obj, "__dict__") else repr(obj)


def test_the_federations_reads_show_members_and_their_kpis_never_their_figures():
    net = build(6, values=lambda i, m: Decimal(1000 + 37 * i + m))
    org = net.federation.cooperative
    seen = [
        *selectors.members(net.federation),
        *selectors.figures(net.federation, VOLUME),
        selectors.federation_of(org),
        selectors.memberships(org),
        selectors.positions(org, network_kpi(net.federation, VOLUME)),
    ]
    text = _everything(seen)
    secrets = _member_figures(net)
    assert secrets and not any(str(value) in text for value in secrets)
    listed = selectors.members(net.federation)
    assert [m.name for m in listed] == sorted(f"Cooperativa Secreta {i}" for i in range(6))
    assert all(m.templates == [VOLUME] for m in listed)  # type: ignore[attr-defined]
    with pytest.raises(ValidationError):
        contributions_of(org, net.members[0])  # the federation cannot build a member's push
    with pytest.raises(ValidationError):
        contributions_of(net.coops[1], net.members[0])  # nor another member


def test_a_member_sees_its_band_and_the_networks_quartiles_only():
    net = build(14, values=lambda i, m: Decimal(10 * (i + 1) + m))
    top = selectors.position(net.coops[13], net.kpi(13))
    assert top is not None
    assert (top.band, top.contributors, top.period, top.unit) == ("top", 14, MONTHS[-1], "kg")
    figure = Figure.objects.get(federation=net.federation, template_slug=VOLUME, period=MONTHS[-1])
    assert (top.median, top.p25, top.p75) == (figure.median, figure.p25, figure.p75)
    bottom = selectors.position(net.coops[0], net.kpi(0))
    assert bottom is not None and bottom.band == "bottom"
    assert selectors.position(net.coops[6], net.kpi(6)).band == "lower_middle"
    assert selectors.position(net.coops[7], net.kpi(7)).band == "upper_middle"
    assert not hasattr(top, "total") and not hasattr(top, "value")
    assert selectors.position(net.coops[0], net.kpi(1)) is None  # another member's KPI


def test_a_lower_is_better_kpi_puts_the_lowest_values_on_top():
    net = build(8, slugs=(OVERDUE,), values=lambda i, m: Decimal(i + 1))
    assert selectors.position(net.coops[0], net.kpi(0, OVERDUE)).band == "top"
    assert selectors.position(net.coops[7], net.kpi(7, OVERDUE)).band == "bottom"


def test_no_band_below_k():
    net = build(4)
    assert selectors.position(net.coops[0], net.kpi(0)).band is None
