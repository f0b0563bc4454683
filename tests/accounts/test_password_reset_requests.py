"""«¿Olvidó su contraseña?»: the same neutral answer for any address, and a limit per address and per IP address."""

import pytest
from django.core import mail
from django.core.cache import caches
from django.urls import reverse

NEUTRAL = "Si hay una cuenta con esa dirección"
REFUSED = "Demasiados pedidos para cambiar la contraseña"


@pytest.fixture(autouse=True)
def fresh_counts(settings):
    settings.RUMBO_PASSWORD_RESETS_PER_ADDRESS = 3
    settings.RUMBO_PASSWORD_RESETS_PER_IP = 6
    caches["throttle"].clear()
    yield
    caches["throttle"].clear()


def ask(client, email, ip="10.0.0.7"):
    return client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=ip, follow=True)


def test_a_known_and_an_unknown_address_get_the_same_answer(client, cast):
    known, unknown = ask(client, cast.viewer.email), ask(client, "nadie@example.org")
    assert known.status_code == unknown.status_code == 200
    assert known.redirect_chain == unknown.redirect_chain
    assert NEUTRAL in known.text and NEUTRAL in unknown.text
    assert [m.to for m in mail.outbox] == [[cast.viewer.email]]


def test_an_address_is_refused_after_a_few_requests_an_hour_whatever_its_case(client, cast):
    for spelling in ["carla@example.org", "Carla@example.org", "CARLA@EXAMPLE.ORG"]:
        assert NEUTRAL in ask(client, spelling).text
    refused = ask(client, "carla@Example.org", ip="10.0.0.8")
    assert refused.status_code == 429 and REFUSED in refused.text
    assert len(mail.outbox) == 3
    # Another address is still served.
    assert NEUTRAL in ask(client, cast.editor.email).text and len(mail.outbox) == 4


def test_an_unknown_address_is_counted_as_well(client, cast):
    for _ in range(3):
        ask(client, "nadie@example.org")
    assert ask(client, "nadie@example.org").status_code == 429


def test_one_ip_address_asking_for_many_addresses_is_refused(client, cast):
    for number in range(6):
        assert ask(client, f"socio{number}@example.org").status_code == 200
    refused = ask(client, cast.viewer.email)
    assert refused.status_code == 429 and REFUSED in refused.text and mail.outbox == []
    assert NEUTRAL in ask(client, cast.viewer.email, ip="10.0.0.9").text
