"""A dataset's records as the API receives them (JSON rows, a CSV or an XLSX body), made into the upload they stand for.

JSON rows become a CSV file with the dataset loader's own conventions (semicolons, decimal
commas), so they are typed, checked, versioned and kept exactly as an uploaded file is.
"""

import csv
import io
import json
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from pydantic import ValidationError as SchemaError

from rumbo.api.errors import ApiProblem
from rumbo.api.limits import MAX_RECORDS_PER_CALL
from rumbo.api.problems import schema_errors
from rumbo.api.write_schemas import RecordsIn

CSV = "text/csv"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class SchemaRefused(Exception):
    def __init__(self, errors: list[dict]):
        super().__init__(errors)
        self.errors = errors


def upload_of(request: HttpRequest, name: str) -> tuple[bytes, str, dict[str, str], bool]:
    """(file bytes, file name, type corrections, whether it came as JSON rows) from the request's body."""
    kind = (request.content_type or "").lower()
    stamp = timezone.localdate().isoformat()
    if kind == CSV:
        return request.body, f"{name}-{stamp}.csv", {}, False
    if kind == XLSX:
        return request.body, f"{name}-{stamp}.xlsx", {}, False
    if kind != "application/json":
        raise ApiProblem(
            415,
            _("Envíe los registros como JSON (application/json), CSV (text/csv) o XLSX; llegó «%(kind)s».")
            % {"kind": kind or "—"},
        )
    try:
        raw = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        raise ApiProblem(
            400, _('El cuerpo de la petición no es JSON válido; envíe {"rows": [{"Fecha": "2026-03-02", …}]}.')
        ) from None
    if isinstance(raw, dict) and isinstance(raw.get("rows"), list) and len(raw["rows"]) > MAX_RECORDS_PER_CALL:
        raise ApiProblem(
            422,
            _("Se pueden enviar hasta %(limit)s registros por llamada y esta trae %(count)s; divídalos en varias.")
            % {
                "limit": f"{MAX_RECORDS_PER_CALL:,}".replace(",", "."),
                "count": f"{len(raw['rows']):,}".replace(",", "."),
            },
        )
    try:
        records = RecordsIn.model_validate(raw)
    except SchemaError as err:
        raise SchemaRefused([{**e, "loc": ("body", *e["loc"])} for e in err.errors()]) from None
    if not records.rows:
        raise ApiProblem(
            422, _("No llegó ningún registro: «rows» está vacía."), [_body_error("rows", _("«rows» está vacía."))]
        )
    return as_csv(records.rows), f"{name}-{stamp}.csv", records.types, True


def refused_schema(err: SchemaRefused) -> ApiProblem:
    """The body's shape refused: each record and field named, as the JSON rows were sent."""
    listed: list[dict[str, Any]] = []
    for error in err.errors:
        loc = list(error["loc"])
        if len(loc) >= 4 and loc[1] == "rows" and isinstance(loc[2], int):
            field = str(loc[3])
            message = _("Registro %(n)s, «%(field)s»: debe ser un texto, un número, true/false o null.") % {
                "n": loc[2] + 1,
                "field": field,
            }
            listed.append({"loc": loc[:4], "field": field, "message": message})
    if not listed:
        response = schema_errors(err.errors, body_named=False)
        body = json.loads(response.content)
        return ApiProblem(422, body["detail"], body["errors"])
    unique = list({tuple(e["loc"]): e for e in listed}.values())
    return ApiProblem(422, str(unique[0]["message"]), unique)


def _body_error(field: str, message: str) -> dict[str, Any]:
    return {"loc": ["body", field], "field": field, "message": message}


def as_csv(rows: list[dict[str, Any]]) -> bytes:
    """The rows as a CSV file: columns in the order first met, an absent field an empty cell."""
    columns = list(dict.fromkeys(name for row in rows for name in row))
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(columns)
    cell = _cell
    writer.writerows([cell(row.get(name)) for name in columns] for row in rows)
    return out.getvalue().encode()


def _cell(value: object) -> str:
    kind = type(value)
    if kind is str:
        return value  # type: ignore[return-value]
    if kind is float:
        text = repr(value)
        if "e" not in text and "n" not in text:  # not 1e+20, nan or inf: its digits as Spanish writes them
            return text.replace(".", ",").removesuffix(",0")
        return format(Decimal(text), "f").replace(".", ",")
    if kind is int:
        return str(value)
    if value is None:
        return ""
    if kind is bool:
        return "sí" if value else "no"  # as a Spanish sheet writes it, whatever language the key speaks
    return str(value)
