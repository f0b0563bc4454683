"""An admin invites people, gives them a role, and keeps at least one admin."""

import pytest
from django.core import mail
from django.urls import reverse

from rumbo.accounts.models import Invitation, Membership, User


def test_an_admin_invites_a_new_person_who_gets_an_email(as_admin, cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = as_admin.post(
            reverse("members", args=[cast.coop.slug]),
            {"email": "Elena.Nueva@Example.org", "role": "editor", "areas": ["ventas"]},
        )
    assert response.status_code == 302
    invitation = Invitation.objects.get(email="elena.nueva@example.org", cooperative=cast.coop)
    assert (invitation.role, invitation.areas, invitation.status) == ("editor", ["ventas"], "pending")
    assert len(mail.outbox) == 1 and "/cuenta/recuperar/" in mail.outbox[0].body
    assert not User.objects.get(email="elena.nueva@example.org").has_usable_password()


def test_inviting_an_existing_member_is_refused(as_admin, cast):
    response = as_admin.post(reverse("members", args=[cast.coop.slug]), {"email": cast.viewer.email, "role": "admin"})
    assert response.status_code == 400 and "ya es miembro" in response.text
    cast.viewer_membership.refresh_from_db()
    assert cast.viewer_membership.role == "viewer"


def test_the_last_admin_cannot_be_removed(as_admin, cast):
    response = as_admin.post(
        reverse("member_change", args=[cast.coop.slug, cast.admin_membership.pk]),
        {"role": "admin", "remove": "1"},
        follow=True,
    )
    assert "al menos una persona con rol de administración" in response.text
    assert Membership.objects.filter(pk=cast.admin_membership.pk).exists()


def test_a_person_in_two_cooperatives_can_switch_between_them(client, cast):
    Membership.objects.create(user=cast.viewer, cooperative=cast.other_coop, role="viewer")
    client.force_login(cast.viewer)
    home = client.get(reverse("home"))
    assert "Cooperativa A" in home.text and "Cooperativa B" in home.text
    assert client.get(reverse("kpis:board", args=[cast.other_coop.slug])).status_code == 200


@pytest.mark.parametrize("language, word", [("es", "Tablero"), ("en", "Board")])
def test_the_interface_speaks_the_persons_language(as_viewer, cast, language, word):
    cast.viewer.language = language
    cast.viewer.save()
    assert f">{word}<" in as_viewer.get(reverse("kpis:board", args=[cast.coop.slug])).text
