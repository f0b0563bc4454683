"""The WhatsApp text: under the limit whatever it is given, the link and status words always kept."""

from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from rumbo.engine.numbers import NBSP
from rumbo.engine.status.board import evaluate
from rumbo.engine.status.readings import KpiFacts, PeriodValue, TargetSpan
from rumbo.engine.status.share import LIMIT, Group, Item, Summary, clip, reason, share_text
from rumbo.engine.timeline.periods import period_end
from rumbo.engine.vocab import Aggregation, Direction
from tests.fuzz import examples

LINK = "Ver el tablero: https://rumbo.example.org/c/cafe-del-sur/"


def summary(objectives=3, attention=3, name="Aumentar el acopio y la calidad del café", why="x" * 40) -> Summary:
    return Summary(
        title="Cooperativa Café del Sur",
        period="Tablero · situación al 27/11/2026",
        groups=(
            Group("Objetivos", tuple(Item("at_risk", f"{name} {i}", "En riesgo") for i in range(objectives)), keep=3),
            Group(
                "Necesitan atención",
                tuple(Item("off_track", f"Indicador {i}", "Fuera de rumbo", why) for i in range(attention)),
                keep=2,
            ),
        ),
        link=LINK,
    )


def test_a_short_summary_is_left_whole_with_marks_words_and_the_link():
    text = share_text(summary(why="34 % por debajo de lo previsto"))
    assert text.startswith("*Cooperativa Café del Sur*\nTablero · situación al 27/11/2026\n")
    assert "⚠️ Aumentar el acopio y la calidad del café 0: En riesgo" in text
    assert "❌ Indicador 2: Fuera de rumbo — 34 % por debajo de lo previsto" in text
    assert text.endswith(LINK)


def test_a_long_summary_is_shortened_reasons_first_then_names_then_the_least_urgent_items():
    text = share_text(summary(objectives=6, attention=3, name="Objetivo de nombre muy largo " * 4, why="porque " * 30))
    assert len(text) <= LIMIT and text.endswith(LINK)
    assert "Indicador 0" in text and "Indicador 1" in text  # at least two KPIs that need attention stay
    assert text.count("⚠️") >= 3 and "…" in text


@settings(max_examples=examples(60), deadline=None)
@given(
    objectives=st.integers(0, 12),
    attention=st.integers(0, 5),
    name=st.text(min_size=1, max_size=300),
    why=st.text(max_size=300),
)
def test_the_text_never_passes_the_limit_and_always_ends_with_the_link(objectives, attention, name, why):
    text = share_text(summary(objectives, attention, name, why))
    assert len(text) <= LIMIT and text.endswith(LINK)


def test_clip_cuts_at_a_word_and_says_so():
    assert clip("Crecer en ventas directas de café tostado", 20) == "Crecer en ventas…"
    assert clip("corto", 20) == "corto"


MONTH = date(2026, 10, 1)


def read(facts, value, target):
    span = TargetSpan(MONTH, period_end(MONTH, facts.grain), Decimal(target))
    return evaluate(facts, [PeriodValue(MONTH, Decimal(value))], [span], today=date(2026, 11, 27))


def test_the_reason_gives_the_figure_and_how_far_it_is_from_the_target():
    sales = KpiFacts(name="Ventas cerradas por mes", unit="ventas", aggregation=Aggregation.SUM)
    assert reason(read(sales, 30, 40)) == f"30 ventas en octubre 2026, 25{NBSP}% bajo la meta"
    assert reason(read(sales, 30, 40), "en") == "30 ventas in October 2026, 25% below target"
    cost = KpiFacts(
        name="Costo por quintal", unit="USD", decimals=2, direction=Direction.DOWN, aggregation=Aggregation.MEAN
    )
    assert reason(read(cost, "3.62", "3.15")) == f"3,62 USD en octubre 2026, 15{NBSP}% sobre la meta"
