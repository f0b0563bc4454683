"""Every error raised inside an API route becomes a JSON problem; nothing falls through to an HTML page."""

import logging
from collections.abc import Callable
from typing import Any, TypeVar, cast

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as SchemaError
from ninja.parser import Parser

from rumbo.api.limits import MAX_VALUES_PER_CALL
from rumbo.api.problems import problem, schema_errors, too_big, too_many_values

request_logger = logging.getLogger("django.request")
E = TypeVar("E", bound=Exception)


class ApiProblem(Exception):
    """Raised by a route to answer with this problem (and to leave any transaction it is in)."""

    def __init__(self, status: int, detail: str, errors: list[dict] | None = None):
        super().__init__(detail)
        self.status, self.detail, self.errors = status, detail, errors or []


class TooManyValues(Exception):
    def __init__(self, count: int):
        super().__init__(count)
        self.count = count


class CappedJsonParser(Parser):
    """JSON bodies, and a list longer than the cap refused before any of its items is validated."""

    def parse_body(self, request: HttpRequest) -> Any:
        data = super().parse_body(request)
        if isinstance(data, list) and len(data) > MAX_VALUES_PER_CALL:
            raise TooManyValues(len(data))
        return data


def install(api: NinjaAPI) -> None:
    _on(api, ApiProblem, lambda request, exc: problem(exc.status, exc.detail, exc.errors))
    _on(api, Http404, lambda request, exc: problem(404))
    _on(api, PermissionDenied, lambda request, exc: problem(403))
    _on(api, SchemaError, lambda request, exc: schema_errors(exc.errors))
    _on(api, RequestDataTooBig, lambda request, exc: too_big(int(request.META.get("CONTENT_LENGTH") or 0)))
    _on(api, HttpError, _http_error)
    _on(api, Exception, _server_error)


def _on(api: NinjaAPI, kind: type[E], handle: Callable[[HttpRequest, E], HttpResponse]) -> None:
    # django-ninja passes the raised exception; its declared signature also admits the class itself.
    api.add_exception_handler(kind, cast(Callable[[HttpRequest, E | type[E]], HttpResponse], handle))


def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if isinstance(exc, AuthenticationError):
        if request.headers.get("Authorization", "").lower().startswith("bearer "):
            return problem(
                401,
                _(
                    "Esta clave de API no es válida o fue revocada; pida una nueva a quien administra la cooperativa en Rumbo."
                ),
            )
        return problem(401)
    if isinstance(exc.__cause__, TooManyValues):  # ninja re-raises what its parser raised as a 400
        detail = too_many_values(exc.__cause__.count)
        return problem(422, detail, [{"loc": ["body"], "field": "body", "message": detail}])
    if exc.status_code == 400:  # ninja's only 400: a body it cannot parse
        return problem(
            400,
            _(
                "El cuerpo de la petición no es JSON válido; envíe una lista de valores en JSON con Content-Type: application/json."
            ),
        )
    return problem(exc.status_code)


def _server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    # Logged as Django logs an unhandled exception, so the same handlers (console, mail to admins) see it.
    request_logger.error(
        "Error interno en la API: %s", request.path, exc_info=exc, extra={"status_code": 500, "request": request}
    )
    return problem(500)
