"""The footer's language switch: it changes the interface, and a signed-in person keeps the choice in their profile."""

import pytest
from django.test import Client
from django.urls import reverse

from rumbo.accounts.models import User


def switch(client, language, next_url):
    return client.post(reverse("set_language"), {"language": language, "next": next_url})


def switch_and_reload(client, cast, language, url):
    """Switch to `language` from `url`, which it must send back to; the admin's saved language and `url`'s page after."""
    response = switch(client, language, url)
    assert response.status_code == 302 and response["Location"] == url
    cast.admin.refresh_from_db()
    return cast.admin.language, client.get(url).text


def test_every_page_offers_the_other_language_in_a_form_that_needs_no_javascript(as_admin, cast):
    url = reverse("kpis:board", args=[cast.coop.slug])
    page = as_admin.get(url).text
    footer = page[page.index('<footer class="foot">') :]
    assert f'action="{reverse("set_language")}"' in footer and 'method="post"' in footer
    assert 'name="csrfmiddlewaretoken"' in footer and f'name="next" value="{url}"' in footer
    assert '<button class="link" name="language" value="en">Inglés</button>' in footer


def test_a_signed_in_person_switches_to_english_and_it_stays(as_admin, cast):
    url = reverse("kpis:board", args=[cast.coop.slug])
    saved, page = switch_and_reload(as_admin, cast, "en", url)
    assert saved == "en"
    assert '<html lang="en">' in page and '<button class="link" name="language" value="es">Español</button>' in page
    # the profile keeps it: a new session on another device opens in English too
    other = Client()
    other.force_login(User.objects.get(pk=cast.admin.pk))
    assert '<html lang="en">' in other.get(url).text


def test_and_back_to_spanish(as_admin, cast):
    url = reverse("profile")
    switch(as_admin, "en", url)
    assert switch(as_admin, "es", url)["Location"] == url
    cast.admin.refresh_from_db()
    assert cast.admin.language == "es" and '<html lang="es">' in as_admin.get(url).text


@pytest.mark.django_db
def test_a_visitor_switches_without_an_account(client):
    login = reverse("login")
    response = switch(client, "en", login)
    assert response.status_code == 302 and response["Location"] == login
    assert '<html lang="en">' in client.get(login).text


def test_an_unknown_language_changes_nothing_and_says_why(as_admin, cast):
    url = reverse("profile")
    saved, page = switch_and_reload(as_admin, cast, "klingon", url)
    assert saved == "es"
    assert '<html lang="es">' in page and "«klingon» no es un idioma de Rumbo." in page


def test_it_never_sends_one_to_another_site(as_admin, cast):
    response = switch(as_admin, "en", "https://example.com/robar")
    assert response.status_code == 302 and "example.com" not in response["Location"]


def test_a_get_changes_nothing(as_admin, cast):
    assert as_admin.get(reverse("set_language"), {"language": "en"}).status_code == 405
    cast.admin.refresh_from_db()
    assert cast.admin.language == "es"
