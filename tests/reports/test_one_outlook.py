"""One reading per KPI and day, told alike everywhere: the board, the KPI page, both PDFs, the digest, WhatsApp and the API.

The demo cooperative is built once for the module on a fixed day (its forecasts cached as
`rumbo demo` leaves them), every surface is rendered, and each KPI's value, status, outlook
and range are read back from each one's own text: HTML, PDF text, e-mail text, WhatsApp
text and JSON. The surfaces may word a KPI differently; they must never give other figures.
"""

import html
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import translation

from rumbo.accounts.models import Membership, User
from rumbo.api.services import token_create
from rumbo.demo import SLUG, load_demo
from rumbo.kpis.models import Kpi
from rumbo.orgs.models import Cooperative
from rumbo.reports.digest import coop_week, digest_for
from rumbo.reports.presenters.assembly import Options
from rumbo.reports.services.pdfs import assembly_pdf, full_pdf
from tests.reports.helpers import pdf_pages

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.slow,
]  # the database set up for the module's fixture; the demo built once

DAY = date(2026, 12, 1)
# Seen on one day with the demo: the board told the cached forecast, the assembly PDF the pace.
SEEN = ("Producción total de café", "Llamadas a clientes por día", "Ingresos totales")

PERCENT = r"−?\d[\d.,]*\s?%"
# «al ritmo actual llegará a ~74 % de la meta (entre 60 % y 85 %)», «al ritmo actual cerrará la cosecha en 58 %»,
# «cerraría en ~74 % de la meta»: the share of the target where the running span will end, and its range.
OUTLOOK = re.compile(
    rf"(?:llegará a ~|cerrará (?:[^.;]*? )?en |cerraría en ~?)({PERCENT})"
    rf"(?: de la meta)?(?: \(entre ({PERCENT}) y ({PERCENT})\))?"
)
CHANCE = re.compile(rf"probabilidad de alcanzarla: ((?:más de |menos de )?{PERCENT})")


def flat(text: str) -> str:
    return " ".join(html.unescape(text).replace("\u00a0", " ").split())


def outlook_in(text: str) -> tuple[str, str | None, str | None] | None:
    found = OUTLOOK.search(flat(text))
    return found.groups() if found else None


def between(text: str, start: str, end: str) -> str:
    head = text.index(start) + len(start)
    return text[head : text.index(end, head)]


def tag_text(fragment: str) -> str:
    return flat(re.sub(r"<[^>]+>", " ", fragment))


@dataclass
class Seen:
    kpis: list[Kpi]
    board: str
    pages: dict[int, str]
    assembly: str
    full: str
    digest: str
    whatsapp: str
    api: dict[str, dict]


@pytest.fixture(scope="module")
def seen(django_db_setup, django_db_blocker) -> Seen:
    """Every surface rendered once for the demo on DAY, inside a transaction rolled back afterwards."""
    with django_db_blocker.unblock(), pytest.MonkeyPatch.context() as patch, transaction.atomic():
        patch.setattr("django.utils.timezone.localdate", lambda *a: DAY)
        load_demo(today=DAY)
        coop = Cooperative.objects.get(slug=SLUG)
        kpis = list(Kpi.objects.filter(cooperative=coop).order_by("position", "name"))
        viewer = User.objects.get(email="consejo@cafedelsur.coop")
        client = Client()
        client.force_login(viewer)
        board = client.get(reverse("kpis:board", args=[SLUG]) + "?kind=all").text  # plain metrics too
        pages = {k.pk: client.get(reverse("kpis:kpi_detail", args=[SLUG, k.pk])).text for k in kpis}
        options = Options(as_of=DAY)
        assembly = " ".join(pdf_pages(assembly_pdf(coop=coop, options=options, produced_on=DAY).data))
        full = " ".join(pdf_pages(full_pdf(coop=coop, options=options, produced_on=DAY).data))
        with translation.override("es"):
            week = coop_week(coop, DAY)
            digest = digest_for(week, Membership.objects.get(cooperative=coop, user=viewer)).text
        key = token_create(coop=coop, name="Prueba", can_write=False, user=viewer)[1]
        listed = client.get(
            f"/api/v1/c/{SLUG}/kpis?limit=200", HTTP_AUTHORIZATION=f"Bearer {key}", HTTP_ACCEPT_LANGUAGE="es"
        )
        transaction.set_rollback(True)
    whatsapp = between(between(board, 'readonly rows="12"', "</textarea>") + "\0", ">", "\0")
    return Seen(
        kpis,
        board,
        pages,
        assembly,
        full,
        digest,
        html.unescape(whatsapp),
        {k["name"]: k for k in listed.json()["items"]},
    )


def tile(seen: Seen, kpi: Kpi) -> str:
    return between(seen.board, f'id="kpi-{kpi.pk}"', "</li>")


def board_story(seen: Seen, kpi: Kpi) -> str:
    return tag_text(between(tile(seen, kpi), '<p class="story">', "</p>"))


def page_story(seen: Seen, kpi: Kpi) -> str:
    return tag_text(between(seen.pages[kpi.pk], '<p class="kpi-story">', "</p>"))


def by_name(seen: Seen, name: str) -> Kpi:
    return next(k for k in seen.kpis if k.name == name)


def percent_of(share) -> str:
    """The API's share as the stories write it: a whole percent, half up."""
    whole = (Decimal(str(share)) * 100).quantize(Decimal(1), rounding="ROUND_HALF_UP")
    return f"{whole} %".replace("-", "−")


@pytest.mark.parametrize("name", SEEN)
def test_the_board_and_the_assembly_pdf_tell_one_outlook(seen, name):
    kpi = by_name(seen, name)
    on_board = outlook_in(board_story(seen, kpi))
    assert on_board is not None, board_story(seen, kpi)
    story_in_pdf = seen.assembly[seen.assembly.index(f"{name}: ") :]
    assert outlook_in(story_in_pdf) == on_board, (board_story(seen, kpi), story_in_pdf[:400])


def test_every_kpi_tells_the_same_story_on_the_board_its_page_the_pdfs_and_the_api(seen):
    for kpi in seen.kpis:
        story = board_story(seen, kpi)
        assert page_story(seen, kpi) == story, kpi.name
        assert flat(seen.api[kpi.name]["story"]) == story, kpi.name
        assert story in flat(seen.full), kpi.name  # the full report shows every KPI
        if kpi.is_kpi and f"{kpi.name}: " in seen.assembly:  # the one page shows those that fit
            assert story in flat(seen.assembly), kpi.name


def test_every_kpi_has_one_value_and_status_everywhere(seen):
    for kpi in seen.kpis:
        on_board, on_page = tile(seen, kpi), between(seen.pages[kpi.pk], '<div class="kpi-head', "</div>")
        listed = seen.api[kpi.name]
        assert f'<li class="tile st-{listed["status"]}" id="kpi-{kpi.pk}"' in seen.board, kpi.name
        assert on_page.startswith(f' st-{listed["status"]}"'), kpi.name
        word = tag_text(between(on_board, '<span class="badge">', "</span>"))
        assert tag_text(between(on_page, '<span class="badge">', "</span>")) == word, kpi.name
        if '<strong class="value">' in on_board:
            value = tag_text(between(on_board, '<strong class="value">', "</strong>"))
            assert tag_text(between(on_page, '<strong class="value">', "</strong>")) == value, kpi.name
            assert value in board_story(seen, kpi) and value in flat(seen.full), kpi.name
        else:
            assert listed["value"] is None, kpi.name


def test_the_api_gives_the_outlook_the_stories_tell(seen):
    told = 0
    for kpi in seen.kpis:
        outlook, said = seen.api[kpi.name]["outlook"], outlook_in(board_story(seen, kpi))
        if outlook is None or outlook["share"] is None:
            assert said is None, kpi.name
            continue
        told += 1
        share, low, high = said
        assert flat(share) == percent_of(outlook["share"]), kpi.name
        if outlook["source"] == "forecast":
            assert (flat(low), flat(high)) == (percent_of(outlook["share_low"]), percent_of(outlook["share_high"])), (
                kpi.name
            )
            chance = CHANCE.search(board_story(seen, kpi))
            assert (chance is not None) == (outlook["probability"] is not None), kpi.name
        else:
            assert low is None and outlook["share_low"] is None and outlook["probability"] is None, kpi.name
    assert told >= 10  # the demo has outlooks to compare, from forecasts and from the pace


def test_the_kpi_page_s_forecast_section_tells_the_same_outlook(seen):
    for kpi in seen.kpis:
        page = seen.pages[kpi.pk]
        if '<p class="forecast-sentence">' not in page:
            continue
        section = outlook_in(tag_text(between(page, '<p class="forecast-sentence">', "</p>")))
        if section is None:  # too little history: the page says so, and its story keeps the pace
            assert "llegará a ~" not in page_story(seen, kpi), kpi.name
        else:
            assert section == outlook_in(page_story(seen, kpi)), kpi.name


def test_the_digest_and_whatsapp_give_each_kpi_the_board_s_figures(seen):
    items = re.findall(r"^\S+ (.+?): (.+?) — (.+)$", seen.whatsapp + "\n" + seen.digest, re.M)
    assert items, seen.whatsapp
    for name, word, why in items:
        kpi = by_name(seen, name)
        on_board = tile(seen, kpi)
        assert flat(word) == tag_text(between(on_board, '<span class="badge">', "</span>")), name
        value = tag_text(between(on_board, '<strong class="value">', "</strong>"))
        assert flat(why).startswith(f"{value} "), (name, why)
        if (said := outlook_in(why)) is not None:  # WhatsApp may have clipped it off
            assert said[0] == outlook_in(board_story(seen, kpi))[0], (name, why)
    for card in re.findall(r'<li class="objective st-\w+">.*?</li>', seen.board, re.S):
        title = tag_text(between(card, "<h3>", "</h3>"))
        word = tag_text(between(card, '<span class="badge">', "</span>"))
        story = tag_text(between(card, '<p class="story">', "</p>"))
        assert f"{title}: {word}" in flat(seen.whatsapp) and f"{title}: {word}" in flat(seen.digest), title
        assert story in flat(seen.digest), title


def flat_lines(text: str) -> list[str]:
    return [flat(line) for line in text.splitlines() if line.strip()]


def test_each_objective_card_s_badges_count_what_its_sentence_says(seen):
    for card in re.findall(r'<li class="objective st-\w+">.*?</li>', seen.board, re.S):
        badges = {word: int(n) for word, n in re.findall(r'title="([^"]+)">.*?</svg>(\d+)', card, re.S)}
        story = tag_text(between(card, '<p class="story">', "</p>"))
        said = {f"Sin {what}": int(n) for n, what in re.findall(r"(\d+) indicadores? sin (datos|meta)", story)}
        assert {w: n for w, n in badges.items() if w in ("Sin datos", "Sin meta")} == said, (badges, story)
