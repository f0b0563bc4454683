"""Passwords must be strong, and a session ends by itself: the account rules every person meets."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone


@pytest.mark.parametrize(
    "weak, reason",
    [
        ("cafe2026", "demasiado corta. Debe contener por lo menos 10 caracteres"),
        ("password123", "demasiado común"),
        ("20262026202620", "completamente numérica"),
        ("beto@example.org", "demasiado similar"),
    ],
)
def test_a_weak_new_password_is_refused_with_the_reason_in_spanish(as_editor, cast, weak, reason):
    response = as_editor.post(
        reverse("password_change"), {"old_password": "clave-de-prueba-1", "new_password1": weak, "new_password2": weak}
    )
    assert response.status_code == 200 and reason in response.content.decode()
    cast.editor.refresh_from_db()
    assert cast.editor.check_password("clave-de-prueba-1")


def test_a_strong_new_password_is_accepted(as_editor, cast):
    strong = "tueste-medio-en-la-finca-7"
    response = as_editor.post(
        reverse("password_change"),
        {"old_password": "clave-de-prueba-1", "new_password1": strong, "new_password2": strong},
    )
    assert response.status_code == 302
    cast.editor.refresh_from_db()
    assert cast.editor.check_password(strong)


def test_the_command_line_applies_the_same_rules(cast):
    from click.testing import CliRunner

    from rumbo.cli import main

    result = CliRunner().invoke(
        main, ["user", "create", "nuevo@example.org", "--coop", cast.coop.slug, "--password", "12345"]
    )
    assert result.exit_code != 0 and "demasiado corta" in result.output


def test_a_session_lasts_the_configured_time_and_only_over_http(client, cast):
    response = client.post("/cuenta/entrar/", {"username": cast.viewer.email, "password": "clave-de-prueba-1"})
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert int(cookie["max-age"]) == settings.SESSION_COOKIE_AGE == 14 * 24 * 3600
    assert cookie["httponly"] and cookie["samesite"] == "Lax"


def test_an_expired_session_is_sent_to_log_in_again(as_viewer, cast):
    board = reverse("kpis:board", args=[cast.coop.slug])
    assert as_viewer.get(board).status_code == 200
    session = as_viewer.session
    session.set_expiry(timezone.now() - timedelta(seconds=1))
    session.save()
    response = as_viewer.get(board)
    assert response.status_code == 302 and "/cuenta/entrar/" in response["Location"]


def test_logging_out_ends_the_session_on_the_server(as_viewer, cast):
    board = reverse("kpis:board", args=[cast.coop.slug])
    session_key = as_viewer.session.session_key
    as_viewer.post(reverse("logout"))
    from django.contrib.sessions.models import Session

    assert not Session.objects.filter(session_key=session_key).exists()
    assert as_viewer.get(board).status_code == 302
