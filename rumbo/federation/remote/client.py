"""One signed POST of a push to a federation's Rumbo: the answer read whole (its bands), short timeouts, no redirects.

The POST, and which addresses it may reach, are `rumbo.outbound`'s, as for the webhooks: the
address is typed by an admin of the cooperative, not by the operator, so a federation on a
private or local network is refused unless the operator allows it
(`RUMBO_ALLOW_PRIVATE_ADDRESSES`). Errors are Spanish phrases marked for translation.
"""

import json
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_noop

from rumbo import outbound
from rumbo.federation.remote.signing import signature, signing_key
from rumbo.outbound import Failure

TIMEOUT = 30.0  # seconds to connect, and between two pieces of the answer (a push of years of values takes a while)
PUSH_PATH = "/api/v1/federation/push"
MAX_ANSWER = 5 * 1024 * 1024
USER_AGENT = "Rumbo-Federation/1"

REFUSED = gettext_noop("Conexión rechazada: la federación no responde")
TIMED_OUT = gettext_noop("Sin respuesta de la federación a tiempo")
NOT_FOUND = gettext_noop("No se encontró el servidor de la federación")
SCHEME = gettext_noop("La dirección de la federación debe empezar por http:// o https://")
PRIVATE = gettext_noop(
    "Dirección no permitida: la federación está en una red privada o local. Quien administra este servidor puede"
    " permitirlo."
)
TLS = gettext_noop("La conexión segura (TLS) con la federación falló")
BROKEN = gettext_noop("La conexión con la federación se cortó")
ANSWERED_ERROR = gettext_noop("La federación respondió con un error")

PHRASES = {
    Failure.SCHEME: SCHEME,
    Failure.PRIVATE: PRIVATE,
    Failure.NOT_FOUND: NOT_FOUND,
    Failure.REFUSED: REFUSED,
    Failure.TIMED_OUT: TIMED_OUT,
    Failure.TLS: TLS,
    Failure.BROKEN: BROKEN,
}  # no redirect is followed, so none leads elsewhere or goes on too long


@dataclass(frozen=True)
class Answer:
    ok: bool
    code: int | None = None  # the HTTP status, if any
    error: str = ""  # one of the phrases above, or the federation's own `detail`
    body: dict[str, Any] = field(default_factory=dict)

    @property
    def final(self) -> bool:
        """Refused for good (the key, the content): sending the same again cannot succeed."""
        return self.code in (400, 401, 403, 404, 413, 422)


def push_url(url: str) -> str:
    """The push address of a federation given by its site (https://red.example.org) or by the address itself."""
    url = url.strip().rstrip("/")
    return url if url.endswith(PUSH_PATH) else url + PUSH_PATH


def headers_for(member_key: str, body: bytes, push_id: str, timestamp: int) -> dict[str, str]:
    return {
        "Content-Type": "application/json",
        "Accept": "application/json",
        "User-Agent": USER_AGENT,
        "Authorization": f"Bearer {member_key}",
        "Idempotency-Key": push_id,
        "X-Rumbo-Timestamp": str(timestamp),
        "X-Rumbo-Signature": signature(signing_key(member_key), timestamp, push_id, body),
    }


def address_refusal(url: str, *, allow_private: bool) -> str:
    """Why a federation's address may not be linked, told without asking the network; empty when it may."""
    try:
        outbound.check_address(push_url(url), allow_private=allow_private)
    except outbound.Refused as refused:
        return PHRASES.get(refused.failure, SCHEME)
    return ""


def send(
    url: str, member_key: str, payload: dict[str, Any], *, allow_private: bool, push_id: str | None = None
) -> Answer:
    """POST the push to the federation at `url`; its JSON answer, or why there is none."""
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    push_id = push_id or uuid.uuid4().hex
    headers = headers_for(member_key, body, push_id, int(time.time()))
    reply = outbound.post(push_url(url), body, headers, allow_private=allow_private, timeout=TIMEOUT, limit=MAX_ANSWER)
    if reply.failure is not None:
        return Answer(False, reply.code, PHRASES.get(reply.failure, BROKEN))
    try:
        answer = json.loads(reply.body) if reply.body else {}
    except ValueError:
        answer = {}
    if not isinstance(answer, dict):
        answer = {}
    assert reply.code is not None  # an answer without a failure has a status
    if 200 <= reply.code < 300:
        return Answer(True, reply.code, "", answer)
    return Answer(False, reply.code, str(answer.get("detail") or ANSWERED_ERROR)[:300], answer)
