"""On a 360-px phone an admin creates a webhook, copies its secret, sends a test and sees it delivered; axe finds nothing."""

import pytest
from playwright.sync_api import expect

from rumbo.hooks.models import Webhook
from tests.browser.phone_walk import axe_violations, measure, signed_in_phone
from tests.conftest import Cast


@pytest.mark.browser
def test_an_admin_sets_up_a_webhook_on_a_phone(live_server, transactional_db, browser, receiver):
    cast = Cast()
    for language in ("es", "en"):
        cast.admin.language = language
        cast.admin.save(update_fields=["language"])
        context, page = signed_in_phone(browser, live_server.url, cast.admin)
        page.goto(f"/c/{cast.coop.slug}/cooperativa/")
        page.locator("a[href$='/webhooks/']").last.click()
        expect(page.locator("h1")).to_have_text("Webhooks")
        assert measure(page, page.url).overflow == 0
        assert axe_violations(page) == []

        page.fill("#id_url", f"{receiver.url}/{language}")
        page.locator("button.primary").click()
        secret = Webhook.objects.get(url=f"{receiver.url}/{language}").secret
        expect(page.locator("code.hook-secret")).to_have_text(secret)
        page.locator("form[action$='/prueba/'] button").click()
        expect(page.locator("td.hook-error").first).to_contain_text("HTTP 200")
        assert receiver.received[-1].path == f"/rumbo/{language}"
        for url in (page.url, f"/c/{cast.coop.slug}/webhooks/{cast.webhook.pk}/"):
            page.goto(url)
            finding = measure(page, url)
            assert finding.overflow == 0, finding.widest
            assert axe_violations(page) == [], url
        context.close()
