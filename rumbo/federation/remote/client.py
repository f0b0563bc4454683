"""One signed POST of a push to a federation's Rumbo: the answer read whole (its bands), short timeouts, no redirects.

Built on the standard library's http.client, as the webhooks' deliveries are (the federation app
sits below the webhooks, so it keeps its own few lines). A federation may well be on the
cooperative's own network, so private addresses are allowed: the address is typed by an admin of
the cooperative, not by a stranger. Errors are Spanish phrases marked for translation.
"""

import http.client
import json
import socket
import ssl
import time
import uuid
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from django.utils.translation import gettext_noop

from rumbo.federation.remote.signing import signature, signing_key

TIMEOUT = 30.0  # seconds to connect, and between two pieces of the answer (a push of years of values takes a while)
PUSH_PATH = "/api/v1/federation/push"
MAX_ANSWER = 5 * 1024 * 1024
USER_AGENT = "Rumbo-Federation/1"

REFUSED = gettext_noop("Conexión rechazada: la federación no responde")
TIMED_OUT = gettext_noop("Sin respuesta de la federación a tiempo")
NOT_FOUND = gettext_noop("No se encontró el servidor de la federación")
SCHEME = gettext_noop("La dirección de la federación debe empezar por http:// o https://")
TLS = gettext_noop("La conexión segura (TLS) con la federación falló")
BROKEN = gettext_noop("La conexión con la federación se cortó")
ANSWERED_ERROR = gettext_noop("La federación respondió con un error")


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


def send(url: str, member_key: str, payload: dict[str, Any], *, push_id: str | None = None) -> Answer:
    """POST the push to the federation at `url`; its JSON answer, or why there is none."""
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    push_id = push_id or uuid.uuid4().hex
    parts = urlsplit(push_url(url))
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.username or parts.password:
        return Answer(False, None, SCHEME)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    if parts.scheme == "https":
        connection: http.client.HTTPConnection = http.client.HTTPSConnection(
            parts.hostname, parts.port, timeout=TIMEOUT, context=ssl.create_default_context()
        )
    else:
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=TIMEOUT)
    try:
        connection.request("POST", target, body=body, headers=headers_for(member_key, body, push_id, int(time.time())))
        response = connection.getresponse()
        code, raw = response.status, response.read(MAX_ANSWER)
    except TimeoutError:
        return Answer(False, None, TIMED_OUT)
    except ConnectionRefusedError:
        return Answer(False, None, REFUSED)
    except ssl.SSLError:
        return Answer(False, None, TLS)
    except (socket.gaierror, UnicodeError):
        return Answer(False, None, NOT_FOUND)
    except OSError:
        return Answer(False, None, BROKEN)
    except http.client.HTTPException:
        return Answer(False, None, BROKEN)
    finally:
        connection.close()
    try:
        answer = json.loads(raw) if raw else {}
    except ValueError:
        answer = {}
    if not isinstance(answer, dict):
        answer = {}
    if 200 <= code < 300:
        return Answer(True, code, "", answer)
    return Answer(False, code, str(answer.get("detail") or ANSWERED_ERROR)[:300], answer)
