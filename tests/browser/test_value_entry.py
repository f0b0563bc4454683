"""A person on a phone enters a value the way they write it, and sees it saved."""

from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect

from rumbo.demo import load_demo
from rumbo.kpis.models import Measurement

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
PHONE = {"width": 360, "height": 740}


def log_in(page, base_url, email, password):
    page.goto(f"{base_url}/cuenta/entrar/")
    page.fill("#id_username", email)
    page.fill("#id_password", password)
    page.click("button.primary")
    expect(page.locator("header .coop-name")).to_be_visible()


@pytest.mark.browser
def test_the_demo_editor_enters_a_value_with_a_decimal_comma_on_a_phone(live_server, page, transactional_db):
    load_demo()
    page.set_viewport_size(PHONE)
    log_in(page, live_server.url, "ventas@cafedelsur.coop", "rumbo-editor-2026")
    page.goto(f"{live_server.url}/c/cafe-del-sur/actualizaciones/")
    row = page.locator("fieldset.update", has_text="Llamadas a clientes por día")
    row.locator("input[name$='-value']").fill("21,5")
    row.locator("input[name$='-note']").fill("feria del café")
    page.get_by_role("button", name="Guardar todo").click()
    expect(page.locator(".messages")).to_contain_text("Se guard")
    expect(row.locator("input[name$='-value']")).to_have_value("21,5")
    latest = Measurement.objects.filter(kpi__name="Llamadas a clientes por día").latest("updated_at")
    assert (latest.value, latest.note) == (Decimal("21.5"), "feria del café")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "mis-actualizaciones-telefono.png"), full_page=True)
