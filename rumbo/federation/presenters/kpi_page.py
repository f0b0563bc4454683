"""What a member's KPI page and board tiles show of its networks: its quarter in words, and the network's band on a chart.

Registered in kpis' section registry and tile notes (rumbo/federation/screens.py), so kpis shows
them without importing this app. Only the band and the count of members are shown, never
another member's figure or rank.
"""

import importlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from rumbo.engine.network import units
from rumbo.engine.status.phrases import amount
from rumbo.engine.timeline.periods import label
from rumbo.federation import charts
from rumbo.federation.presenters import standing as st
from rumbo.kpis.models import Kpi
from rumbo.orgs.models import Cooperative
from rumbo.orgs.selectors import local_units_of

SHOWN_PERIODS = 24  # the band chart's window, from its latest period


@dataclass(frozen=True)
class BandTableRow:
    period: str
    own: str
    p25: str
    median: str
    p75: str
    contributors: int


@dataclass(frozen=True)
class NetworkBand:
    """One network's part of the KPI page."""

    federation: str
    sentence: str
    period: str  # the period the sentence speaks of
    chart: SafeString
    rows: list[BandTableRow]  # the chart as a table, newest first


def _positions(cooperative: Cooperative, kpis: Sequence[Kpi]) -> dict[int, list[st.Standing]]:
    return st.standings(cooperative, list(kpis))


def kpi_bands(kpi: Kpi, page, prepared=None, *, lang: str, today: date, **kwargs) -> list[NetworkBand]:
    """Every network this KPI is shared with, each with its sentence, its chart and its table."""
    found = _positions(kpi.cooperative, [kpi]).get(kpi.pk, []) + _remote(kpi)
    if not found:
        return []
    facts = page.reading.kpi
    own = _own_values(kpi)
    local = local_units_of(kpi.cooperative_id)
    out = []
    for standing in found:
        back = _from_network_unit(kpi, standing.unit, local)
        points = standing.points[-SHOWN_PERIODS:]
        rows = [
            charts.BandRow(
                p.period, own.get(p.period), *(None if q is None else q / back for q in (p.p25, p.median, p.p75))
            )
            for p in points
        ]

        def text(value: Decimal | None) -> str:
            return amount(value, facts, lang) if value is not None else _("no publicable")

        table = [
            BandTableRow(
                label(r.period, facts.grain, lang),
                amount(r.own, facts, lang) if r.own is not None else "—",
                text(r.p25),
                text(r.median),
                text(r.p75),
                p.contributors,
            )
            for r, p in zip(reversed(rows), reversed(points))
        ]
        chart = charts.band_chart(
            rows,
            grain=facts.grain,
            decimals=facts.decimals,
            lang=lang,
            title=_("%(name)s frente a la red «%(network)s»") % {"name": kpi.name, "network": standing.federation},
            desc=_(
                "La franja sombreada va del primer al tercer cuartil de las cooperativas de la red (la mitad central); "
                "la línea discontinua es la mediana de la red; la línea continua, el valor de su cooperativa."
            ),
        )
        out.append(
            NetworkBand(
                federation=standing.federation,
                sentence=st.sentence(standing, kpi.direction),
                period=label(standing.period, facts.grain, lang) if standing.period else "",
                chart=chart,
                rows=table,
            )
        )
    return out


def _remote(kpi: Kpi) -> list[st.Standing]:
    """Its bands in federations on other Rumbos, as their answers to its pushes keep them (the remote members' part).

    Read through `remote_positions` when this install has the remote members' app part; until
    then a KPI page shows the networks on this install only.
    """
    try:
        remote = importlib.import_module("rumbo.federation.remote.selectors")
    except ImportError:
        return []
    return [
        st.Standing(
            federation=p.federation,
            kpi_id=kpi.pk,
            band=p.band,
            period=p.period if p.band else None,
            contributors=p.contributors if p.band else 0,
            points=(st.NetworkPoint(p.period, p.contributors, p.p25, p.median, p.p75),),
            unit=p.unit,
        )
        for p in remote.remote_positions(kpi.cooperative, kpi)
    ]


def _from_network_unit(kpi: Kpi, network_unit: str, local: Mapping[str, str]) -> Decimal:
    """What a figure in the network's unit is divided by to read in the KPI's own unit (qq or the cooperative's
    own «latas» from kg, say)."""
    factor = units.convert(1.0, kpi.unit, network_unit, local) if kpi.unit.strip() and network_unit else None
    return Decimal(str(factor)) if factor else Decimal(1)


def _own_values(kpi: Kpi) -> dict[date, Decimal]:
    return {period: value for period, value in kpi.measurements.values_list("period", "value") if value is not None}


def tile_notes(cooperative: Cooperative, kpis: Sequence[Kpi], lang: str) -> dict[int, str]:
    """KPI id → the few words its board tile shows of its networks («Red: cuarto superior»)."""
    notes: dict[int, str] = {}
    directions = {k.pk: k.direction for k in kpis}
    for kpi_id, found in _positions(cooperative, kpis).items():
        words = [st.short(s, directions[kpi_id]) for s in found]
        if any(words):
            notes[kpi_id] = " · ".join(w for w in words if w)
    return notes
