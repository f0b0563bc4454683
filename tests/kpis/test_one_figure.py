"""A figure is rounded by one rule wherever it shows, and an objective's card counts its KPIs as its sentence does."""

import html
import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from rumbo.engine.numbers import format_figure, format_number
from rumbo.engine.status.board import evaluate, summarise_objective
from rumbo.engine.status.readings import KpiFacts, PeriodValue, TargetSpan
from rumbo.engine.vocab import Kind
from rumbo.kpis.presenters import tiles
from tests.factories import make_kpi

TODAY = date(2025, 3, 15)


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: TODAY)


def text_of(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).replace("\u00a0", " ").split())


@pytest.mark.parametrize(
    ("value", "decimals", "shown"),
    [
        ("1234.5", 0, "1.235"),
        ("1233.5", 0, "1.234"),
        ("0.125", 2, "0,13"),
        ("-2.5", 0, "−3"),
        ("7", 1, "7,0"),
    ],
)
def test_a_half_is_rounded_up_as_people_round(value, decimals, shown):
    assert format_number(Decimal(value), decimals) == shown == format_figure(Decimal(value), decimals)


def test_a_value_saved_as_1234_5_shows_one_figure_on_the_tile_the_story_the_table_and_the_board(as_editor, cast):
    kpi = make_kpi(
        cast.coop, "acopio", "Acopio del mes", unit="qq", aggregation="sum", objective=cast.objective, decimals=0
    )
    saved = as_editor.post(
        reverse("kpis:kpi_value_add", args=[cast.coop.slug, kpi.pk]), {"period": "2025-02-01", "value": "1.234,5"}
    )
    assert saved.status_code == 302
    page = as_editor.get(reverse("kpis:kpi_detail", args=[cast.coop.slug, kpi.pk])).text
    head = page[page.index('<div class="kpi-head') : page.index("</div>", page.index('<div class="kpi-head'))]
    assert text_of(head[head.index('<strong class="value">') : head.index("</strong>")]) == "1.235 qq"
    assert "Acopio del mes: 1.235 qq en febrero 2025" in text_of(head)
    rows = re.findall(r'<td class="num">(.*?)</td>', page)
    assert "1.235" in [text_of(r) for r in rows] and not any("1.234" in r for r in rows)
    board = as_editor.get(reverse("kpis:board", args=[cast.coop.slug]) + "?kind=all").text
    tile = board[board.index(f'id="kpi-{kpi.pk}"') :]
    assert text_of(tile[tile.index('<strong class="value">') : tile.index("</strong>")]) == "1.235 qq"


def facts(name: str, kind: Kind = Kind.KPI) -> KpiFacts:
    return KpiFacts(name=name, unit="qq", kind=kind)


def test_the_objective_card_counts_its_unjudged_kpis_as_its_sentence_does():
    target = [TargetSpan(date(2025, 2, 1), date(2025, 2, 28), 100)]
    value = [PeriodValue(date(2025, 2, 1), 120)]
    readings = [
        evaluate(facts("Acopio"), value, target, today=TODAY),  # on track
        evaluate(facts("Calidad"), [], target, today=TODAY),  # no data
        evaluate(facts("Mermas"), [], [], today=TODAY),  # no data
        evaluate(facts("Precio"), value, [], today=TODAY),  # a KPI with a value and no target
        evaluate(facts("Lluvia", Kind.METRIC), value, [], today=TODAY),  # a metric followed without one, on purpose
    ]
    summary = summarise_objective(readings, name="Mejorar el acopio")
    assert summary.story["es"].endswith("; 2 indicadores sin datos y 1 indicador sin meta.")
    card = tiles.objective_card(None, summary, "es")
    badges = [(str(status), n, word) for status, _icon, n, word in card.counts]
    assert badges == [("no_data", 2, "Sin datos"), ("no_data", 1, "Sin meta"), ("on_track", 1, "Va por buen rumbo")]
    for _status, n, word in badges[:2]:
        assert f"{n} indicador{'es' if n > 1 else ''} {word.lower()}" in summary.story["es"]
