"""The JSON API (OpenAPI 3 at /api/v1/openapi.json): a cooperative's KPIs, OKRs and datasets, read and changed."""

from typing import Annotated

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Body, Field, NinjaAPI, Query

from rumbo.api import federation as federation_routes  # noqa: F401  (registers the federation's routes)
from rumbo.api.auth import BearerKey, actor_of, token_for
from rumbo.api.changes import NO_REPLAY, change
from rumbo.api.description import DESCRIPTION
from rumbo.api.errors import ApiProblem, CappedJsonParser
from rumbo.api.errors import install as install_error_handlers
from rumbo.api.limits import MAX_VALUES_PER_CALL
from rumbo.api.problems import CONTENT_TYPE as PROBLEM_TYPE
from rumbo.api.push import PushRefused, values_push
from rumbo.api.read_schemas import PageQuery, ValuePage
from rumbo.api.reads import READ_ERRORS, copied, find_kpi, paged
from rumbo.api.routing import router
from rumbo.api.schemas import Saved, ValueIn, ValueOut
from rumbo.api.writes import WRITE_ERRORS
from rumbo.kpis.models import Measurement
from rumbo.kpis.unreadable import unreadable_in

IDEMPOTENCY_KEY = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": False,
    "schema": {"type": "string", "maxLength": 255},
    "description": "Para reintentar sin duplicar: la misma clave y el mismo cuerpo en 24 h devuelven la primera respuesta.",
    "example": "ventas-2026-03-02",
}


class RumboApi(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        """The document, with the `Idempotency-Key` header every change takes (read by `changes.change`) and
        every error served as the problem it is (`problems.problem`)."""
        schema = super().get_openapi_schema(*args, **kwargs)
        for operations in schema["paths"].values():
            for method, operation in operations.items():
                once = operation.pop(NO_REPLAY, False)  # an answer never kept (`change(replay=False)`)
                if method in ("post", "put") and not once:
                    operation.setdefault("parameters", []).append(IDEMPOTENCY_KEY)
                for status, answer in operation.get("responses", {}).items():
                    if int(status) >= 400 and "application/json" in answer.get("content", {}):
                        answer["content"] = {PROBLEM_TYPE: answer["content"]["application/json"]}
        return schema


api = RumboApi(
    title="Rumbo API",
    version="1",
    urls_namespace="api",
    auth=BearerKey(),
    docs_url=None,
    description=DESCRIPTION,
    parser=CappedJsonParser(),
)
install_error_handlers(api)


@api.get(
    "/c/{coop_slug}/kpis/{kpi_slug}/values",
    response={200: ValuePage, **READ_ERRORS},
    summary="Valores de un indicador",
    tags=["Lectura"],
)
def value_list(request: HttpRequest, coop_slug: str, kpi_slug: str, paging: Query[PageQuery]) -> ValuePage:
    """Los valores de un indicador, del periodo más antiguo al más reciente."""
    kpi = find_kpi(token_for(request, coop_slug).cooperative, kpi_slug)
    count, page = paged(Measurement.objects.filter(kpi=kpi).order_by("period"), paging)
    unreadable = unreadable_in(Measurement.objects.filter(pk__in=[m.pk for m in page]))
    items = [
        ValueOut(**copied(m, "period", "value", "note", "source", "version"), unreadable=m.pk in unreadable)
        for m in page
    ]
    return ValuePage(count=count, limit=paging.limit, offset=paging.offset, items=items)


PushBody = Annotated[list[ValueIn], Field(max_length=MAX_VALUES_PER_CALL)]


@api.post(
    "/c/{coop_slug}/kpis/{kpi_slug}/values",
    response={200: Saved, **WRITE_ERRORS},
    summary="Registrar valores",
    tags=["Cambios"],
)
@change(
    lambda args, result: (
        _("Valores de «%(kpi)s»: %(created)s nuevos, %(updated)s cambiados, %(unchanged)s iguales")
        % {"kpi": args["kpi_slug"], **result.model_dump()}
    )
)
def value_push(request: HttpRequest, coop_slug: str, kpi_slug: str, values: PushBody = Body(...)) -> Saved:
    """Crea o reemplaza los valores de estos periodos, todos o ninguno (hasta 5.000 por llamada).

    Un periodo que ya tiene valor toma el nuevo (el cambio queda en el historial); el mismo valor otra vez no cambia nada.
    """
    token = token_for(request, coop_slug)
    kpi = find_kpi(token.cooperative, kpi_slug)
    try:
        result = values_push(token=token, kpi=kpi, values=values, membership=actor_of(token))
    except PushRefused as err:
        detail = " ".join(err.messages)
        raise ApiProblem(
            422, detail, [{"loc": ["body", err.index, err.field], "field": err.field, "message": detail}]
        ) from None
    except PermissionDenied as err:
        raise ApiProblem(403, str(err)) from None
    except ValidationError as err:
        raise ApiProblem(422, " ".join(err.messages)) from None
    return Saved(created=result.created, updated=result.updated, unchanged=result.unchanged)


api.add_router("", router)
