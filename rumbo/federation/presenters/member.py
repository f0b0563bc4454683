"""What a cooperative's pages show of its networks: invitations, memberships, its consent per KPI and exactly what is sent."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from rumbo.engine.choice.catalog import by_slug
from rumbo.engine.numbers import format_number
from rumbo.engine.timeline.periods import label
from rumbo.engine.vocab import Grain
from rumbo.federation import selectors
from rumbo.federation.models import Member, MemberStatus, Share
from rumbo.federation.presenters.network import template_name
from rumbo.federation.services.sharing import contributions_of
from rumbo.kpis.models import Kpi
from rumbo.orgs.models import Cooperative


def exact(value: Decimal | None, lang: str) -> str:
    """A figure exactly as it is sent, every decimal it carries (up to six) in the reader's separators."""
    if value is None:
        return "—"
    places = max(0, min(6, -value.normalize().as_tuple().exponent))  # type: ignore[operator]
    return format_number(value, places, lang)


@dataclass(frozen=True)
class KpiConsent:
    kpi: Kpi
    template: str
    shared_since: date | None  # None: not shared with this network


@dataclass(frozen=True)
class SentRow:
    period: str
    value: str
    numerator: str
    denominator: str


@dataclass(frozen=True)
class SentTemplate:
    name: str
    unit: str
    rows: list[SentRow]  # newest first


@dataclass(frozen=True)
class Withheld:
    kpi: str
    reason: str


@dataclass
class NetworkConsent:
    """One network the cooperative is an active member of: each catalogue KPI's consent, and the next push."""

    member: Member
    name: str
    kpis: list[KpiConsent] = field(default_factory=list)
    sent: list[SentTemplate] = field(default_factory=list)
    withheld: list[Withheld] = field(default_factory=list)
    rows_sent: int = 0


def active_memberships(cooperative: Cooperative) -> list[Member]:
    return [m for m in selectors.memberships(cooperative) if m.status == MemberStatus.ACTIVE]


def consent(cooperative: Cooperative, lang: str) -> tuple[list[NetworkConsent], list[Kpi]]:
    """Every active network with its consents and preview, and the KPIs no network can compare (not from the catalogue)."""
    catalogue = by_slug()
    kpis = list(Kpi.objects.filter(cooperative=cooperative).order_by("name"))
    comparable = [k for k in kpis if k.template_slug in catalogue]
    grains = {k.template_slug: Grain(k.frequency or "month") for k in comparable}
    out = []
    for member in active_memberships(cooperative):
        shared = {
            s.kpi_id: s for s in Share.objects.filter(cooperative=cooperative, member=member, stopped_at__isnull=True)
        }
        network = NetworkConsent(member=member, name=member.federation.cooperative.name)
        network.kpis = [
            KpiConsent(
                k,
                template_name(k.template_slug, lang),
                shared[k.pk].started_at.date() if k.pk in shared else None,
            )
            for k in comparable
        ]
        push = contributions_of(cooperative, member)
        by_template: dict[str, list] = {slug: [] for slug in push.templates}
        for row in push.rows:
            by_template.setdefault(row.template_slug, []).append(row)
        for slug, rows in by_template.items():
            grain = grains.get(slug, Grain.MONTH)
            network.sent.append(
                SentTemplate(
                    name=template_name(slug, lang),
                    unit=rows[0].unit if rows else "",
                    rows=[
                        SentRow(
                            label(r.period, grain, lang),
                            exact(r.value, lang),
                            exact(r.numerator, lang),
                            exact(r.denominator, lang),
                        )
                        for r in reversed(rows)
                    ],
                )
            )
        network.withheld = [Withheld(w.kpi_name, w.reason) for w in push.withheld]
        network.rows_sent = len(push.rows)
        out.append(network)
    return out, [k for k in kpis if k.template_slug not in catalogue]


def memberships_page(cooperative: Cooperative) -> dict[str, list[Member]]:
    """The invitations waiting, the networks it belongs to, and those it left or declined."""
    found = list(
        Member.objects.filter(cooperative=cooperative)
        .select_related("federation__cooperative")
        .order_by("federation__cooperative__name")
    )
    return {
        "invitations": [m for m in found if m.status == MemberStatus.INVITED],
        "active": [m for m in found if m.status == MemberStatus.ACTIVE],
        "past": [m for m in found if m.status in (MemberStatus.LEFT, MemberStatus.DECLINED)],
    }
