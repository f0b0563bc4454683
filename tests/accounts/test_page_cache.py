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
    shared = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url, "TIMEOUT": 24 * 3600}
    with override_settings(CACHES={**settings.CACHES, "pages": shared}):
        first, first_queries = seen(as_viewer, board(cast))
        assert len(caches["pages"]._cache.get_client().keys("*")) == 1  # kept in Redis
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
