"""What a member's install reads of its federations on other Rumbos: its links, and where it stands in their bands."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from rumbo.engine.choice.catalog import by_slug
from rumbo.engine.network import units
from rumbo.engine.network.disclosure import Published, band
from rumbo.federation.comparable import conversion
from rumbo.federation.models import RemoteBand, RemoteLink, Share
from rumbo.federation.selectors import Position
from rumbo.kpis.choices import Direction
from rumbo.kpis.models import Kpi, Measurement
from rumbo.orgs.models import Cooperative
from rumbo.orgs.selectors import local_units_of


def links_of(cooperative: Cooperative) -> QuerySet[RemoteLink]:
    return RemoteLink.objects.filter(cooperative=cooperative).order_by("created_at", "pk")


def _num(x: Decimal | None) -> float | None:
    return None if x is None else float(x)


def remote_positions(cooperative: Cooperative, kpi: Kpi) -> list[Position]:
    """The member's band in each federation on another Rumbo it shares this KPI with, as its last push was answered.

    The same shape as `federation.selectors.position`; the band is the one published for the
    member's latest period (else the latest the federation answered with), in the band's unit.
    """
    t = by_slug().get(kpi.template_slug) if kpi.template_slug else None
    if kpi.cooperative_id != cooperative.pk or t is None:
        return []
    shared = Share.objects.filter(cooperative=cooperative, kpi=kpi, stopped_at__isnull=True, link__isnull=False)
    links = list(RemoteLink.objects.filter(pk__in=shared.values("link_id")).order_by("created_at", "pk"))
    own = Measurement.objects.filter(kpi=kpi, value__isnull=False).order_by("-period").first()
    if not links or own is None or own.value is None:
        return []
    try:
        sent_unit, factor = conversion(kpi, t, local_units_of(cooperative))
    except ValidationError:  # a unit that cannot be matched is not compared
        return []
    found = []
    for link in links:
        bands = RemoteBand.objects.filter(link=link, template_slug=t.slug)
        chosen = bands.filter(period=own.period).first() or bands.order_by("-period").first()
        if chosen is None:
            continue
        value = own.value * factor
        if chosen.unit and chosen.unit != sent_unit:
            converted = units.convert(float(value), sent_unit, chosen.unit)
            if converted is None:
                continue
            value = Decimal(str(converted))
        published = Published(
            (t.slug, chosen.period),
            chosen.contributors,
            None,
            None,
            _num(chosen.median),
            _num(chosen.p25),
            _num(chosen.p75),
            (),
        )
        where = (
            band(float(value), published, higher_is_better=kpi.direction != Direction.DOWN)
            if chosen.period == own.period
            else None  # a band of another period says nothing of this one
        )
        found.append(
            Position(
                federation=link.federation_name or link.url,
                template_slug=t.slug,
                period=chosen.period,
                band=where,
                contributors=chosen.contributors,
                median=chosen.median,
                p25=chosen.p25,
                p75=chosen.p75,
                unit=chosen.unit or sent_unit,
            )
        )
    return found


def remote_position(cooperative: Cooperative, kpi: Kpi) -> Position | None:
    """The member's band in the first federation on another Rumbo it shares this KPI with; None when there is none."""
    found = remote_positions(cooperative, kpi)
    return found[0] if found else None
