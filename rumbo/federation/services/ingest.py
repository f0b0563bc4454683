"""The federation's side of a push: a member's contributions replaced for the templates it lists, idempotently.

The same for a member on this install (called by the push task) and on another Rumbo (called by
the API with the member's key). Units are converted to the unit of the federation's network KPI
with the engine; a template whose unit cannot be matched is refused with the reason, and the
member's earlier contributions for it are removed (it is not compared). A row's unit is read
with no cooperative's own units: the member converts its own («latas») into the template's unit
before it sends (`sharing.push_of`), so the federation never guesses what a member's «lata» is
worth, and a unit only the member knows is refused. The network KPI's unit is read with the
federation's own units (`network_units`). Receiving the same push
twice changes nothing and publishes nothing anew.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import cast

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rumbo.engine.choice.catalog import by_slug
from rumbo.engine.network import units
from rumbo.engine.vocab import Grain
from rumbo.federation.models import Contribution, Member, MemberStatus
from rumbo.federation.services.figures import network_units
from rumbo.federation.services.sharing import Push, Sent
from rumbo.kpis.services.values import storable
from rumbo.orgs import editions

Row = tuple[str, date, Decimal | None, Decimal | None, Decimal | None, str]  # period and figures, as compared


@dataclass(frozen=True)
class Ingested:
    """What a push changed: the templates whose contributions changed, and those refused with their reason."""

    changed: tuple[str, ...]
    refused: dict[str, str]
    stored: int


def _converted(rows: list[Sent], target: str) -> list[Sent] | str:
    """The rows in the target unit, or the reason they cannot be."""
    factors: dict[str, Decimal] = {}
    out = []
    for row in rows:
        if row.unit not in factors:
            if row.unit == target or not row.unit:
                factors[row.unit] = Decimal(1)
            else:
                factor = units.convert(1.0, row.unit, target)
                if factor is None and units.canonical(row.unit) is None:
                    return _(
                        "la unidad «%(unit)s» no es conocida: el Rumbo del miembro convierte sus unidades propias "
                        "a «%(target)s» antes de enviarlas"
                    ) % {"unit": row.unit, "target": target}
                if factor is None:
                    return _("la unidad «%(unit)s» no se puede convertir a «%(target)s»") % {
                        "unit": row.unit,
                        "target": target,
                    }
                factors[row.unit] = Decimal(str(factor))
        f = factors[row.unit]
        numerator = None if row.numerator is None else row.numerator * f
        out.append(Sent(row.template_slug, row.period, row.value * f, numerator, row.denominator, target))
    return out


def _starts(period: date, grain: Grain) -> bool:
    """A period's first day as every cooperative's calendar may start it (a month's first day, a week's Monday)."""
    if grain == Grain.DAY:
        return True
    if grain == Grain.WEEK:
        return period.weekday() == 0
    return period.day == 1


def _key(
    template: str, period: date, value: Decimal, numerator: Decimal | None, denominator: Decimal | None, unit: str
) -> Row:
    return (template, period, storable(value), storable(numerator), storable(denominator), unit)


@transaction.atomic
def ingest(member: Member, payload: Push, *, publish_now: bool = False) -> Ingested:
    """Store a member's push: for each template listed, its contributions become exactly the rows sent.

    A constant number of queries whatever the number of rows. The figures of the templates that
    changed are published anew in the background, or in this transaction with `publish_now`
    (the command line, which has no worker to wait for).
    """
    member = Member.objects.select_for_update(of=("self",)).select_related("federation__cooperative").get(pk=member.pk)
    if member.status != MemberStatus.ACTIVE:
        raise ValidationError(_("Esta cooperativa no es miembro activo de la red: no se guarda su envío."))
    catalogue = by_slug()
    refused: dict[str, str] = {}
    templates = set(payload.templates)
    for slug in sorted(templates - set(catalogue)):
        refused[slug] = _("no es una plantilla del catálogo")
    grouped: dict[str, list[Sent]] = defaultdict(list)
    for row in payload.rows:
        grouped[row.template_slug].append(row)
    known = sorted(templates & set(catalogue))
    targets = network_units(member.federation, [catalogue[s] for s in known])
    wanted: dict[str, set[Row]] = {}
    for slug in known:
        converted = _converted(grouped.get(slug, []), targets[slug])
        if not isinstance(converted, str) and not all(_starts(r.period, catalogue[slug].frequency) for r in converted):
            converted = _("un periodo no empieza donde empiezan los periodos de la plantilla")
        if isinstance(converted, str):
            refused[slug] = converted
            converted = []
        wanted[slug] = {_key(slug, r.period, r.value, r.numerator, r.denominator, r.unit) for r in converted}
        if any(row[2] is None for row in wanted[slug]):
            refused[slug] = _("un valor no cabe en las cifras de la red")
            wanted[slug] = set()
    held: dict[str, set[Row]] = defaultdict(set)
    ids: dict[Row, int] = {}
    for pk, *stored in Contribution.objects.filter(member=member, template_slug__in=known).values_list(
        "pk", "template_slug", "period", "value", "numerator", "denominator", "unit"
    ):
        kept = cast(Row, tuple(stored))  # as stored: already what `_key` makes of a number
        held[kept[0]].add(kept)
        ids[kept] = pk
    changed = sorted(slug for slug in known if wanted[slug] != held[slug])
    if changed:
        now = timezone.now()
        with editions.one_edition([member.federation.cooperative_id]):
            # Only the rows that differ: a member's monthly push carries its whole history, one month new.
            stale = [ids[kept] for slug in changed for kept in held[slug] - wanted[slug]]
            Contribution.objects.filter(pk__in=stale).delete()
            Contribution.objects.bulk_create(
                [
                    Contribution(
                        member=member,
                        template_slug=template,
                        period=period,
                        value=value or Decimal(0),  # never None: a row that does not fit is refused above
                        numerator=numerator,
                        denominator=denominator,
                        unit=unit,
                        received_at=now,
                    )
                    for slug in changed
                    for (template, period, value, numerator, denominator, unit) in sorted(
                        wanted[slug] - held[slug], key=str
                    )
                ],
                batch_size=500,
            )
        from rumbo.federation.services.figures import figures_recompute
        from rumbo.federation.tasks import enqueue_figures

        for slug in changed:
            if publish_now:
                figures_recompute(federation=member.federation, template_slug=slug)
            else:
                enqueue_figures(member.federation_id, slug)
    return Ingested(tuple(changed), refused, sum(len(wanted[s]) for s in changed))
