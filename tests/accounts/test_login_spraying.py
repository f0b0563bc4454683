"""One address trying many accounts is locked out too, at a higher count than one person's five wrong tries."""

import pytest
from django.conf import settings as django_settings

LOGIN = "/cuenta/entrar/"


def _try(client, username, password, ip="10.0.0.7"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


@pytest.fixture
def spray_limit(settings):
    settings.RUMBO_LOGIN_FAILURES_PER_IP = 8
    return 8


def test_the_per_address_limit_is_higher_than_the_per_person_one():
    assert django_settings.RUMBO_LOGIN_FAILURES_PER_IP > django_settings.AXES_FAILURE_LIMIT


def test_an_address_trying_many_accounts_once_each_is_locked_out(client, cast, spray_limit):
    for number in range(spray_limit - 1):
        assert _try(client, f"socio{number}@example.org", "clave123456").status_code == 200
    assert _try(client, "otro@example.org", "clave123456").status_code == 429
    # Every account is now closed to this address, even with the right password ...
    assert _try(client, cast.viewer.email, "clave-de-prueba-1").status_code == 429
    # ... and open from anywhere else.
    assert _try(client, cast.viewer.email, "clave-de-prueba-1", ip="10.0.0.8").status_code == 302


def test_signing_in_to_ones_own_account_does_not_wipe_the_address_count(client, cast, spray_limit):
    for number in range(spray_limit - 2):
        _try(client, f"socio{number}@example.org", "clave123456")
    assert _try(client, cast.viewer.email, "clave-de-prueba-1").status_code == 302
    client.logout()
    assert _try(client, "socio-mas@example.org", "clave123456").status_code == 200
    assert _try(client, "otro@example.org", "clave123456").status_code == 429
