"""«Tablero para la asamblea»: the demo's board on exactly one A4 page that says what the board says."""

import io
import subprocess
from datetime import date
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from pypdf import PdfReader

from rumbo.demo import SLUG, load_demo
from rumbo.kpis.readings import read_board
from rumbo.orgs.models import Cooperative
from rumbo.reports.presenters.assembly import Options
from rumbo.reports.services.pdfs import assembly_pdf
from tests.once import own_copy, written_once
from tests.reports.helpers import pdf_pages

pytestmark = pytest.mark.slow  # real processes or long runs: a parallel run starts this file first

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"


def logo_png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (60, 30), (31, 111, 92)).save(buffer, format="PNG")
    return buffer.getvalue()


def text_of(data: bytes) -> str:
    return " ".join(pdf_pages(data))


def pages_of(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)


def _load_demo():
    load_demo()
    return Cooperative.objects.get(slug=SLUG)


@pytest.fixture(scope="module")
def _demo_once(request, django_db_setup, django_db_blocker):
    yield from written_once(request, django_db_blocker, "demo", _load_demo)


@pytest.fixture
def demo(db, _demo_once):
    return own_copy(_demo_once, _load_demo)


def test_the_demo_board_fits_one_page_with_its_name_objectives_and_stories(demo):
    today = timezone.localdate()
    rendered = assembly_pdf(coop=demo, options=Options(as_of=today), produced_on=today)
    assert rendered.pages == 1 and pages_of(rendered.data) == 1
    text = text_of(rendered.data)
    assert "Cooperativa Café del Sur" in text and "Tablero para la asamblea" in text
    board = read_board(demo, today=today)
    for objective, _summary in board.objectives:
        assert objective.title in text
    shown = [k for k in board.kpis if k.is_kpi and board.reading(k).status == "off_track"]
    story = " ".join(board.reading(shown[0]).story["es"].split())
    assert story in text
    assert "Página 1 de 1" in text and f"Elaborado el {today:%d/%m/%Y}" in text
    assert rendered.kpis_shown >= 6
    ARTIFACTS.mkdir(exist_ok=True)
    pdf_path = ARTIFACTS / "tablero-asamblea.pdf"
    pdf_path.write_bytes(rendered.data)
    subprocess.run(
        ["pdftoppm", "-r", "110", "-png", "-singlefile", str(pdf_path), str(ARTIFACTS / "tablero-asamblea")], check=True
    )
    assert (ARTIFACTS / "tablero-asamblea.png").stat().st_size > 10_000


def test_the_status_is_said_in_words_so_it_reads_in_black_and_white(demo):
    rendered = assembly_pdf(coop=demo, options=Options(as_of=timezone.localdate()))
    text = text_of(rendered.data)
    assert "Fuera de rumbo" in text and "En riesgo" in text
    assert "Cómo leerlo:" in text and "Va por buen rumbo" in text


def test_okr_scores_appear_while_a_cycle_runs_and_not_after(demo):
    today = timezone.localdate()
    during = text_of(assembly_pdf(coop=demo, options=Options(as_of=today)).data)
    assert "OKR" in during and "Abrir el mercado de café tostado en la capital" in during
    long_ago = text_of(assembly_pdf(coop=demo, options=Options(as_of=date(today.year - 2, 6, 30))).data)
    assert "Abrir el mercado de café tostado en la capital" not in long_ago


def test_the_page_can_be_in_english_and_about_one_area(demo):
    today = timezone.localdate()
    rendered = assembly_pdf(coop=demo, options=Options(as_of=today, lang="en", areas=("ventas",)))
    text = text_of(rendered.data)
    board = read_board(demo, today=today)
    sales = [k for k in board.kpis if k.area == "ventas" and board.reading(k).status == "off_track"]
    assert "Off track" in text and board.reading(sales[0]).story["en"][:40] in text
    assert "Ingresos totales" not in text  # a finance KPI
    assert rendered.pages == 1


def test_the_cooperatives_logo_is_drawn_when_it_has_one(demo, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    demo.logo.save("logo.png", ContentFile(logo_png()), save=True)
    rendered = assembly_pdf(coop=demo, options=Options(as_of=timezone.localdate()))
    page = PdfReader(io.BytesIO(rendered.data)).pages[0]
    assert len(page.images) == 1 and rendered.pages == 1
