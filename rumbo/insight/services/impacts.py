"""Keep each initiative's impact estimates current, computed in the background; the initiative's page only reads them."""

from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from rumbo.insight import selectors
from rumbo.insight.computing import impacts, stamps
from rumbo.insight.models import InitiativeImpact
from rumbo.insight.services.forecasts import Refreshed
from rumbo.kpis import readings
from rumbo.kpis.models import Initiative, Kpi
from rumbo.orgs import editions
from rumbo.orgs.models import Cooperative


@dataclass(frozen=True)
class Held:
    impacts: list[impacts.KpiImpact]  # those that still hold, in the page's order
    updating: bool  # some KPI's estimate is missing or older than its data: the refresh is queued


def _plan(
    initiative: Initiative, today: date
) -> tuple[list[tuple[Kpi, bool]], dict[int, str], dict[int, InitiativeImpact]]:
    pairs = selectors.initiative_kpis(initiative)
    for kpi, _follows in pairs:
        kpi.cooperative = initiative.cooperative
    found = stamps.data_stamps(kpi.pk for kpi, _follows in pairs)
    hashes = {kpi.pk: stamps.impact_hash(initiative, kpi, found.get(kpi.pk), today=today) for kpi, _f in pairs}
    rows = {row.kpi_id: row for row in InitiativeImpact.objects.filter(initiative=initiative)}
    return pairs, hashes, rows


def impacts_held(initiative: Initiative, *, today: date) -> Held:
    """The kept estimates that still hold (four queries); nothing is computed or written."""
    pairs, hashes, rows = _plan(initiative, today)
    held = [
        impacts.kpi_impact_of(kpi, follows, rows[kpi.pk])
        for kpi, follows in pairs
        if kpi.pk in rows and rows[kpi.pk].inputs_hash == hashes[kpi.pk]
    ]
    return Held(held, updating=len(held) < len(pairs))


def impacts_refresh(*, coop: Cooperative, today: date | None = None) -> Refreshed:
    """Recompute the estimates of the cooperative's initiatives whose inputs changed; all rows in one transaction."""
    today = today or timezone.localdate()
    fresh, gone, kept = [], [], 0
    now = timezone.now()
    for initiative in Initiative.objects.filter(cooperative=coop).select_related("cooperative"):
        pairs, hashes, rows = _plan(initiative, today)
        stale = [(k, f) for k, f in pairs if k.pk not in rows or rows[k.pk].inputs_hash != hashes[k.pk]]
        kept += len(pairs) - len(stale)
        wanted = {k.pk for k, _f in pairs}
        gone += [row.pk for pk, row in rows.items() if pk not in wanted]
        if not stale:
            continue
        gone += [rows[k.pk].pk for k, _f in stale if k.pk in rows]
        data = readings.kpi_data([k for k, _f in stale])
        for found in impacts.kpi_impacts(initiative, stale, data, today=today):
            fresh.append(
                InitiativeImpact(
                    initiative=initiative,
                    kpi=found.kpi,
                    inputs_hash=hashes[found.kpi.pk],
                    report=impacts.report_json(found.report),
                    sentence_es=found.sentences["es"],
                    sentence_en=found.sentences["en"],
                    change_es=found.change["es"][:200],
                    change_en=found.change["en"][:200],
                    computed_at=now,
                )
            )
    if fresh or gone:
        try:
            with transaction.atomic(), editions.one_edition([coop.pk]):
                InitiativeImpact.objects.filter(pk__in=gone).delete()
                InitiativeImpact.objects.bulk_create(fresh)
        except IntegrityError:
            pass  # another refresh wrote these estimates meanwhile, from the same or newer data
    return Refreshed(computed=len(fresh), kept=kept)
