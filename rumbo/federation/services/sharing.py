"""The member's side: its consent per KPI, and the push that sends exactly the shared KPIs' values to a federation.

Only KPIs made from a catalogue template are shared (comparable means the same formula and
meaning), and only their values, in the template's unit: no names, notes, people or files. A
KPI measured in one of the cooperative's own units («latas») is converted here, with the
cooperative's definition, before it leaves: a federation, on this install or another, only ever
receives units every Rumbo knows. The sharing screen shows `contributions_of`, the very rows the
next push sends.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rumbo.accounts import access
from rumbo.accounts.models import User
from rumbo.engine.choice.catalog import by_slug
from rumbo.federation.comparable import check_comparable, conversion, template_of
from rumbo.federation.models import Member, MemberStatus, Share
from rumbo.federation.services.federations import require_admin
from rumbo.kpis.models import Kpi, Measurement
from rumbo.orgs import editions
from rumbo.orgs.models import Cooperative
from rumbo.orgs.selectors import local_units_of


@dataclass(frozen=True)
class Sent:
    """One value a push carries: a template, a period's first day, the value (and a ratio's parts) and its unit."""

    template_slug: str
    period: date
    value: Decimal
    numerator: Decimal | None
    denominator: Decimal | None
    unit: str


@dataclass(frozen=True)
class Withheld:
    """A shared KPI whose values cannot be sent now, and why (shown on the member's side only)."""

    kpi_id: int
    kpi_name: str
    template_slug: str
    reason: str


@dataclass(frozen=True)
class Converted:
    """A shared KPI whose values are converted before they are sent (latas to kg), for the sharing screen only."""

    template_slug: str
    from_unit: str
    to_unit: str
    factor: Decimal


@dataclass(frozen=True)
class Push:
    """What a member sends a federation: every shared template, with its rows.

    The federation replaces the member's contributions for each template listed, so a template
    listed without rows clears them (a KPI that stopped being shared, or cannot be matched).
    """

    templates: tuple[str, ...]
    rows: tuple[Sent, ...]
    withheld: tuple[Withheld, ...] = field(default=(), compare=False)  # never sent
    converted: tuple[Converted, ...] = field(default=(), compare=False)  # never sent: how the rows were converted

    def as_json(self) -> dict[str, Any]:
        """The push as the API carries it: numbers as text, so no figure passes through a float."""
        return {
            "templates": list(self.templates),
            "rows": [
                {
                    "template": r.template_slug,
                    "period": r.period.isoformat(),
                    "value": str(r.value),
                    "numerator": None if r.numerator is None else str(r.numerator),
                    "denominator": None if r.denominator is None else str(r.denominator),
                    "unit": r.unit,
                }
                for r in self.rows
            ],
        }

    @classmethod
    def from_json(cls, data: Any) -> "Push":
        """A push received as JSON; a ValidationError (in Spanish) names what is wrong."""
        try:
            templates = tuple(str(t) for t in data["templates"])
            rows = tuple(
                Sent(
                    template_slug=str(r["template"]),
                    period=date.fromisoformat(str(r["period"])),
                    value=Decimal(str(r["value"])),
                    numerator=None if r.get("numerator") is None else Decimal(str(r["numerator"])),
                    denominator=None if r.get("denominator") is None else Decimal(str(r["denominator"])),
                    unit=str(r.get("unit") or ""),
                )
                for r in data["rows"]
            )
        except (KeyError, TypeError, ValueError, ArithmeticError) as err:
            raise ValidationError(_("El envío no tiene la forma esperada (%(error)s).") % {"error": err}) from None
        stray = {r.template_slug for r in rows} - set(templates)
        if stray:
            raise ValidationError(
                _("El envío trae valores de indicadores que no lista: %(slugs)s.") % {"slugs": ", ".join(sorted(stray))}
            )
        return cls(templates, rows)


def _open_shares(cooperative: Cooperative, member: Member) -> list[Share]:
    """The cooperative's KPIs shared with this member today, with their KPI, in the bin or not (one query)."""
    return list(
        Share.objects.filter(cooperative=cooperative, member=member, stopped_at__isnull=True)
        .select_related("kpi")
        .order_by("kpi__name", "pk")
    )


def contributions_of(cooperative: Cooperative, member: Member) -> Push:
    """Exactly what the next push to this federation sends: the shared KPIs' values, in the template's unit.

    Three queries whatever the number of KPIs and periods (`push_of`). Only the cooperative's own
    membership is read (a federation never reads a member's values through it).
    """
    if member.cooperative_id != cooperative.pk:
        raise ValidationError(
            _("«%(coop)s» no es la cooperativa de este miembro de la red.") % {"coop": cooperative.name}
        )
    if member.status != MemberStatus.ACTIVE:
        return Push((), ())
    return push_of(_open_shares(cooperative, member), local=local_units_of(cooperative))


def push_of(shares: Sequence[Share], *, local: Mapping[str, str]) -> Push:
    """The push made of one cooperative's open shares (their KPIs selected with them): each template listed, its values
    converted with the cooperative's own units (`local`, `orgs.selectors.local_units_of`).

    One query for the values whatever the number of KPIs and periods. A KPI in the bin is listed
    without values (the federation drops its contributions); one that cannot be matched any more
    is listed without values and named in `withheld`. A KPI made from no catalogue template is not listed.
    """
    catalogue = by_slug()
    templates: list[str] = []
    withheld: list[Withheld] = []
    converted: list[Converted] = []
    ways: dict[int, tuple[str, str, Decimal]] = {}
    for share in shares:
        kpi, t = share.kpi, catalogue.get(share.kpi.template_slug)
        if t is None:
            continue
        templates.append(t.slug)
        if kpi.deleted_at is not None:
            continue  # in the bin: listed without values, so its figures leave the network until it is restored
        try:
            check_comparable(kpi, t, local)
            unit, factor = conversion(kpi, t, local)
        except ValidationError as err:
            withheld.append(Withheld(kpi.pk, kpi.name, t.slug, " ".join(err.messages)))
            continue
        ways[kpi.pk] = (t.slug, unit, factor)
        if factor != 1:
            converted.append(Converted(t.slug, kpi.unit.strip(), unit, factor))
    rows = []
    values = Measurement.objects.filter(kpi_id__in=ways, value__isnull=False).order_by("kpi_id", "period")
    for kpi_id, period, value, numerator, denominator in values.values_list(
        "kpi_id", "period", "value", "numerator", "denominator"
    ):
        slug, unit, factor = ways[kpi_id]
        if value is None:
            continue
        if numerator is None or denominator is None:
            numerator = denominator = None
        else:
            numerator *= factor
        rows.append(Sent(slug, period, value * factor, numerator, denominator, unit))
    rows.sort(key=lambda r: (r.template_slug, r.period))
    return Push(tuple(sorted(set(templates))), tuple(rows), tuple(withheld), tuple(converted))


def _enqueue_push(cooperative_id: int) -> None:
    from rumbo.federation.tasks import enqueue_push

    enqueue_push(cooperative_id)


@transaction.atomic
def share_start(*, kpi: Kpi, member: Member, user: User | None, membership: access.Acting | None = None) -> Share:
    """The cooperative's admin shares one KPI with a federation it belongs to; its values go out with the next push."""
    coop = kpi.cooperative
    require_admin(coop, user, membership)
    member = Member.objects.select_for_update(of=("self",)).select_related("federation__cooperative").get(pk=member.pk)
    if member.cooperative_id != coop.pk or member.status != MemberStatus.ACTIVE:
        raise ValidationError(
            _("«%(coop)s» no es miembro activo de %(federation)s.")
            % {"coop": coop.name, "federation": member.federation.cooperative.name}
        )
    t = template_of(kpi)
    check_comparable(kpi, t, local_units_of(coop))
    taken = Share.objects.filter(member=member, stopped_at__isnull=True, kpi__template_slug=t.slug).first()
    if taken is not None:
        raise ValidationError(
            _("«%(kpi)s» ya se comparte con esta red: %(federation)s recibe un solo indicador por plantilla.")
            % {"kpi": taken.kpi.name, "federation": member.federation.cooperative.name}
        )
    from rumbo.federation.services.figures import network_kpi_ensure

    network_kpi_ensure(federation=member.federation, template=t)
    share = Share.objects.create(cooperative=coop, member=member, kpi=kpi)
    editions.renew([member.federation.cooperative_id])  # its admins see which KPIs each member shares
    _enqueue_push(coop.pk)
    return share


@transaction.atomic
def share_stop(*, share: Share, user: User | None, membership: access.Acting | None = None) -> Share:
    """Stop sharing: the member's contributions for that template leave the federation's statistics at once.

    On this install they are deleted and the figures published anew in this transaction; a
    federation on another Rumbo is told by the next push (the template listed without rows).
    """
    require_admin(share.cooperative, user, membership)
    share = Share.objects.select_for_update(of=("self",)).select_related("kpi", "member__federation").get(pk=share.pk)
    if share.stopped_at is not None:
        return share
    share.stopped_at = timezone.now()
    share.save(update_fields=["stopped_at"])
    member = share.member
    if member is None:
        return share
    from rumbo.federation.services.figures import figures_recompute

    slug = share.kpi.template_slug
    with editions.one_edition([member.federation.cooperative_id, share.cooperative_id]):
        member.contributions.filter(template_slug=slug).delete()
    figures_recompute(federation=member.federation, template_slug=slug)
    return share
