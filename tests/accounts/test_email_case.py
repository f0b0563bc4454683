"""An e-mail address is one address whatever its case: for signing in, for the lockout, and for accounts."""

import pytest
from django.db import IntegrityError, transaction

from rumbo.accounts.models import User
from rumbo.accounts.services import user_ensure

LOGIN = "/cuenta/entrar/"


def _try(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password})


def test_signing_in_ignores_the_case_of_the_address(client, cast):
    response = _try(client, "  Alicia@Example.ORG ", "clave-de-prueba-1")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(cast.admin.pk)


def test_changing_the_case_does_not_get_round_the_lockout(client, cast):
    for spelling in ["Beto@example.org", "BETO@EXAMPLE.ORG", "beto@Example.org", "bEtO@example.org"]:
        assert _try(client, spelling, "no-es-la-clave").status_code == 200
    assert _try(client, "Beto@Example.Org", "no-es-la-clave").status_code == 429
    assert _try(client, "BETO@example.org", "clave-de-prueba-1").status_code == 429


def test_a_new_account_keeps_its_address_in_small_letters(db):
    user = User.objects.create_user(
        username="Elena@Example.ORG", email="Elena@Example.ORG", password="clave-de-prueba-1"
    )
    user.refresh_from_db()
    assert (user.username, user.email) == ("elena@example.org", "elena@example.org")
    assert user_ensure(email="ELENA@example.org") == (user, False)


def test_two_accounts_differing_only_in_case_cannot_exist(db):
    User.objects.create_user(username="elena@example.org", email="elena@example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user(username="ELENA@example.org", email="ELENA@example.org")
    # Written past the manager, the database itself refuses it.
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.bulk_create([User(username="Elena@Example.org", email="Elena@Example.org")])
