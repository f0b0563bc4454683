"""Reads of the insight app: current cached forecasts, lead pairs and checks, the KPIs an initiative moves."""

from datetime import date

from django.db.models import Q, QuerySet

from rumbo.insight.computing import stamps
from rumbo.insight.models import InitiativeKpi, KpiForecast, LeadCheck, LeadPair
from rumbo.kpis import calendar
from rumbo.kpis.models import Initiative, Kpi
from rumbo.orgs.models import Cooperative


def current_forecasts(
    coop: Cooperative, kpis: list[Kpi], *, today: date, points: bool = False
) -> dict[int, KpiForecast]:
    """The cached forecasts of these KPIs that still hold today, in two queries whatever their number.

    One query reads the rows; one aggregates the KPIs' values and targets into the fingerprint
    the rows were computed from (stamps.py). A row whose fingerprint changed is left out:
    the caller shows the pace instead, until the forecast is refreshed. `points`: the whole
    rows, with the points a KPI's page charts.
    """
    if not kpis:
        return {}
    ids = [k.pk for k in kpis]
    # The points are for a KPI's page only: decoding 60 of them would cost the board milliseconds.
    found_rows = KpiForecast.objects.filter(kpi__cooperative=coop, kpi_id__in=ids)
    if not points:
        found_rows = found_rows.only(
            "kpi_id", "inputs_hash", "model", "projection", "sentence_es", "sentence_en", "history_periods"
        )
    rows = {f.kpi_id: f for f in found_rows}
    if not rows:
        return {}
    found = stamps.data_stamps(rows)
    by_id = {k.pk: k for k in kpis}
    return {
        pk: row
        for pk, row in rows.items()
        if row.inputs_hash == stamps.forecast_hash(by_id[pk], found.get(pk), today=today)
    }


def lagging_candidates(kpi: Kpi) -> QuerySet[Kpi]:
    """The KPIs a leading KPI can be checked against: the cooperative's lagging ones with the same frequency."""
    grain = calendar.grain_of(kpi)
    same_grain = (
        (Q(frequency=grain) | Q(frequency="")) if grain == "month" else Q(frequency=grain)
    )  # blank reads monthly
    return (
        Kpi.objects.filter(cooperative_id=kpi.cooperative_id, indicator="lagging")
        .filter(same_grain)
        .exclude(pk=kpi.pk)
        .order_by("position", "name")
    )


def lead_partners(kpis: list[Kpi]) -> dict[int, Kpi]:
    """Leading KPI id → the lagging KPI it is checked against, for the leading KPIs among `kpis` (one query).

    The person's choice (LeadPair) wins; otherwise the first lagging KPI, by board position,
    of the same objective and frequency (the result the objective's leading KPIs should move).
    `kpis` must hold the cooperative's KPIs, so the defaults can be found among them.
    """
    leading = [k for k in kpis if k.indicator == "leading"]
    if not leading:
        return {}
    chosen = {
        p.leading_id: p.lagging
        for p in LeadPair.objects.filter(leading__in=leading)
        .select_related("lagging__initiative")
        .filter(lagging__deleted_at__isnull=True)
    }
    lagging = sorted((k for k in kpis if k.indicator == "lagging"), key=lambda k: (k.position, k.name))
    partners = {}
    for kpi in leading:
        if kpi.pk in chosen:
            partners[kpi.pk] = chosen[kpi.pk]
            continue
        partner = next(
            (
                k
                for k in lagging
                if kpi.objective_id is not None
                and k.objective_id == kpi.objective_id
                and calendar.grain_of(k) == calendar.grain_of(kpi)
            ),
            None,
        )
        if partner is not None:
            partners[kpi.pk] = partner
    return partners


def chosen_partner_id(kpi: Kpi) -> int | None:
    """The lagging KPI someone chose for this leading KPI, or None (checked against the default partner)."""
    return LeadPair.objects.filter(leading=kpi).values_list("lagging_id", flat=True).first()


def lead_checks_against(kpi: Kpi) -> list[LeadCheck]:
    """The cached checks of the leading KPIs compared with this lagging one."""
    return list(
        LeadCheck.objects.filter(lagging=kpi, leading__deleted_at__isnull=True)
        .select_related("leading")
        .order_by("leading__position", "leading__name")
    )


def initiative_kpis(initiative: Initiative) -> list[tuple[Kpi, bool]]:
    """The KPIs that follow the initiative, then those it means to move: (kpi, follows it), in two queries."""
    following = list(
        Kpi.objects.filter(initiative=initiative)
        .select_related("cooperative", "initiative")
        .order_by("position", "name")
    )
    watched = [
        w.kpi
        for w in InitiativeKpi.objects.filter(initiative=initiative, kpi__deleted_at__isnull=True)
        .select_related("kpi__cooperative", "kpi__initiative")
        .order_by("kpi__position", "kpi__name")
    ]
    seen = {k.pk for k in following}
    return [(k, True) for k in following] + [(k, False) for k in watched if k.pk not in seen]


def kpis_to_watch(initiative: Initiative) -> QuerySet[Kpi]:
    """The cooperative's KPIs the initiative does not follow or watch yet."""
    taken = InitiativeKpi.objects.filter(initiative=initiative).values("kpi_id")
    return (
        Kpi.objects.filter(cooperative_id=initiative.cooperative_id)
        .exclude(initiative=initiative)
        .exclude(pk__in=taken)
        .order_by("position", "name")
    )


def initiative_by_name(coop: Cooperative, name: str) -> Initiative | None:
    """An initiative by its exact name, ignoring case (as someone types it in a command)."""
    return Initiative.objects.filter(cooperative=coop, name__iexact=name.strip()).first()


def kpi_by_metric(coop: Cooperative, metric: str) -> Kpi | None:
    """A KPI by its short name (slug) or its exact name, ignoring case."""
    metric = metric.strip()
    queryset = Kpi.objects.filter(cooperative=coop).select_related("cooperative", "initiative")
    return queryset.filter(slug=metric).first() or queryset.filter(name__iexact=metric).first()
