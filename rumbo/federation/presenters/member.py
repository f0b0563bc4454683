"""What a cooperative's pages show of its networks: invitations, memberships, its consent per KPI and exactly what is sent."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from rumbo.engine.numbers import format_number
from rumbo.engine.timeline.periods import label
from rumbo.engine.vocab import Grain
from rumbo.federation import selectors
from rumbo.federation.models import Member, MemberStatus, RemoteLink
from rumbo.federation.presenters.network import template_name
from rumbo.federation.remote.links import contributions_of_link
from rumbo.federation.remote.selectors import links_of
from rumbo.federation.services.sharing import Push, contributions_of
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
    refusal: str = ""  # why it cannot be shared (not from the catalogue, another frequency, a unit that does not match)


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
    converted: str = ""  # how the KPI's own unit («latas») was converted into the one sent (kg), in words


@dataclass(frozen=True)
class Withheld:
    kpi: str
    reason: str


@dataclass
class NetworkConsent:
    """One network the cooperative shares with: each catalogue KPI's consent, and the next push.

    `member` for a federation on this install it is an active member of, `link` for one on another Rumbo.
    """

    member: Member | None
    name: str
    link: RemoteLink | None = None
    kpis: list[KpiConsent] = field(default_factory=list)
    refused: list[KpiConsent] = field(default_factory=list)
    sent: list[SentTemplate] = field(default_factory=list)
    withheld: list[Withheld] = field(default_factory=list)
    rows_sent: int = 0


def active_memberships(cooperative: Cooperative) -> list[Member]:
    return [m for m in selectors.memberships(cooperative) if m.status == MemberStatus.ACTIVE]


def consent(cooperative: Cooperative, lang: str) -> list[NetworkConsent]:
    """Every network (on this install or linked on another Rumbo) with the consent per KPI, and the preview."""
    out = []
    for member in active_memberships(cooperative):
        network = NetworkConsent(member=member, name=member.federation.cooperative.name)
        choices = selectors.sharing_choices(cooperative, member)
        out.append(_filled(network, choices, contributions_of(cooperative, member), lang))
    for link in links_of(cooperative):
        network = NetworkConsent(member=None, name=link_name(link), link=link)
        choices = selectors.sharing_choices(cooperative, link=link)
        out.append(_filled(network, choices, contributions_of_link(cooperative, link), lang))
    return out


def link_name(link: RemoteLink) -> str:
    """A linked federation's name as it answered, else its address (before its first push arrives)."""
    return link.federation_name or link.url


def _filled(network: NetworkConsent, found: list[selectors.Choice], push: Push, lang: str) -> NetworkConsent:
    choices = [
        KpiConsent(
            c.kpi,
            template_name(c.kpi.template_slug, lang) if c.kpi.template_slug else "",
            c.share.started_at.date() if c.share else None,
            c.refusal,
        )
        for c in found
    ]
    network.kpis = [c for c in choices if not c.refusal or c.shared_since]  # a shared one can always stop
    network.refused = [c for c in choices if c.refusal and not c.shared_since]
    grains = {c.kpi.template_slug: Grain(c.kpi.frequency or "month") for c in choices}
    by_template: dict[str, list] = {slug: [] for slug in push.templates}
    for row in push.rows:
        by_template.setdefault(row.template_slug, []).append(row)
    converted = {
        c.template_slug: _(
            "Su indicador se mide en «%(from)s»: se envía en «%(to)s», cada valor multiplicado por %(factor)s."
        )
        % {"from": c.from_unit, "to": c.to_unit, "factor": exact(c.factor.normalize(), lang)}
        for c in push.converted
    }
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
                converted=converted.get(slug, ""),
            )
        )
    network.withheld = [Withheld(w.kpi_name, w.reason) for w in push.withheld]
    network.rows_sent = len(push.rows)
    return network


def memberships_page(cooperative: Cooperative) -> dict[str, list]:
    """The invitations waiting, the networks it belongs to, those it left or declined, and its links to other Rumbos."""
    found = list(
        Member.objects.filter(cooperative=cooperative)
        .select_related("federation__cooperative")
        .order_by("federation__cooperative__name")
    )
    return {
        "invitations": [m for m in found if m.status == MemberStatus.INVITED],
        "active": [m for m in found if m.status == MemberStatus.ACTIVE],
        "past": [m for m in found if m.status in (MemberStatus.LEFT, MemberStatus.DECLINED)],
        "links": list(links_of(cooperative)),
    }
