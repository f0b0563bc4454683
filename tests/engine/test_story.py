"""The sentences each KPI and objective tells: wording, grammar, and figures that match the reading."""

import re
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rumbo.engine.numbers import NBSP
from rumbo.engine.status.board import evaluate, summarise_objective
from rumbo.engine.status.phrases import STATUS_WORDS, amount, period_phrase, status_word
from rumbo.engine.status.readings import KpiFacts, PeriodValue, TargetSpan
from rumbo.engine.timeline.periods import period_end, period_start, shift
from rumbo.engine.vocab import Aggregation, Direction, Grain, Kind, Nature, Status

D = Decimal
TODAY = date(2024, 4, 10)
COFFEE = KpiFacts(name="Acopio de café", name_en="Coffee collected", unit="qq")
HARVEST = TargetSpan(date(2023, 10, 1), date(2024, 9, 30), D(10_000))


def month(m: int, year: int = 2024) -> date:
    return date(year, m, 1)


def per_period(period: date, value=None, grain=Grain.MONTH, **bounds) -> TargetSpan:
    return TargetSpan(period, period_end(period, grain), None if value is None else D(value), **bounds)


def read(facts, pairs: dict, targets=(), today=TODAY):
    vals = [PeriodValue(p, None if v is None else D(v)) for p, v in pairs.items()]
    return evaluate(facts, vals, list(targets), today=today)


HARVEST_SO_FAR = {
    month(10, 2023): 500,
    month(11, 2023): 600,
    month(12, 2023): 700,
    month(1): 700,
    month(2): 660,
    month(3): 1240,
}


def test_the_decks_example_sentence():
    reading = read(COFFEE, HARVEST_SO_FAR, [per_period(month(3), 1409), HARVEST])
    assert reading.story["es"].startswith(
        "Acopio de café: 1.240 qq en marzo 2024, 12\u00a0% bajo la meta del mes; "
        "al ritmo actual cerrará la cosecha en 88\u00a0% de la meta. "
    )
    assert reading.story["en"].startswith(
        "Coffee collected: 1,240 qq in March 2024, 12% below the month's target; "
        "at the current pace the harvest will close at 88% of the target. "
    )


def test_without_a_months_target_it_tells_the_harvests_pace():
    reading = read(COFFEE, HARVEST_SO_FAR, [HARVEST])
    assert reading.story["es"].startswith(
        "Acopio de café: 1.240 qq en marzo 2024; la cosecha acumula 4.400 qq, 12\u00a0% por debajo de lo "
        "previsto, y al ritmo actual cerrará en 88\u00a0% de la meta."
    )
    assert reading.story["en"].startswith(
        "Coffee collected: 1,240 qq in March 2024; the harvest has 4,400 qq so far, 12% below plan, "
        "and at the current pace will close at 88% of the target."
    )


def test_a_closed_span_says_where_it_closed():
    rate = KpiFacts(name="Tasa de conversión", unit="%", decimals=1, aggregation=Aggregation.RATIO, ratio_scale=D(100))
    vals = [
        PeriodValue(month(m), D(n) / D(d) * 100, D(n), D(d)) for m, n, d in [(1, 10, 100), (2, 30, 200), (3, 5, 100)]
    ]
    reading = evaluate(rate, vals, [TargetSpan(month(1), date(2024, 3, 31), D(12))], today=TODAY)
    assert reading.story["es"] == (
        "Tasa de conversión: 5,0\u00a0% en marzo 2024; el trimestre cerró en 94\u00a0% "
        "de la meta. Baja 67\u00a0% frente a febrero 2024."
    )


@pytest.mark.parametrize(
    "facts, pairs, targets, es, en",
    [
        pytest.param(
            KpiFacts(name="Costo de transporte por kg", unit="US$", decimals=2, direction=Direction.DOWN),
            {month(3): "0.33"},
            [per_period(month(3), "0.30")],
            "Costo de transporte por kg: US$ 0,33 en marzo 2024, 10\u00a0% sobre la meta del mes.",
            "Costo de transporte por kg: US$ 0.33 in March 2024, 10% above the month's target.",
            id="lower-is-better",
        ),
        pytest.param(
            KpiFacts(
                name="Días de inventario",
                name_en="Days of inventory",
                unit="días",
                unit_en="days",
                direction=Direction.BAND,
            ),
            {month(3): 45},
            [per_period(month(3), low=D(30), high=D(60))],
            "Días de inventario: 45 días en marzo 2024, dentro de la meta del mes (entre 30 y 60 días).",
            "Days of inventory: 45 days in March 2024, within the month's target (between 30 and 60 days).",
            id="band-inside",
        ),
        pytest.param(
            KpiFacts(name="Días de inventario", unit="días", direction=Direction.BAND),
            {month(3): 66},
            [per_period(month(3), low=D(30), high=D(60))],
            "Días de inventario: 66 días en marzo 2024, 10\u00a0% sobre el máximo de la meta del mes (60 días).",
            "Días de inventario: 66 días in March 2024, 10% above the maximum of the month's target (60 días).",
            id="band-above",
        ),
        pytest.param(
            KpiFacts(
                name="Fiabilidad del transportista",
                decimals=1,
                nature=Nature.QUALITATIVE,
                scale_min=D(1),
                scale_max=D(5),
            ),
            {month(3): "4.6"},
            [per_period(month(3), 5)],
            "Fiabilidad del transportista: 4,6 en marzo 2024, 0,4 bajo la meta del mes (5,0).",
            "Fiabilidad del transportista: 4.6 in March 2024, 0.4 below the month's target (5.0).",
            id="likert",
        ),
        pytest.param(
            KpiFacts(name="Accidentes con baja", direction=Direction.DOWN),
            {month(3): 2},
            [per_period(month(3), 0)],
            "Accidentes con baja: 2 en marzo 2024, 2 sobre la meta del mes (0).",
            "Accidentes con baja: 2 in March 2024, 2 above the month's target (0).",
            id="zero-target",
        ),
        pytest.param(
            KpiFacts(name="Ventas cerradas por mes"),
            {month(3): 12},
            [per_period(month(3), 12)],
            "Ventas cerradas por mes: 12 en marzo 2024, justo en la meta del mes.",
            "Ventas cerradas por mes: 12 in March 2024, right on the month's target.",
            id="on-target",
        ),
        pytest.param(
            KpiFacts(name="Ventas", unit="US$"),
            {month(3): 100_001},
            [per_period(month(3), 100_000)],
            "Ventas: US$ 100.001 en marzo 2024, prácticamente en la meta del mes.",
            "Ventas: US$ 100,001 in March 2024, practically on the month's target.",
            id="rounds-to-nothing",
        ),
        pytest.param(
            KpiFacts(name="Ventas", unit="US$"),
            {month(3): 100_400},
            [per_period(month(3), 100_000)],
            "Ventas: US$ 100.400 en marzo 2024, 0,4\u00a0% sobre la meta del mes.",
            "Ventas: US$ 100,400 in March 2024, 0.4% above the month's target.",
            id="under-one-percent",
        ),
        pytest.param(
            KpiFacts(name="Ventas cerradas por mes"),
            {month(3): 12},
            [],
            "Ventas cerradas por mes: 12 en marzo 2024, sin meta definida.",
            "Ventas cerradas por mes: 12 in March 2024, no target set.",
            id="kpi-without-target",
        ),
        pytest.param(
            KpiFacts(name="Llamadas por día", kind=Kind.METRIC, grain=Grain.DAY),
            {date(2024, 4, 8): 45},
            [],
            "Llamadas por día: 45 el 08/04/2024.",
            "Llamadas por día: 45 on 04/08/2024.",
            id="metric-without-target",
        ),
        pytest.param(KpiFacts(name="NPS"), {}, [], "NPS: sin datos todavía.", "NPS: no data yet.", id="no-data"),
        pytest.param(
            KpiFacts(name="NPS", start=date(2024, 1, 15)),
            {},
            [],
            "NPS: sin datos desde enero 2024.",
            "NPS: no data since January 2024.",
            id="no-data-since-start",
        ),
    ],
)
def test_each_kind_of_kpi_tells_its_own_sentence(facts, pairs, targets, es, en):
    reading = read(facts, pairs, targets)
    assert reading.story == {"es": es, "en": en}


@pytest.mark.parametrize(
    "pairs, es, en",
    [
        (
            {month(12, 2023): 1200},
            "Faltan 3 datos desde enero 2024.",
            "The values for 3 periods since January 2024 are missing.",
        ),
        ({month(2): 1200}, "Falta el dato de marzo 2024.", "The value for March 2024 is missing."),
        (
            {month(3, 2023): 1000, month(2): 1, month(3): 1240},
            "Sube 24\u00a0% frente a marzo 2023.",
            "Up 24% from March 2023.",
        ),
        ({month(2): 1300, month(3): 1040}, "Baja 20\u00a0% frente a febrero 2024.", "Down 20% from February 2024."),
        ({month(2): 1240, month(3): 1240}, "Igual que en febrero 2024.", "Same as in February 2024."),
        ({month(2): 0, month(3): 40}, "Sube 40 qq frente a febrero 2024.", "Up 40 qq from February 2024."),
    ],
)
def test_the_second_sentence_tells_what_is_missing_or_how_it_moved(pairs, es, en):
    reading = read(COFFEE, pairs)
    assert reading.story["es"].endswith(" " + es)
    assert reading.story["en"].endswith(" " + en)


@pytest.mark.parametrize(
    "preposition, period, grain, expected",
    [
        ("en", date(2024, 3, 1), Grain.MONTH, "en marzo 2024"),
        ("en", date(2025, 12, 31), Grain.DAY, "el 31/12/2025"),
        ("a", date(2025, 12, 31), Grain.DAY, "al 31/12/2025"),
        ("de", date(2024, 1, 1), Grain.QUARTER, "del T1 2024"),
        ("en", date(2024, 3, 18), Grain.WEEK, "en la semana 12 de 2024"),
        ("de", date(2023, 10, 1), Grain.HARVEST, "de la cosecha 2023/24"),
        ("a", date(2024, 7, 1), Grain.YEAR, "al ejercicio 2024/25"),
        ("desde", date(2024, 1, 1), Grain.YEAR, "desde 2024"),
        ("in", date(2023, 10, 1), Grain.HARVEST, "in the 2023/24 harvest"),
        ("in", date(2025, 12, 31), Grain.DAY, "on 12/31/2025"),
        ("from", date(2024, 1, 1), Grain.QUARTER, "from Q1 2024"),
    ],
)
def test_periods_take_their_article_and_its_contractions(preposition, period, grain, expected):
    lang = "en" if preposition in ("in", "from") else "es"
    assert period_phrase(preposition, period, grain, lang) == expected


def test_status_words_are_the_ones_people_use():
    assert [STATUS_WORDS["es"][s] for s in Status] == ["Va por buen rumbo", "En riesgo", "Fuera de rumbo", "Sin datos"]
    assert [STATUS_WORDS["en"][s] for s in Status] == ["On track", "At risk", "Off track", "No data"]
    assert status_word(read(COFFEE, {month(3): 5}), "es") == "Sin meta"
    assert status_word(read(COFFEE, {}), "en") == "No data"
    assert status_word(read(COFFEE, {month(3): 5}, [per_period(month(3), 5)]), "es-419") == "Va por buen rumbo"


def test_units_sit_where_people_write_them():
    assert amount(D("12.5"), KpiFacts(name="x", unit="%", decimals=1), "es") == f"12,5{NBSP}%"
    assert amount(D("12.5"), KpiFacts(name="x", unit="%", decimals=1), "en") == "12.5%"
    assert amount(D(1240), KpiFacts(name="x", unit="US$"), "es") == "US$ 1.240"
    assert amount(D(-3), KpiFacts(name="x", unit="qq"), "es") == "−3 qq"


def kpi_reading(name: str, status: Status, kind: Kind = Kind.KPI, with_target: bool = True):
    value = {Status.ON_TRACK: 100, Status.AT_RISK: 95, Status.OFF_TRACK: 50, Status.NO_DATA: None}[status]
    targets = [per_period(month(3), 100)] if with_target else []
    return read(KpiFacts(name=name, kind=kind), {month(3): value}, targets)


ON, RISK, OFF, NONE = Status.ON_TRACK, Status.AT_RISK, Status.OFF_TRACK, Status.NO_DATA


@pytest.mark.parametrize(
    "statuses, es, en",
    [
        (
            [ON, ON, OFF],
            "2 de 3 indicadores van por buen rumbo; «K3» necesita atención",
            "2 of 3 indicators are on track; “K3” needs attention",
        ),
        (
            [ON, RISK, OFF],
            "1 de 3 indicadores va por buen rumbo; «K3» y «K2» necesitan atención",
            "1 of 3 indicators is on track; “K3” and “K2” need attention",
        ),
        ([ON], "su indicador va por buen rumbo", "its indicator is on track"),
        ([ON, ON], "los 2 indicadores van por buen rumbo", "both indicators are on track"),
        ([ON, ON, ON], "los 3 indicadores van por buen rumbo", "all 3 indicators are on track"),
        (
            [ON, NONE],
            "1 indicador va por buen rumbo; 1 indicador sin datos",
            "1 indicator is on track; 1 indicator without data",
        ),
        (
            [ON, ON, NONE, NONE],
            "2 indicadores van por buen rumbo; 2 indicadores sin datos",
            "2 indicators are on track; 2 indicators without data",
        ),
        (
            [OFF],
            "ningún indicador va por buen rumbo; «K1» necesita atención",
            "no indicator is on track; “K1” needs attention",
        ),
        (
            [OFF, OFF, RISK, RISK, OFF],
            "ningún indicador va por buen rumbo; «K1», «K2», «K5» y 2 más necesitan atención",
            "no indicator is on track; “K1”, “K2”, “K5” and 2 more need attention",
        ),
        (
            [NONE, NONE],
            "todavía no se puede evaluar; 2 indicadores sin datos",
            "cannot be judged yet; 2 indicators without data",
        ),
        ([], "todavía no tiene indicadores", "has no indicators yet"),
    ],
)
def test_an_objective_counts_its_kpis_in_correct_spanish(statuses, es, en):
    readings = [kpi_reading(f"K{i + 1}", s) for i, s in enumerate(statuses)]
    summary = summarise_objective(readings, name="Aumentar las ventas directas", name_en="Grow direct sales")
    assert summary.story == {"es": f"Aumentar las ventas directas: {es}.", "en": f"Grow direct sales: {en}."}


def test_the_decks_objective_example():
    readings = [
        kpi_reading("Llamadas por día", ON),
        kpi_reading("Mensajes enviados", ON),
        kpi_reading("Ventas cerradas por mes", OFF),
    ]
    summary = summarise_objective(readings, name="Aumentar las ventas directas")
    assert summary.story["es"] == (
        "Aumentar las ventas directas: 2 de 3 indicadores van por buen rumbo; "
        "«Ventas cerradas por mes» necesita atención."
    )


def test_a_kpi_without_target_is_news_but_a_metric_without_one_is_not():
    readings = [
        kpi_reading("A", ON),
        kpi_reading("B", NONE, with_target=False),
        kpi_reading("C", ON, kind=Kind.METRIC, with_target=False),
    ]
    readings[1] = read(KpiFacts(name="B"), {month(3): 3})
    summary = summarise_objective(readings, name="Objetivo")
    assert summary.story["es"] == "Objetivo: 1 indicador va por buen rumbo; 1 indicador sin meta."


def test_an_objective_without_a_name_still_reads_as_a_sentence():
    summary = summarise_objective([kpi_reading("A", ON)])
    assert summary.story["es"] == "Su indicador va por buen rumbo."


SEAMS = re.compile(r"None|  | ,| \.|\.\.|\{|\}|(?<![\d.,])1 indicadores|(?<![\d.,])1 indicators|nan|Decimal")

directions = st.sampled_from(list(Direction))
aggregations = st.sampled_from(list(Aggregation))
grains = st.sampled_from([Grain.DAY, Grain.WEEK, Grain.MONTH, Grain.QUARTER, Grain.HARVEST])
amounts = st.one_of(st.none(), st.decimals(min_value=-5000, max_value=50_000, places=2))
positive = st.decimals(min_value=1, max_value=50_000, places=2)


@settings(deadline=None)
@given(
    directions,
    aggregations,
    grains,
    st.lists(amounts, min_size=0, max_size=30),
    st.one_of(st.none(), positive),
    st.booleans(),
    st.sampled_from(["", "qq", "%", "US$"]),
    st.integers(min_value=0, max_value=2),
)
def test_no_sentence_has_a_template_seam(direction, aggregation, grain, figures, target, span, unit, decimals):
    facts = KpiFacts(
        name="Indicador", unit=unit, decimals=decimals, direction=direction, grain=grain, aggregation=aggregation
    )
    today = date(2024, 4, 10)
    last = shift(period_start(today, grain), grain, -1)
    vals = [PeriodValue(shift(last, grain, -i), f) for i, f in enumerate(figures)]
    targets = []
    if target is not None:
        bounds = {"low": target * D("0.8"), "high": target * D("1.2")} if direction == Direction.BAND else {}
        end = period_end(shift(last, grain, 3 if span else 0), grain)
        targets.append(TargetSpan(shift(last, grain, -2) if span else last, end, target, **bounds))
    reading = evaluate(facts, vals, targets, today=today)
    summary = summarise_objective([reading], name="Objetivo")
    for text in (*reading.story.values(), *summary.story.values()):
        assert not SEAMS.search(text), text
        assert text.endswith(".") and text[0].isupper()


def es_number(text: str) -> Decimal:
    return D(text.replace("−", "-").replace(".", "").replace(",", "."))


@settings(deadline=None)
@given(
    st.decimals(min_value=0, max_value=100_000, places=1),
    st.decimals(min_value=1, max_value=100_000, places=0),
    st.integers(min_value=0, max_value=2),
)
def test_the_figures_in_the_sentence_are_the_computed_ones(value, target, decimals):
    facts = KpiFacts(name="Acopio de café", unit="qq", decimals=decimals)
    reading = read(facts, {month(3): value}, [per_period(month(3), target), HARVEST])
    text = reading.story["es"]
    found = re.match(
        r"Acopio de café: (?P<value>[\d.,]+) qq en marzo 2024, "
        r"(?:(?P<gap>[\d.,]+)\u00a0% (?:bajo|sobre)|justo en|prácticamente en) la meta del mes"
        r"; al ritmo actual cerrará la cosecha en (?P<share>[\d.,]+)\u00a0% de la meta\.",
        text,
    )
    assert found, text
    assert abs(es_number(found["value"]) - value) <= D("0.5") * D(10) ** -decimals
    if found["gap"]:
        shown = es_number(found["gap"])
        places = len(found["gap"].partition(",")[2])
        assert abs(shown - abs(reading.gap_ratio) * 100) <= D("0.5") * D(10) ** -places
        assert (" bajo " in text) == (reading.gap < 0)
    elif "justo" in text:
        assert reading.gap == 0
    places = len(found["share"].partition(",")[2])
    assert abs(es_number(found["share"]) - reading.pace.projected_share * 100) <= D("0.5") * D(10) ** -places


@settings(deadline=None)
@given(st.decimals(min_value=1, max_value=10_000, places=0), st.decimals(min_value=1, max_value=10_000, places=0))
def test_the_trend_figure_is_the_computed_change(before, now):
    reading = read(COFFEE, {month(3, 2023): before, month(3): now})
    text = reading.story["en"]
    found = re.search(
        r"(Up|Down) (?P<pct>[\d.,]+)% from March 2023\.$|Same as in March 2023\.$|"
        r"Practically the same as in March 2023\.$",
        text,
    )
    assert found, text
    if found["pct"]:
        assert (found[1] == "Up") == (now > before)
        shown = D(found["pct"].replace(",", ""))
        places = len(found["pct"].partition(".")[2])
        assert abs(shown - abs(reading.trend.year_change_ratio) * 100) <= D("0.5") * D(10) ** -places
