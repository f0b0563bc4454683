"""Reads for choosing: which templates the cooperative follows, and the facts the quality check needs."""

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, TypedDict

from django.db.models import Exists, OuterRef, Subquery

from rumbo.engine.choice import quality as q
from rumbo.engine.choice import tracked
from rumbo.engine.choice.catalog import templates as catalog_templates
from rumbo.engine.status.board import freshness
from rumbo.engine.status.readings import KpiFacts as ReadingFacts
from rumbo.engine.vocab import Area, Grain, Indicator, Kind, Nature
from rumbo.insight.models import LeadCheck, leads_from_verdict
from rumbo.kpis import selectors as kpi_selectors
from rumbo.kpis.models import Kpi, Measurement, Objective, Target
from rumbo.orgs.models import Cooperative


class _QualityAnnotations(TypedDict):
    has_target: bool
    lead_verdict: str | None
    latest: date | None


if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    QualityKpi = WithAnnotations[Kpi, _QualityAnnotations]
    """A KPI as `quality_input` reads it: with whether it has a target, its lead check and its latest period."""
else:
    QualityKpi = Kpi


@dataclass(frozen=True)
class Tracking:
    """The cooperative's KPI or metric that already measures a template."""

    pk: int
    name: str


def tracked_templates(coop: Cooperative) -> dict[str, Tracking]:
    """Template slug → the KPI or metric that already measures it, by rumbo.engine.choice.tracked's rule (one query)."""
    rows = [
        tracked.Tracked(str(pk), name, slug, description)
        for pk, name, slug, description in Kpi.objects.filter(cooperative=coop)
        .order_by("position", "pk")
        .values_list("pk", "name", "template_slug", "description")
    ]
    return {
        slug: Tracking(int(row.id), row.name)
        for slug, row in tracked.tracked_templates(catalog_templates(), rows).items()
    }


@dataclass(frozen=True)
class QualityInput:
    """The cooperative's KPIs and objectives, and the engine's facts about each, in the same order."""

    kpis: list[QualityKpi]
    objectives: list[Objective]
    kpi_facts: list[q.KpiFacts]
    objective_facts: list[q.ObjectiveFacts]

    def check(self, limits: q.Limits | None = None) -> list[q.Finding]:
        return q.check(self.kpi_facts, self.objective_facts, limits or q.Limits())


def _missing_periods(kpi: QualityKpi, today: date) -> int:
    """Due periods without a value, counted from the latest value, the initiative's start or the KPI's creation.

    Nothing is due before the KPI existed: a cooperative is not faulted for months it did not follow it.
    """
    initiative = kpi.initiative
    facts = ReadingFacts(
        name=kpi.name,
        grain=Grain(kpi.frequency),
        start=initiative.start if initiative else kpi.created_at.date(),
        end=initiative.end if initiative else None,
    )
    coop = kpi.cooperative
    fresh = freshness(
        facts,
        kpi.latest,
        today=today,
        year_start_month=coop.fiscal_year_start_month,
        harvest_start_month=coop.harvest_start_month,
    )
    return fresh.missing_count if fresh.missing else 0


def kpi_quality_facts(kpi: QualityKpi, today: date) -> q.KpiFacts:
    """What the quality check needs to know about a KPI annotated with `latest` and `has_target`."""
    return q.KpiFacts(
        id=str(kpi.pk),
        name=kpi.name,
        kind=Kind(kpi.kind),
        objective_id=str(kpi.objective_id) if kpi.objective_id else None,
        area=Area(kpi.area) if kpi.area else None,
        indicator=Indicator(kpi.indicator) if kpi.indicator else None,
        nature=Nature(kpi.nature),
        scale_declared=bool(kpi.scale_kind) and kpi.scale_min is not None and kpi.scale_max is not None,
        has_target=kpi.has_target,
        # A target always has its dates here (the form asks for them): a target is time-bound.
        target_time_bound=kpi.has_target,
        has_owner=kpi.owner_id is not None,
        frequency=Grain(kpi.frequency) if kpi.frequency else None,
        missing_periods=_missing_periods(kpi, today) if kpi.frequency else 0,
        leads=leads_from_verdict(getattr(kpi, "lead_verdict", None)),  # the cached lead check (rumbo.insight)
        template_slug=kpi.template_slug,
        description=kpi.description,
    )


def quality_input(coop: Cooperative, *, today: date) -> QualityInput:
    """Every KPI and objective of the cooperative as the quality check reads them, in two queries."""
    queryset = (
        Kpi.objects.filter(cooperative=coop)
        .select_related("objective", "initiative")
        .annotate(
            has_target=Exists(Target.objects.filter(kpi=OuterRef("pk"))),
            lead_verdict=Subquery(LeadCheck.objects.filter(leading=OuterRef("pk")).values("verdict")[:1]),
        )
    )
    newest = (
        Measurement.objects.filter(kpi=OuterRef("pk"), value__isnull=False, period__lte=today)
        .order_by("-period")
        .values("period")[:1]
    )
    kpis = list(queryset.annotate(latest=Subquery(newest)))
    for kpi in kpis:
        kpi.cooperative = coop  # one object for all: the calendar reads its months
    objectives = list(kpi_selectors.objectives_of(coop))
    return QualityInput(
        kpis=kpis,
        objectives=objectives,
        kpi_facts=[kpi_quality_facts(k, today) for k in kpis],
        objective_facts=[q.ObjectiveFacts(id=str(o.pk), name=o.title) for o in objectives],
    )
