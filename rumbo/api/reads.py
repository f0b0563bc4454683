"""What a key reads: objectives, initiatives, KPIs with their definition and reading, OKRs with scores, datasets.

Every figure comes from the same readings the board, the KPI page and the OKR page use; every
list is a page (`limit`, `offset`) whose queries do not grow with the number of items.
"""

from collections import defaultdict
from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import get_language
from ninja import Query

from rumbo.api.auth import token_for
from rumbo.api.limits import MAX_ID
from rumbo.api.read_schemas import (
    ComputedOut,
    CycleOut,
    CyclePage,
    DatasetOut,
    DatasetPage,
    InitiativeOut,
    InitiativePage,
    KeyResultOut,
    KpiDetailOut,
    KpiPage,
    ObjectiveOut,
    ObjectivePage,
    OkrObjectiveOut,
    OkrObjectivePage,
    PageQuery,
    TargetOut,
    VersionOut,
    VersionPage,
)
from rumbo.api.routing import router
from rumbo.api.schemas import OutlookOut, Problem
from rumbo.datasets.models import Dataset, DatasetVersion, MetricDefinition
from rumbo.datasets.services.loading import dataset_find
from rumbo.engine.okrs.okr_types import KeyResultScore
from rumbo.engine.status.readings import KpiReading, Outlook
from rumbo.kpis import selectors as kpi_selectors
from rumbo.kpis.models import Kpi, Target
from rumbo.kpis.readings import read_board, read_kpi
from rumbo.okrs import selectors as okr_selectors
from rumbo.okrs.readings import ScoredKeyResult
from rumbo.orgs.models import Cooperative

READ_ERRORS: dict[int, Any] = {401: Problem, 404: Problem, 422: Problem}


def lang() -> str:
    return (get_language() or "es")[:2]


def copied(source: object, *names: str) -> dict[str, Any]:
    """The fields an answer takes unchanged from a row or a reading, by the same names."""
    return {name: getattr(source, name) for name in names}


def paged(items: list | QuerySet, paging: PageQuery) -> tuple[int, list]:
    """The total and the page asked for: two queries for a queryset, none for a list."""
    count = items.count() if isinstance(items, QuerySet) else len(items)
    return count, list(items[paging.offset : paging.offset + paging.limit])


@router.get(
    "/c/{coop_slug}/objectives", response={200: ObjectivePage, **READ_ERRORS}, summary="Objetivos", tags=["Lectura"]
)
def objective_list(
    request: HttpRequest, coop_slug: str, paging: Query[PageQuery], area: str | None = None
) -> ObjectivePage:
    """Los objetivos de la cooperativa con su estado y su frase, como en el tablero. Filtro: `area`."""
    coop = token_for(request, coop_slug).cooperative
    board = read_board(coop, today=timezone.localdate())
    objectives = [(o, r) for o, r in board.objectives if area is None or o.area == area]
    count, page = paged(objectives, paging)
    items = [
        ObjectiveOut(
            **copied(o, "id", "title", "description", "area"), status=str(r.status), story=r.story.get(lang(), "")
        )
        for o, r in page
    ]
    return ObjectivePage(count=count, limit=paging.limit, offset=paging.offset, items=items)


@router.get(
    "/c/{coop_slug}/initiatives", response={200: InitiativePage, **READ_ERRORS}, summary="Iniciativas", tags=["Lectura"]
)
def initiative_list(
    request: HttpRequest, coop_slug: str, paging: Query[PageQuery], kind: str | None = None
) -> InitiativePage:
    """Proyectos, procesos, campañas y cambios estratégicos que siguen indicadores. Filtro: `kind`."""
    rows = kpi_selectors.initiatives_of(token_for(request, coop_slug).cooperative)
    if kind is not None:
        rows = rows.filter(kind=kind)
    count, page = paged(rows, paging)
    items = [InitiativeOut(**copied(i, "id", "name", "kind", "description", "start", "end")) for i in page]
    return InitiativePage(count=count, limit=paging.limit, offset=paging.offset, items=items)


@router.get(
    "/c/{coop_slug}/kpis", response={200: KpiPage, **READ_ERRORS}, summary="Indicadores con su estado", tags=["Lectura"]
)
def kpi_list(
    request: HttpRequest,
    coop_slug: str,
    paging: Query[PageQuery],
    area: str | None = None,
    kind: str | None = None,
    status: str | None = None,
    objective: int | None = Query(None, ge=1, le=MAX_ID),
) -> KpiPage:
    """Cada indicador y métrica con su definición, metas, umbrales y lectura actual (valor, estado, rumbo y frase).

    La lectura es la misma del tablero, la página del indicador, el PDF y el resumen semanal.
    Filtros: `area`, `kind` (`kpi` o `metric`), `status` (`on_track`, `at_risk`, `off_track`, `no_data`), `objective` (id).
    """
    coop = token_for(request, coop_slug).cooperative
    board = read_board(coop, today=timezone.localdate())
    kpis = [
        k
        for k in board.kpis
        if (area is None or k.area == area)
        and (kind is None or k.kind == kind)
        and (status is None or str(board.reading(k).status) == status)
        and (objective is None or k.objective_id == objective)
    ]
    count, page = paged(kpis, paging)
    objectives: dict[int | None, str] = {o.pk: o.title for o, _ in board.objectives}
    items = kpi_details(coop, page, {k.pk: board.reading(k) for k in page}, objectives, board.unreadable)
    return KpiPage(count=count, limit=paging.limit, offset=paging.offset, items=items)


@router.get(
    "/c/{coop_slug}/kpis/{kpi_slug}",
    response={200: KpiDetailOut, **READ_ERRORS},
    summary="Un indicador",
    tags=["Lectura"],
)
def kpi_detail(request: HttpRequest, coop_slug: str, kpi_slug: str) -> KpiDetailOut:
    """Un indicador o métrica con su definición, metas, umbrales y lectura actual."""
    coop = token_for(request, coop_slug).cooperative
    kpi = find_kpi(coop, kpi_slug)
    reading, data = read_kpi(kpi, today=timezone.localdate())
    objectives = {kpi.objective_id: kpi.objective.title} if kpi.objective else {}
    unreadable = frozenset({kpi.pk}) if data.has_unreadable else frozenset()
    return kpi_details(coop, [kpi], {kpi.pk: reading}, objectives, unreadable)[0]


def find_kpi(coop: Cooperative, kpi_slug: str) -> Kpi:
    kpi = kpi_selectors.kpis_of(coop).filter(slug=kpi_slug).first()
    if kpi is None:
        raise Http404
    return kpi


def kpi_details(
    coop: Cooperative,
    kpis: list[Kpi],
    readings: dict[int, KpiReading],
    objectives: dict[int | None, str],
    unreadable: frozenset[int],
) -> list[KpiDetailOut]:
    """Each KPI's definition and reading, in three queries whatever their number."""
    ids = [k.pk for k in kpis]
    full = {k.pk: k for k in Kpi.objects.filter(pk__in=ids).select_related("initiative")}
    targets: dict[int, list[TargetOut]] = defaultdict(list)
    for t in Target.objects.filter(kpi__in=ids).order_by("kpi", "start"):
        targets[t.kpi_id].append(TargetOut(**copied(t, "start", "end", "value", "low", "high")))
    computed = {
        d.kpi_id: ComputedOut(
            dataset=d.dataset.name if d.dataset else None,
            **copied(d, "measure", "date_column", "grain", "filter", "formula"),
        )
        for d in MetricDefinition.objects.filter(kpi__in=ids).select_related("dataset")
    }
    out = []
    for pk in ids:
        kpi, reading = full[pk], readings[pk]
        fields = ("slug", "name", "kind", "area", "unit", "frequency", "direction", "description", "nature")
        out.append(
            KpiDetailOut(
                **copied(kpi, *fields, "aggregation", "decimals", "baseline", "on_track_at", "at_risk_at"),
                objective=objectives.get(kpi.objective_id),
                initiative=kpi.initiative.name if kpi.initiative else None,
                period=reading.period,
                value=reading.value,
                target=reading.target.value if reading.target else None,
                status=str(reading.status),
                story=reading.story.get(lang(), ""),
                outlook=outlook_of(reading.outlook),
                unreadable=pk in unreadable,
                targets=targets[pk],
                computed=computed.get(pk),
            )
        )
    return out


def outlook_of(outlook: Outlook | None) -> OutlookOut | None:
    if outlook is None:
        return None
    span = outlook.span
    return OutlookOut(
        **copied(
            outlook, "source", "projected", "low", "high", "share", "share_low", "share_high", "probability", "level"
        ),
        span_start=span.start if span else None,
        span_end=span.end if span else None,
        target=span.value if span else None,
    )


@router.get(
    "/c/{coop_slug}/okr/cycles", response={200: CyclePage, **READ_ERRORS}, summary="Ciclos de OKR", tags=["Lectura"]
)
def cycle_list(request: HttpRequest, coop_slug: str, paging: Query[PageQuery], closed: bool | None = None) -> CyclePage:
    """Los ciclos de OKR, el más reciente primero. Filtro: `closed` (true: cerrados; false: abiertos)."""
    rows = okr_selectors.cycles_of(token_for(request, coop_slug).cooperative).order_by("-start", "-pk")
    if closed is not None:
        rows = rows.filter(closed_at__isnull=not closed)
    count, page = paged(rows, paging)
    items = [CycleOut(**copied(c, "id", "name", "start", "end", "check_in_days"), closed=c.is_closed) for c in page]
    return CyclePage(count=count, limit=paging.limit, offset=paging.offset, items=items)


@router.get(
    "/c/{coop_slug}/okr/objectives",
    response={200: OkrObjectivePage, **READ_ERRORS},
    summary="Objetivos de OKR",
    tags=["Lectura"],
)
def okr_objective_list(
    request: HttpRequest,
    coop_slug: str,
    paging: Query[PageQuery],
    cycle: int | None = Query(None, ge=1, le=MAX_ID),
    area: str | None = None,
) -> OkrObjectivePage:
    """Los objetivos de un ciclo (`cycle`, el actual si no se da) con sus resultados clave, nota y confianza."""
    coop = token_for(request, coop_slug).cooperative
    today = timezone.localdate()
    chosen = okr_selectors.chosen_cycle(coop, cycle, today)
    if chosen is None:
        return OkrObjectivePage(count=0, limit=paging.limit, offset=paging.offset, items=[])
    rows = okr_selectors.objectives_of(coop).filter(cycle=chosen)
    if area is not None:
        rows = rows.filter(area=area)
    count = rows.count()
    page = rows[paging.offset : paging.offset + paging.limit]
    scored = okr_selectors.scored_objectives(coop, chosen, today, queryset=page) if count > paging.offset else []
    kpi_slugs = dict(
        Kpi.all_objects.filter(key_results__objective__in=[s.objective for s in scored]).values_list("pk", "slug")
    )
    items = [
        OkrObjectiveOut(
            **copied(s.objective, "id", "title", "description", "area", "type"),
            cycle=chosen.pk,
            score=s.score.grade,
            colour=str(s.score.colour),
            expected=s.score.expected,
            story=s.story,
            key_results=[key_result_out(k, kpi_slugs) for k in s.key_results],
        )
        for s in scored
    ]
    return OkrObjectivePage(count=count, limit=paging.limit, offset=paging.offset, items=items)


def key_result_out(scored: ScoredKeyResult, kpi_slugs: dict[int, str]) -> KeyResultOut:
    kr, score = scored.key_result, scored.score
    return KeyResultOut(
        **copied(kr, "id", "title", "kind", "baseline", "target", "done", "weight"),
        current=scored.current,
        kpi=kpi_slugs.get(kr.kpi_id) if kr.kpi_id else None,
        **score_fields(score),
        story=scored.story,
    )


def score_fields(score: KeyResultScore) -> dict[str, Any]:
    trend = score.confidence
    return {
        "score": score.grade,
        "colour": str(score.colour),
        "expected": score.expected,
        "confidence": trend.latest,
        "confidence_on": trend.latest_on,
    }


@router.get("/c/{coop_slug}/datasets", response={200: DatasetPage, **READ_ERRORS}, summary="Datos", tags=["Lectura"])
def dataset_list(request: HttpRequest, coop_slug: str, paging: Query[PageQuery], q: str | None = None) -> DatasetPage:
    """Los conjuntos de registros de la cooperativa, con su última versión y las métricas que alimentan.

    Filtro: `q` (parte del nombre).
    """
    rows = Dataset.objects.filter(cooperative=token_for(request, coop_slug).cooperative).order_by("name", "pk")
    if q:
        rows = rows.filter(name__icontains=q)
    count, page = paged(rows, paging)
    return DatasetPage(count=count, limit=paging.limit, offset=paging.offset, items=datasets_out(page))


@router.get(
    "/c/{coop_slug}/datasets/{name}", response={200: DatasetOut, **READ_ERRORS}, summary="Unos datos", tags=["Lectura"]
)
def dataset_detail(request: HttpRequest, coop_slug: str, name: str) -> DatasetOut:
    """Unos datos por su nombre, con su última versión y las métricas que alimentan."""
    return datasets_out([find_dataset(token_for(request, coop_slug).cooperative, name)])[0]


@router.get(
    "/c/{coop_slug}/datasets/{name}/versions",
    response={200: VersionPage, **READ_ERRORS},
    summary="Versiones de unos datos",
    tags=["Lectura"],
)
def version_list(request: HttpRequest, coop_slug: str, name: str, paging: Query[PageQuery]) -> VersionPage:
    """Cada versión de los datos, la más reciente primero: nada se sobrescribe."""
    dataset = find_dataset(token_for(request, coop_slug).cooperative, name)
    count, page = paged(dataset.versions.order_by("-number"), paging)
    return VersionPage(count=count, limit=paging.limit, offset=paging.offset, items=[version_out(v) for v in page])


def find_dataset(coop: Cooperative, name: str) -> Dataset:
    dataset = dataset_find(coop, name)
    if dataset is None:
        raise Http404
    return dataset


def version_out(version: DatasetVersion) -> VersionOut:
    return VersionOut(
        **copied(version, "number", "mode", "rows", "columns", "problem_count", "created_at"),
        file=version.original_name,
    )


def datasets_out(datasets: list[Dataset]) -> list[DatasetOut]:
    """Each dataset with its latest version and metrics, in two queries whatever their number."""
    ids = [d.pk for d in datasets]
    newest = DatasetVersion.objects.filter(dataset=OuterRef("dataset")).order_by("-number").values("pk")[:1]
    latest = {v.dataset_id: v for v in DatasetVersion.objects.filter(dataset__in=ids, pk=Subquery(newest))}
    metrics: dict[int, list[str]] = defaultdict(list)
    rows = MetricDefinition.objects.filter(dataset__in=ids, kpi__deleted_at__isnull=True).order_by("kpi__slug")
    for dataset_id, slug in rows.values_list("dataset_id", "kpi__slug"):
        metrics[dataset_id].append(slug)
    return [
        DatasetOut(
            **copied(d, "id", "name", "description", "created_at"),
            latest=version_out(latest[d.pk]) if d.pk in latest else None,
            metrics=metrics[d.pk],
        )
        for d in datasets
    ]
