"""A webhook's POST: its signature, its short timeouts, the redirects it follows, and what went wrong in words.

The POST itself, and which addresses it may reach, are `rumbo.outbound`'s, shared with the pushes
to federations on other Rumbos: public addresses only unless the operator allows private ones,
checked after the name is resolved, on every attempt. A 307/308 redirect is followed on the same
scheme, host and port only, at most three times; any other redirect is an answer, not an order.
Errors are kept as Spanish phrases marked for translation (shown in the reader's language).
"""

import hashlib
import hmac
from dataclasses import dataclass

from django.utils.translation import gettext_noop

from rumbo import outbound
from rumbo.outbound import Failure

TIMEOUT = 5.0  # seconds to connect, and between two pieces of the answer
REDIRECTS = 3
ANSWER_READ = 1024  # bytes of the answer read: a little, so the server is not cut off mid-reply

REFUSED = gettext_noop("Conexión rechazada")
TIMED_OUT = gettext_noop("Sin respuesta en 5 segundos")
NOT_FOUND = gettext_noop("No se encontró el servidor")
PRIVATE = gettext_noop("Dirección no permitida: red privada o local")
SCHEME = gettext_noop("Solo se envían avisos a direcciones http o https")
ELSEWHERE = gettext_noop("Redirige a otro sitio: no se sigue")
REDIRECTED = gettext_noop("Responde con una redirección: no se sigue")
TOO_MANY = gettext_noop("Demasiadas redirecciones")
TLS = gettext_noop("La conexión segura (TLS) falló")
BROKEN = gettext_noop("La conexión se cortó")
ANSWERED_ERROR = gettext_noop("El servidor respondió con un error")

PHRASES = {
    Failure.SCHEME: SCHEME,
    Failure.PRIVATE: PRIVATE,
    Failure.NOT_FOUND: NOT_FOUND,
    Failure.REFUSED: REFUSED,
    Failure.TIMED_OUT: TIMED_OUT,
    Failure.TLS: TLS,
    Failure.BROKEN: BROKEN,
    Failure.ELSEWHERE: ELSEWHERE,
    Failure.TOO_MANY: TOO_MANY,
}


@dataclass(frozen=True)
class Outcome:
    ok: bool
    code: int | None = None  # the HTTP status of the last answer, if any
    error: str = ""  # a phrase above, empty when delivered


class Refused(Exception):
    """The address may not be reached; `args[0]` is one of the phrases above."""


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """`sha256=` and the hex HMAC-SHA256 of «{timestamp}.{body}» with the webhook's secret."""
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def check_address(url: str, *, allow_private: bool) -> None:
    """Refuse, when the webhook is saved, what can be told without asking the network (`outbound.check_address`)."""
    try:
        outbound.check_address(url, allow_private=allow_private)
    except outbound.Refused as refused:
        raise Refused(PHRASES[refused.failure]) from None


def post(url: str, body: bytes, headers: dict[str, str], *, allow_private: bool) -> Outcome:
    """POST `body` to `url`; delivered on a 2xx answer."""
    reply = outbound.post(
        url, body, headers, allow_private=allow_private, timeout=TIMEOUT, redirects=REDIRECTS, limit=ANSWER_READ
    )
    if reply.failure is not None:
        return Outcome(False, reply.code, PHRASES[reply.failure])
    assert reply.code is not None  # an answer without a failure has a status
    if 200 <= reply.code < 300:
        return Outcome(True, reply.code)
    if 300 <= reply.code < 400:
        return Outcome(False, reply.code, REDIRECTED)
    return Outcome(False, reply.code, ANSWERED_ERROR)
