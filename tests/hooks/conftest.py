"""A real HTTP server on 127.0.0.1 that receives webhooks, and the settings that let Rumbo send to it."""

import http.server
import socket
import ssl
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field

import pytest


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    """What the server got, and the status codes it answers with (the last one repeats)."""

    url: str
    port: int
    received: list[Received] = field(default_factory=list)
    answers: list[int] = field(default_factory=lambda: [200])
    location: str = ""  # sent with a 3xx answer


def _handler(receiver: Receiver):
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            receiver.received.append(Received(self.path, dict(self.headers.items()), body))
            code = receiver.answers.pop(0) if len(receiver.answers) > 1 else receiver.answers[0]
            self.send_response(code)
            if 300 <= code < 400:
                self.send_header("Location", receiver.location)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args):
            pass

    return Handler


@contextmanager
def serving(tls: ssl.SSLContext | None = None):
    """A receiver listening on 127.0.0.1 (behind TLS with this context) until the block ends."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), None)  # type: ignore[arg-type]
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    port = server.server_address[1]
    found = Receiver(url=f"{'https' if tls else 'http'}://127.0.0.1:{port}/rumbo", port=port)
    server.RequestHandlerClass = _handler(found)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield found
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture
def receiver():
    with serving() as found:
        yield found


@pytest.fixture
def closed_port():
    """A port on 127.0.0.1 where nothing listens: a connection to it is refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(autouse=True)
def private_addresses_allowed(settings):
    settings.RUMBO_ALLOW_PRIVATE_ADDRESSES = True  # the receiver is on 127.0.0.1
