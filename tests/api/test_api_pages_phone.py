"""On a 360-px phone an admin creates a key, opens its activity and the API guide: nothing spills sideways, axe finds nothing."""

import pytest
from django.test import Client
from playwright.sync_api import expect

from rumbo.api.models import ApiToken
from tests.browser.phone_walk import axe_violations, measure, signed_in_phone
from tests.conftest import Cast


@pytest.mark.browser
def test_an_admin_makes_a_key_reads_its_activity_and_the_guide_on_a_phone(live_server, transactional_db, browser):
    cast = Cast()
    for language in ("es", "en"):
        cast.admin.language = language
        cast.admin.save(update_fields=["language"])
        context, page = signed_in_phone(browser, live_server.url, cast.admin)
        page.goto(f"/c/{cast.coop.slug}/api/")
        page.fill("#id_name", f"Caja {language}")
        page.check("#id_can_write")
        page.check("input[name=areas][value=ventas]")
        page.locator("button.primary").click()
        key = page.locator("code.key").inner_text()
        assert ApiToken.objects.get(name=f"Caja {language}").areas == ["ventas"]
        body = [{"period": "2025-02-01", "value": "12"}]
        Client().post(
            f"/api/v1/c/{cast.coop.slug}/kpis/ventas_cerradas/values",
            data=body,
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {key}",
        )
        page.locator("tr", has_text=f"Caja {language}").locator("a[href$='/actividad/']").click()
        expect(page.locator("td code").first).to_contain_text("/kpis/ventas_cerradas/values")
        for url in (page.url, "/api/v1/docs/"):
            page.goto(url)
            finding = measure(page, url)
            assert finding.overflow == 0, finding.widest
            assert axe_violations(page) == [], url
        context.close()
