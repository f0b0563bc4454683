"""Reads of a federation that pages, the CLI and the API share: published figures, regions, members and a member's band.

Nothing here returns a member's figure to anyone but that member: a federation reads only the
published Figures (suppressed cells are null, with their reasons), and a member reads its own band
among its peers. A Figure with no region is the whole network's; the reads below that take no
region read the network's.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, QuerySet
from django.utils.text import slugify

from rumbo.engine.choice.catalog import KpiTemplate, by_slug
from rumbo.engine.network.disclosure import Published, band
from rumbo.federation.comparable import check_comparable, kept_unit, shown_factor, template_of
from rumbo.federation.models import (
    Contribution,
    Federation,
    Figure,
    Member,
    MemberStatus,
    Region,
    RemoteLink,
    Share,
)
from rumbo.kpis.choices import Direction
from rumbo.kpis.models import Kpi
from rumbo.orgs.models import Cooperative, Kind
from rumbo.orgs.selectors import local_units_of


def federation_of(organisation: Cooperative) -> Federation | None:
    """The federation this organisation is, None for a cooperative."""
    return Federation.objects.filter(cooperative=organisation).first()


def federation_named(slug: str) -> Federation | None:
    return Federation.objects.select_related("cooperative").filter(cooperative__slug=slug).first()


def cooperative_named(slug: str) -> Cooperative | None:
    """The cooperative of this install a federation can invite by its identifier (a federation is nobody's member)."""
    return Cooperative.objects.filter(slug=slug, kind=Kind.COOPERATIVE).first()


def figures(federation: Federation, template_slug: str, region: Region | None = None) -> QuerySet[Figure]:
    """The published figures of one template, period by period (null where suppressed): the network's, or a region's."""
    found = Figure.objects.filter(federation=federation, template_slug=template_slug)
    found = found.filter(region__isnull=True) if region is None else found.filter(region=region)
    return found.order_by("period")


def figures_by_region(federation: Federation, template_slug: str) -> dict[int | None, list[Figure]]:
    """Every published figure of one template, by region id (None: the network's), period by period; one query."""
    found: dict[int | None, list[Figure]] = defaultdict(list)
    for figure in Figure.objects.filter(federation=federation, template_slug=template_slug).order_by("period"):
        found[figure.region_id].append(figure)
    return dict(found)


@dataclass(frozen=True)
class Latest:
    """A template the network has figures of: its latest period and how many members sent a figure for it."""

    template_slug: str
    period: date
    contributors: int


def latest_network_figures(federation: Federation) -> list[Latest]:
    """Each template with network figures, its latest period and its contributors then (one query), by template."""
    latest: dict[str, Latest] = {}
    for slug, period, contributors in Figure.objects.filter(federation=federation, region__isnull=True).values_list(
        "template_slug", "period", "contributors"
    ):
        if slug not in latest or latest[slug].period < period:
            latest[slug] = Latest(slug, period, contributors)
    return [latest[slug] for slug in sorted(latest)]


def regions(federation: Federation) -> list[Region]:
    """The federation's regions by name, each with `member_count`: its active members (one query)."""
    return list(
        Region.objects.filter(federation=federation).annotate(
            member_count=Count("members", filter=Q(members__status=MemberStatus.ACTIVE))
        )
    )


def region_named(federation: Federation, name: str) -> Region | None:
    """The federation's region called `name` (its name, any case, or its identifier); None when there is none."""
    wanted = name.strip()
    found = Region.objects.filter(federation=federation)
    return found.filter(slug=slugify(wanted)).first() or found.filter(name__iexact=wanted).first()


def plain(value: Decimal | None) -> Decimal | None:
    """A stored figure without the column's trailing zeros (350, not 350.000000), never in exponent form."""
    if value is None:
        return None
    text = format(value, "f")
    return Decimal(text.rstrip("0").rstrip(".") if "." in text else text)


@dataclass(frozen=True)
class StatRow:
    """One period of a template's published statistics; a suppressed cell is None."""

    period: date
    contributors: int
    median: Decimal | None
    p25: Decimal | None
    p75: Decimal | None
    total: Decimal | None  # the network's (or region's) sum; for a ratio, the ratio of the summed parts
    used: int  # the contributors its figures rest on: fewer when a few newcomers are left out
    reasons: tuple[str, ...]  # why something is suppressed: threshold, dominance, p_percent, differencing


@dataclass(frozen=True)
class Statistics:
    """What `rumbo federation stats` prints and the API answers: one row per period, oldest first."""

    template_slug: str
    unit: str  # the unit the federation keeps the template in (its network KPI's), as a push's bands say it
    rows: list[StatRow]


def statistics(federation: Federation, template_slug: str, region: Region | None = None) -> Statistics | None:
    """One catalogue template's published statistics in a federation or one of its regions (three queries); None for
    no catalogue template.

    Read from the published Figures only: never a member's figure, never a minimum or a maximum.
    """
    template = by_slug().get(template_slug)
    if template is None:
        return None
    unit = (
        Kpi.objects.filter(cooperative_id=federation.cooperative_id, template_slug=template_slug)
        .values_list("unit", flat=True)
        .first()
    )
    rows = [
        StatRow(
            period=f.period,
            contributors=f.contributors,
            median=plain(f.median),
            p25=plain(f.p25),
            p75=plain(f.p75),
            total=plain(f.ratio if f.ratio is not None else f.total),
            used=f.used,
            reasons=tuple(f.reasons or ()),
        )
        for f in figures(federation, template_slug, region)
    ]
    return Statistics(template_slug, kept_unit(unit or "", template, local_units_of(federation.cooperative_id)), rows)


def shown_in_kpi_unit(federation: Federation, kpi: Kpi | None, t: KpiTemplate) -> Decimal:
    """What a published figure (in the unit contributions are kept in, kg) is multiplied by to read in the network
    KPI's own unit (qq, or a «saco» of the federation's own units); one query."""
    if kpi is None:
        return Decimal(1)
    local = local_units_of(federation.cooperative_id)
    return shown_factor(kept_unit(kpi.unit, t, local), kpi.unit, t, local)


def member_in(federation: Federation, pk: int) -> Member | None:
    """One of this federation's members (or invitations) by its id; None for another federation's or none."""
    return (
        Member.objects.select_related("cooperative", "federation__cooperative")
        .filter(federation=federation, pk=pk)
        .first()
    )


def members(federation: Federation) -> list[Member]:
    """The federation's members, each with `templates`: the catalogue templates it shares today (two queries)."""
    found = list(Member.objects.filter(federation=federation).select_related("cooperative", "region"))
    shared: dict[int, set[str]] = {}
    for member_id, slug in (
        Share.objects.filter(member__federation=federation, stopped_at__isnull=True)
        .values_list("member_id", "kpi__template_slug")
        .distinct()
    ):
        shared.setdefault(member_id, set()).add(slug)
    for member_id, slug in (
        Contribution.objects.filter(member__federation=federation, member__cooperative__isnull=True)
        .values_list("member_id", "template_slug")
        .distinct()
    ):
        shared.setdefault(member_id, set()).add(slug)
    for m in found:
        m.templates = sorted(shared.get(m.pk, ()))  # type: ignore[attr-defined]
    return found


def templates_of(member: Member) -> list[str]:
    """The catalogue templates one member shares today, as `members` lists them (one query)."""
    if member.remote:
        return sorted(set(Contribution.objects.filter(member=member).values_list("template_slug", flat=True)))
    shares = Share.objects.filter(member=member, stopped_at__isnull=True)
    return sorted(set(shares.values_list("kpi__template_slug", flat=True)))


def memberships(cooperative: Cooperative) -> list[Member]:
    """The federations this cooperative belongs to or is invited to, with their organisation."""
    return list(
        Member.objects.filter(cooperative=cooperative)
        .exclude(status=MemberStatus.DECLINED)
        .select_related("federation__cooperative")
        .order_by("federation__cooperative__name")
    )


def invitations(cooperative: Cooperative) -> list[Member]:
    """The federations' invitations waiting for the cooperative's answer."""
    return [m for m in memberships(cooperative) if m.status == MemberStatus.INVITED]


@dataclass(frozen=True)
class Choice:
    """One of the cooperative's KPIs on the sharing screen: its open share with this federation, or why it cannot be."""

    kpi: Kpi
    share: Share | None
    refusal: str  # empty when it can be shared


def sharing_choices(
    cooperative: Cooperative, member: Member | None = None, *, link: RemoteLink | None = None
) -> list[Choice]:
    """Every live KPI of the cooperative for the consent screen: shared or not, and the reason a KPI cannot be (three
    queries; its units read with the cooperative's own).

    With a member of a federation on this install, or with a `link` to a federation on another Rumbo.
    """
    from django.core.exceptions import ValidationError

    source = member if member is not None else link
    if source is None or source.cooperative_id != cooperative.pk:
        return []
    through = {"member": member} if member is not None else {"link": link}
    shares = {s.kpi_id: s for s in Share.objects.filter(cooperative=cooperative, stopped_at__isnull=True, **through)}
    local = local_units_of(cooperative)
    found = []
    for kpi in Kpi.objects.filter(cooperative=cooperative).order_by("name", "pk"):
        refusal = ""
        try:
            check_comparable(kpi, template_of(kpi), local)
        except ValidationError as err:
            refusal = " ".join(err.messages)
        found.append(Choice(kpi, shares.get(kpi.pk), refusal))
    return found


@dataclass(frozen=True)
class Position:
    """Where a member stands among its peers for one KPI: only the published band, never another's figure.

    `band` is "top" | "upper_middle" | "lower_middle" | "bottom" (the best quarter first for this
    KPI), None when the quartiles are suppressed; the median and quartiles are in `unit`.
    """

    federation: str
    template_slug: str
    period: date
    band: str | None
    contributors: int
    median: Decimal | None
    p25: Decimal | None
    p75: Decimal | None
    unit: str


def _as_published(f: Figure) -> Published:
    def num(x: Decimal | None) -> float | None:
        return None if x is None else float(x)

    return Published(
        (f.template_slug, f.period),
        f.contributors,
        num(f.total),
        num(f.ratio),
        num(f.median),
        num(f.p25),
        num(f.p75),
        (),
    )


def positions(cooperative: Cooperative, kpi: Kpi) -> list[Position]:
    """The member's band for its latest period in each federation it shares this KPI with (a few queries)."""
    if kpi.cooperative_id != cooperative.pk or not kpi.template_slug:
        return []
    shares = (
        Share.objects.filter(
            cooperative=cooperative, kpi=kpi, stopped_at__isnull=True, member__status=MemberStatus.ACTIVE
        )
        .select_related("member__federation__cooperative")
        .order_by("member__federation__cooperative__name")
    )
    found = []
    for share in shares:
        member = share.member
        assert member is not None
        own = Contribution.objects.filter(member=member, template_slug=kpi.template_slug).order_by("-period").first()
        if own is None:
            continue
        figure = Figure.objects.filter(
            federation_id=member.federation_id, region__isnull=True, template_slug=kpi.template_slug, period=own.period
        ).first()
        if figure is None:
            continue
        where = band(float(own.value), _as_published(figure), higher_is_better=kpi.direction != Direction.DOWN)
        found.append(
            Position(
                federation=member.federation.cooperative.name,
                template_slug=kpi.template_slug,
                period=own.period,
                band=where,
                contributors=figure.contributors,
                median=figure.median,
                p25=figure.p25,
                p75=figure.p75,
                unit=own.unit,
            )
        )
    return found


def position(cooperative: Cooperative, kpi: Kpi) -> Position | None:
    """The member's band in the first federation it shares this KPI with; None when there is none to show."""
    found = positions(cooperative, kpi)
    return found[0] if found else None
