"""Spreadsheets and KPIs shared by the import tests."""

import io
from pathlib import Path

import openpyxl
import pytest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sheets"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def xlsx(rows, *, formats=None, merges=()) -> bytes:
    """A workbook whose first sheet holds `rows`; `formats` maps 'C2' to a number format."""
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(list(row))
    for cell, number_format in (formats or {}).items():
        sheet[cell].number_format = number_format
    for cells in merges:
        sheet.merge_cells(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv(text: str) -> bytes:
    return text.encode("utf-8")


@pytest.fixture
def fixture_kpis(cast):
    """The KPIs the LibreOffice fixtures name, in cooperative A."""
    from rumbo.kpis.models import Kpi

    specs = [
        ("ventas_totales", "Ventas totales", "USD", "ventas", "month"),
        ("socios_activos", "Socios activos", "socios", "gerencia", "quarter"),
        ("margen_bruto", "Margen bruto", "%", "finanzas", "month"),
        ("kilos_acopiados", "Kilos acopiados", "kg", "produccion", "harvest"),
        ("precio_promedio", "Precio promedio", "USD/qq", "ventas", "month"),
    ]
    return {
        slug: Kpi.objects.create(
            cooperative=cast.coop, slug=slug, name=name, unit=unit, area=area, frequency=frequency, decimals=1
        )
        for slug, name, unit, area, frequency in specs
    }


def located(preview) -> list[str]:
    return [p.located() for p in preview.problems]


def statuses(client, url: str, *visits) -> list[int]:
    """The status each (user, method) visit to `url` answers, each signed in anew; the last one stays signed in."""
    answers = []
    for user, method in visits:
        client.force_login(user)
        answers.append(getattr(client, method)(url).status_code)
    return answers
