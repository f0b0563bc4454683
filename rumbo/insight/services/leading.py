"""Keep each leading KPI's lead check current, and record which lagging KPI someone chose to check it against."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rumbo.accounts import access
from rumbo.accounts.models import User
from rumbo.insight import selectors
from rumbo.insight.computing import leads, stamps
from rumbo.insight.models import LeadCheck, LeadPair
from rumbo.insight.services.forecasts import Refreshed, coop_kpis
from rumbo.kpis import calendar, readings
from rumbo.kpis.models import Kpi
from rumbo.orgs import editions
from rumbo.orgs.models import Cooperative


def lead_checks_current(
    *, coop: Cooperative, kpis: Iterable[Kpi] | None = None, today: date | None = None, every: list[Kpi] | None = None
) -> tuple[dict[int, LeadCheck], int]:
    """The lead checks of the leading KPIs (all, or those among `kpis`), after rechecking those whose data or
    partner changed; and how many were rechecked. Checks of KPIs no longer paired are removed.

    A check costs about 20 ms; like forecasts they are cached, because the quality page
    reads the verdict of every leading KPI. `every`: the cooperative's KPIs, when the caller read them already.
    """
    today = today or timezone.localdate()
    leading, partners, max_lags, hashes, rows = _lead_plan(coop, kpis, today, every)
    stale = [k for k in leading if k.pk not in rows or rows[k.pk].inputs_hash != hashes[k.pk]]
    unpaired = [pk for pk in rows if pk not in partners]
    fresh = []
    if stale:
        now = timezone.now()
        data = readings.kpi_data(stale + [partners[k.pk] for k in stale])
        for kpi in stale:
            partner = partners[kpi.pk]
            report = leads.lead_report(data[kpi.pk], data[partner.pk], today=today, max_lag=max_lags[kpi.pk])
            words = leads.sentences(report)
            fresh.append(
                LeadCheck(
                    leading=kpi,
                    lagging=partner,
                    inputs_hash=hashes[kpi.pk],
                    verdict=report.verdict,
                    max_lag=max_lags[kpi.pk],
                    lag=report.lag,
                    correlation=report.correlation,
                    granger_p=report.granger_p,
                    threshold_p=report.threshold_p,
                    overlap=report.overlap,
                    min_overlap=report.min_overlap,
                    differenced=report.differenced,
                    strength=report.strength if report.lag else "",
                    sentence_es=words["es"],
                    sentence_en=words["en"],
                    computed_at=now,
                )
            )
    if fresh or unpaired:
        try:
            with transaction.atomic(), editions.one_edition([coop.pk]):
                LeadCheck.objects.filter(leading_id__in=[r.leading_id for r in fresh] + unpaired).delete()
                LeadCheck.objects.bulk_create(fresh)
        except IntegrityError:
            pass  # another refresh wrote these checks meanwhile, from the same or newer data
    current = {pk: row for pk, row in rows.items() if pk in partners}
    current.update((row.leading_id, row) for row in fresh)
    return current, len(stale)


LeadPlan = tuple[list[Kpi], dict[int, Kpi], dict[int, int], dict[int, str], dict[int, LeadCheck]]


def _lead_plan(coop: Cooperative, kpis: Iterable[Kpi] | None, today: date, every: list[Kpi] | None = None) -> LeadPlan:
    """The leading KPIs to check (among `kpis`, or all), their partners, lags, fingerprints and cached rows."""
    every = coop_kpis(coop) if every is None else every
    partners = selectors.lead_partners(every)
    for lagging in partners.values():
        lagging.cooperative = coop
    wanted = {k.pk for k in every} if kpis is None else {k.pk for k in kpis}
    leading = [k for k in every if k.pk in partners and k.pk in wanted]
    found = stamps.data_stamps({k.pk for k in leading} | {partners[k.pk].pk for k in leading})
    max_lags = {k.pk: leads.MAX_LAG[calendar.grain_of(k)] for k in leading}
    hashes = {
        k.pk: stamps.lead_hash(
            k, partners[k.pk], found.get(k.pk), found.get(partners[k.pk].pk), max_lag=max_lags[k.pk], today=today
        )
        for k in leading
    }
    rows = {c.leading_id: c for c in LeadCheck.objects.filter(leading_id__in=wanted).select_related("lagging")}
    return leading, partners, max_lags, hashes, rows


def lead_checks_held(
    *, coop: Cooperative, kpis: Iterable[Kpi] | None, today: date
) -> tuple[dict[int, LeadCheck], bool]:
    """The cached lead checks of these KPIs that still hold, and whether any is missing or stale (read only:
    the background refresh rechecks it)."""
    leading, _partners, _lags, hashes, rows = _lead_plan(coop, kpis, today)
    held = {k.pk: rows[k.pk] for k in leading if k.pk in rows and rows[k.pk].inputs_hash == hashes[k.pk]}
    return held, len(held) < len(leading)


def lead_checks_refresh(
    *, coop: Cooperative, kpis: Iterable[Kpi] | None = None, today: date | None = None, every: list[Kpi] | None = None
) -> Refreshed:
    """Recheck the leading KPIs (all of them, or those among `kpis`) whose data or partner changed."""
    rows, computed = lead_checks_current(coop=coop, kpis=kpis, today=today, every=every)
    return Refreshed(computed=computed, kept=len(rows) - computed)


@dataclass(frozen=True)
class PairChoice:
    leading: Kpi
    lagging: Kpi | None  # None: back to the default partner


@transaction.atomic
def lead_pair_choose(
    *, leading: Kpi, lagging: Kpi | None, user: User | None, membership: access.Acting | None = None
) -> PairChoice:
    """Check `leading` against `lagging` from now on (None: against the default partner again)."""
    access.require_area(access.acting(leading.cooperative_id, user, membership), leading.area)
    if leading.indicator != "leading":
        raise ValidationError(_("Solo un indicador prospectivo se compara con un resultado."))
    if lagging is not None:
        if lagging.cooperative_id != leading.cooperative_id or lagging.pk == leading.pk:
            raise ValidationError({"lagging": _("Elija otro indicador de la cooperativa.")})
        if lagging.indicator != "lagging":
            raise ValidationError(
                {
                    "lagging": _("«%(name)s» no es retrospectivo: elija un indicador de resultado.")
                    % {"name": lagging.name}
                }
            )
        if calendar.grain_of(lagging) != calendar.grain_of(leading):
            raise ValidationError(
                {
                    "lagging": _("«%(name)s» se mide con otra frecuencia: elija uno que se mida igual.")
                    % {"name": lagging.name}
                }
            )
    pair = LeadPair.objects.filter(leading=leading).first()
    if lagging is None:
        if pair is not None:
            pair._history_user = user
            pair.delete()
    else:
        pair = pair or LeadPair(leading=leading)
        pair.lagging, pair.chosen_by = lagging, user
        pair._history_user = user
        pair.save()
    LeadCheck.objects.filter(leading=leading).delete()  # checked against the old partner: no longer says anything
    return PairChoice(leading, lagging)
