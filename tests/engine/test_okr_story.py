"""The sentences key results and objectives tell: exact wording, figures equal to the scores, grammar."""

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rumbo.engine.numbers import NBSP, format_number
from rumbo.engine.okrs.okr import (
    Cycle,
    KeyResultFacts,
    KeyResultKind,
    ObjectiveFacts,
    ObjectiveType,
    review_objective,
    score_objective,
)
from rumbo.engine.okrs.okr_story import count_words, format_grade, format_value, span, when

COMMITTED, ASPIRATIONAL = ObjectiveType.COMMITTED, ObjectiveType.ASPIRATIONAL
Q2 = Cycle(date(2025, 4, 1), date(2025, 6, 30))
HALF = date(2025, 5, 16)


def checked_in(*values, last=HALF):
    """Weekly confidences ending on `last`."""
    return [(last - timedelta(weeks=len(values) - 1 - i), v) for i, v in enumerate(values)]


BUYERS = KeyResultFacts("Nuevos compradores", baseline=10, target=50, current=22, confidences=checked_in(7, 6, 4))
REPEAT = KeyResultFacts(
    "Tasa de recompra", KeyResultKind.PERCENT, baseline=20, target=50, current=35, confidences=checked_in(7)
)
ORGANIC = KeyResultFacts("Certificación orgánica", KeyResultKind.MILESTONE, done=True)


def scored(*key_results, kind=COMMITTED, cycle=Q2, as_of=HALF, title="Ampliar la venta directa"):
    return score_objective(ObjectiveFacts(title, kind, cycle, list(key_results)), as_of=as_of)


def reviewed(*currents, kind=ASPIRATIONAL):
    key_results = [KeyResultFacts(name, baseline=0, target=10, current=c) for name, c in zip("ABCDE", currents)]
    return review_objective(ObjectiveFacts("Crecer", kind, Q2, key_results))


def test_the_objective_tells_its_score_its_pace_and_which_key_result_slips_and_why():
    result = scored(BUYERS, REPEAT, ORGANIC)
    assert result.story_es == (
        "Ampliar la venta directa: 0,60 a mitad del trimestre, por delante del ritmo esperado (0,50); "
        "el KR «Nuevos compradores» va detrás del ritmo esperado y su confianza bajó de 7 a 4 en dos semanas."
    )
    assert result.story_en == (
        "Ampliar la venta directa: 0.60 halfway through the quarter, ahead of the expected pace (0.50); "
        "KR “Nuevos compradores” is behind the expected pace and its confidence fell from 7 to 4 in two weeks."
    )


def test_each_key_result_tells_its_value_target_baseline_score_pace_and_confidence():
    buyers, repeat, organic = scored(BUYERS, REPEAT, ORGANIC).key_results
    assert buyers.story_es == (
        "«Nuevos compradores» está en 22 (meta 50, partió de 10): 0,30 a mitad del trimestre, "
        "detrás del ritmo esperado (0,50); la confianza bajó de 7 a 4 en dos semanas."
    )
    assert buyers.story_en == (
        "“Nuevos compradores” is at 22 (target 50, started at 10): 0.30 halfway through the quarter, "
        "behind the expected pace (0.50); confidence fell from 7 to 4 in two weeks."
    )
    assert repeat.story_es == (
        f"«Tasa de recompra» está en 35{NBSP}% (meta 50{NBSP}%, partió de 20{NBSP}%): 0,50 a mitad del trimestre, "
        "al ritmo esperado (0,50); la confianza está en 7/10."
    )
    assert repeat.story_en == (
        "“Tasa de recompra” is at 35% (target 50%, started at 20%): 0.50 halfway through the quarter, "
        "on the expected pace (0.50); confidence is at 7/10."
    )
    assert (
        organic.story_es
        == "«Certificación orgánica»: hito cumplido, 1,00 a mitad del trimestre; todavía sin seguimientos de confianza."
    )
    assert (
        organic.story_en
        == "“Certificación orgánica”: milestone done, 1.00 halfway through the quarter; no confidence check-ins yet."
    )


def test_a_key_result_with_no_value_and_no_check_ins_yet_says_so():
    (fresh,) = scored(KeyResultFacts("Nuevos compradores", baseline=10, target=50)).key_results
    assert fresh.story_es == (
        "«Nuevos compradores» aún no tiene valor (meta 50, partió de 10): 0,00 a mitad del trimestre, "
        "detrás del ritmo esperado (0,50); todavía sin seguimientos de confianza."
    )
    assert fresh.story_en.startswith("“Nuevos compradores” has no value yet (target 50, started at 10): 0.00")


def test_an_objective_without_check_ins_or_key_results_says_so():
    quiet = scored(KeyResultFacts("Nuevos compradores", baseline=10, target=50, current=40))
    assert quiet.story_es == (
        "Ampliar la venta directa: 0,75 a mitad del trimestre, por delante del ritmo esperado (0,50); "
        "ningún KR se está quedando atrás; todavía no hay seguimientos de confianza."
    )
    assert quiet.story_en.endswith("; no KR is slipping; no confidence check-ins yet.")
    empty = scored()
    assert (empty.story_es, empty.story_en) == (
        "Ampliar la venta directa todavía no tiene resultados clave.",
        "Ampliar la venta directa has no key results yet.",
    )


def test_lower_is_better_and_spanish_thousands_read_naturally():
    cost = KeyResultFacts("Costo por quintal", baseline=1300, target=1000, current=Decimal("1150.5"))
    (result,) = scored(cost, kind=ASPIRATIONAL).key_results
    assert result.story_es.startswith(
        "«Costo por quintal» está en 1.150,5 (meta 1.000, partió de 1.300): 0,50 a mitad del trimestre, "
        "por delante del ritmo esperado (0,35)"
    )
    assert result.story_en.startswith("“Costo por quintal” is at 1,150.5 (target 1,000, started at 1,300): 0.50")


def test_a_key_result_slipping_on_confidence_alone_is_named_by_its_confidence():
    falling = KeyResultFacts("Ferias", baseline=0, target=10, current=9, confidences=checked_in(8, 5))
    low = KeyResultFacts("Envíos", baseline=0, target=10, current=9, confidences=checked_in(2))
    result = scored(falling, low)
    assert result.story_es.endswith(
        "; la confianza en el KR «Ferias» bajó de 8 a 5 en una semana; la confianza en el KR «Envíos» está baja, en 2/10."
    )
    assert result.story_en.endswith(
        "; confidence in KR “Ferias” fell from 8 to 5 in one week; confidence in KR “Envíos” is low, at 2/10."
    )


@pytest.mark.parametrize(
    "cycle, as_of, es, en",
    [
        (Q2, date(2025, 3, 20), "antes de que empiece el trimestre", "before the quarter starts"),
        (Q2, date(2025, 4, 1), "al inicio del trimestre", "at the start of the quarter"),
        (Q2, date(2025, 4, 28), f"con el 30{NBSP}% del trimestre transcurrido", "with 30% of the quarter gone"),
        (Q2, HALF, "a mitad del trimestre", "halfway through the quarter"),
        (Q2, date(2025, 6, 30), "al cierre del trimestre", "at the end of the quarter"),
        (
            Cycle(date(2025, 1, 1), date(2025, 12, 31)),
            date(2025, 12, 31),
            "al cierre del año",
            "at the end of the year",
        ),
        (
            Cycle(date(2024, 10, 1), date(2025, 9, 30)),
            date(2024, 9, 1),
            "antes de que empiece el ciclo",
            "before the cycle starts",
        ),
    ],
)
def test_the_moment_in_the_cycle_is_said_in_words(cycle, as_of, es, en):
    result = scored(KeyResultFacts("Ventas", baseline=0, target=10, current=5), cycle=cycle, as_of=as_of)
    assert when(cycle, as_of, result.elapsed, "es") == es and f" {es}" in result.story_es
    assert when(cycle, as_of, result.elapsed, "en") == en and f" {en}" in result.story_en


@pytest.mark.parametrize(
    "days, es, en",
    [
        (0, "el mismo día", "on the same day"),
        (1, "en un día", "in one day"),
        (3, "en tres días", "in three days"),
        (7, "en una semana", "in one week"),
        (14, "en dos semanas", "in two weeks"),
        (12, "en 12 días", "in 12 days"),
        (70, "en diez semanas", "in ten weeks"),
        (77, "en 11 semanas", "in 11 weeks"),
    ],
)
def test_spans_agree_in_number_and_gender(days, es, en):
    assert (span(days, "es"), span(days, "en")) == (es, en)


def test_counts_are_spelled_out_up_to_ten_as_people_say_them():
    assert count_words(1, "week", "es") == "una semana" and count_words(1, "day", "es") == "un día"
    assert count_words(2, "day", "en") == "two days" and count_words(1500, "day", "es") == "1.500 días"


@pytest.mark.parametrize(
    "currents, kind, es, en",
    [
        (
            [10, 10],
            ASPIRATIONAL,
            "Crecer cerró el trimestre en 1,00: un éxito para un objetivo aspiracional, del que se espera 0,70; "
            "nada pasa al próximo ciclo.",
            "Crecer closed the quarter at 1.00: a success for an aspirational objective, which is expected to reach 0.70; "
            "nothing carries over to the next cycle.",
        ),
        (
            [10, 10, 3],
            ASPIRATIONAL,
            "Crecer cerró el trimestre en 0,77: un éxito para un objetivo aspiracional, del que se espera 0,70; "
            "el KR «C» (0,30) pasa al próximo ciclo.",
            "Crecer closed the quarter at 0.77: a success for an aspirational objective, which is expected to reach 0.70; "
            "KR “C” (0.30) carries over to the next cycle.",
        ),
        (
            [10, 10, 10, 3, 3],
            ASPIRATIONAL,
            "Crecer cerró el trimestre en 0,72: un éxito para un objetivo aspiracional, del que se espera 0,70; "
            "los KR «D» (0,30) y «E» (0,30) pasan al próximo ciclo.",
            "Crecer closed the quarter at 0.72: a success for an aspirational objective, which is expected to reach 0.70; "
            "KRs “D” (0.30) and “E” (0.30) carry over to the next cycle.",
        ),
        (
            [10, 3],
            ASPIRATIONAL,
            "Crecer cerró el trimestre en 0,65: por debajo del 0,70 que se espera de un objetivo aspiracional; "
            "el objetivo y el KR «B» (0,30) pasan al próximo ciclo.",
            "Crecer closed the quarter at 0.65: short of the 0.70 expected of an aspirational objective; "
            "the objective and KR “B” (0.30) carry over to the next cycle.",
        ),
        (
            [1, 2, 3],
            COMMITTED,
            "Crecer cerró el trimestre en 0,20: lejos del 1,00 que se espera de un objetivo comprometido; "
            "el objetivo y los KR «A» (0,10), «B» (0,20) y «C» (0,30) pasan al próximo ciclo.",
            "Crecer closed the quarter at 0.20: far short of the 1.00 expected of a committed objective; "
            "the objective and KRs “A” (0.10), “B” (0.20) and “C” (0.30) carry over to the next cycle.",
        ),
        (
            [],
            COMMITTED,
            "Crecer cerró el trimestre sin resultados clave; el objetivo pasa al próximo ciclo.",
            "Crecer closed the quarter with no key results; the objective carries over to the next cycle.",
        ),
    ],
)
def test_the_review_sentence_agrees_with_how_many_key_results_carry_over(currents, kind, es, en):
    review = reviewed(*currents, kind=kind)
    assert (review.story_es, review.story_en) == (es, en)


NUMERAL = re.compile(r"−?\d+(?:[.,]\d+)*")
SEAMS = ("  ", " ,", " ;", " .", ";;", ",,", "..", "()", "None", "{", "}", "%(", ": ;")


def numerals(story: str) -> set[str]:
    return set(NUMERAL.findall(story))


def figures_of(kr, elapsed, lang) -> set[str]:
    facts, trend = kr.facts, kr.confidence
    shown = {format_grade(kr.grade, lang), format_grade(kr.expected, lang), format_number(elapsed * 100, 0, lang), "10"}
    for value in (facts.baseline, facts.target, facts.current):
        if value is not None and facts.kind != KeyResultKind.MILESTONE:
            shown.add(format_value(value, lang).rstrip("%").strip(NBSP))
    for confidence in (trend.latest, trend.peak):
        if confidence is not None:
            shown.add(format_number(confidence, 0, lang))
    if trend.peak_on:
        days = (trend.latest_on - trend.peak_on).days
        shown |= {format_number(days, 0, lang), format_number(days // 7, 0, lang)}
    return shown


amounts = st.decimals(min_value=-5000, max_value=5000, places=1, allow_nan=False, allow_infinity=False)
q2_days = st.dates(min_value=Q2.start, max_value=Q2.end)


@st.composite
def key_results(draw):
    kind = draw(st.sampled_from(list(KeyResultKind)))
    baseline, target = draw(amounts), draw(amounts)
    if baseline == target:
        target = baseline + 1
    return KeyResultFacts(
        draw(st.sampled_from(["Nuevos compradores", "Tasa de recompra", "Café especial"])),
        kind,
        baseline,
        target,
        draw(st.none() | amounts),
        draw(st.booleans()),
        draw(st.integers(1, 5)),
        draw(st.lists(st.tuples(q2_days, st.integers(0, 10)), max_size=6)),
    )


@given(
    st.lists(key_results(), max_size=4),
    st.sampled_from(list(ObjectiveType)),
    st.dates(min_value=date(2025, 3, 1), max_value=date(2025, 7, 31)),
)
def test_story_numbers_are_the_computed_figures_and_the_sentences_have_no_seams(krs, kind, as_of):
    result = scored(*krs, kind=kind, as_of=as_of)
    for lang in ("es", "en"):
        everything = set()
        for kr in result.key_results:
            story = kr.story_es if lang == "es" else kr.story_en
            shown = figures_of(kr, result.elapsed, lang)
            assert format_grade(kr.grade, lang) in story
            assert numerals(story) <= shown, story
            assert story.endswith(".") and not any(seam in story for seam in SEAMS), story
            everything |= shown
        story = result.story_es if lang == "es" else result.story_en
        everything |= {format_grade(result.grade, lang), format_grade(result.expected, lang)}
        assert numerals(story) <= everything, story
        assert story.endswith(".") and not any(seam in story for seam in SEAMS), story
        if result.key_results:
            assert f": {format_grade(result.grade, lang)} " in story


def test_key_results_behind_on_pace_alone_share_one_clause_in_the_plural():
    fairs = KeyResultFacts("Ferias", baseline=0, target=10, current=1)
    shipments = KeyResultFacts("Envíos", baseline=0, target=10, current=2)
    one, two = scored(fairs), scored(fairs, shipments, BUYERS)
    assert (
        one.story_es
        == "Ampliar la venta directa: 0,10 a mitad del trimestre, detrás del ritmo esperado (0,50); el KR «Ferias» va detrás del ritmo esperado; todavía no hay seguimientos de confianza."
    )
    assert one.story_en.startswith(
        "Ampliar la venta directa: 0.10 halfway through the quarter, behind the expected pace (0.50); KR “Ferias” is behind the expected pace;"
    )
    assert two.story_es.endswith(
        "; los KR «Ferias» y «Envíos» van detrás del ritmo esperado; "
        "el KR «Nuevos compradores» va detrás del ritmo esperado y su confianza bajó de 7 a 4 en dos semanas."
    )
    assert "; KRs “Ferias” and “Envíos” are behind the expected pace; KR “Nuevos compradores” is behind" in two.story_en
