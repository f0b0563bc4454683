"""The JSON API (OpenAPI 3 at /api/v1/openapi.json): read a cooperative's KPIs, push values."""

from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Body, Field, NinjaAPI
from ninja.security import HttpBearer

from rumbo.api.errors import ApiProblem, CappedJsonParser
from rumbo.api.errors import install as install_error_handlers
from rumbo.api.limits import MAX_BODY_BYTES, MAX_VALUES_PER_CALL
from rumbo.api.models import ApiToken
from rumbo.api.push import PushRefused, values_push
from rumbo.api.schemas import KpiOut, OutlookOut, Problem, Saved, ValueIn, ValueOut
from rumbo.api.services import digest
from rumbo.engine.status.readings import Outlook
from rumbo.kpis.models import Kpi, Measurement
from rumbo.kpis.readings import read_board
from rumbo.kpis.unreadable import unreadable_in


class ApiRequest(HttpRequest):
    """A request to a route: `BearerKey` has set `auth` to the key it came with."""

    auth: ApiToken


class BearerKey(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        found = (
            ApiToken.objects.select_related("cooperative", "created_by")
            .filter(key_hash=digest(token), revoked_at__isnull=True)
            .first()
        )
        if found is not None:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
            _speak_the_keys_language(request, found)
        return found


def _speak_the_keys_language(request: HttpRequest, token: ApiToken) -> None:
    """Without an Accept-Language header, answer in the language of the person who made the key."""
    if "HTTP_ACCEPT_LANGUAGE" not in request.META and token.created_by and token.created_by.language:
        translation.activate(token.created_by.language)
        request.LANGUAGE_CODE = token.created_by.language


DESCRIPTION = """KPIs y valores de una cooperativa.

**Autenticación**: `Authorization: Bearer <clave>`. Una clave sirve solo a su cooperativa; solo una clave que
«puede registrar valores» puede enviarlos.

**Límites por llamada**: hasta {values} valores (más: 422) y un cuerpo de hasta {mb} MB (más: 413).
Se rechazan enseguida, sin escribir nada; para más valores, haga varias llamadas.

**Errores**: siempre JSON, `application/problem+json`, en español (en inglés con `Accept-Language: en`, o cuando
quien creó la clave usa Rumbo en inglés), con esta forma:

```json
{{"title": "Datos no válidos", "status": 422, "detail": "Valor 2 (2025-03-15): …",
 "errors": [{{"loc": ["body", 1, "period"], "field": "period", "message": "Valor 2 (2025-03-15): …"}}]}}
```

`errors` nombra cada campo rechazado (`loc`: `body`, la posición del valor desde 0 y el campo); está vacía
cuando no hay un campo culpable. Estados: 400 el cuerpo no es JSON; 401 falta la clave, no es válida o fue
revocada; 403 la clave no permite esto; 404 la dirección o el indicador no existen (o son de otra cooperativa);
405 método no admitido; 413 cuerpo demasiado grande; 422 datos no válidos; 500 error interno.
""".format(values=f"{MAX_VALUES_PER_CALL:,}".replace(",", "."), mb=MAX_BODY_BYTES // 1024 // 1024)

api = NinjaAPI(
    title="Rumbo API",
    version="1",
    urls_namespace="api",
    auth=BearerKey(),
    docs_url=None,
    description=DESCRIPTION,
    parser=CappedJsonParser(),
)
install_error_handlers(api)
READ_ERRORS = {401: Problem, 404: Problem}
PUSH_ERRORS = {400: Problem, 401: Problem, 403: Problem, 404: Problem, 413: Problem, 422: Problem}


def _token_for(request: ApiRequest, coop_slug: str) -> ApiToken:
    """The key's cooperative must be the one in the path: any other is simply not found."""
    if request.auth.cooperative.slug != coop_slug:
        raise Http404
    return request.auth


def _kpi(token: ApiToken, kpi_slug: str) -> Kpi:
    return get_object_or_404(Kpi.objects.select_related("cooperative"), cooperative=token.cooperative, slug=kpi_slug)


@api.get("/c/{coop_slug}/kpis", response={200: list[KpiOut], **READ_ERRORS}, summary="Indicadores con su estado")
def kpi_list(request: ApiRequest, coop_slug: str) -> list[KpiOut]:
    token = _token_for(request, coop_slug)
    board = read_board(token.cooperative, today=timezone.localdate())
    lang = get_language() or "es"
    objectives: dict[int | None, str] = {o.pk: o.title for o, _ in board.objectives}
    out = []
    for kpi in board.kpis:
        reading = board.reading(kpi)
        out.append(
            KpiOut(
                **_copied(kpi, "slug", "name", "kind", "area", "unit", "frequency", "direction"),
                objective=objectives.get(kpi.objective_id),
                period=reading.period,
                value=reading.value,
                target=reading.target.value if reading.target else None,
                status=str(reading.status),
                story=reading.story.get(lang, ""),
                outlook=_outlook(reading.outlook),
                unreadable=kpi.pk in board.unreadable,
            )
        )
    return out


def _outlook(outlook: Outlook | None) -> OutlookOut | None:
    if outlook is None:
        return None
    span = outlook.span
    return OutlookOut(
        **_copied(
            outlook, "source", "projected", "low", "high", "share", "share_low", "share_high", "probability", "level"
        ),
        span_start=span.start if span else None,
        span_end=span.end if span else None,
        target=span.value if span else None,
    )


def _copied(source: object, *names: str) -> dict[str, Any]:
    """The fields an answer takes unchanged from a row or a reading, by the same names."""
    return {name: getattr(source, name) for name in names}


@api.get(
    "/c/{coop_slug}/kpis/{kpi_slug}/values",
    response={200: list[ValueOut], **READ_ERRORS},
    summary="Valores de un indicador",
)
def value_list(request: ApiRequest, coop_slug: str, kpi_slug: str) -> list[ValueOut]:
    kpi = _kpi(_token_for(request, coop_slug), kpi_slug)
    values = Measurement.objects.filter(kpi=kpi).order_by("period")
    unreadable = unreadable_in(values)
    return [
        ValueOut(**_copied(m, "period", "value", "note", "source", "version"), unreadable=m.pk in unreadable)
        for m in values
    ]


PushBody = Annotated[list[ValueIn], Field(max_length=MAX_VALUES_PER_CALL)]


@api.post("/c/{coop_slug}/kpis/{kpi_slug}/values", response={200: Saved, **PUSH_ERRORS}, summary="Registrar valores")
def value_push(request: ApiRequest, coop_slug: str, kpi_slug: str, values: PushBody = Body(...)) -> Saved:
    """Crea o reemplaza los valores de estos periodos, todos o ninguno (hasta 5.000 por llamada).

    Un periodo que ya tiene valor toma el nuevo (el cambio queda en el historial); el mismo valor otra vez no cambia nada.
    """
    token = _token_for(request, coop_slug)
    kpi = _kpi(token, kpi_slug)
    if not token.can_write:
        raise ApiProblem(
            403,
            _(
                "Esta clave solo puede leer; pida a quien administra la cooperativa una clave que pueda registrar valores."
            ),
        )
    try:
        result = values_push(token=token, kpi=kpi, values=values)
    except PushRefused as err:
        detail = " ".join(err.messages)
        raise ApiProblem(
            422, detail, [{"loc": ["body", err.index, err.field], "field": err.field, "message": detail}]
        ) from None
    except ValidationError as err:
        raise ApiProblem(422, " ".join(err.messages)) from None
    return Saved(created=result.created, updated=result.updated, unchanged=result.unchanged)
