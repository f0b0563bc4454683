"""On a phone, the demo viewer reads where sales are heading, whether calls lead them, and whether the campaign worked."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import PHONE, demo_viewer_on_a_phone

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"


@pytest.mark.browser
def test_the_demo_viewer_reads_the_forecast_the_lead_check_and_the_campaign_on_a_phone(
    live_server, page, transactional_db
):
    refused = demo_viewer_on_a_phone(page, live_server.url)
    ARTIFACTS.mkdir(exist_ok=True)

    page.goto(f"{live_server.url}/c/cafe-del-sur/")
    sales = page.locator(".tile", has_text="Ventas cerradas por mes")
    expect(sales.locator(".story")).to_contain_text("Al ritmo actual llegará a ~")
    sales.get_by_role("link").click()
    expect(page.locator(".kpi-story")).to_contain_text("Al ritmo actual llegará a ~")
    expect(page.locator("svg.forecast-chart")).to_be_visible()
    page.locator("#pronostico").screenshot(path=str(ARTIFACTS / "pronostico-telefono.png"))
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    page.goto(f"{live_server.url}/c/cafe-del-sur/")
    page.locator(".tile", has_text="Llamadas a clientes por día").get_by_role("link").click()
    expect(page.locator("#anticipa")).to_contain_text("anticipa con ~1 mes de adelanto (fuerte)")
    page.locator("#anticipa").screenshot(path=str(ARTIFACTS / "anticipa-telefono.png"))

    page.goto(f"{live_server.url}/c/cafe-del-sur/iniciativas/")
    page.get_by_role("link", name="Campaña «Café del Sur en tu mesa»").click()
    expect(page.locator(".initiative-story")).to_contain_text("«Ventas cerradas por mes» subió ~")
    page.screenshot(path=str(ARTIFACTS / "campana-telefono.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert refused == []
