"""Datasets: typed frames from spreadsheets, Parquet versions, and metrics checked by hand."""

import contextlib
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rumbo.engine.computed.dataset_specs import measure_in
from rumbo.engine.computed.datasets import (
    ColumnType,
    Condition,
    Filter,
    Measure,
    column_types,
    compute_metrics,
    infer_types,
    metric_spec,
    parse_filter,
    parse_measure,
    read_version,
    scan_version,
    table_to_dataset,
    write_version,
)
from rumbo.engine.errors import RumboError
from rumbo.engine.spreadsheets.sheets import build_table, read_table
from rumbo.engine.vocab import Grain
from tests.engine.helpers import refusal
from tests.fuzz import examples

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sheets"
N, D, T = ColumnType.NUMBER, ColumnType.DATE, ColumnType.TEXT
JAN, FEB, MAR, APR = (date(2024, m, 1) for m in (1, 2, 3, 4))


@pytest.fixture(scope="module")
def deliveries():
    """columnas_mixtas.ods: 12 coffee deliveries by five members, January to April 2024."""
    table = read_table((FIXTURES / "columnas_mixtas.ods").read_bytes(), "entregas.ods")
    return table_to_dataset(table)


SCHEMA = {"Fecha": D, "Socio": T, "Producto": T, "Kilos": N, "Código": T, "Monto": N}


# --- types ------------------------------------------------------------------------------------


def test_column_types_are_guessed_with_spanish_rules(deliveries):
    assert deliveries.types == SCHEMA
    frame = deliveries.frame
    assert frame.schema == pl.Schema({"Fecha": pl.Date, "Socio": pl.String, "Producto": pl.String,
                                      "Kilos": pl.Float64, "Código": pl.String, "Monto": pl.Float64})  # fmt: skip
    assert frame["Fecha"][4] == date(2024, 2, 14)  # typed as text "14/02/2024" in the sheet
    assert frame["Código"].to_list()[:3] == ["101", "102", "A-7"]
    assert frame["Kilos"][4] is None


def test_a_cell_that_does_not_fit_its_column_is_emptied_and_reported(deliveries):
    assert [(p.row, p.column, p.header, p.message) for p in deliveries.problems] == [
        (6, "D", "Kilos", "«pendiente» no es un número; la celda queda vacía."),
    ]


def test_a_type_can_be_forced_and_misfits_are_reported(deliveries):
    table = read_table((FIXTURES / "columnas_mixtas.ods").read_bytes(), "entregas.ods")
    dataset = table_to_dataset(table, overrides={"código": "number", "Kilos": ColumnType.TEXT})
    assert (dataset.types["Código"], dataset.types["Kilos"]) == (N, T)
    assert dataset.frame["Kilos"].to_list()[:2] == ["100", "50"]
    assert [(p.row, p.column, p.message) for p in dataset.problems] == [
        (4, "E", "«A-7» no es un número; la celda queda vacía."),
        (12, "E", "«B-2» no es un número; la celda queda vacía."),
    ]


@pytest.mark.parametrize("late", ["01/12/9999", date(9999, 12, 1), "31/12/1899"])
def test_a_record_dated_outside_1900_2100_is_emptied_and_reported_with_its_row_and_column(late):
    rows = [["Fecha", "Kilos"], *[[date(2024, 1, d), "1"] for d in range(1, 11)], [late, "2"]]
    dataset = table_to_dataset(build_table(rows))
    assert dataset.types["Fecha"] == D and dataset.frame["Fecha"][10] is None
    assert [(p.row, p.column, p.header, p.message) for p in dataset.problems] == [
        (12, "A", "Fecha", f"«{late}» está fuera del rango de fechas admitido (1900–2100); la celda queda vacía."),
    ]
    forced = table_to_dataset(build_table(rows), overrides={"Fecha": "date"})
    assert forced.frame["Fecha"].max() == date(2024, 1, 10) and len(forced.problems) == 1


def test_an_override_for_a_missing_column_lists_the_columns(deliveries):
    table = build_table([["Fecha", "Monto"], ["01/01/2024", "1"]])
    with pytest.raises(RumboError) as error:
        table_to_dataset(table, overrides={"Precio": "number"})
    assert str(error.value) == "La columna «Precio» no existe. Columnas disponibles: Fecha, Monto."


@pytest.mark.parametrize(
    "cells, kind",
    [
        (["1.234,5", "12", "45 %", "-3", None], N),
        ([1.5, 2, "3,5", "n/d", "-"], N),
        (["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "pendiente"], N),  # 1 in 11 misfits
        (["1", "2", "x", "y"], T),
        (["31/12/2025", "01/01/2026", "ene-2024", date(2024, 5, 1)], D),
        (["2024-01-31", "2024-02-29", None], D),
        (["31/02/2024", "01/01/2024"], T),
        (["Ana", "Beto"], T),
        ([None, "", "  "], T),
        ([date(2024, 1, 1), 45292.0], T),  # a bare number in a date column is an amount
    ],
)
def test_a_column_is_a_number_a_date_or_text(cells, kind):
    table = build_table([["Columna", "Otra"], *[[c, "x"] for c in cells]])
    assert infer_types(table)["Columna"] == kind


def test_empty_and_repeated_headers_get_usable_names():
    table = build_table([["Monto", "", "monto"], ["1", "2", "3"]])
    assert list(table_to_dataset(table).types) == ["Monto", "Columna B", "monto (C)"]


# --- Parquet versions -------------------------------------------------------------------------


def test_a_version_round_trips_through_parquet_with_its_types(deliveries, tmp_path):
    path = write_version(deliveries.frame, tmp_path / "entregas" / "v1.parquet")
    assert read_version(path).equals(deliveries.frame)
    assert column_types(read_version(path)) == SCHEMA
    assert column_types(scan_version(path)) == SCHEMA
    assert list(tmp_path.joinpath("entregas").iterdir()) == [path]  # no temporary left behind


def test_a_version_is_never_overwritten(deliveries, tmp_path):
    path = write_version(deliveries.frame, tmp_path / "v1.parquet")
    with pytest.raises(FileExistsError):
        write_version(deliveries.frame.head(1), path)
    assert read_version(path).height == 12


# --- measures and filters ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, measure",
    [
        ("sum(Monto)", Measure("sum", "Monto")),
        ("  SUM ( monto ) ", Measure("sum", "Monto")),
        ("suma(Monto)", Measure("sum", "Monto")),
        ("count()", Measure("count", None)),
        ("count(Kilos)", Measure("count", "Kilos")),
        ("count_distinct(Socio)", Measure("count_distinct", "Socio")),
        ("distintos(`Socio`)", Measure("count_distinct", "Socio")),
        ("mean(Kilos)", Measure("mean", "Kilos")),
        ("promedio([Kilos])", Measure("mean", "Kilos")),
        ("median(Kilos)", Measure("median", "Kilos")),
        ("mínimo(Kilos)", Measure("min", "Kilos")),
        ("max(Kilos)", Measure("max", "Kilos")),
        ("new(Socio)", Measure("new", "Socio")),
        ("nuevos(Socio)", Measure("new", "Socio")),
        ("retained(Socio)", Measure("retained", "Socio")),
        ("churned(Socio)", Measure("churned", "Socio")),
        ("count_distinct(Codigo)", Measure("count_distinct", "Código")),
    ],
)
def test_measures_parse_into_dataclasses(text, measure):
    assert parse_measure(text, SCHEMA) == measure


@pytest.mark.parametrize(
    "text, message",
    [
        ("total(Monto)", "«total» no es una medida conocida. Las medidas son: suma, conteo, distintos, promedio, "
                         "mediana, mínimo, máximo, nuevos, retenidos y perdidos (o en inglés: sum, count, "
                         "count_distinct, mean, median, min, max, new, retained y churned)."),
        ("sum(Precio)", "La columna «Precio» no existe. Columnas disponibles: Fecha, Socio, "
                        "Producto, Kilos, Código, Monto."),
        ("sum(Socio)", "La medida sum necesita una columna de números; «Socio» no lo es."),
        ("sum()", "La medida sum necesita una columna: sum(columna)."),
        ("suma()", "La medida suma necesita una columna: suma(columna)."),
        ("promedio(Socio)", "La medida promedio necesita una columna de números; «Socio» no lo es."),
        ("Monto", "La medida «Monto» no se entiende: escriba, por ejemplo, suma(Monto) o conteo()."),
        ("", "La medida «» no se entiende: escriba, por ejemplo, suma(Monto) o conteo()."),
    ],
)  # fmt: skip
def test_bad_measures_are_explained(text, message):
    assert refusal(parse_measure, text, SCHEMA) == message


SCHEMA_SPACES = {**SCHEMA, "Precio por kg": N, "Fecha de pago": D}


@pytest.mark.parametrize(
    "text, conditions",
    [
        ("", ()),
        ('Producto = "pergamino"', (Condition("Producto", "=", "pergamino"),)),
        ("Producto = 'pergamino'", (Condition("Producto", "=", "pergamino"),)),
        ("Producto == pergamino", (Condition("Producto", "=", "pergamino"),)),
        ('producto != "Café oro"', (Condition("Producto", "!=", "Café oro"),)),
        ("Producto <> Miel", (Condition("Producto", "!=", "Miel"),)),
        ("Monto > 0", (Condition("Monto", ">", 0.0),)),
        ("Monto>=1.234,5", (Condition("Monto", ">=", 1234.5),)),
        ("Kilos <= 2,5", (Condition("Kilos", "<=", 2.5),)),
        ("Kilos < -1", (Condition("Kilos", "<", -1.0),)),
        ('Fecha >= "01/02/2024"', (Condition("Fecha", ">=", FEB),)),
        ("Fecha < 2024-03-01", (Condition("Fecha", "<", MAR),)),
        ("`Precio por kg` > 2,5", (Condition("Precio por kg", ">", 2.5),)),
        ("[Precio por kg] > 2,5", (Condition("Precio por kg", ">", 2.5),)),
        ("[Fecha de pago] >= 'ene-2024'", (Condition("Fecha de pago", ">=", JAN),)),
        ('Producto = "pergamino" y Monto > 0', (Condition("Producto", "=", "pergamino"),
                                               Condition("Monto", ">", 0.0))),
        ('Producto = "pergamino" AND Monto > 0 and Kilos > 1', (
            Condition("Producto", "=", "pergamino"), Condition("Monto", ">", 0.0),
            Condition("Kilos", ">", 1.0))),
    ],
)  # fmt: skip
def test_filters_parse_into_conditions(text, conditions):
    assert parse_filter(text, SCHEMA_SPACES) == Filter(conditions)


@pytest.mark.parametrize(
    "text, message",
    [
        ("Producto", "El filtro «Producto» no se entiende cerca de «Producto». Escriba, por ejemplo: "
                     "Producto = \"pergamino\" y Monto > 0."),
        ("Monto > ", "El filtro «Monto > » no se entiende cerca de «Monto >». Escriba, por ejemplo: "
                     "Producto = \"pergamino\" y Monto > 0."),
        ("Monto > 0 Kilos > 1", "El filtro «Monto > 0 Kilos > 1» no se entiende cerca de «Kilos». "
                                "Escriba, por ejemplo: Producto = \"pergamino\" y Monto > 0."),
        ("Precio por kg > 2", "El filtro «Precio por kg > 2» no se entiende cerca de «Precio por kg». "
                              "Escriba, por ejemplo: Producto = \"pergamino\" y Monto > 0."),
        ('Producto = "pergamino', "El filtro «Producto = \"pergamino» no se entiende cerca de "
                                  "«\"pergamino». Escriba, por ejemplo: Producto = \"pergamino\" y Monto > 0."),
        ("Monto > 0 o Kilos > 1", "En un filtro las condiciones solo se unen con «y»: «Monto > 0 o Kilos > 1»."),
        ("Precio = 3", "La columna «Precio» no existe. Columnas disponibles: Fecha, Socio, Producto, "
                       "Kilos, Código, Monto."),
        ("Producto > 'a'", "«Producto» es una columna de texto: solo se puede comparar con = o !=."),
        ("Monto > mucho", "«mucho» no es un número."),
        ("Fecha > ayer", "«ayer» no es una fecha ni un periodo reconocible. Escriba, por ejemplo, "
                         "31/12/2025, ene-2024, T1 2024, 2024 o 2023/24."),
    ],
)  # fmt: skip
def test_bad_filters_are_explained(text, message):
    assert refusal(parse_filter, text, SCHEMA) == message


@pytest.mark.parametrize(
    "columns, date_column, message",
    [
        (SCHEMA, None, "Falta la columna de fecha. Columnas de fecha disponibles: Fecha."),
        (SCHEMA, "Monto", "«Monto» no es una columna de fecha. Columnas de fecha disponibles: Fecha."),
        ({"Socio": T, "Monto": N}, None, "Los datos no tienen ninguna columna de fecha, y una "
                                         "métrica necesita una para repartir los registros por periodo."),
    ],
)  # fmt: skip
def test_a_metric_needs_a_date_column(columns, date_column, message):
    assert refusal(metric_spec, "m", "count()", date_column, "month", columns=columns) == message


@pytest.mark.parametrize(
    "grain, expected",
    [("month", Grain.MONTH), ("mes", Grain.MONTH), ("Semana", Grain.WEEK), ("día", Grain.DAY),
     ("trimestre", Grain.QUARTER), ("año", Grain.YEAR), (Grain.HARVEST, Grain.HARVEST)],
)  # fmt: skip
def test_grains_are_named_in_english_or_spanish(grain, expected):
    assert metric_spec("m", "count()", "Fecha", grain, columns=SCHEMA).grain == expected


def test_an_unknown_grain_is_explained():
    with pytest.raises(RumboError) as error:
        metric_spec("m", "count()", "Fecha", "quincena", columns=SCHEMA)
    assert str(error.value) == "«quincena» no es un periodo válido: use día, semana, mes, trimestre, año o cosecha."


# --- metrics, checked against values computed by hand ------------------------------------------
# Deliveries (month: member product kilos monto):
#   Jan: Ana Pergamino 100 250 · Beto pergamino 50 125,5 · Ana Cereza 30 40
#   Feb: Ana Pergamino 80 200 · Carla Pergamino – 0 · Beto Miel 10 60
#   Mar: Carla Café oro 60 300 · Dora Pergamino 40 100 · Carla pergamino 20 50
#   Apr: Ana PERGAMINO 90 225 · Eva Cereza 15 20 · Dora Pergamino 35 87,5

HAND_COMPUTED = [
    ("sum(Monto)", "month", "", [(JAN, 415.5), (FEB, 260), (MAR, 450), (APR, 332.5)]),
    ("count()", "month", "", [(JAN, 3), (FEB, 3), (MAR, 3), (APR, 3)]),
    ("count(Kilos)", "month", "", [(JAN, 3), (FEB, 2), (MAR, 3), (APR, 3)]),
    ("count_distinct(Socio)", "month", "", [(JAN, 2), (FEB, 3), (MAR, 2), (APR, 3)]),
    ("mean(Kilos)", "month", "", [(JAN, 60), (FEB, 45), (MAR, 40), (APR, 140 / 3)]),
    ("median(Kilos)", "month", "", [(JAN, 50), (FEB, 45), (MAR, 40), (APR, 35)]),
    ("min(Kilos)", "month", "", [(JAN, 30), (FEB, 10), (MAR, 20), (APR, 15)]),
    ("max(Kilos)", "month", "", [(JAN, 100), (FEB, 80), (MAR, 60), (APR, 90)]),
    ("sum(Monto)", "month", 'Producto = "pergamino"',
     [(JAN, 375.5), (FEB, 200), (MAR, 150), (APR, 312.5)]),
    ("sum(Monto)", "month", "Producto = 'cafe oro'", [(MAR, 300)]),
    ("count()", "month", "Producto != pergamino y Monto > 30", [(JAN, 1), (FEB, 1), (MAR, 1)]),
    ("sum(Kilos)", "month", "Fecha >= 01/03/2024 y Kilos > 30", [(MAR, 100), (APR, 125)]),
    ("new(Socio)", "month", "", [(JAN, 2), (FEB, 1), (MAR, 1), (APR, 1)]),
    ("new(Socio)", "month", "Producto = pergamino", [(JAN, 2), (FEB, 1), (MAR, 1), (APR, 0)]),
    ("retained(Socio)", "month", "", [(FEB, 1.0), (MAR, 1 / 3), (APR, 0.5)]),
    ("churned(Socio)", "month", "", [(FEB, 0.0), (MAR, 2 / 3), (APR, 0.5)]),
    ("sum(Monto)", "quarter", "", [(JAN, 1125.5), (APR, 332.5)]),
    ("new(Socio)", "quarter", "", [(JAN, 4), (APR, 1)]),
    ("retained(Socio)", "quarter", "", [(APR, 0.5)]),  # Q1 {Ana Beto Carla Dora} → Q2 {Ana Dora}
    ("sum(Monto)", "year", "", [(JAN, 1458)]),
    ("sum(Monto)", "harvest", "", [(date(2023, 10, 1), 1458)]),
    ("count()", "week", "Fecha < 01/02/2024",
     [(date(2024, 1, 1), 1), (date(2024, 1, 15), 1), (date(2024, 1, 22), 1)]),
    ("count()", "day", "Socio = ana y Fecha < 01/02/2024", [(date(2024, 1, 5), 1), (date(2024, 1, 25), 1)]),
    ("sum(Monto)", "month", "Producto = té", []),
]  # fmt: skip


@pytest.mark.parametrize("measure, grain, filter, expected", HAND_COMPUTED)
def test_each_measure_matches_the_hand_computed_values(deliveries, measure, grain, filter, expected):
    spec = metric_spec("m", measure, "Fecha", grain, filter, columns=deliveries.types)
    got = compute_metrics(deliveries.frame, [spec])["m"]
    assert [p for p, _ in got] == [p for p, _ in expected]
    assert [v for _, v in got] == pytest.approx([v for _, v in expected])


def test_all_metrics_computed_together_equal_each_computed_alone(deliveries, tmp_path):
    specs = [
        metric_spec(f"m{i}", measure, "Fecha", grain, filter, columns=deliveries.types)
        for i, (measure, grain, filter, _) in enumerate(HAND_COMPUTED)
    ]
    together = compute_metrics(deliveries.frame, specs)
    path = write_version(deliveries.frame, tmp_path / "v1.parquet")
    from_parquet = compute_metrics(scan_version(path), specs)
    for i, (_, _, _, expected) in enumerate(HAND_COMPUTED):
        assert [p for p, _ in together[f"m{i}"]] == [p for p, _ in expected]
        assert [v for _, v in together[f"m{i}"]] == pytest.approx([v for _, v in expected])
    assert from_parquet == together


def test_rows_without_a_date_are_left_out():
    frame = pl.DataFrame({"Fecha": [JAN, None], "Monto": [1.0, 5.0]})
    spec = metric_spec("m", "sum(Monto)", "Fecha", "month", columns=column_types(frame))
    assert compute_metrics(frame, [spec]) == {"m": [(JAN, 1.0)]}


# --- properties -------------------------------------------------------------------------------

MEMBERS = st.sampled_from(["ana", "beto", "carla", "dora", None])


@settings(max_examples=examples(60), deadline=None)
@given(st.lists(st.tuples(st.integers(0, 200), MEMBERS), min_size=1, max_size=40))
def test_entity_measures_agree_with_a_plain_python_count(visits):
    days = [date(2024, 1, 1) + timedelta(days=d) for d, _ in visits]
    frame = pl.DataFrame({"Fecha": days, "Socio": [m for _, m in visits]})
    schema = column_types(frame)
    specs = [metric_spec(m, f"{m}(Socio)", "Fecha", "month", columns=schema)
             for m in ("new", "retained", "churned")]  # fmt: skip
    got = compute_metrics(frame, specs)

    active = defaultdict(set)
    for day, (_, member) in zip(days, visits):
        active[day.replace(day=1)]
        if member:
            active[day.replace(day=1)].add(member)
    first = {}
    for month in sorted(active):
        for member in active[month]:
            first.setdefault(member, month)
    new = [(m, float(sum(1 for f in first.values() if f == m))) for m in sorted(active)]
    retained = []
    months = sorted(active)
    month = months[0]
    while month < months[-1]:
        following = (month + timedelta(days=32)).replace(day=1)
        if active.get(month):
            kept = len(active[month] & active.get(following, set()))
            retained.append((following, kept / len(active[month])))
        month = following
    assert got["new"] == new
    assert [p for p, _ in got["retained"]] == [p for p, _ in retained]
    assert [v for _, v in got["retained"]] == pytest.approx([v for _, v in retained])
    assert [v for _, v in got["churned"]] == pytest.approx([1 - v for _, v in retained])


FILTER_TEXT = st.text(alphabet=" =<>!'\"`[]yandoMontoProductoFecha0123456789,.-", max_size=40)


@settings(deadline=None)
@given(FILTER_TEXT)
def test_any_filter_text_parses_or_gives_a_rumbo_error(text):
    try:
        parsed = parse_filter(text, SCHEMA)
    except RumboError:
        return
    assert all(isinstance(c, Condition) for c in parsed.conditions)


@settings(deadline=None)
@given(st.text(alphabet="sumcountnewax_()`[] MontoSocio", max_size=25))
def test_any_measure_text_parses_or_gives_a_rumbo_error(text):
    with contextlib.suppress(RumboError):
        parse_measure(text, SCHEMA)


NUMBER_TEXT = st.one_of(
    st.from_regex(r"[+-]?\d{1,7}([.,]\d{1,4})?", fullmatch=True),
    st.from_regex(r"[1-9]\d{0,2}(\.\d{3}){1,3}(,\d{1,3})?", fullmatch=True),
    st.from_regex(r"0[.,]\d{1,4}", fullmatch=True),
    st.sampled_from(
        [
            "-",
            "n/d",
            " 12 ",
            "1,234.5",
            "45 %",
            "(3,5)",
            "abc",
            "",
            "31/12/2024",
            "ene-2024",
            "2024",
            "31/02/2024",
            "N/A",
        ]
    ),
)


@settings(deadline=None)
@given(st.lists(NUMBER_TEXT, min_size=1, max_size=30))
def test_reading_a_text_column_with_polars_agrees_with_reading_it_cell_by_cell(cells):
    from rumbo.engine.computed.datasets import _convert, _convert_each

    for kind in (N, D, T):
        by_polars, bad, blanks = _convert(cells, kind, 10)
        assert (list(by_polars), bad, blanks) == _convert_each(cells, kind, 10)


@pytest.mark.parametrize(
    "stored, lang, shown",
    [
        ("mean(Monto)", "es", "promedio(Monto)"),
        ("count()", "es", "conteo()"),
        ("count_distinct(Socio)", "es", "distintos(Socio)"),
        ("max(Kilos)", "es", "máximo(Kilos)"),
        ("churned(Socio)", "es", "perdidos(Socio)"),
        ("mean(Monto)", "en", "mean(Monto)"),
        ("suma(Monto)", "en", "sum(Monto)"),
        ("no es una medida", "es", "no es una medida"),
    ],
)  # fmt: skip
def test_a_stored_measure_is_shown_by_its_name_in_the_page_language(stored, lang, shown):
    assert measure_in(stored, lang) == shown
    if shown != stored or lang == "en":
        assert parse_measure(shown, SCHEMA) == parse_measure(stored, SCHEMA)  # what is shown reads back the same
