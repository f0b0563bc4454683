"""One signed POST to a webhook's address: http(s) only, public addresses only, short timeouts, no redirect elsewhere.

The address is resolved once and the connection goes to the address that was checked, so a
name that resolves to a public address for the check and to a private one for the request
(DNS rebinding) reaches nothing inside. A 307/308 redirect is followed on the same scheme,
host and port only, at most three times; any other redirect is an answer, not an order.
Errors are kept as Spanish phrases marked for translation (shown in the reader's language).
"""

import hashlib
import hmac
import http.client
import ipaddress
import socket
import ssl
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from django.utils.translation import gettext_noop

TIMEOUT = 5.0  # seconds to connect, and between two pieces of the answer
REDIRECTS = 3
DEFAULT_PORTS = {"http": 80, "https": 443}

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
    """Refuse what can be told without asking the network: another scheme, credentials, a private literal address."""
    parts = urlsplit(url)
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        raise Refused(SCHEME)
    if parts.username or parts.password:
        raise Refused(SCHEME)
    host = parts.hostname
    try:
        _check_ip(ipaddress.ip_address(host), allow_private=allow_private)
    except ValueError:
        if not allow_private and (host == "localhost" or host.endswith(".localhost")):
            raise Refused(PRIVATE) from None


def _check_ip(ip: ipaddress.IPv4Address | ipaddress.IPv6Address, *, allow_private: bool) -> None:
    if ip.is_unspecified or ip.is_multicast:
        raise Refused(PRIVATE)
    if not allow_private and not ip.is_global:
        raise Refused(PRIVATE)


def _resolve(host: str, port: int, *, allow_private: bool) -> str:
    """The first address of `host`, every one of its addresses checked."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise Refused(NOT_FOUND) from None
    addresses = [str(info[4][0]) for info in found]
    for address in addresses:
        _check_ip(ipaddress.ip_address(address.split("%")[0]), allow_private=allow_private)
    if not addresses:
        raise Refused(NOT_FOUND)
    return addresses[0]


class _PinnedHTTP(http.client.HTTPConnection):
    def __init__(self, host: str, port: int, address: str):
        super().__init__(host, port, timeout=TIMEOUT)
        self.address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self.address, self.port), self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, address: str):
        super().__init__(host, port, timeout=TIMEOUT, context=ssl.create_default_context())
        self.address = address

    def connect(self) -> None:
        raw = socket.create_connection((self.address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(raw, server_hostname=self.host)  # type: ignore[attr-defined]


def _origin(url: str) -> tuple[str, str, int]:
    parts = urlsplit(url)
    return parts.scheme, (parts.hostname or "").lower(), parts.port or DEFAULT_PORTS.get(parts.scheme, 0)


def post(url: str, body: bytes, headers: dict[str, str], *, allow_private: bool) -> Outcome:
    """POST `body` to `url`; delivered on a 2xx answer."""
    code = None
    for _hop in range(REDIRECTS + 1):
        try:
            check_address(url, allow_private=allow_private)
            scheme, host, port = _origin(url)
            address = _resolve(host, port, allow_private=allow_private)
        except Refused as refused:
            return Outcome(False, code, refused.args[0])
        parts = urlsplit(url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        connection = (_PinnedHTTPS if scheme == "https" else _PinnedHTTP)(host, port, address)
        try:
            connection.request("POST", target, body=body, headers=headers)
            response = connection.getresponse()
            code, location = response.status, response.getheader("Location")
            response.read(1024)  # a little of the answer, so the server is not cut off mid-reply
        except TimeoutError:
            return Outcome(False, code, TIMED_OUT)
        except ConnectionRefusedError:
            return Outcome(False, code, REFUSED)
        except ssl.SSLError:
            return Outcome(False, code, TLS)
        except (OSError, http.client.HTTPException):
            return Outcome(False, code, BROKEN)
        finally:
            connection.close()
        if 200 <= code < 300:
            return Outcome(True, code)
        if code in (307, 308) and location:
            following = urljoin(url, location)
            if _origin(following) != (scheme, host, port):
                return Outcome(False, code, ELSEWHERE)
            url = following
            continue
        if 300 <= code < 400:
            return Outcome(False, code, REDIRECTED)
        return Outcome(False, code, ANSWERED_ERROR)
    return Outcome(False, code, TOO_MANY)
