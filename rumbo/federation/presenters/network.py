"""What the federation's own pages show: its members and what each shares, its regions, and a KPI's published figures.

Never a member's figure: the members page reads members, their regions and the names of the
templates they share; the figures pages read only the published Figures (the network's, or one
region's), with a suppressed cell said as «no publicable» and why, in plain Spanish, and a figure
that leaves a few contributors out said as «con 1.000 de 1.001 cooperativas».
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from rumbo.engine.choice.catalog import by_slug
from rumbo.engine.numbers import format_number
from rumbo.engine.status.phrases import amount
from rumbo.engine.timeline.periods import label
from rumbo.engine.vocab import Aggregation, Grain
from rumbo.federation import selectors
from rumbo.federation.models import Federation, Figure, Member, MemberStatus, Region
from rumbo.federation.reasons import reasons_said, resting_on
from rumbo.kpis.models import Kpi
from rumbo.kpis.readings import facts_of


def template_name(slug: str, lang: str) -> str:
    t = by_slug().get(slug)
    if t is None:
        return slug
    return t.name_en if lang == "en" and t.name_en else t.name_es


@dataclass(frozen=True)
class MemberRow:
    member: Member
    name: str
    where: str  # on this install or on another Rumbo
    status: str
    since: date | None
    shares: list[str]  # the names of the templates it shares, never its figures
    can_remove: bool
    region_id: int | None
    region: str  # its region's name, "" when in none


def member_rows(federation: Federation, lang: str) -> list[MemberRow]:
    rows = []
    for m in selectors.members(federation):
        since = m.left_at if m.status == MemberStatus.LEFT else m.joined_at or m.invited_at
        rows.append(
            MemberRow(
                member=m,
                name=m.name,
                where=_("en otro Rumbo, con su clave") if m.remote else _("en este Rumbo"),
                status=m.get_status_display(),
                since=since.date() if since else None,
                shares=[template_name(slug, lang) for slug in getattr(m, "templates", [])],
                can_remove=m.status in (MemberStatus.ACTIVE, MemberStatus.INVITED),
                region_id=m.region_id,
                region=m.region.name if m.region is not None else "",
            )
        )
    return rows


@dataclass(frozen=True)
class RegionRow:
    region: Region
    name: str
    members: int  # active members
    note: str  # a region of fewer than k members says that its figures are not published


def region_rows(federation: Federation) -> list[RegionRow]:
    k = federation.min_contributors
    rows = []
    for r in selectors.regions(federation):
        count = getattr(r, "member_count", 0)
        note = (
            _("Con menos de %(k)s cooperativas, de esta región solo se publica cuántas envían su cifra.") % {"k": k}
            if count < k
            else ""
        )
        rows.append(RegionRow(r, r.name, count, note))
    return rows


@dataclass(frozen=True)
class NetworkKpiRow:
    slug: str
    name: str
    latest: str  # the latest period published, "" before the first
    contributors: int
    kpi: Kpi | None = None  # the network indicator on the federation's board
    can_edit: bool = False  # the reader may set its target, owner and objective (the KPI's edit page)


def network_kpis(
    federation: Federation, lang: str, can_edit_area: Callable[[str], bool] = lambda area: False
) -> list[NetworkKpiRow]:
    """The network's indicators: every template it has figures of or a network KPI for, with the latest period
    published, how many members it rests on, and whether the reader may set its target (`can_edit_area`)."""
    kpis = {
        k.template_slug: k
        for k in Kpi.objects.filter(cooperative_id=federation.cooperative_id).exclude(template_slug="")
    }
    rows = []
    latest = {f.template_slug: (f.period, f.contributors) for f in selectors.latest_network_figures(federation)}
    for slug in latest.keys() | kpis.keys():
        kpi = kpis.get(slug)
        grain = Grain(kpi.frequency or "month") if kpi is not None else Grain.MONTH
        last, contributors = latest.get(slug, (None, 0))
        rows.append(
            NetworkKpiRow(
                slug,
                template_name(slug, lang),
                label(last, grain, lang) if last else "",
                contributors,
                kpi,
                kpi is not None and can_edit_area(kpi.area),
            )
        )
    return sorted(rows, key=lambda r: r.name)


@dataclass(frozen=True)
class FigureRow:
    period: str
    contributors: str  # how many sent a figure, in the reader's numbers
    resting_on: str  # «con 1.000 de 1.001 cooperativas» when the figures leave a few out; "" otherwise
    network: str  # the network's (or region's) figure: its total, or its ratio from summed parts
    median: str
    p25: str
    p75: str
    why: list[str]  # why something is not published, one sentence per reason; [] when everything is
    why_short: str  # the same in a few words, for a summary


@dataclass(frozen=True)
class RegionChoice:
    slug: str
    name: str
    selected: bool


@dataclass(frozen=True)
class RegionLatest:
    """A region's latest period on the network's page: its figures, or why they are not published."""

    slug: str
    name: str
    row: FigureRow


@dataclass(frozen=True)
class NetworkFigures:
    name: str
    unit: str
    network_label: str  # «Total de la red», «Total de la región» or the ratio's «Cifra …»
    aggregation: str
    k: int
    rows: list[FigureRow]  # newest first
    kpi: Kpi | None
    network_shown: bool  # a sum or a ratio has a network figure; a level or a share is read by its quartiles
    region: Region | None  # the region shown; None for the whole network
    regions: list[RegionChoice]  # for the selector; [] when the federation defines none
    region_latest: list[RegionLatest]  # on the network's page: each region's latest period
    region_note: str  # a region with fewer than k members: its figures are not published
    trimmed: bool  # some period's figures leave a few contributors out («con 1.000 de 1.001»)


def network_figures(federation: Federation, slug: str, lang: str, region: Region | None = None) -> NetworkFigures:
    """One template's published figures, of the network or of one region, newest first (a constant number of reads)."""
    kpi = Kpi.objects.filter(cooperative_id=federation.cooperative_id, template_slug=slug).first()
    t = by_slug().get(slug)
    aggregation = kpi.aggregation if kpi is not None else (t.aggregation.value if t else Aggregation.SUM)
    ratio = aggregation == Aggregation.RATIO
    facts = facts_of(kpi) if kpi is not None else None
    grain = facts.grain if facts is not None else Grain.MONTH
    k = federation.min_contributors
    network_shown = aggregation in (Aggregation.SUM, Aggregation.RATIO)
    what = _("La cifra de las partes sumadas") if ratio else _("El total")
    factor = selectors.shown_in_kpi_unit(federation, kpi, t) if t is not None else Decimal(1)  # kg → the KPI's qq

    def text(value: Decimal | None) -> str:
        if value is None:
            return _("no publicable")
        value = value * factor
        return amount(value, facts, lang) if facts is not None else format_number(value, 2, lang)

    def row(f: Figure) -> FigureRow:
        said = reasons_said(f, k=k, what=what, total_shown=network_shown)
        return FigureRow(
            period=label(f.period, grain, lang),
            contributors=format_number(f.contributors, 0, lang),
            resting_on=resting_on(f, lang),
            network=text(f.ratio if ratio else f.total),
            median=text(f.median),
            p25=text(f.p25),
            p75=text(f.p75),
            why=[s.long for s in said],
            why_short="; ".join(s.short for s in said),
        )

    by_region = selectors.figures_by_region(federation, slug)
    regions = selectors.regions(federation)
    shown = by_region.get(region.pk if region is not None else None, [])
    latest = []
    if region is None:
        for r in regions:
            if found := by_region.get(r.pk):
                latest.append(RegionLatest(r.slug, r.name, row(found[-1])))
    members = next((getattr(r, "member_count", 0) for r in regions if region is not None and r.pk == region.pk), 0)
    if region is not None and members < k:
        note = ngettext(
            "«%(region)s» tiene %(n)s cooperativa activa: con menos de %(k)s, de la región solo se publica cuántas "
            "envían su cifra.",
            "«%(region)s» tiene %(n)s cooperativas activas: con menos de %(k)s, de la región solo se publica cuántas "
            "envían su cifra.",
            members,
        ) % {"region": region.name, "n": members, "k": k}
    else:
        note = ""
    if region is None:
        label_ = _("Cifra de la red (de las partes sumadas)") if ratio else _("Total de la red")
    else:
        label_ = _("Cifra de la región (de las partes sumadas)") if ratio else _("Total de la región")
    rows = [row(f) for f in reversed(shown)]
    return NetworkFigures(
        name=template_name(slug, lang),
        unit=kpi.unit if kpi is not None else "",
        network_label=label_,
        aggregation=aggregation,
        k=k,
        rows=rows,
        kpi=kpi,
        network_shown=network_shown,
        region=region,
        regions=[RegionChoice(r.slug, r.name, region is not None and r.pk == region.pk) for r in regions],
        region_latest=latest,
        region_note=note,
        trimmed=any(r.resting_on for r in rows),
    )
