"""Inviting a person who already has an account: they accept or decline, and until then the cooperative sees only the address."""

import re

from django.core import mail
from django.urls import reverse

from rumbo.accounts.models import Invitation, Membership


def invite(client, cast, email, **fields):
    return client.post(
        reverse("members", args=[cast.coop.slug]), {"email": email, "role": "editor", "areas": ["ventas"], **fields}
    )


def members_page(client, cast) -> str:
    return client.get(reverse("members", args=[cast.coop.slug])).text


def test_an_address_with_an_account_gets_a_pending_invitation_and_no_name_is_shown(
    as_admin, cast, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(as_admin, cast, "DARIO@example.org", first_name="Nombre que tecleó")
    assert response.status_code == 302
    assert not Membership.objects.filter(user=cast.outsider, cooperative=cast.coop).exists()
    assert Invitation.objects.get(email="dario@example.org", cooperative=cast.coop).status == "pending"
    page = members_page(as_admin, cast)
    assert "dario@example.org" in page and "pendiente" in page
    assert cast.outsider.first_name not in page and "Nombre que tecleó" not in page and "Cooperativa B" not in page
    assert [m.to for m in mail.outbox] == [["dario@example.org"]]
    assert "/cuenta/invitaciones/" in mail.outbox[0].body and "Cooperativa A" in mail.outbox[0].body
    cast.outsider.refresh_from_db()
    assert cast.outsider.first_name == "Dario"  # the account is not touched by another cooperative's typing


def test_the_invited_person_sees_the_invitation_when_signed_in_and_accepts(client, cast):
    invitation = Invitation.objects.create(
        cooperative=cast.coop, email=cast.outsider.email, role="editor", areas=["ventas"]
    )
    client.force_login(cast.outsider)
    board = client.get(reverse("kpis:board", args=[cast.other_coop.slug])).text
    assert "Tiene invitaciones pendientes" in board
    home = client.get(reverse("home"))
    assert home.status_code == 200 and "Cooperativa A le invita con el rol «Edición»" in home.text
    accepted = client.post(reverse("invitation_answer", args=[invitation.pk]), {"answer": "accept"})
    assert accepted.status_code == 302 and accepted["Location"] == reverse("kpis:board", args=[cast.coop.slug])
    membership = Membership.objects.get(user=cast.outsider, cooperative=cast.coop)
    assert (membership.role, membership.areas) == ("editor", ["ventas"])
    assert "Tiene invitaciones pendientes" not in client.get(reverse("kpis:board", args=[cast.coop.slug])).text
    client.force_login(cast.admin)
    assert "Dario" in members_page(client, cast)  # now that they said yes


def test_a_declined_invitation_shows_as_declined_and_nothing_more(client, cast):
    invitation = Invitation.objects.create(cooperative=cast.coop, email=cast.outsider.email, role="viewer")
    client.force_login(cast.outsider)
    response = client.post(reverse("invitation_answer", args=[invitation.pk]), {"answer": "decline"}, follow=True)
    assert "Invitación rechazada" in response.text
    assert not Membership.objects.filter(user=cast.outsider, cooperative=cast.coop).exists()
    client.force_login(cast.admin)
    page = members_page(client, cast)
    assert "dario@example.org" in page and "rechazada" in page and "Dario" not in page


def test_nobody_answers_an_invitation_to_another_address(client, cast):
    for person in (cast.viewer, cast.outsider):
        client.force_login(person)
        for answer in ("accept", "decline"):
            assert (
                client.post(reverse("invitation_answer", args=[cast.invitation.pk]), {"answer": answer}).status_code
                == 404
            )
    cast.invitation.refresh_from_db()
    assert cast.invitation.status == "pending"


def test_an_invitation_waits_only_once_and_the_admin_can_withdraw_it(as_admin, cast):
    invite(as_admin, cast, cast.outsider.email)
    again = invite(as_admin, cast, cast.outsider.email)
    assert again.status_code == 400 and "ya tiene una invitación pendiente" in again.text
    invitation = Invitation.objects.get(email=cast.outsider.email, cooperative=cast.coop)
    as_admin.post(reverse("invitation_remove", args=[cast.coop.slug, invitation.pk]))
    assert not Invitation.objects.filter(pk=invitation.pk).exists()


def test_the_other_cooperative_cannot_withdraw_or_see_an_invitation(as_outsider, cast):
    assert (
        as_outsider.post(reverse("invitation_remove", args=[cast.other_coop.slug, cast.invitation.pk])).status_code
        == 404
    )
    assert Invitation.objects.filter(pk=cast.invitation.pk).exists()


def test_a_new_address_chooses_its_password_from_the_email_and_becomes_a_member(
    client, as_admin, cast, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invite(as_admin, cast, "Nueva@Example.org", first_name="Nora")
    assert "nueva@example.org" in members_page(as_admin, cast) and "Nora" not in members_page(as_admin, cast)
    link = re.search(r"https?://[^/]+(/cuenta/recuperar/\S+)", mail.outbox[0].body).group(1)
    client.logout()
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(set_url, {"new_password1": "otra-clave-segura-7", "new_password2": "otra-clave-segura-7"})
    assert done.status_code == 302
    membership = Membership.objects.get(user__email="nueva@example.org", cooperative=cast.coop)
    assert (membership.role, membership.areas, membership.user.first_name) == ("editor", ["ventas"], "Nora")
    assert (
        client.post(reverse("login"), {"username": "Nueva@example.org", "password": "otra-clave-segura-7"}).status_code
        == 302
    )


def test_the_invitations_page_speaks_english_too(client, cast):
    cast.outsider.language = "en"
    cast.outsider.save()
    Invitation.objects.create(cooperative=cast.coop, email=cast.outsider.email, role="viewer")
    client.force_login(cast.outsider)
    page = client.get(reverse("invitations")).text
    assert ">Invitations<" in page and "Cooperativa A invites you with the role" in page and ">Accept<" in page
    assert "You have pending invitations" in page


def test_a_name_with_a_line_break_still_makes_a_one_line_subject(as_admin, cast, django_capture_on_commit_callbacks):
    cast.coop.name = "Cooperativa A\r\nBcc: todos@example.org"
    cast.coop.save()
    with django_capture_on_commit_callbacks(execute=True):
        invite(as_admin, cast, cast.outsider.email)
    (sent,) = mail.outbox
    assert sent.subject == "Cooperativa A Bcc: todos@example.org le invita en Rumbo" and sent.bcc == []


def test_asking_again_after_a_no_replaces_the_declined_invitation(as_admin, cast):
    Invitation.objects.create(cooperative=cast.coop, email=cast.outsider.email, role="viewer", status="declined")
    assert invite(as_admin, cast, cast.outsider.email).status_code == 302
    assert list(Invitation.objects.filter(email=cast.outsider.email).values_list("status", flat=True)) == ["pending"]
