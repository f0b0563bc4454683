"""One POST from this server to an address a cooperative's admin typed: a webhook's receiver, a federation on another Rumbo.

Only http(s), no credentials in the address, and public addresses only unless the operator allows
private ones (`RUMBO_ALLOW_PRIVATE_ADDRESSES`, for a receiver or a federation on the office
network): otherwise whoever may type an address could make this server post into the network it
runs in. The name is resolved once, every address it resolves to is checked, and the connection
goes to a checked address, so a name that resolves to a public address for the check and to a
private one for the request (DNS rebinding) reaches nothing inside. A 307/308 redirect is followed
only where the caller allows it, on the same scheme, host and port; any other answer is returned
as it came. What went wrong is a `Failure`: each caller says it in its own words.
"""

import http.client
import ipaddress
import socket
import ssl
from dataclasses import dataclass
from enum import Enum
from urllib.parse import urljoin, urlsplit

from django.conf import settings

DEFAULT_PORTS = {"http": 80, "https": 443}
NAT64 = ipaddress.IPv6Network("64:ff9b::/96")  # the well-known prefix: its last 32 bits are the IPv4 address reached


class Failure(Enum):
    """Why a POST has no answer to read."""

    SCHEME = "scheme"  # not http(s), or a user name or password in the address
    PRIVATE = "private"  # a private, loopback, link-local or reserved address, not allowed here
    NOT_FOUND = "not_found"  # the name does not resolve
    REFUSED = "refused"
    TIMED_OUT = "timed_out"
    TLS = "tls"
    BROKEN = "broken"
    ELSEWHERE = "elsewhere"  # a redirect to another scheme, host or port (only where redirects are followed)
    TOO_MANY = "too_many"  # more redirects than the caller follows


@dataclass(frozen=True)
class Reply:
    code: int | None = None  # the HTTP status of the last answer, if any
    body: bytes = b""  # the start of the answer, up to the caller's limit
    failure: Failure | None = None  # why there is no answer to read


class Refused(Exception):
    """The address may not be reached; `failure` says why."""

    def __init__(self, failure: Failure):
        super().__init__(failure)
        self.failure = failure


def private_allowed() -> bool:
    """The operator's choice for every POST this server makes: may it reach private, loopback and link-local addresses?"""
    return bool(settings.RUMBO_ALLOW_PRIVATE_ADDRESSES)


def check_address(url: str, *, allow_private: bool) -> None:
    """Refuse what can be told without asking the network: another scheme, credentials, a private literal address."""
    parts = urlsplit(url)
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        raise Refused(Failure.SCHEME)
    if parts.username or parts.password:
        raise Refused(Failure.SCHEME)
    host = parts.hostname
    try:
        _check_ip(ipaddress.ip_address(host), allow_private=allow_private)
    except ValueError:
        if not allow_private and (host == "localhost" or host.endswith(".localhost")):
            raise Refused(Failure.PRIVATE) from None


def _check_ip(ip: ipaddress.IPv4Address | ipaddress.IPv6Address, *, allow_private: bool) -> None:
    if ip.is_unspecified or ip.is_multicast:
        raise Refused(Failure.PRIVATE)
    if not allow_private and not ip.is_global:
        raise Refused(Failure.PRIVATE)
    inner = _ipv4_inside(ip)
    if inner is not None:
        _check_ip(inner, allow_private=allow_private)


def _ipv4_inside(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 one leads to (::ffff:10.0.0.1, 2002:0a00:0001::, 64:ff9b::a00:1 reach 10.0.0.1)."""
    if not isinstance(ip, ipaddress.IPv6Address):
        return None
    if ip in NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return ip.ipv4_mapped or ip.sixtofour


def _resolve(host: str, port: int, *, allow_private: bool) -> list[str]:
    """The addresses of `host`, every one of them checked."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise Refused(Failure.NOT_FOUND) from None
    addresses = list(dict.fromkeys(str(info[4][0]) for info in found))
    for address in addresses:
        _check_ip(ipaddress.ip_address(address.split("%")[0]), allow_private=allow_private)
    if not addresses:
        raise Refused(Failure.NOT_FOUND)
    return addresses


def _connect(addresses: list[str], port: int, timeout: float | None) -> socket.socket:
    """A connection to the first checked address that answers (an IPv6 address first may be out of reach)."""
    error: OSError = ConnectionRefusedError()
    for address in addresses:
        try:
            return socket.create_connection((address, port), timeout)
        except OSError as failed:
            error = failed
    raise error


class _PinnedHTTP(http.client.HTTPConnection):
    def __init__(self, host: str, port: int, addresses: list[str], timeout: float):
        super().__init__(host, port, timeout=timeout)
        self.addresses = addresses

    def connect(self) -> None:
        self.sock = _connect(self.addresses, self.port, self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, addresses: list[str], timeout: float):
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self.addresses = addresses

    def connect(self) -> None:
        raw = _connect(self.addresses, self.port, self.timeout)
        self.sock = self._context.wrap_socket(raw, server_hostname=self.host)  # type: ignore[attr-defined]


def _origin(url: str) -> tuple[str, str, int]:
    parts = urlsplit(url)
    return parts.scheme, (parts.hostname or "").lower(), parts.port or DEFAULT_PORTS.get(parts.scheme, 0)


def post(
    url: str,
    body: bytes,
    headers: dict[str, str],
    *,
    allow_private: bool,
    timeout: float,
    redirects: int = 0,
    limit: int = 1024,
) -> Reply:
    """POST `body` to `url`; the answer's status and its first `limit` bytes, or the failure that left none.

    `timeout` is the wait to connect and between two pieces of the answer; up to `redirects`
    307/308 redirects on the same origin are followed with the same body.
    """
    code = None
    for _hop in range(redirects + 1):
        try:
            check_address(url, allow_private=allow_private)
            scheme, host, port = _origin(url)
            addresses = _resolve(host, port, allow_private=allow_private)
        except Refused as refused:
            return Reply(code, failure=refused.failure)
        parts = urlsplit(url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        connection = (_PinnedHTTPS if scheme == "https" else _PinnedHTTP)(host, port, addresses, timeout)
        try:
            connection.request("POST", target, body=body, headers=headers)
            response = connection.getresponse()
            code, location = response.status, response.getheader("Location")
            answer = response.read(limit)  # at least a little, so the server is not cut off mid-reply
        except TimeoutError:
            return Reply(code, failure=Failure.TIMED_OUT)
        except ConnectionRefusedError:
            return Reply(code, failure=Failure.REFUSED)
        except ssl.SSLError:
            return Reply(code, failure=Failure.TLS)
        except (OSError, http.client.HTTPException):
            return Reply(code, failure=Failure.BROKEN)
        finally:
            connection.close()
        if not (redirects and code in (307, 308) and location):
            return Reply(code, answer)
        following = urljoin(url, location)
        if _origin(following) != (scheme, host, port):
            return Reply(code, failure=Failure.ELSEWHERE)
        url = following
    return Reply(code, failure=Failure.TOO_MANY)
