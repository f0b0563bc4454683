"""On a phone, the demo viewer reads the board, filters it by area and opens a KPI's page."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import PHONE, demo_viewer_on_a_phone

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"


@pytest.mark.browser
def test_the_demo_viewer_filters_the_board_by_area_and_opens_a_kpi_on_a_phone(live_server, page, transactional_db):
    refused = demo_viewer_on_a_phone(page, live_server.url)
    refused.clear()  # only the board's and the KPI page's own
    page.goto(f"{live_server.url}/c/cafe-del-sur/")
    expect(page.locator(".objective-cards li")).to_have_count(3)
    expect(page.locator(".objective-cards li").first.locator(".badge")).to_be_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "tablero-telefono.png"), full_page=True)
    page.screenshot(path=str(ARTIFACTS / "tablero-telefono-primera-pantalla.png"))

    # Nothing wider than the phone: no sideways scrolling.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    page.get_by_text("Filtrar y agrupar").click()
    page.get_by_label("Área", exact=True).select_option("ventas")
    expect(page).to_have_url(f"{live_server.url}/c/cafe-del-sur/?area=ventas")  # a short address to share
    expect(page.locator(".chips")).to_contain_text("Área: Ventas")
    expect(page.locator(".tile", has_text="Ventas cerradas por mes")).to_be_visible()
    expect(page.locator(".tile", has_text="Producción total de café")).to_have_count(0)

    page.locator(".tile", has_text="Ventas cerradas por mes").get_by_role("link").click()
    expect(page.locator("h1")).to_have_text("Ventas cerradas por mes")
    expect(page.locator("svg.chart").first).to_be_visible()
    expect(page.locator(".kpi-story")).to_contain_text("Ventas cerradas por mes:")
    page.screenshot(path=str(ARTIFACTS / "indicador-telefono.png"), full_page=True)
    assert refused == []
