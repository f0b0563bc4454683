"""The one POST to an address an admin typed: private addresses refused after the name is resolved, unless allowed."""

import pytest

from rumbo import outbound
from rumbo.outbound import Failure, Refused, check_address, post
from tests.hooks.conftest import serving
from tests.resolver import resolving

PRIVATE = [
    "127.0.0.1",
    "10.1.2.3",
    "172.16.0.9",
    "192.168.1.20",
    "169.254.169.254",  # a cloud's metadata service
    "100.64.0.1",  # shared by a carrier's NAT
    "::1",
    "fe80::1",
    "fd00::7",
    "::ffff:10.0.0.1",  # IPv4 written as IPv6
    "64:ff9b::a00:1",  # through NAT64 to 10.0.0.1
    "2002:a00:1::1",  # through 6to4 to 10.0.0.1
]


def _post(url: str, *, allow_private: bool) -> outbound.Reply:
    return post(url, b"{}", {}, allow_private=allow_private, timeout=2)


@pytest.mark.parametrize("address", PRIVATE)
def test_a_name_that_resolves_to_a_private_address_is_not_reached(monkeypatch, address):
    asked = resolving(monkeypatch, {"receptor.example.org": [address]})
    reply = _post("http://receptor.example.org/rumbo", allow_private=False)
    assert (reply.code, reply.failure) == (None, Failure.PRIVATE)
    assert asked == ["receptor.example.org"]  # told by the address the name resolves to, not by the name


@pytest.mark.parametrize("address", PRIVATE)
def test_a_private_address_written_in_the_url_is_refused_before_asking_the_network(monkeypatch, address):
    asked = resolving(monkeypatch, {})
    host = f"[{address}]" if ":" in address else address
    with pytest.raises(Refused) as refused:
        check_address(f"https://{host}/", allow_private=False)
    assert refused.value.failure == Failure.PRIVATE
    assert _post(f"https://{host}/", allow_private=False).failure == Failure.PRIVATE
    assert asked == []


def test_one_private_address_among_public_ones_is_enough_to_refuse(monkeypatch):
    resolving(monkeypatch, {"receptor.example.org": ["93.184.216.34", "10.0.0.5"]})
    assert _post("https://receptor.example.org/", allow_private=False).failure == Failure.PRIVATE


@pytest.mark.parametrize("address", ["0.0.0.0", "::", "224.0.0.1", "ff02::1"])
def test_no_setting_reaches_an_unspecified_or_multicast_address(monkeypatch, address):
    resolving(monkeypatch, {"receptor.example.org": [address]})
    assert _post("http://receptor.example.org/", allow_private=True).failure == Failure.PRIVATE


def test_a_name_that_does_not_resolve_is_not_found(monkeypatch):
    resolving(monkeypatch, {"nadie.example.org": []})
    assert _post("https://nadie.example.org/", allow_private=False).failure == Failure.NOT_FOUND


@pytest.mark.parametrize("url", ["ftp://example.org/x", "file:///etc/passwd", "http://user:pw@example.org/", "x"])
def test_only_http_and_https_addresses_without_credentials_are_posted_to(url):
    assert _post(url, allow_private=True).failure == Failure.SCHEME


def test_when_allowed_the_connection_goes_to_the_address_that_was_checked(monkeypatch):
    with serving() as receiver:
        resolving(monkeypatch, {"receptor.lan": ["127.0.0.1"]})
        reply = _post(f"http://receptor.lan:{receiver.port}/rumbo", allow_private=True)
    assert (reply.code, reply.body, reply.failure) == (200, b"ok", None)
    (got,) = receiver.received
    assert got.headers["Host"] == f"receptor.lan:{receiver.port}"  # the name still tells the server who is asked


def test_an_address_of_the_name_that_does_not_answer_is_passed_for_the_next_checked_one(monkeypatch):
    with serving() as receiver:  # listens on 127.0.0.1 only: nothing answers on 127.0.0.2
        resolving(monkeypatch, {"receptor.lan": ["127.0.0.2", "127.0.0.1"]})
        reply = _post(f"http://receptor.lan:{receiver.port}/", allow_private=True)
    assert reply.code == 200 and len(receiver.received) == 1


def test_redirects_are_followed_only_where_the_caller_asks(monkeypatch):
    with serving() as receiver:
        receiver.answers, receiver.location = [307, 200], "/otra"
        assert _post(receiver.url, allow_private=True).code == 307
        receiver.answers = [307, 200]
        followed = post(receiver.url, b"{}", {}, allow_private=True, timeout=2, redirects=1)
    assert followed.code == 200
    assert [r.path for r in receiver.received] == ["/rumbo", "/rumbo", "/otra"]


def test_the_operator_s_setting_is_the_one_rule(settings):
    settings.RUMBO_ALLOW_PRIVATE_ADDRESSES = False
    assert outbound.private_allowed() is False
    settings.RUMBO_ALLOW_PRIVATE_ADDRESSES = True
    assert outbound.private_allowed() is True
