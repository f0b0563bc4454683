"""What a read-write key changes, through the same services as the screens: records, targets, check-ins, new KPIs."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Path, Query

from rumbo.api.auth import actor_of, token_for
from rumbo.api.changes import change
from rumbo.api.errors import ApiProblem
from rumbo.api.limits import MAX_ID
from rumbo.api.read_schemas import KpiDetailOut, PageQuery
from rumbo.api.reads import copied, find_kpi, kpi_detail, lang, paged, version_out
from rumbo.api.records import XLSX, SchemaRefused, refused_schema, upload_of
from rumbo.api.routing import router
from rumbo.api.schemas import Problem
from rumbo.api.write_schemas import (
    CellProblem,
    CheckInIn,
    CheckInOut,
    KpiFromTemplateIn,
    RecordsIn,
    RecordsOut,
    TargetIn,
    TargetsIn,
    TemplateOut,
    TemplatePage,
)
from rumbo.choosing.services.adopt import template_adopt
from rumbo.datasets.models import DatasetVersion
from rumbo.datasets.services.loading import dataset_load
from rumbo.engine.choice import catalog
from rumbo.engine.errors import RumboError
from rumbo.kpis import selectors as kpi_selectors
from rumbo.kpis.services.definitions import TargetInput, kpi_save
from rumbo.okrs import selectors as okr_selectors
from rumbo.okrs.services.check_ins import check_in_record

WRITE_ERRORS: dict[int, Any] = dict.fromkeys((400, 401, 403, 404, 413, 415, 422), Problem)


def refused(err: ValidationError | PermissionDenied | RumboError) -> ApiProblem:
    """A service's refusal as the API's problem: 403 for an area the key does not edit, else 422 naming each field."""
    if isinstance(err, PermissionDenied):
        return ApiProblem(403, str(err) or _("Esta clave no permite hacer esto."))
    if isinstance(err, RumboError):
        return ApiProblem(422, err.translated(_))
    errors = []
    if hasattr(err, "error_dict"):
        for field, messages in err.message_dict.items():
            errors += [{"loc": ["body", field], "field": field, "message": m} for m in messages]
    return ApiProblem(422, " ".join(err.messages), errors)


def _records_summary(*, append: bool) -> Any:
    def summary(args: dict[str, Any], result: RecordsOut) -> str:
        words = {"n": result.added, "name": result.dataset, "v": result.version.number}
        if append:
            return _("%(n)s registros agregados a «%(name)s» (versión %(v)s)") % words
        return _("«%(name)s» reemplazados por %(n)s registros (versión %(v)s)") % words

    return summary


RECORDS_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": RecordsIn.model_json_schema(ref_template="#/components/schemas/{model}")},
            "text/csv": {
                "schema": {"type": "string"},
                "example": "Fecha;Producto;Importe\n02/03/2026;Café tostado 460 g;125,50\n",
            },
            XLSX: {"schema": {"type": "string", "format": "binary"}},
        },
    }
}


def _load(request: HttpRequest, coop_slug: str, name: str, *, append: bool, strict: bool) -> RecordsOut:
    token = token_for(request, coop_slug)
    try:
        data, filename, types, _json = upload_of(request, name)
    except SchemaRefused as err:
        raise refused_schema(err) from None
    try:
        loaded = dataset_load(
            coop=token.cooperative,
            name=name,
            data=data,
            filename=filename,
            append=append,
            types=types,
            user=token.created_by,
            membership=actor_of(token),
        )
    except (ValidationError, PermissionDenied) as err:
        raise refused(err) from None
    problems = [CellProblem(row=p.row, field=p.header, message=p.located(_)) for p in loaded.problems]
    if strict and problems:
        detail = _("%(n)s celdas no encajan en su columna; no se guardó nada. La primera: %(first)s") % {
            "n": len(problems),
            "first": problems[0].message,
        }
        errors = [
            {"loc": ["body", p.row or 0, p.field or ""], "field": p.field or "", "message": p.message} for p in problems
        ]
        raise ApiProblem(422, detail, errors)
    version = loaded.version
    added = version.rows - (0 if not append else _previous_rows(version))
    return RecordsOut(
        dataset=version.dataset.name,
        version=version_out(version),
        added=added,
        problems=problems,
        recomputed=[k.slug for k in loaded.recomputed.metrics],
    )


def _previous_rows(version: DatasetVersion) -> int:
    previous = version.dataset.versions.filter(number__lt=version.number).order_by("-number").first()
    return previous.rows if previous else 0


STRICT = Query(False, description="true: si una celda no encaja en su columna, no se guarda nada (422).")


@router.post(
    "/c/{coop_slug}/datasets/{name}/records",
    response={200: RecordsOut, **WRITE_ERRORS},
    summary="Agregar registros",
    openapi_extra=RECORDS_BODY,
    tags=["Cambios"],
)
@change(_records_summary(append=True))
def records_append(request: HttpRequest, coop_slug: str, name: str, strict: bool = STRICT) -> RecordsOut:
    """Agrega registros a unos datos, como «agregar filas» al subir un archivo: una versión nueva, y sus métricas recalculadas.

    El cuerpo: JSON `{"rows": [{"Fecha": "2026-03-02", "Importe": 125.5}]}`, o un CSV o XLSX tal cual. Las reglas
    son las de subir un archivo (tipos, fechas y números en español, columnas iguales a las de la versión anterior).
    """
    return _load(request, coop_slug, name, append=True, strict=strict)


@router.put(
    "/c/{coop_slug}/datasets/{name}/records",
    response={200: RecordsOut, **WRITE_ERRORS},
    summary="Reemplazar los registros",
    openapi_extra=RECORDS_BODY,
    tags=["Cambios"],
)
@change(_records_summary(append=False))
def records_replace(request: HttpRequest, coop_slug: str, name: str, strict: bool = STRICT) -> RecordsOut:
    """Reemplaza los registros de unos datos (o los crea): una versión nueva; las anteriores se guardan."""
    return _load(request, coop_slug, name, append=False, strict=strict)


def _targets(items: list[TargetIn]) -> list[TargetInput]:
    return [TargetInput(**copied(t, "start", "end", "value", "low", "high")) for t in items]


@router.put(
    "/c/{coop_slug}/kpis/{kpi_slug}/targets",
    response={200: KpiDetailOut, **WRITE_ERRORS},
    summary="Fijar las metas",
    tags=["Cambios"],
)
@change(lambda args, result: _("Metas de «%(kpi)s»: %(n)s") % {"kpi": result.slug, "n": len(result.targets)})
def targets_set(request: HttpRequest, coop_slug: str, kpi_slug: str, body: TargetsIn) -> KpiDetailOut:
    """Fija el calendario de metas de un indicador, como al editarlo: las metas que no vengan se borran."""
    token = token_for(request, coop_slug)
    kpi = find_kpi(token.cooperative, kpi_slug)
    try:
        kpi_save(kpi=kpi, targets=_targets(body.targets), user=token.created_by, membership=actor_of(token))
    except (ValidationError, PermissionDenied, RumboError) as err:
        raise refused(err) from None
    return kpi_detail(request, coop_slug, kpi.slug)


@router.post(
    "/c/{coop_slug}/okr/key-results/{key_result_id}/check-ins",
    response={200: CheckInOut, **WRITE_ERRORS},
    summary="Registrar un seguimiento",
    tags=["Cambios"],
)
@change(lambda args, result: _("Seguimiento del resultado clave %(id)s") % {"id": result.key_result})
def check_in_post(
    request: HttpRequest, coop_slug: str, body: CheckInIn, key_result_id: int = Path(..., ge=1, le=MAX_ID)
) -> CheckInOut:
    """El seguimiento semanal de un resultado clave: valor, confianza (0 a 10) y nota; uno por día (reemplaza el del día)."""
    token = token_for(request, coop_slug)
    key_result = okr_selectors.key_result_get(token.cooperative, key_result_id)
    try:
        check_in = check_in_record(
            key_result=key_result,
            on=body.date or timezone.localdate(),
            confidence=body.confidence,
            value=body.value,
            done=body.done,
            comment=body.note,
            user=token.created_by,
            membership=actor_of(token),
        )
    except (ValidationError, PermissionDenied) as err:
        raise refused(err) from None
    return CheckInOut(
        key_result=key_result.pk, note=check_in.comment, **copied(check_in, "date", "confidence", "value", "done")
    )


@router.post(
    "/c/{coop_slug}/kpis",
    response={201: KpiDetailOut, **WRITE_ERRORS},
    summary="Crear un indicador del catálogo",
    tags=["Cambios"],
)
@change(lambda args, result: _("Indicador «%(kpi)s» creado del catálogo") % {"kpi": result.slug}, status=201)
def kpi_create(request: HttpRequest, coop_slug: str, body: KpiFromTemplateIn) -> KpiDetailOut:
    """Crea un indicador de la cooperativa a partir de una plantilla del catálogo, como el asistente «Elegir mis KPI».

    Un KPI (con `objective`) necesita al menos una meta; su responsable es quien creó la clave. Sin `objective`,
    se crea una métrica.
    """
    token = token_for(request, coop_slug)
    coop = token.cooperative
    objective = None
    if body.objective is not None:
        objective = kpi_selectors.objectives_of(coop).filter(pk=body.objective).first()
        if objective is None:
            message = _("No hay ningún objetivo %(id)s en la cooperativa.") % {"id": body.objective}
            raise ApiProblem(422, message, [{"loc": ["body", "objective"], "field": "objective", "message": message}])
    try:
        template = catalog.template(body.template)
        kpi = template_adopt(
            coop=coop,
            template=template,
            area=body.area,
            targets=_targets(body.targets),
            user=token.created_by,
            lang=lang(),
            objective=objective,
            owner=token.created_by,
            confirm_over_limit=body.confirm_over_limit,
            membership=actor_of(token),
        )
    except (ValidationError, PermissionDenied, RumboError) as err:
        raise refused(err) from None
    return kpi_detail(request, coop_slug, kpi.slug)


@router.get(
    "/c/{coop_slug}/catalogue",
    response={200: TemplatePage, 401: Problem, 404: Problem, 422: Problem},
    summary="Catálogo de plantillas",
    tags=["Lectura"],
)
def template_list(
    request: HttpRequest, coop_slug: str, paging: Query[PageQuery], area: str | None = None
) -> TemplatePage:
    """Las plantillas del catálogo con que se crea un indicador (`POST …/kpis`). Filtro: `area`."""
    token_for(request, coop_slug)
    count, page = paged([t for t in catalog.templates() if area is None or area in t.areas], paging)
    items = [
        TemplateOut(
            slug=t.slug,
            name=t.text("name", lang()),
            definition=t.text("definition", lang()),
            unit=t.unit,
            frequency=str(t.frequency),
            direction=str(t.direction),
            areas=[str(a) for a in t.areas],
        )
        for t in page
    ]
    return TemplatePage(count=count, limit=paging.limit, offset=paging.offset, items=items)
