"""Every form is protected against cross-site request forgery: a POST without the page's token is refused and writes nothing."""

import pytest
from django.test import Client
from django.urls import reverse

from rumbo.kpis.models import Kpi, Measurement, Objective
from tests.accounts.test_url_walk import coop_urls


@pytest.fixture
def strict_admin(cast):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.admin)
    return client


def _state():
    return (
        Kpi.all_objects.count(),
        Measurement.objects.count(),
        Objective.all_objects.count(),
        list(Kpi.all_objects.values_list("deleted_at", flat=True)),
    )


def test_every_cooperative_url_refuses_a_post_without_the_token(strict_admin, cast):
    before = _state()
    for name, url in coop_urls(cast, cast.coop.slug):
        response = strict_admin.post(
            url, {"value": "12", "period": "2025-02-01", "title": "x", "name": "x", "role": "viewer"}
        )
        # 405: the URL takes no POST at all, so there is nothing to forge.
        assert response.status_code in (403, 405), f"POST {name} without a token gave {response.status_code}"
    assert _state() == before


@pytest.mark.parametrize("name", ["login", "logout", "password_change", "password_reset", "profile", "set_language"])
def test_account_forms_refuse_a_post_without_the_token(strict_admin, name):
    assert (
        strict_admin.post(reverse(name), {"username": "x", "email": "x@example.org", "language": "en"}).status_code
        == 403
    )


def test_a_post_with_the_pages_token_goes_through(strict_admin, cast):
    url = reverse("kpis:kpi_detail", args=[cast.coop.slug, cast.kpi.pk])
    strict_admin.get(url)
    token = strict_admin.cookies["csrftoken"].value
    response = strict_admin.post(
        reverse("kpis:kpi_value_add", args=[cast.coop.slug, cast.kpi.pk]),
        {"period": "2025-02-01", "value": "12", "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    assert Measurement.objects.filter(kpi=cast.kpi, period="2025-02-01").exists()


def test_htmx_requests_carry_the_token_in_a_header(strict_admin, cast):
    page = strict_admin.get(reverse("kpis:board", args=[cast.coop.slug])).content.decode()
    assert 'hx-headers=\'{"X-CSRFToken": "' in page
    token = strict_admin.cookies["csrftoken"].value
    response = strict_admin.post(
        reverse("kpis:kpi_value_add", args=[cast.coop.slug, cast.kpi.pk]),
        {"period": "2025-03-01", "value": "13"},
        headers={"X-CSRFToken": token, "HX-Request": "true"},
    )
    assert response.status_code == 302
