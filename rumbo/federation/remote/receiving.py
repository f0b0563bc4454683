"""The federation's side of a remote member's push: checked, taken in once per push id, answered with the published bands.

The route (`rumbo/api/federation/push.py`) checks the key, the signature and the timestamp; here the
push is ingested through the same `ingest` as a member on this install, with one addition: a
template the member held contributions for and no longer lists has stopped being shared, so it is
listed empty and its contributions leave the statistics at once. The answer carries only
published figures (after disclosure control), and only for the templates the member itself
shares: a member never reads another's figure, nor the network's figures of a KPI it does not share.
"""

import hashlib
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rumbo.engine.choice.catalog import by_slug
from rumbo.federation.models import Contribution, Federation, Figure, Member, ReceivedPush
from rumbo.federation.services.figures import network_kpi_ensure, network_units
from rumbo.federation.services.ingest import ingest
from rumbo.federation.services.sharing import Push
from rumbo.kpis.models import Kpi

KEPT_FOR = timedelta(days=1)  # a push id outlives its timestamp's window many times over


@dataclass(frozen=True)
class Band:
    """A published band of one template, for its latest period with a published median (else its latest period)."""

    template: str
    period: date
    contributors: int
    median: Decimal | None
    p25: Decimal | None
    p75: Decimal | None
    unit: str


@dataclass(frozen=True)
class Received:
    federation: Federation
    member: Member
    replayed: bool  # the same push id came before: nothing was written this time
    changed: tuple[str, ...]
    refused: dict[str, str]
    stored: int
    bands: list[Band]


class PushConflict(Exception):
    """The same push id was sent before with another body."""


def body_hash(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def bands_for(federation: Federation, templates: list[str] | tuple[str, ...]) -> list[Band]:
    """The latest published band of each template (two queries whatever the number of templates and periods)."""
    known = by_slug()
    wanted = sorted({t for t in templates if t in known})
    if not wanted:
        return []
    unit_of = network_units(federation, [known[t] for t in wanted])
    chosen: dict[str, Figure] = {}
    rows = (
        Figure.objects.filter(federation=federation, region__isnull=True, template_slug__in=wanted, contributors__gt=0)
        .only("template_slug", "period", "contributors", "median", "p25", "p75")
        .order_by("template_slug", "-period")
    )
    for figure in rows:
        held = chosen.get(figure.template_slug)
        if held is None or (held.median is None and figure.median is not None):
            chosen[figure.template_slug] = figure
    return [
        Band(f.template_slug, f.period, f.contributors, f.median, f.p25, f.p75, unit_of[f.template_slug])
        for f in (chosen[t] for t in wanted if t in chosen)
    ]


def push_receive(*, member: Member, push_id: str, body: bytes, data: object) -> Received:
    """Take in a member's push once: ingested, recorded by its id; the same id again answers without writing."""
    digest = body_hash(body)
    federation = member.federation
    try:
        with transaction.atomic():
            member = Member.objects.select_for_update().select_related("federation__cooperative").get(pk=member.pk)
            seen = ReceivedPush.objects.filter(member=member, push_id=push_id).first()
            if seen is not None:
                return _replayed(seen, digest, member, data)
            push = Push.from_json(data)
            _network_kpis_ensure(federation, push.templates)
            held = set(Contribution.objects.filter(member=member).values_list("template_slug", flat=True).distinct())
            stopped = held - set(push.templates)  # no longer shared: listed empty, so ingest removes them
            done = ingest(member, Push(tuple(sorted({*push.templates, *stopped})), push.rows))
            now = timezone.now()
            ReceivedPush.objects.filter(member=member, received_at__lt=now - KEPT_FOR).delete()
            ReceivedPush.objects.create(member=member, push_id=push_id, body_hash=digest, received_at=now)
    except IntegrityError:
        # The same push at once on two connections: the other one took it in.
        seen = ReceivedPush.objects.filter(member=member, push_id=push_id).first()
        if seen is None:
            raise
        return _replayed(seen, digest, member, data)
    return Received(
        federation, member, False, done.changed, done.refused, done.stored, bands_for(federation, push.templates)
    )


def _network_kpis_ensure(federation: Federation, templates: tuple[str, ...]) -> None:
    """The federation's network KPI of each template listed, made the first time one is shared (one query when all exist)."""
    catalogue = by_slug()
    listed = {slug for slug in templates if slug in catalogue}
    held = set(
        Kpi.objects.filter(cooperative_id=federation.cooperative_id, template_slug__in=listed).values_list(
            "template_slug", flat=True
        )
    )
    for slug in sorted(listed - held):
        network_kpi_ensure(federation=federation, template=catalogue[slug])


def _replayed(seen: ReceivedPush, digest: str, member: Member, data: object) -> Received:
    if seen.body_hash != digest:
        raise PushConflict(_("Este identificador de envío ya llegó con otro contenido; cada envío lleva uno nuevo."))
    try:
        templates = Push.from_json(data).templates
    except ValidationError:
        templates = ()
    return Received(member.federation, member, True, (), {}, 0, bands_for(member.federation, templates))
