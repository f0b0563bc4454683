"""The site's 400, 403, 404 and 500 pages: light, in the reader's language, with a way back; the 500 page needs no database."""

import pytest

pytestmark = pytest.mark.urls("tests.error_pages_urls")


def page(client, url: str, status: int) -> str:
    client.raise_request_exception = False
    response = client.get(url)
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert "<script" not in html and "rumbo/rumbo.css" not in html and "rumbo/errors.css" in html
    return html


# Each error page: where it is shown, its status, and the words it says in Spanish and in English.
ERROR_PAGES = [
    ("/prueba/400/", 400, "No pudimos entender esta petición", "We could not understand this request"),
    ("/prueba/403/", 403, "Su rol no permite hacer esto", "Your role does not allow this"),
    ("/no-existe/", 404, "No encontramos esta página", "We could not find this page"),
    ("/prueba/500/", 500, "Algo falló en Rumbo", "Something failed in Rumbo"),
]


@pytest.mark.parametrize("url, status, words", [(url, status, es) for url, status, es, _en in ERROR_PAGES])
def test_each_error_page_is_spanish_light_and_leads_back_home(client, db, url, status, words):
    html = page(client, url, status)
    assert words in html and '<html lang="es">' in html
    assert 'href="/">Volver al inicio</a>' in html
    assert "Bad Request" not in html and "Server Error" not in html


@pytest.mark.parametrize("url, status, words", [(url, status, en) for url, status, _es, en in ERROR_PAGES])
def test_each_error_page_speaks_the_readers_language(client, cast, url, status, words):
    cast.viewer.language = "en"
    cast.viewer.save(update_fields=["language"])
    client.force_login(cast.viewer)
    html = page(client, url, status)
    assert words in html and '<html lang="en">' in html and "Back to home" in html


def test_a_forbidden_page_inside_a_cooperative_leads_back_to_its_board(as_viewer, cast):
    from django.urls import reverse

    response = as_viewer.get(reverse("kpis:kpi_create", args=[cast.coop.slug]))
    assert response.status_code == 403
    assert (
        f'href="{reverse("kpis:board", args=[cast.coop.slug])}"' in response.text
        and "Volver al tablero" in response.text
    )


def test_the_500_page_renders_when_the_database_is_down(client, cast):
    from django.db import connection

    client.force_login(cast.admin)  # a signed-in page would list the person's cooperatives from the database
    try:
        html = page(client, "/prueba/500-sin-base/", 500)
    finally:
        del connection.cursor
    assert "Algo falló en Rumbo" in html
