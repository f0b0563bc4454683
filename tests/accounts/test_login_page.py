"""The sign-in page asks for what one signs in with: the e-mail address."""

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_the_login_field_is_called_e_mail_not_username(client):
    page = client.get(reverse("login")).content.decode()
    assert 'for="id_username">Correo electrónico</label>' in page
    assert "usuario" not in page.lower()


@pytest.mark.django_db
def test_a_wrong_password_is_told_about_the_address_not_a_username(client, cast):
    page = client.post(reverse("login"), {"username": cast.admin.email, "password": "otra"}).content.decode()
    assert "El correo electrónico o la contraseña no son correctos." in page
    assert "usuario" not in page.lower()
