"""The one shape of every API error (RFC 9457 style), worded in the request's language.

    {"title": "Datos no válidos", "status": 422, "detail": "Valor 2 (2025-03-15): …",
     "errors": [{"loc": ["body", 1, "period"], "field": "period", "message": "Valor 2 (2025-03-15): …"}]}

`title` names the kind of error, `detail` says what happened to this request, `errors` lists
each refused field (empty when no one field is to blame); served as application/problem+json.
"""

import json
from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.http import HttpResponse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from rumbo.api.limits import MAX_BODY_BYTES, MAX_LISTED_ERRORS, MAX_VALUES_PER_CALL

CONTENT_TYPE = "application/problem+json"

TITLES = {
    400: gettext_lazy("Petición mal formada"),
    401: gettext_lazy("Clave de API necesaria"),
    403: gettext_lazy("Sin permiso"),
    404: gettext_lazy("No encontrado"),
    405: gettext_lazy("Método no permitido"),
    413: gettext_lazy("Petición demasiado grande"),
    415: gettext_lazy("Tipo de contenido no admitido"),
    422: gettext_lazy("Datos no válidos"),
    429: gettext_lazy("Demasiadas peticiones"),
    500: gettext_lazy("Error interno"),
}

DETAILS = {
    400: gettext_lazy("La petición no se pudo leer."),
    401: gettext_lazy("Falta la cabecera «Authorization: Bearer <clave>» con una clave de API de la cooperativa."),
    403: gettext_lazy("Esta clave no permite hacer esto."),
    404: gettext_lazy("Esta dirección de la API no existe, o lo que busca no existe en la cooperativa de la clave."),
    405: gettext_lazy("Esta dirección de la API no admite el método %(method)s."),
    429: gettext_lazy("Demasiadas peticiones seguidas; espere un momento y vuelva a intentarlo."),
    500: gettext_lazy("Algo falló en Rumbo al atender esta petición; quedó registrado. Vuelva a intentarlo más tarde."),
}


def problem(status: int, detail: str = "", errors: Sequence[dict] = (), *, method: str | None = "") -> HttpResponse:
    """The JSON problem response for `status`; with no detail, the usual sentence for that status."""
    title = TITLES.get(status) or (_("Petición no válida") if status < 500 else TITLES[500])
    detail = detail or str(DETAILS.get(status, title)) % {"method": method}
    body = {"title": str(title), "status": status, "detail": detail, "errors": list(errors)[:MAX_LISTED_ERRORS]}
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False), status=status, content_type=f"{CONTENT_TYPE}; charset=utf-8"
    )
    if status == 401:
        response["WWW-Authenticate"] = "Bearer"
    return response


def too_big(size: int) -> HttpResponse:
    limit = min(MAX_BODY_BYTES, settings.DATA_UPLOAD_MAX_MEMORY_SIZE or MAX_BODY_BYTES)
    return problem(
        413,
        _("La petición pesa %(size)s y el límite es de %(limit)s por llamada; divídala en varias.")
        % {
            "size": _megabytes(size),
            "limit": _megabytes(limit),
        },
    )


def _megabytes(size: int) -> str:
    if size < 1024 * 1024:
        return f"{number_format(max(1, round(size / 1024)), force_grouping=True)} KB"
    return f"{number_format(round(size / 1024 / 1024, 1) if size % (1024 * 1024) else size // (1024 * 1024))} MB"


def too_many_values(count: int) -> str:
    return _(
        "Se pueden registrar hasta %(limit)s valores por llamada y esta trae %(count)s; divídalos en varias llamadas."
    ) % {
        "limit": number_format(MAX_VALUES_PER_CALL, force_grouping=True),
        "count": number_format(count, force_grouping=True),
    }


def schema_errors(errors: Iterable[dict], *, body_named: bool = True) -> HttpResponse:
    """Validation errors (pydantic's, in English) as one problem with a Spanish sentence per field.

    Ninja's locations name the body's parameter after «body» (`("body", "values", 0, "period")`,
    `("body", "body", "slug")`): `body_named=False` for a body validated by hand, whose locations do not.
    """
    listed: list[dict[str, Any]] = []
    seen = set()
    for error in errors:
        loc = _location(error["loc"], body_named=body_named)
        if tuple(loc) in seen:
            continue  # a `str | Decimal` field reports once per type it tried
        seen.add(tuple(loc))
        field = next((part for part in reversed(loc) if isinstance(part, str)), "body")
        listed.append({"loc": loc, "field": field, "message": _field_message(error, loc, field)})
    if len(listed) == 1:
        detail = listed[0]["message"]
    else:
        detail = ngettext(
            "Los datos enviados no son válidos (%(n)s problema): %(first)s",
            "Los datos enviados no son válidos (%(n)s problemas); el primero: %(first)s",
            len(listed),
        ) % {"n": number_format(len(listed), force_grouping=True), "first": listed[0]["message"] if listed else ""}
    return problem(422, detail, listed)


def _location(raw: Sequence, *, body_named: bool = True) -> list:
    """("body", "values", 0, "value", "decimal") → ["body", 0, "value"]: the body's parameter and the type tried are no place."""
    loc = list(raw)
    if body_named and len(loc) > 1 and loc[0] == "body" and isinstance(loc[1], str):
        del loc[1]
    for i, part in enumerate(loc[1:], start=1):
        if isinstance(part, str):
            return loc[: i + 1]
    return loc


_MESSAGES = {
    "missing": gettext_lazy("falta «%(field)s»."),
    "date": gettext_lazy("«%(field)s» no es una fecha válida; escríbala como AAAA-MM-DD, por ejemplo 2025-03-01."),
    "number": gettext_lazy('«%(field)s» debe ser un número, como 41.5 o "41,5".'),
    "string": gettext_lazy("«%(field)s» debe ser un texto."),
    "long": gettext_lazy("«%(field)s» es demasiado largo: hasta %(max)s caracteres."),
    "list": gettext_lazy('el cuerpo debe ser una lista de valores: [{"period": "2025-03-01", "value": 41.5}].'),
    "object": gettext_lazy("cada valor debe ser un objeto con «period» y «value»."),
    "other": gettext_lazy("«%(field)s» no es válido."),
}


def _field_message(error: dict, loc: list, field: str) -> str:
    kind = error.get("type", "")
    if kind == "too_long" and loc == ["body"]:
        return too_many_values(int((error.get("ctx") or {}).get("actual_length") or 0))
    if kind == "missing":
        key = "missing"
    elif kind.startswith("date"):
        key = "date"
    elif kind.startswith(("decimal", "float", "int")) or field == "value":
        key = "number"
    elif kind == "string_too_long":
        key = "long"
    elif kind.startswith("string") and kind != "string_pattern_mismatch":
        key = "string"
    elif kind == "list_type":
        key = "list"
    elif kind in ("model_type", "model_attributes_type", "dict_type"):
        key = "object"
    else:
        key = "other"
    limit = (error.get("ctx") or {}).get("max_length", "")
    message = str(_MESSAGES[key]) % {"field": field, "max": number_format(limit, force_grouping=True) if limit else ""}
    index = next((part for part in loc if isinstance(part, int)), None)
    if index is None:
        return message[:1].upper() + message[1:]
    return _("Valor %(n)s: %(message)s") % {"n": index + 1, "message": message}
