"""A page's body is rendered once per edition of the data, and kept: seen again it costs no reading, yet it is never
stale, never another person's, and the forms in it carry the token of the request that shows them."""

import re
import shutil
import socket
import subprocess
import time
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from rumbo.kpis.services.values import value_record

pytestmark = pytest.mark.django_db
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
HEADER_TOKEN = re.compile(r'"X-CSRFToken": "[^"]+"')  # base.html: htmx sends it with every request


def board(cast):
    return reverse("kpis:board", args=[cast.coop.slug])


def kpi_page(cast):
    return reverse("kpis:kpi_detail", args=[cast.coop.slug, cast.kpi.pk])


def seen(client, url, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def same(first, second):
    """The two pages are the same but for the tokens against forged requests, which differ on every request."""

    def steady(html):
        return HEADER_TOKEN.sub("", TOKEN.sub("", html))

    return steady(first) == steady(second)


@pytest.fixture(autouse=True)
def empty_cache():
    caches["pages"].clear()


def test_a_board_seen_again_reads_no_kpi_and_shows_the_same(as_viewer, cast):
    first, first_queries = seen(as_viewer, board(cast))
    again, again_queries = seen(as_viewer, board(cast))
    assert same(again, first) and "Ventas cerradas por mes" in again
    assert again_queries <= 6 < first_queries  # the session, the person, the membership, the edition


def test_a_new_value_makes_a_new_page_at_once(as_viewer, cast):
    seen(as_viewer, kpi_page(cast))
    value_record(kpi=cast.kpi, period=date(2025, 2, 1), value=Decimal(47), user=cast.admin)
    assert "47 ventas" in seen(as_viewer, kpi_page(cast))[0]


def test_a_new_day_makes_a_new_page(as_viewer, cast, monkeypatch):
    today = timezone.localdate()
    assert today.strftime("%d/%m/%Y") in seen(as_viewer, board(cast))[0]
    tomorrow = today + timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args: tomorrow)
    assert tomorrow.strftime("%d/%m/%Y") in seen(as_viewer, board(cast))[0]


def test_each_language_has_its_page(as_viewer, cast):
    assert "Tablero" in seen(as_viewer, board(cast))[0]
    cast.viewer.language = "en"
    cast.viewer.save()
    assert "Board" in seen(as_viewer, board(cast))[0]


def test_a_viewer_never_gets_the_form_an_editor_saw(as_editor, cast):
    assert "Registrar un valor" in seen(as_editor, kpi_page(cast))[0]
    viewer = Client()
    viewer.force_login(cast.viewer)
    text, _queries = seen(viewer, kpi_page(cast))
    assert "Registrar un valor" not in text and "Ventas cerradas por mes" in text


def test_a_kept_form_carries_the_token_of_the_request_that_shows_it(cast):
    editor = Client(enforce_csrf_checks=True)
    editor.force_login(cast.editor)
    seen(editor, kpi_page(cast))  # fills the cache with this person's page
    admin = Client(enforce_csrf_checks=True)
    admin.force_login(cast.admin)
    text, _queries = seen(admin, kpi_page(cast))  # the same body, kept
    tokens = set(TOKEN.findall(text))
    assert tokens and "csrf-token-of-this-request" not in text
    post = reverse("kpis:kpi_value_add", args=[cast.coop.slug, cast.kpi.pk])
    answer = admin.post(post, {"period": "01/03/2025", "value": "42", "csrfmiddlewaretoken": tokens.pop()})
    assert answer.status_code == 302, answer.content.decode()[:500]
    assert "42 ventas" in seen(admin, kpi_page(cast))[0]


def test_a_refused_value_shows_what_was_typed_and_is_not_kept(as_editor, cast):
    post = reverse("kpis:kpi_value_add", args=[cast.coop.slug, cast.kpi.pk])
    refused = as_editor.post(post, {"period": "01/03/2025", "value": "muchas"})
    assert refused.status_code == 400 and "muchas" in refused.content.decode()
    assert "muchas" not in seen(as_editor, kpi_page(cast))[0]


def test_the_htmx_results_and_the_whole_board_are_kept_apart(as_viewer, cast):
    whole, _ = seen(as_viewer, board(cast) + "?estado=on_track")
    partial, _ = seen(as_viewer, board(cast) + "?estado=on_track", HTTP_HX_REQUEST="true")
    assert "<html" in whole and "<html" not in partial
    assert same(seen(as_viewer, board(cast) + "?estado=on_track")[0], whole)


@pytest.fixture
def redis_url(tmp_path):
    """A Redis server of this test's own, on a free port of 127.0.0.1 (Debian's redis-server; CI installs it)."""
    server = shutil.which("redis-server")
    assert server, "redis-server is missing: apt-get install redis-server"
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", tmp_path],
        stdout=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_several_servers_share_the_pages_through_redis(redis_url, as_viewer, cast):
    redis = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url, "TIMEOUT": 24 * 3600}
    shared = {**settings.CACHES["pages"], "LOCATION": "pages-redis", "OPTIONS": {"FAR": redis}}
    with override_settings(CACHES={**settings.CACHES, "pages": shared}):
        first, first_queries = seen(as_viewer, board(cast))
        assert len(caches["pages"].far._cache.get_client().keys("*")) == 1  # kept in Redis
        again, again_queries = seen(as_viewer, board(cast))
        assert same(again, first) and again_queries < first_queries
        value_record(kpi=cast.kpi, period=date(2025, 2, 1), value=Decimal(47), user=cast.admin)
        assert "47 ventas" in seen(as_viewer, board(cast))[0]


def test_an_editor_of_another_area_and_a_viewer_each_get_their_own_page(cast):
    """Neither may edit the KPI, but the editor is offered the fixes of its objective, which a viewer may not use."""
    from rumbo.accounts.models import Membership

    Membership.objects.filter(pk=cast.editor_membership.pk).update(areas=["produccion"])
    editor = Client()
    editor.force_login(cast.editor)
    viewer = Client()
    viewer.force_login(cast.viewer)
    for first, second in ((editor, viewer), (viewer, editor)):
        caches["pages"].clear()
        fresh = seen(second, kpi_page(cast))[0]  # rendered for this person alone
        caches["pages"].clear()
        seen(first, kpi_page(cast))  # kept for the other
        assert same(seen(second, kpi_page(cast))[0], fresh), "a page kept for one role was shown to another"


# The whole page, kept for one person in one browser (`kept_page`) ------------------------------------------------


def okr_page(cast):
    return reverse("okrs:page", args=[cast.coop.slug])


@pytest.mark.parametrize("page", [board, kpi_page, okr_page])
def test_a_page_seen_again_is_sent_whole_as_it_was_with_its_gzip(as_viewer, cast, page):
    seen(as_viewer, page(cast))  # the browser gets its CSRF cookie
    kept = as_viewer.get(page(cast), HTTP_ACCEPT_ENCODING="gzip")
    with CaptureQueriesContext(connection) as queries:
        again = as_viewer.get(page(cast), HTTP_ACCEPT_ENCODING="gzip")
    assert again.status_code == 200 and again["Content-Encoding"] == "gzip"
    assert again.content == kept.content  # the same bytes, token included: the token is this browser's
    assert len(queries) == 2, [q["sql"] for q in queries]  # the session; the person, memberships and editions
    plain = as_viewer.get(page(cast))  # a browser that takes no gzip gets its own, plain
    assert "Content-Encoding" not in plain and plain.content.decode().startswith("<!doctype html>")


def test_a_kept_page_is_never_another_persons(cast):
    from rumbo.accounts.models import Membership, User

    other = User.objects.create_user(username="elena@example.org", email="elena@example.org", password="x" * 12)
    Membership.objects.create(user=other, cooperative=cast.coop, role="viewer")  # the same role as the viewer's
    people = [(cast.viewer, Client()), (other, Client()), (cast.admin, Client())]
    for user, client in people:
        client.force_login(user)
    for user, client in people + people:
        for _ in range(3):
            assert f'data-person="{user.pk}"' in seen(client, board(cast))[0]
    assert "Miembros" in seen(people[2][1], board(cast))[0]  # the admin's menu
    assert "Miembros" not in seen(people[0][1], board(cast))[0]


def test_the_token_of_a_page_sent_whole_is_good_for_the_form_in_it(cast):
    """The same person on a phone and on a computer: each browser gets the page with its own token."""
    phone, computer = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    for browser in (phone, computer):
        browser.force_login(cast.editor)
        for _ in range(3):  # the third is sent whole
            text, queries = seen(browser, kpi_page(cast))
        assert queries == 2
    post = reverse("kpis:kpi_value_add", args=[cast.coop.slug, cast.kpi.pk])
    token = TOKEN.findall(text)[0]
    answer = computer.post(post, {"period": "01/03/2025", "value": "42", "csrfmiddlewaretoken": token})
    assert answer.status_code == 302, answer.content.decode()[:500]
    assert "42 ventas" in seen(computer, kpi_page(cast))[0]


def test_a_message_waiting_is_shown_once_and_the_page_is_not_kept_with_it(as_viewer, cast, rf):
    from django.contrib.messages import constants
    from django.contrib.messages.storage.base import Message
    from django.contrib.messages.storage.cookie import CookieStorage

    for _ in range(2):
        before, _queries = seen(as_viewer, board(cast))  # kept whole
    as_viewer.cookies["messages"] = CookieStorage(rf.get("/"))._encode([Message(constants.INFO, "Hola de prueba")])
    assert "Hola de prueba" in seen(as_viewer, board(cast))[0]
    after, queries = seen(as_viewer, board(cast))
    assert "Hola de prueba" not in after and same(after, before) and queries == 2


def test_the_menu_of_a_kept_page_follows_the_persons_other_cooperatives(as_viewer, cast):
    from rumbo.accounts.models import Membership

    Membership.objects.create(user=cast.viewer, cooperative=cast.other_coop, role="viewer")
    for _ in range(2):
        assert "Cooperativa B" in seen(as_viewer, board(cast))[0]
    cast.other_coop.name = "Cooperativa Bermeja"
    cast.other_coop.save()  # a new edition of B's data, none of A's
    assert "Cooperativa Bermeja" in seen(as_viewer, board(cast))[0]
    Membership.objects.filter(user=cast.viewer, cooperative=cast.other_coop).delete()
    assert "Cooperativa Bermeja" not in seen(as_viewer, board(cast))[0]


def test_a_person_signed_out_gets_no_kept_page(as_viewer, cast):
    for _ in range(3):
        seen(as_viewer, board(cast))
    as_viewer.post(reverse("logout"))
    answer = as_viewer.get(board(cast))
    assert answer.status_code == 302 and reverse("login") in answer["Location"]
