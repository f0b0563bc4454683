"""What the federation's own pages show: its members and what each shares, and a KPI's published network figures.

Never a member's figure: the members page reads members and the names of the templates they
share; the figures pages read only the published Figures, with a suppressed cell said as
«no publicable» and why, in plain Spanish.
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
from rumbo.federation.models import Federation, Figure, Member, MemberStatus
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
            )
        )
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
    latest: dict[str, tuple[date, int]] = {}
    for slug, period, contributors in Figure.objects.filter(federation=federation).values_list(
        "template_slug", "period", "contributors"
    ):
        if slug not in latest or latest[slug][0] < period:
            latest[slug] = (period, contributors)
    rows = []
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
    contributors: int
    network: str  # the network's figure: its total, or its ratio from summed parts
    median: str
    p25: str
    p75: str
    why: str  # why a cell is not published, in plain words; "" when everything is


def why_not(figure: Figure, *, k: int, ratio: bool, network_shown: bool) -> str:
    """Why part of a period is not published, from what the figure holds.

    A figure keeps the published numbers only, so the reason is read from which are missing:
    fewer than k members hides everything; quartiles hidden with k or more is the differencing
    rule; a total hidden beside published quartiles is dominance or differencing.
    """
    network = figure.ratio if ratio else figure.total
    if figure.contributors < k:
        return ngettext(
            "Menos de %(k)s cooperativas: solo %(n)s envió su cifra.",
            "Menos de %(k)s cooperativas: solo %(n)s enviaron su cifra.",
            figure.contributors,
        ) % {"k": k, "n": figure.contributors}
    if figure.median is None:
        return _(
            "Comparada con otra cifra publicada (otro mes, o la red con un miembro más o menos), "
            "revelaría la cifra de una cooperativa por diferencia."
        )
    if network_shown and network is None:
        return _(
            "El total no se publica: una o dos cooperativas pesan tanto en él que se podría deducir su cifra, "
            "o se deduciría por diferencia con otro total publicado."
        )
    return ""


@dataclass(frozen=True)
class NetworkFigures:
    name: str
    unit: str
    network_label: str  # «Total de la red» or «Cifra de la red»
    aggregation: str
    k: int
    rows: list[FigureRow]  # newest first
    kpi: Kpi | None
    network_shown: bool  # a sum or a ratio has a network figure; a level or a share is read by its quartiles


def network_figures(federation: Federation, slug: str, lang: str) -> NetworkFigures:
    kpi = Kpi.objects.filter(cooperative_id=federation.cooperative_id, template_slug=slug).first()
    t = by_slug().get(slug)
    aggregation = kpi.aggregation if kpi is not None else (t.aggregation.value if t else Aggregation.SUM)
    ratio = aggregation == Aggregation.RATIO
    facts = facts_of(kpi) if kpi is not None else None
    grain = facts.grain if facts is not None else Grain.MONTH
    k = federation.min_contributors
    network_shown = aggregation in (Aggregation.SUM, Aggregation.RATIO)
    shown = selectors.shown_in_kpi_unit(federation, kpi, t) if t is not None else Decimal(1)  # kg → the KPI's qq

    def text(value: Decimal | None) -> str:
        if value is None:
            return _("no publicable")
        value = value * shown
        return amount(value, facts, lang) if facts is not None else format_number(value, 2, lang)

    rows = [
        FigureRow(
            period=label(f.period, grain, lang),
            contributors=f.contributors,
            network=text(f.ratio if ratio else f.total),
            median=text(f.median),
            p25=text(f.p25),
            p75=text(f.p75),
            why=why_not(f, k=k, ratio=ratio, network_shown=network_shown),
        )
        for f in reversed(list(selectors.figures(federation, slug)))
    ]
    return NetworkFigures(
        name=template_name(slug, lang),
        unit=kpi.unit if kpi is not None else "",
        network_label=_("Cifra de la red (de las partes sumadas)") if ratio else _("Total de la red"),
        aggregation=aggregation,
        k=k,
        rows=rows,
        kpi=kpi,
        network_shown=network_shown,
    )
