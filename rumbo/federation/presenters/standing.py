"""Where a member stands in its networks for one KPI: its quarter, the number of members, and the network's band.

Read from the published figures (disclosure control already applied) and the member's own
contribution: a member sees only bands, never another member's figure or rank. A member on
this install reads its own contribution; a member on another Rumbo reads the answer of its
last push (`remote_position`, when the remote members are installed).
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import F
from django.utils.translation import gettext as _

from rumbo.engine.network.disclosure import Published, band
from rumbo.engine.vocab import Direction
from rumbo.federation.models import Contribution, Figure, MemberStatus, Share
from rumbo.kpis.models import Kpi
from rumbo.orgs.models import Cooperative


@dataclass(frozen=True)
class NetworkPoint:
    """One period of the network's band, in the network's unit: the quartiles, or None where suppressed."""

    period: date
    contributors: int
    p25: Decimal | None
    median: Decimal | None
    p75: Decimal | None


@dataclass(frozen=True)
class Standing:
    """A member's quarter in one network for one KPI, at the latest period both it and the network have figures."""

    federation: str  # the network's name
    kpi_id: int
    band: str | None  # "top" | "upper_middle" | "lower_middle" | "bottom"; None before the network has quartiles
    period: date | None
    contributors: int
    points: tuple[NetworkPoint, ...]  # every period of the network's figures, oldest first
    unit: str = ""  # the network's unit for this template (the member's own may differ: qq and kg)


def _dec(value) -> float:
    return float(value)


def quarter(own: Decimal, point: NetworkPoint, direction: str) -> str | None:
    """The quarter of the network `own` falls in ("top" the best one), None without quartiles."""
    published = Published(
        key=point.period,
        contributors=point.contributors,
        total=None,
        ratio=None,
        median=None if point.median is None else _dec(point.median),
        p25=None if point.p25 is None else _dec(point.p25),
        p75=None if point.p75 is None else _dec(point.p75),
        reasons=(),
    )
    return band(_dec(own), published, higher_is_better=direction != Direction.DOWN)


def standings(cooperative: Cooperative, kpis: list[Kpi]) -> dict[int, list[Standing]]:
    """KPI id → its standing in every network it is shared with today; three queries whatever the KPIs.

    Only open shares with a network the cooperative is an active member of count, and only the
    cooperative's own contributions are read.
    """
    by_pk = {k.pk: k for k in kpis}
    shares = list(
        Share.objects.filter(
            cooperative=cooperative,
            kpi_id__in=by_pk,
            stopped_at__isnull=True,
            member__status=MemberStatus.ACTIVE,
            member__cooperative=cooperative,
        )
        .select_related("member__federation__cooperative")
        .annotate(template_slug=F("kpi__template_slug"))  # a board's KPIs are read without it
    )
    if not shares:
        return {}
    member_of = {s.pk: s.member for s in shares if s.member is not None}  # the filter above names a member
    wanted = {(member_of[s.pk].federation_id, s.template_slug) for s in shares}
    federations = {f for f, _slug in wanted}
    slugs = {slug for _f, slug in wanted}
    points: dict[tuple[int, str], list[NetworkPoint]] = defaultdict(list)
    network = Figure.objects.filter(federation_id__in=federations, region__isnull=True, template_slug__in=slugs)
    for f in network.order_by("period"):  # the band is the whole network's, never a region's
        if (f.federation_id, f.template_slug) in wanted:
            points[(f.federation_id, f.template_slug)].append(
                NetworkPoint(f.period, f.contributors, f.p25, f.median, f.p75)
            )
    own: dict[tuple[int, str], dict[date, Decimal]] = defaultdict(dict)
    unit: dict[tuple[int, str], str] = {}
    for member_id, slug, period, value, sent_unit in Contribution.objects.filter(
        member_id__in={m.pk for m in member_of.values()}, template_slug__in=slugs
    ).values_list("member_id", "template_slug", "period", "value", "unit"):
        own[(member_id, slug)][period] = value
        unit[(member_id, slug)] = sent_unit
    found: dict[int, list[Standing]] = defaultdict(list)
    for share in shares:
        kpi, slug, member = by_pk[share.kpi_id], share.template_slug, member_of[share.pk]
        series = points.get((member.federation_id, slug), [])
        mine = own.get((member.pk, slug), {})
        latest = next(
            (p for p in reversed(series) if p.period in mine and quarter(mine[p.period], p, kpi.direction)), None
        )
        found[kpi.pk].append(
            Standing(
                federation=member.federation.cooperative.name,
                kpi_id=kpi.pk,
                band=quarter(mine[latest.period], latest, kpi.direction) if latest else None,
                period=latest.period if latest else None,
                contributors=latest.contributors if latest else 0,
                points=tuple(series),
                unit=unit.get((member.pk, slug), ""),
            )
        )
    return dict(found)


# The quarter in words, by the KPI's direction: "top" is always the best quarter for the KPI.
_WHERE_UP = {
    "top": lambda: _("en el cuarto superior"),
    "upper_middle": lambda: _("en el segundo cuarto, por encima de la mediana"),
    "lower_middle": lambda: _("en el tercer cuarto, por debajo de la mediana"),
    "bottom": lambda: _("en el cuarto inferior"),
}
_WHERE_DOWN = {  # lower is better: the best quarter has the lowest figures
    "top": lambda: _("en el cuarto con las cifras más bajas, el mejor en este indicador"),
    "upper_middle": lambda: _("en el segundo cuarto, por debajo de la mediana"),
    "lower_middle": lambda: _("en el tercer cuarto, por encima de la mediana"),
    "bottom": lambda: _("en el cuarto con las cifras más altas, el que más tiene que mejorar"),
}
_WHERE_BAND = {  # neither higher nor lower is better: where it is, without judging
    "top": lambda: _("en el cuarto con las cifras más altas"),
    "upper_middle": lambda: _("en el segundo cuarto, por encima de la mediana"),
    "lower_middle": lambda: _("en el tercer cuarto, por debajo de la mediana"),
    "bottom": lambda: _("en el cuarto con las cifras más bajas"),
}
_SHORT_UP = {
    "top": lambda: _("Red: cuarto superior"),
    "upper_middle": lambda: _("Red: sobre la mediana"),
    "lower_middle": lambda: _("Red: bajo la mediana"),
    "bottom": lambda: _("Red: cuarto inferior"),
}
_SHORT_DOWN = {
    "top": lambda: _("Red: el mejor cuarto"),
    "upper_middle": lambda: _("Red: mejor que la mediana"),
    "lower_middle": lambda: _("Red: peor que la mediana"),
    "bottom": lambda: _("Red: el cuarto más rezagado"),
}
_SHORT_BAND = {
    "top": lambda: _("Red: cuarto de cifras más altas"),
    "upper_middle": lambda: _("Red: sobre la mediana"),
    "lower_middle": lambda: _("Red: bajo la mediana"),
    "bottom": lambda: _("Red: cuarto de cifras más bajas"),
}


def where(standing: Standing, direction: str) -> str:
    """«en el cuarto superior», by the KPI's direction."""
    assert standing.band is not None, "a standing without a band has no quarter to tell"
    table = {Direction.UP: _WHERE_UP, Direction.DOWN: _WHERE_DOWN}.get(Direction(direction), _WHERE_BAND)
    return table[standing.band]()


def sentence(standing: Standing, direction: str) -> str:
    """«Su cooperativa está en el cuarto superior de las 14 cooperativas de la red que miden este indicador.»"""
    if standing.band is None:
        return _(
            "La red «%(network)s» todavía no publica cuartiles de este indicador en un periodo en que su cooperativa "
            "tenga valor: hacen falta cifras de al menos las cooperativas mínimas que la red fija."
        ) % {"network": standing.federation}
    return _("Su cooperativa está %(where)s de las %(n)s cooperativas de la red que miden este indicador.") % {
        "where": where(standing, direction),
        "n": standing.contributors,
    }


def short(standing: Standing, direction: str) -> str:
    """The tile's few words: «Red: cuarto superior»; "" before the network has quartiles."""
    if standing.band is None:
        return ""
    table = {Direction.UP: _SHORT_UP, Direction.DOWN: _SHORT_DOWN}.get(Direction(direction), _SHORT_BAND)
    return table[standing.band]()
