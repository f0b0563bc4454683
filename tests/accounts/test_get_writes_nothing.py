"""Every page read with GET, as every member of the cast, writes no row: forecasts and checks are computed in the background.

The cast's KPIs have values and no cached forecast or lead check, so a page that computed on a
read would write here. Only Django's own session row is left out (saving a session is how a
signed-in person stays signed in, not Rumbo's data).
"""

import re

import pytest
from django.db import connection
from django.urls import NoReverseMatch, reverse

from rumbo.insight.models import KpiForecast, LeadCheck
from tests.accounts.test_url_walk import coop_url_names, coop_urls

WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)
DJANGOS_OWN = ('"django_session"',)


class Writes:
    """Records each statement that writes a row, except Django's own session row."""

    def __init__(self):
        self.found: list[str] = []
        self.url = ""

    def __call__(self, execute, sql, params, many, context):
        if WRITE.match(sql) and not any(table in sql for table in DJANGOS_OWN):
            self.found.append(f"{self.url}: {sql[:120]}")
        return execute(sql, params, many, context)


def site_urls(cast):
    """The cooperative's URLs (every pk and slug filled in) and the pages outside cooperatives that take no argument."""
    yield from (url for _name, url in coop_urls(cast, cast.coop.slug))
    for name in sorted(set(coop_url_names())):
        if name.startswith("api:"):
            continue
        try:
            yield reverse(name)
        except NoReverseMatch:
            continue


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["admin", "editor", "viewer", "outsider"])
def test_no_get_of_any_page_writes_a_row(client, cast, role):
    client.force_login(getattr(cast, role))
    writes = Writes()
    with connection.execute_wrapper(writes):
        for url in site_urls(cast):
            writes.url = url
            response = client.get(url)
            assert response.status_code < 500, url
    assert writes.found == []
    assert not KpiForecast.objects.exists() and not LeadCheck.objects.exists()


@pytest.mark.django_db
def test_the_walk_sees_a_write_when_there_is_one(as_admin, cast):
    """The check itself: the same wrapper catches the write of a value typed in."""
    writes = Writes()
    with connection.execute_wrapper(writes):
        as_admin.post(
            reverse("kpis:kpi_value_add", args=[cast.coop.slug, cast.kpi.pk]), {"period": "2025-02-01", "value": "36"}
        )
    assert any("INSERT" in w for w in writes.found)
