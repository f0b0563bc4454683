"""On a phone, the demo editor imports a spreadsheet typed the Spanish way, fixes its one bad cell and sees the board change."""

import io
from datetime import date, timedelta
from pathlib import Path

import openpyxl
import pytest
from django.urls import get_resolver
from playwright.sync_api import expect

from rumbo.demo import DemoCalendar, load_demo
from rumbo.kpis.models import Measurement
from tests.browser.test_value_entry import log_in

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
PHONE = {"width": 360, "height": 740}
MONTHS = ["ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic"]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def spanish_month(day: date) -> str:
    return f"{MONTHS[day.month - 1]}-{day.year}"


def sheet(messages: str) -> bytes:
    """What a sales team keeps: a title, a blank row, then month names and decimal commas typed as text."""
    last = DemoCalendar(date.today()).last
    before = (last - timedelta(days=1)).replace(day=1)
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Ventas"
    ws.append(["Cooperativa Café del Sur — seguimiento del equipo de ventas"])
    ws.append([])
    ws.append(["Indicador", "Mes", "Valor", "Nota"])
    ws.append(["Llamadas a clientes por día", spanish_month(before), "19,5", None])
    ws.append(["Llamadas a clientes por día", spanish_month(last), "23,7", "feria del café"])
    ws.append(["Mensajes enviados a clientes diariamente", spanish_month(last), messages, None])
    ws.merge_cells("A1:D1")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.browser
def test_the_demo_editor_fixes_a_bad_cell_imports_the_file_and_sees_the_board_change(
    live_server, page, transactional_db
):
    load_demo()
    get_resolver().url_patterns  # import every view now: the first page must not wait for them
    refused = []
    page.on(
        "console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None
    )
    page.set_viewport_size(PHONE)
    log_in(page, live_server.url, "ventas@cafedelsur.coop", "rumbo-editor-2026")
    page.locator("summary", has_text="Menú").click()
    page.get_by_role("link", name="Importar", exact=True).click()
    expect(page.locator("h1")).to_have_text("Importar valores")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "importar-telefono-inicio.png"), full_page=True)

    page.set_input_files(
        "input[type=file]", files=[{"name": "llamadas.xlsx", "mimeType": XLSX, "buffer": sheet("4O,5")}]
    )
    page.get_by_role("button", name="Ver qué se importará").click()
    problems = page.locator(".import-problems")
    expect(problems).to_contain_text("1 problema: no se importará nada hasta corregirlo")
    expect(problems).to_contain_text("Fila 6, columna C (Valor): «4O,5» no es un número.")
    expect(page.locator(".import-notices")).to_contain_text("Se tomó la fila 3 como encabezado")
    expect(page.get_by_role("button", name="Importar", exact=False)).to_have_count(0)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=str(ARTIFACTS / "importar-telefono.png"), full_page=True)

    problems.locator("input[type=file]").set_input_files(
        files=[{"name": "llamadas.xlsx", "mimeType": XLSX, "buffer": sheet("40,5")}]
    )
    page.get_by_role("button", name="Subir el archivo corregido").click()
    expect(page.locator(".import-problems")).to_have_count(0)
    expect(page.locator(".g-update")).to_contain_text("23,7 llamadas")
    page.screenshot(path=str(ARTIFACTS / "importar-telefono-corregido.png"), full_page=True)
    page.get_by_role("button", name="Importar 3 valores").click()

    expect(page.locator(".messages")).to_contain_text("Se importó «llamadas.xlsx»")
    tile = page.locator(".tile", has_text="Llamadas a clientes por día")
    expect(tile.locator(".value")).to_contain_text("23,7")
    latest = Measurement.objects.filter(kpi__name="Llamadas a clientes por día").latest("period")
    assert (str(latest.value.normalize()), latest.note, latest.source) == ("23.7", "feria del café", "import")
    assert refused == []
