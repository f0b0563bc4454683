"""The admin's webhooks pages: create (secret shown once), change, pause, test, show the secret, delete; nobody else gets in."""

import pytest
from django.urls import reverse

from rumbo.hooks.models import Delivery, Webhook

pytestmark = pytest.mark.django_db


def _url(cast, name, webhook=None):
    args = [cast.coop.slug] + ([webhook.pk] if webhook else [])
    return reverse(f"hooks:{name}", args=args)


def test_an_admin_creates_a_webhook_and_sees_its_secret_once(as_admin, cast, receiver):
    response = as_admin.post(_url(cast, "webhooks"), {"url": receiver.url, "events": ["value.arrived", "check_in.due"]})
    assert response.status_code == 200
    webhook = Webhook.objects.get(cooperative=cast.coop, url=receiver.url)
    assert webhook.events == ["value.arrived", "check_in.due"] and webhook.active and webhook.created_by == cast.admin
    assert webhook.secret.startswith("whsec_") and webhook.secret in response.content.decode()
    page = as_admin.get(_url(cast, "webhook", webhook)).content.decode()
    assert webhook.secret not in page and receiver.url in page
    assert receiver.url in as_admin.get(_url(cast, "webhooks")).content.decode()
    shown = as_admin.post(_url(cast, "webhook_secret", webhook)).content.decode()
    assert webhook.secret in shown


def test_an_address_rumbo_will_not_send_to_is_refused_on_its_field(as_admin, cast, settings):
    settings.RUMBO_ALLOW_PRIVATE_ADDRESSES = False
    for url in ("ftp://erp.example.org/x", "http://127.0.0.1:8000/x", "http://192.168.0.5/x"):
        response = as_admin.post(_url(cast, "webhooks"), {"url": url, "events": ["value.arrived"]})
        assert response.status_code == 400, url
    assert "red privada o local" in response.content.decode()
    response = as_admin.post(_url(cast, "webhooks"), {"url": "https://erp.example.org/x"})
    assert response.status_code == 400
    assert Webhook.objects.filter(cooperative=cast.coop).count() == 1  # the cast's own


def test_an_admin_changes_pauses_tests_renews_and_deletes_a_webhook(
    as_admin, cast, receiver, django_capture_on_commit_callbacks
):
    webhook = cast.webhook
    response = as_admin.post(_url(cast, "webhook", webhook), {"url": receiver.url, "events": ["value.arrived"]})
    assert response.status_code == 302
    webhook.refresh_from_db()
    assert (webhook.url, webhook.events) == (receiver.url, ["value.arrived"])
    as_admin.post(_url(cast, "webhook_pause", webhook), {"active": "1"})
    webhook.refresh_from_db()
    assert webhook.active
    with django_capture_on_commit_callbacks(execute=True):
        as_admin.post(_url(cast, "webhook_test", webhook))
    (got,) = receiver.received
    assert got.headers["X-Rumbo-Event"] == "ping"
    page = as_admin.get(_url(cast, "webhook", webhook)).content.decode()
    assert "entregado" in page and "HTTP 200" in page and "HTTP 500" in page  # the test, and the cast's failed one
    as_admin.post(_url(cast, "webhook_pause", webhook), {"active": "0"})
    webhook.refresh_from_db()
    assert not webhook.active
    old = webhook.secret
    as_admin.post(_url(cast, "webhook_secret", webhook), {"renew": "1"})
    webhook.refresh_from_db()
    assert webhook.secret != old
    assert as_admin.post(_url(cast, "webhook_remove", webhook)).status_code == 302
    assert not Webhook.objects.filter(pk=webhook.pk).exists() and not Delivery.objects.filter(webhook_id=webhook.pk)


def test_the_page_speaks_english_to_an_english_reader(as_admin, cast):
    cast.admin.language = "en"
    cast.admin.save(update_fields=["language"])
    page = as_admin.get(_url(cast, "webhook", cast.webhook), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Recent deliveries" in page and "The server answered with an error" in page


@pytest.mark.parametrize("who", ["as_editor", "as_viewer"])
def test_editors_and_viewers_get_403(request, cast, who):
    client = request.getfixturevalue(who)
    assert client.get(_url(cast, "webhooks")).status_code == 403
    assert client.get(_url(cast, "webhook", cast.webhook)).status_code == 403
    assert client.post(_url(cast, "webhook_secret", cast.webhook)).status_code == 403
    assert client.post(_url(cast, "webhooks"), {"url": "https://x.example.org", "events": ["ping"]}).status_code == 403
    assert client.post(_url(cast, "webhook_remove", cast.webhook)).status_code == 403
    assert Webhook.objects.filter(pk=cast.webhook.pk).exists()


def test_an_outsider_gets_404_even_with_a_webhook_id_under_their_own_cooperative(as_outsider, cast):
    assert as_outsider.get(_url(cast, "webhook", cast.webhook)).status_code == 404
    mine = reverse("hooks:webhook", args=[cast.other_coop.slug, cast.webhook.pk])
    assert as_outsider.get(mine).status_code == 404
    assert (
        as_outsider.post(reverse("hooks:webhook_remove", args=[cast.other_coop.slug, cast.webhook.pk])).status_code
        == 404
    )
    assert Webhook.objects.filter(pk=cast.webhook.pk).exists()


def test_the_cooperative_settings_link_to_the_webhooks(as_admin, cast):
    page = as_admin.get(reverse("orgs:settings", args=[cast.coop.slug])).content.decode()
    assert _url(cast, "webhooks") in page


def test_the_pages_cost_the_same_queries_for_one_webhook_or_many(as_admin, cast, django_assert_max_num_queries):
    from rumbo.hooks.services.announce import delivery_new

    def counted(url):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert as_admin.get(url).status_code == 200
        return len(queries)

    few = (counted(_url(cast, "webhooks")), counted(_url(cast, "webhook", cast.webhook)))
    for n in range(8):
        Webhook.objects.create(cooperative=cast.coop, url=f"https://erp.example.org/{n}", events=["value.arrived"])
        delivery_new(cast.webhook, "ping", {"n": n})
    assert (counted(_url(cast, "webhooks")), counted(_url(cast, "webhook", cast.webhook))) == few
    with django_assert_max_num_queries(12):
        as_admin.get(_url(cast, "webhook", cast.webhook))
