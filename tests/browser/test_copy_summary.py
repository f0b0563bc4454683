"""«Copiar resumen» on a phone: the board's summary lands on the clipboard, ready for WhatsApp; without a clipboard, it is selected."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from rumbo.demo import load_demo
from tests.browser.helpers import PHONE, collect_csp_refusals
from tests.browser.test_value_entry import log_in

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"


@pytest.fixture
def clipboard_phone(live_server, browser, transactional_db):
    """The demo, and a phone-sized browser whose pages may read and write the clipboard."""
    load_demo()
    context = browser.new_context(viewport=PHONE)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    yield context
    context.close()


@pytest.mark.browser
def test_the_demo_manager_copies_the_board_summary_to_paste_in_whatsapp(live_server, clipboard_phone):
    page = clipboard_phone.new_page()
    refused = collect_csp_refusals(page)
    log_in(page, live_server.url, "gerencia@cafedelsur.coop", "rumbo-admin-2026")
    page.goto(f"{live_server.url}/c/cafe-del-sur/")
    button = page.get_by_role("button", name="Copiar resumen")
    expect(button).to_be_visible()
    button.click()
    expect(page.locator(".share-status")).to_contain_text("Copiado")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("*Cooperativa Café del Sur*") and "Crecer en ventas directas de café tostado" in copied
    assert len(copied) <= 700 and copied.endswith(f"{live_server.url}/c/cafe-del-sur/")
    assert copied == page.locator("#resumen-tablero").input_value()
    page.get_by_text("Ver el resumen para WhatsApp").click()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "copiar-resumen-telefono.png"), full_page=False)
    assert refused == []


@pytest.mark.browser
def test_without_a_clipboard_the_summary_is_selected_to_copy_by_hand(live_server, browser, transactional_db):
    load_demo()
    context = browser.new_context(viewport=PHONE)
    # An old browser: no asynchronous clipboard.
    context.add_init_script("Object.defineProperty(navigator, 'clipboard', {value: undefined, configurable: true});")
    page = context.new_page()
    log_in(page, live_server.url, "consejo@cafedelsur.coop", "rumbo-lectura-2026")
    page.goto(f"{live_server.url}/c/cafe-del-sur/")
    page.get_by_role("button", name="Copiar resumen").click()
    box = page.locator("#resumen-tablero")
    expect(box).to_be_visible()
    selected = page.evaluate(
        "(() => { const b = document.getElementById('resumen-tablero'); return b.value.substring(b.selectionStart, b.selectionEnd); })()"
    )
    assert selected == box.input_value() and selected.startswith("*Cooperativa Café del Sur*")
    expect(page.locator(".share-status")).not_to_be_empty()
    context.close()


@pytest.mark.browser
def test_an_okr_objective_has_its_own_summary_to_copy(live_server, clipboard_phone):
    page = clipboard_phone.new_page()
    log_in(page, live_server.url, "ventas@cafedelsur.coop", "rumbo-editor-2026")
    page.goto(f"{live_server.url}/c/cafe-del-sur/okr/")
    page.get_by_role("link", name="Abrir el mercado de café tostado en la capital").first.click()
    page.get_by_role("button", name="Copiar resumen").click()
    expect(page.locator(".share-status")).to_contain_text("Copiado")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert (
        "Abrir el mercado de café tostado en la capital: 0," in copied and "Nuevos compradores en la capital" in copied
    )
