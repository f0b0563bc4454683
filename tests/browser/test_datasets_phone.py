"""On a phone: upload a sales ledger as a dataset, correct a column's type, define a metric with a mistake, fix it, see its values."""

from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook
from playwright.sync_api import expect

from tests.browser.test_value_entry import ARTIFACTS, PHONE, log_in


def ledger(path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(["Fecha", "Código", "Cliente", "Monto"])
    for day, code, customer, amount in [
        (date(2025, 1, 6), "007", "Cafetería Sol", 120.5),
        (date(2025, 1, 20), "010", "Tienda Luna", 80),
        (date(2025, 2, 3), "007", "Cafetería Sol", 99.9),
        (date(2025, 3, 14), "012", "Hotel Río", 310),
    ]:
        sheet.append([day, int(code), customer, amount])
    book.save(path)
    return path


@pytest.mark.browser
def test_an_editor_loads_a_ledger_and_defines_a_metric_on_a_phone(live_server, page, transactional_db, tmp_path):
    from rumbo.demo import load_demo

    load_demo()
    page.set_viewport_size(PHONE)
    log_in(page, live_server.url, "ventas@cafedelsur.coop", "rumbo-editor-2026")
    base = f"{live_server.url}/c/cafe-del-sur"
    page.goto(f"{base}/datos/")
    expect(page.locator(".datasets")).to_contain_text("actividades")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "datos-telefono.png"), full_page=True)

    page.get_by_role("link", name="Subir datos").click()
    page.fill("#id_name", "pedidos web")
    page.set_input_files("#id_file", str(ledger(tmp_path / "pedidos.xlsx")))
    page.get_by_role("button", name="Subir").click()
    expect(page.locator(".messages")).to_contain_text("Versión 1 de «pedidos web» guardada: 4 filas.")
    page.select_option("select[name=c1]", "text")  # «Código» was read as a number
    page.get_by_role("button", name="Corregir los tipos").click()
    expect(page.locator(".messages")).to_contain_text("Versión 2")
    page.screenshot(path=str(ARTIFACTS / "datos-version-telefono.png"), full_page=True)

    page.goto(f"{base}/datos/metricas/nueva/")
    page.fill("#id_name", "Ventas web")
    page.select_option("#id_area", "ventas")
    page.select_option("#id_dataset", label="pedidos web")
    page.fill("#id_measure", "sum(Importe)")
    page.fill("#id_date_column", "Fecha")
    page.get_by_role("button", name="Guardar y calcular").click()
    expect(page.locator(".error").first).to_contain_text("La columna «Importe» no existe")
    page.screenshot(path=str(ARTIFACTS / "metrica-error-telefono.png"), full_page=True)
    page.fill("#id_measure", "sum(Monto)")
    page.get_by_role("button", name="Guardar y calcular").click()
    expect(page.locator("h1")).to_have_text("Ventas web")
    expect(page.locator("table")).to_contain_text("200,50")
    expect(page.locator("table")).to_contain_text("pedidos web v2")
    page.screenshot(path=str(ARTIFACTS / "metrica-valores-telefono.png"), full_page=True)
