"""An https address: the connection goes to the checked address, and the certificate is verified against the host name."""

import ssl
import subprocess

import pytest

from rumbo.hooks import sending
from tests.hooks.conftest import serving


@pytest.fixture
def tls_receiver(tmp_path):
    """The receiver behind TLS with a certificate made for 127.0.0.1 and signed by nobody anyone trusts."""
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    with serving(tls=context) as receiver:
        yield receiver, cert


def test_an_untrusted_certificate_is_refused(tls_receiver):
    receiver, _cert = tls_receiver
    outcome = sending.post(receiver.url, b"{}", {}, allow_private=True)
    assert (outcome.ok, outcome.error) == (False, sending.TLS)
    assert receiver.received == []


def test_a_trusted_certificate_for_the_host_delivers(tls_receiver, monkeypatch):
    receiver, cert = tls_receiver
    trusting = ssl.create_default_context(cafile=str(cert))
    monkeypatch.setattr(ssl, "create_default_context", lambda: trusting)
    outcome = sending.post(receiver.url, b'{"a":1}', {"Content-Type": "application/json"}, allow_private=True)
    assert (outcome.ok, outcome.code) == (True, 200)
    assert receiver.received[0].body == b'{"a":1}'
