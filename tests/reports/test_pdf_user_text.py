"""A cooperative's name in a PDF's page foot is text, never CSS: it cannot change the page."""

import io

import pytest
from django.utils import timezone
from pypdf import PdfReader

from rumbo.reports.presenters.assembly import Options
from rumbo.reports.services.pdfs import assembly_pdf, full_pdf
from tests.reports.helpers import pdf_pages

A4_POINTS = (595, 842)
INJECTED = "Coop\r\n}} @page { size: A3 } .x {"  # today this makes every page A3
QUOTED = 'Coop "Sur"; } @page { size: A3 } \\'


def page_sizes(data: bytes) -> set[tuple[int, int]]:
    return {
        (round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in PdfReader(io.BytesIO(data)).pages
    }


@pytest.mark.parametrize("render", [assembly_pdf, full_pdf], ids=["board", "full"])
@pytest.mark.parametrize("name", [INJECTED, QUOTED], ids=["line-break", "quote"])
def test_a_name_that_looks_like_css_stays_text_and_the_page_stays_a4(cast, render, name):
    cast.coop.name = name
    cast.coop.save()
    today = timezone.localdate()
    rendered = render(coop=cast.coop, options=Options(as_of=today), produced_on=today)
    assert page_sizes(rendered.data) == {A4_POINTS}
    first_page = pdf_pages(rendered.data)[0]
    assert f"{' '.join(name.split())} · Rumbo" in first_page  # the foot, word for word
