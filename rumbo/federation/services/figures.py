"""Publishing a federation's figures: its members' contributions through disclosure control, into Figures and KPI values.

For one template, every period of the network and of each region is published at once, in a
constant number of queries whatever the number of members: the contributions (with their members'
regions) in one query, the engine's `publish` over all those cells in one call (so no two figures,
of two periods or of the network and a region, differ by a member; the network's cells are decided
first, so its regions never cost it a figure), the Figures replaced with the reasons of what is
suppressed, and the federation's network KPI given the network's values through the one value
writer: additive KPIs the network total, ratios the ratio of the summed parts, the others the
median, in the network KPI's own unit (read with the federation's own units: contributions are
kept in a canonical unit, kg, and a network KPI may be shown in qq or in a «saco» the federation
defines). A suppressed cell writes no value (and removes the one written before). The pages of the
federation and of every member sharing the template on this install get a new edition (their KPI
pages show the band, which stays the network's). Which members each published total rested on is kept
for good (`PublishedSet`, one query to read them all, written with the Figures): the next publication
is checked against every figure published before, not only against its own.
"""

from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import cast

from django.db import transaction
from django.utils import timezone

from rumbo.choosing.services.adopt import kpi_from_template
from rumbo.engine.choice.catalog import UNITS, KpiTemplate, by_slug
from rumbo.engine.network.disclosure import Cell, Published, Rules, publish
from rumbo.engine.vocab import Aggregation
from rumbo.federation.comparable import kept_unit
from rumbo.federation.models import Contribution, Federation, Figure, MemberStatus, PublishedSet, Share
from rumbo.federation.selectors import shown_in_kpi_unit
from rumbo.kpis.choices import Source
from rumbo.kpis.models import Kpi
from rumbo.kpis.services.definitions import kpi_save
from rumbo.kpis.services.values import Write, storable, values_replace
from rumbo.orgs import editions
from rumbo.orgs.selectors import local_units_of

HUNDRED = Decimal(100)
NETWORK = "network"  # the key of a cell over the whole network; a region's cells are keyed by its id


@dataclass(frozen=True)
class Point:
    """A period's network value for the value writer (a ratio's parts are not written: the ratio is enough)."""

    value: Decimal | None
    numerator: Decimal | None = None
    denominator: Decimal | None = None


@dataclass(frozen=True)
class Recomputed:
    periods: int  # the network's periods (each region's are published beside them)
    published: int  # periods with a value written to the network KPI


def network_kpi(federation: Federation, template_slug: str) -> Kpi | None:
    """The federation's own KPI for this template (its network figures), None before the first member shares it."""
    return Kpi.objects.filter(cooperative_id=federation.cooperative_id, template_slug=template_slug).first()


def network_kpi_ensure(*, federation: Federation, template: KpiTemplate) -> Kpi:
    """The federation's network KPI for this template, made from the catalogue the first time a member shares it."""
    found = network_kpi(federation, template.slug)
    if found is not None:
        return found
    kpi = kpi_from_template(
        template, coop=federation.cooperative, area=template.areas[0].value if template.areas else "", lang="es"
    )
    return kpi_save(kpi=kpi, targets=[], user=None)


def network_units(federation: Federation, templates: Sequence[KpiTemplate]) -> dict[str, str]:
    """The unit the federation keeps each template's contributions in: its network KPI's, read with the federation's
    own units (two queries for all)."""
    local = local_units_of(federation.cooperative_id)
    kpis = {
        k.template_slug: k
        for k in Kpi.objects.filter(
            cooperative_id=federation.cooperative_id, template_slug__in=[t.slug for t in templates]
        )
    }
    return {t.slug: kept_unit(k.unit if (k := kpis.get(t.slug)) else "", t, local) for t in templates}


def _ratio_scale(kpi: Kpi | None, t: KpiTemplate) -> Decimal:
    """A ratio shown in % is its parts' quotient times 100 (as kpis/readings.py reads it)."""
    unit = kpi.unit.strip() if kpi is not None else UNITS[t.unit][0]
    return HUNDRED if unit == "%" else Decimal(1)


Row = tuple[int, int | None, date, Decimal, Decimal | None, Decimal | None]  # member, its region, period, figures


def _cells(rows: Iterable[Row], ratio: bool) -> list[Cell]:
    """The network's cell and each region's (with a contributor) per period, the most recent period first.

    The engine decides the cells in its own order (the network's before the regions', then the most
    frequent contributor set first, then the most contributors, then the most recent): a month that only
    some members have sent yet is the one hidden, not every month before it, and a month a newcomer joined
    is published without it until k newcomers can enter together. A period's cells all take the members'
    numerators and denominators, or all their values (a ratio period where some member sent only its rate).
    """
    values: dict[date, dict[Hashable, float]] = defaultdict(dict)
    parts: dict[date, dict[Hashable, tuple[float, float]]] = defaultdict(dict)  # a ratio's numerator, denominator
    region_of: dict[Hashable, int | None] = {}
    for member_id, region_id, period, value, numerator, denominator in rows:
        values[period][member_id] = float(value)
        if numerator is not None and denominator is not None:
            parts[period][member_id] = (float(numerator), float(denominator))
        region_of[member_id] = region_id
    cells = []
    for period in sorted(values, reverse=True):
        found = values[period]
        with_parts = ratio and len(parts[period]) == len(found)
        groups: dict[Hashable, list[Hashable]] = {NETWORK: list(found)}
        for member in found:
            if (region := region_of[member]) is not None:
                groups.setdefault(region, []).append(member)
        for grouping, members in groups.items():
            if with_parts:
                both = parts[period]
                numerators = {m: both[m][0] for m in members}
                cells.append(Cell((grouping, period), numerators, {m: both[m][1] for m in members}))
            else:
                cells.append(Cell((grouping, period), {m: found[m] for m in members}))
    return cells


def _network_first(key: Hashable) -> int:
    """The engine's tier of a cell: the network's before its regions' (`rumbo.engine.network.disclosure.order`)."""
    return 0 if isinstance(key, tuple) and key[0] == NETWORK else 1


def _where(cell: Cell) -> tuple[int | None, date]:
    """A cell's region (None for the network) and period."""
    key = cell.key
    assert isinstance(key, tuple), "the keys made in _cells"
    grouping, period = key
    return (None if grouping == NETWORK else grouping), period


def _decimal(x: float | None, scale: Decimal = Decimal(1)) -> Decimal | None:
    return None if x is None else storable(Decimal(str(x)) * scale)


def _figure(
    federation: Federation, slug: str, cell: Cell, p: Published, scale: Decimal, ratio: bool, now: datetime
) -> Figure:
    """The Figure row of a published cell; a ratio cell's quartiles are of members' ratios, scaled as the KPI shows them.

    A ratio template has no total (a sum of rates means nothing); a period where some member sent
    the rate without its parts is published as the median of the rates.
    """
    is_ratio = cell.denominators is not None
    q = scale if is_ratio else Decimal(1)
    region_id, period = _where(cell)
    return Figure(
        federation=federation,
        region_id=region_id,
        template_slug=slug,
        period=period,
        contributors=p.contributors,
        used=p.used,
        reasons=list(p.reasons),
        total=None if ratio else _decimal(p.total),
        ratio=_decimal(p.ratio, scale) if is_ratio else None,
        median=_decimal(p.median, q),
        p25=_decimal(p.p25, q),
        p75=_decimal(p.p75, q),
        computed_at=now,
    )


def _network_value(figure: Figure, cell: Cell, aggregation: str) -> Decimal | None:
    """The network KPI's value: the total, the ratio of the summed parts (none when hidden), else the median.

    A ratio period where some member sent only its rate has no parts to sum: its median rate stands.
    """
    if aggregation == Aggregation.SUM:
        return figure.total
    if aggregation == Aggregation.RATIO and cell.denominators is not None:
        return figure.ratio
    return figure.median


Shown = tuple[int | None, date, frozenset[int]]  # a cell (its region, None for the network; its period) and a set


def _shown_before(federation: Federation, template_slug: str) -> dict[Shown, frozenset[Hashable]]:
    """Every member set a total of this template rested on, ever, by cell (one query)."""
    rows = PublishedSet.objects.filter(federation=federation, template_slug=template_slug).values_list(
        "region_id", "period", "members"
    )
    found: dict[Shown, frozenset[Hashable]] = {}
    for region_id, period, members in rows:
        ids = frozenset(members)
        found[region_id, period, ids] = ids
    return found


def _newly_shown(
    figures: Sequence[Figure], published: Sequence[Published], before: dict[Shown, frozenset[Hashable]], now: datetime
) -> list[PublishedSet]:
    """The sets of the totals (and ratios) published now that this cell never rested on before: member ids only."""
    new = []
    for figure, p in zip(figures, published):
        if figure.total is None and figure.ratio is None:
            continue
        ids = frozenset(cast(int, m) for m in p.members_used)  # the member ids `_cells` keyed them by
        if (figure.region_id, figure.period, ids) in before:
            continue
        before[figure.region_id, figure.period, ids] = ids
        new.append(
            PublishedSet(
                federation=figure.federation,
                template_slug=figure.template_slug,
                region_id=figure.region_id,
                period=figure.period,
                members=sorted(ids),
                published_at=now,
            )
        )
    return new


def _sharing_cooperatives(federation: Federation, template_slug: str) -> set[int]:
    """The cooperatives of this install that share this template with the federation today (one query)."""
    return set(
        Share.objects.filter(
            member__federation=federation, kpi__template_slug=template_slug, stopped_at__isnull=True
        ).values_list("cooperative_id", flat=True)
    )


@transaction.atomic
def figures_recompute(*, federation: Federation, template_slug: str) -> Recomputed:
    """Publish anew every period of one template of the federation; a constant number of queries whatever the members."""
    t = by_slug().get(template_slug)
    if t is None:
        return Recomputed(0, 0)
    kpi = network_kpi(federation, template_slug)
    is_ratio = t.aggregation == Aggregation.RATIO
    rows = Contribution.objects.filter(
        member__federation=federation, member__status=MemberStatus.ACTIVE, template_slug=template_slug
    ).values_list("member_id", "member__region_id", "period", "value", "numerator", "denominator")
    cells = _cells(rows, is_ratio)
    scale = _ratio_scale(kpi, t)
    decimals = (kpi.decimals if kpi is not None else 2) + (2 if is_ratio and scale == HUNDRED else 0)
    rules = Rules(min_contributors=federation.min_contributors)
    before = _shown_before(federation, template_slug)
    published = publish(cells, rules, decimals=decimals, tier=_network_first, shown_before=set(before.values()))
    now = timezone.now()
    figures = [_figure(federation, template_slug, c, p, scale, is_ratio, now) for c, p in zip(cells, published)]
    renewed = {federation.cooperative_id, *_sharing_cooperatives(federation, template_slug)}
    with editions.one_edition(renewed):
        Figure.objects.filter(federation=federation, template_slug=template_slug).delete()
        Figure.objects.bulk_create(figures, batch_size=500)
        PublishedSet.objects.bulk_create(_newly_shown(figures, published, before, now), batch_size=500)
    aggregation = (kpi.aggregation if kpi is not None else "") or t.aggregation.value
    network = [(f, cell) for f, cell in zip(figures, cells) if f.region_id is None]
    shown = shown_in_kpi_unit(federation, kpi, t)
    points = {
        f.period: Point(value * shown)
        for f, cell in network
        if (value := _network_value(f, cell, aggregation)) is not None
    }
    if kpi is not None:
        values_replace(writes=[Write(kpi, points, Source.NETWORK, "")], user=None)
    return Recomputed(len(network), len(points))


def figures_recompute_all(*, federation: Federation) -> dict[str, Recomputed]:
    """Publish anew every template the federation has contributions or figures for (after k changed, say)."""
    slugs = set(Contribution.objects.filter(member__federation=federation).values_list("template_slug", flat=True))
    slugs |= set(Figure.objects.filter(federation=federation).values_list("template_slug", flat=True))
    return {slug: figures_recompute(federation=federation, template_slug=slug) for slug in sorted(slugs)}
