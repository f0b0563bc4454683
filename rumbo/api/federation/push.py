"""A remote member's push to its federation: the member key, a signature with a timestamp, one effect per push id.

`POST /api/v1/federation/push` on the federation's Rumbo. The member key (`rfm_…`, issued by
`rumbo federation key`) names the member and its federation; `X-Rumbo-Signature` is the
HMAC-SHA256 of «{X-Rumbo-Timestamp}.{Idempotency-Key}.{body}» with the key's SHA-256, and a
timestamp more than five minutes off is refused. The answer carries the published bands of
the templates the member shares, never another member's figure (docs/federation.md).
"""

import json
import re
import time
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.security import HttpBearer

from rumbo.api.errors import ApiProblem
from rumbo.api.routing import router
from rumbo.api.schemas import Problem
from rumbo.federation.models import Member
from rumbo.federation.remote import signing
from rumbo.federation.remote.receiving import PushConflict, push_receive
from rumbo.federation.services.federations import member_by_key

PUSH_ID = re.compile(r"^[A-Za-z0-9_.:-]{8,64}$")


class MemberKey(HttpBearer):
    """`Authorization: Bearer rfm_…`: an active remote member's key; any other is refused with the problem shape."""

    def authenticate(self, request: HttpRequest, token: str) -> Member:
        member = member_by_key(token.strip())
        if member is None:
            raise ApiProblem(
                401,
                _(
                    "Esta clave de miembro no es válida, fue reemplazada o la cooperativa dejó la red; pida una nueva a quien administra la federación."
                ),
            )
        return member


class RowIn(Schema):
    template: str = Field(description="La plantilla del catálogo del indicador.", examples=["acopio_cafe"])
    period: date = Field(description="El primer día del periodo.", examples=["2025-03-01"])
    value: str = Field(description="El valor, en la unidad de la plantilla, como texto.", examples=["41250.5"])
    numerator: str | None = Field(None, description="Para una razón: su numerador.")
    denominator: str | None = Field(None, description="Para una razón: su denominador.")
    unit: str = Field("", description="La unidad del valor.", examples=["kg"])


class PushIn(Schema):
    templates: list[str] = Field(
        description="Las plantillas que el miembro comparte: las que ya no vengan se quitan de las cifras de la red."
    )
    rows: list[RowIn] = Field(description="Todos los valores de esas plantillas: reemplazan a los recibidos antes.")


class BandOut(Schema):
    template: str
    period: date = Field(description="El último periodo con una banda publicada.")
    contributors: int = Field(description="Cuántas cooperativas aportan a esa cifra.")
    median: Decimal | None = Field(description="La mediana de la red; vacía cuando se suprime.")
    p25: Decimal | None
    p75: Decimal | None
    unit: str


class FederationOut(Schema):
    name: str
    slug: str


class PushOut(Schema):
    federation: FederationOut
    member: str = Field(description="El nombre con que la federación conoce al miembro.")
    replayed: bool = Field(description="true: este envío ya había llegado; no se escribió nada esta vez.")
    stored: int = Field(description="Valores guardados de las plantillas que cambiaron.")
    changed: list[str] = Field(
        description="Plantillas cuyos aportes cambiaron (las que se dejaron de compartir, incluidas)."
    )
    refused: dict[str, str] = Field(description="Plantillas que no se comparan, con la razón.")
    bands: list[BandOut] = Field(description="Las bandas publicadas de las plantillas que el miembro comparte.")


PUSH_DOC: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": PushIn.model_json_schema(ref_template="#/components/schemas/{model}")}
        },
    },
    "parameters": [
        {
            "name": "X-Rumbo-Timestamp",
            "in": "header",
            "required": True,
            "schema": {"type": "integer"},
            "description": "Segundos desde 1970 (UTC) al firmar; a más de 5 minutos del reloj de la federación, 401.",
        },
        {
            "name": "X-Rumbo-Signature",
            "in": "header",
            "required": True,
            "schema": {"type": "string"},
            "description": "sha256= y el HMAC-SHA256 hexadecimal de «{timestamp}.{Idempotency-Key}.{cuerpo}» con el SHA-256 de la clave.",
        },
    ],
}


def _header_problem(header: str, detail: str, status: int = 401) -> ApiProblem:
    return ApiProblem(status, detail, [{"loc": ["header", header], "field": header, "message": detail}])


def _checked(request: HttpRequest, member: Member) -> str:
    """The push id, once the signature and its timestamp hold; a problem otherwise."""
    push_id = request.headers.get("Idempotency-Key", "")
    if not PUSH_ID.match(push_id):
        raise _header_problem(
            "Idempotency-Key",
            _("Cada envío lleva su identificador en Idempotency-Key: de 8 a 64 letras, cifras, «-» o «_»."),
            422,
        )
    try:
        timestamp = int(request.headers.get("X-Rumbo-Timestamp", ""))
    except ValueError:
        raise _header_problem("X-Rumbo-Timestamp", _("Falta la hora del envío (X-Rumbo-Timestamp).")) from None
    given = request.headers.get("X-Rumbo-Signature", "")
    if not signing.valid(member.key_hash, timestamp, push_id, request.body, given):
        raise _header_problem(
            "X-Rumbo-Signature", _("La firma del envío no corresponde a su contenido ni a la clave del miembro.")
        )
    if not signing.fresh(timestamp, time.time()):
        raise _header_problem(
            "X-Rumbo-Timestamp",
            _("El envío se firmó hace más de 5 minutos (o el reloj de su servidor no está en hora): no se acepta."),
        )
    return push_id


@router.post(
    "/federation/push",
    auth=MemberKey(),
    response={200: PushOut, **dict.fromkeys((400, 401, 413, 422), Problem)},
    summary="Recibir el envío de un miembro remoto",
    openapi_extra=PUSH_DOC,
    tags=["Federación"],
)
def federation_push(request: HttpRequest, response: HttpResponse) -> PushOut:
    """Los indicadores que una cooperativa en su propio Rumbo comparte con la federación, firmados con su clave de miembro.

    Reemplaza los aportes del miembro para cada plantilla listada y quita los de las plantillas que ya no lista. El
    mismo envío repetido (mismo `Idempotency-Key`, mismo cuerpo) no escribe nada más. Responde las bandas publicadas
    (mediana y cuartiles, con cuántas cooperativas aportan) del último periodo de cada plantilla que el miembro
    comparte; nunca la cifra de otra cooperativa.
    """
    member: Member = request.auth  # type: ignore[attr-defined]
    push_id = _checked(request, member)
    try:
        data = json.loads(request.body)
    except ValueError:
        raise ApiProblem(400, _("El cuerpo del envío no es JSON válido.")) from None
    try:
        received = push_receive(member=member, push_id=push_id, body=request.body, data=data)
    except PushConflict as err:
        raise _header_problem("Idempotency-Key", str(err), 422) from None
    except ValidationError as err:
        raise ApiProblem(422, " ".join(err.messages)) from None
    if received.replayed:
        response["Idempotent-Replayed"] = "true"
    organisation = received.federation.cooperative
    return PushOut(
        federation=FederationOut(name=organisation.name, slug=organisation.slug),
        member=received.member.name,
        replayed=received.replayed,
        stored=received.stored,
        changed=list(received.changed),
        refused=received.refused,
        bands=[BandOut(**band.__dict__) for band in received.bands],
    )
