"""Guessing passwords: after five wrong tries the account is locked for a while, and the page says so in Spanish."""

from django.urls import reverse

LOGIN = "/cuenta/entrar/"


def _try(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password})


def test_five_wrong_passwords_lock_the_account_with_a_spanish_message(client, cast):
    for _ in range(4):
        response = _try(client, cast.editor.email, "no-es-la-clave")
        assert (
            response.status_code == 200
            and "El correo electrónico o la contraseña no son correctos." in response.content.decode()
        )
    locked = _try(client, cast.editor.email, "no-es-la-clave")
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "Demasiados intentos" in page and "queda bloqueada unos minutos" in page


def test_while_locked_even_the_right_password_is_refused(client, cast):
    for _ in range(5):
        _try(client, cast.editor.email, "no-es-la-clave")
    assert _try(client, cast.editor.email, "clave-de-prueba-1").status_code == 429
    assert "_auth_user_id" not in client.session


def test_other_people_can_still_log_in(client, cast):
    for _ in range(5):
        _try(client, cast.editor.email, "no-es-la-clave")
    response = _try(client, cast.viewer.email, "clave-de-prueba-1")
    assert response.status_code == 302 and response["Location"] == reverse("home")


def test_a_right_password_before_the_limit_starts_the_count_again(client, cast):
    for _ in range(4):
        _try(client, cast.editor.email, "no-es-la-clave")
    assert _try(client, cast.editor.email, "clave-de-prueba-1").status_code == 302
    client.logout()
    for _ in range(4):
        assert _try(client, cast.editor.email, "no-es-la-clave").status_code == 200
