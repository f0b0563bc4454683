"""KPI values from spreadsheets in the long and wide layouts, with every bad cell reported."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rumbo.engine.spreadsheets.sheets import build_table, read_table
from rumbo.engine.spreadsheets.value_import import ACROSS, LONG, WIDE, name_key, parse_values
from rumbo.engine.vocab import Grain

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sheets"
D = date


def from_fixture(name):
    return parse_values(read_table((FIXTURES / name).read_bytes(), name))


def rows_of(result):
    return [(r.kpi, r.period, r.value, r.note, r.row, r.column) for r in result.rows]


def problems_of(result):
    return [(p.row, p.column, p.message) for p in result.problems]


LONG_XLSX_ROWS = [
    ("Ventas totales", D(2024, 1, 1), Decimal("12345.5"), "", 2, "C"),
    ("Ventas totales", D(2024, 2, 1), Decimal("13100"), "Feria regional", 3, "C"),
    ("Socios activos", D(2024, 1, 1), Decimal("312"), "", 4, "C"),
    ("Socios activos", D(2024, 4, 1), Decimal("320"), "", 5, "C"),
    ("Margen bruto", D(2024, 3, 1), Decimal("23.5"), "estimado", 6, "C"),
    ("Kilos acopiados", D(2023, 10, 1), Decimal("45000"), "", 7, "C"),
    ("Kilos acopiados", D(2024, 10, 1), Decimal("51234.75"), "", 8, "C"),
    ("Precio promedio", D(2024, 3, 31), Decimal("185.20"), "", 9, "C"),
]


@pytest.mark.parametrize("name", ["valores_largo.xlsx", "valores_largo.xls"])
def test_the_long_layout_reads_spanish_numbers_and_periods(name):
    result = from_fixture(name)
    assert (result.layout, result.ok) == (LONG, True)
    assert rows_of(result) == LONG_XLSX_ROWS
    assert result.kpi_names == (
        "Ventas totales", "Socios activos", "Margen bruto", "Kilos acopiados", "Precio promedio",
    )  # fmt: skip
    assert result.columns == {"kpi": "A", "period": "B", "value": "C", "note": "D"}
    assert [r.grain for r in result.rows][2:7] == [
        Grain.QUARTER, Grain.QUARTER, Grain.MONTH, Grain.HARVEST, Grain.HARVEST,
    ]  # fmt: skip


def test_the_wide_layout_has_one_column_per_kpi_and_skips_empty_cells():
    result = from_fixture("valores_ancho.ods")
    assert (result.layout, result.ok) == (WIDE, True)
    assert result.kpi_names == ("Ventas totales", "Socios activos", "Precio promedio (USD/qq)")
    got = {(r.kpi, r.period): (r.value, r.row, r.column) for r in result.rows}
    assert len(got) == 10
    assert got[("Ventas totales", D(2024, 4, 1))] == (Decimal("14020.25"), 5, "B")
    assert got[("Precio promedio (USD/qq)", D(2024, 1, 1))] == (Decimal("185.2"), 2, "D")
    assert ("Ventas totales", D(2024, 3, 1)) not in got
    assert ("Socios activos", D(2024, 4, 1)) not in got


@pytest.mark.parametrize(
    "name, expected",
    [
        ("ventas_cp1252.csv", [
            ("Ventas café pergamino", D(2024, 1, 1), Decimal("1234.56"), "Señal débil", 2, "C"),
            ("Ventas café pergamino", D(2024, 2, 1), Decimal("987.50"), "", 3, "C"),
            ("Participación de socias", D(2024, 1, 1), Decimal("45"), "Asamblea de enero", 4, "C"),
        ]),
        ("valores_bom.csv", [
            ("Sales", D(2024, 1, 31), Decimal("1234.50"), "", 2, "C"),
            ("Sales", D(2024, 2, 29), Decimal("980.25"), "promo, fair", 3, "C"),
            ("Members", D(2024, 1, 1), Decimal("312"), "", 4, "C"),
        ]),
        ("titulo_encima.xlsx", [
            ("Ventas totales", D(2024, 1, 1), Decimal("12345.5"), "", 5, "C"),
            ("Ventas totales", D(2024, 2, 1), Decimal("13100"), "", 6, "C"),
            ("Socios activos", D(2024, 1, 1), Decimal("312"), "censo", 7, "C"),
        ]),
    ],
)  # fmt: skip
def test_csv_and_titled_sheets_give_their_values(name, expected):
    result = from_fixture(name)
    assert result.ok
    assert rows_of(result) == expected


def test_bad_dates_are_each_reported_and_the_good_rows_kept():
    result = from_fixture("fechas_malas.xlsx")
    assert [(r.period, r.value) for r in result.rows] == [
        (D(2024, 1, 1), Decimal("100")), (D(2024, 2, 1), Decimal("160")),
    ]  # fmt: skip
    assert problems_of(result) == [
        (3, "B", "«31/02/2024» no es una fecha válida: ese día no existe en ese mes."),
        (4, "B", "«13/2024» no es una fecha válida: el mes 13 no existe (las fechas se leen día/mes/año)."),
        (5, "B", "«ayer» no es una fecha ni un periodo reconocible. Escriba, por ejemplo, "
                 "31/12/2025, ene-2024, T1 2024, 2024 o 2023/24."),
        (6, "B", "«T5 2024» no es un trimestre: los trimestres van del 1 al 4."),
        (7, "B", "«2023/25» no es una cosecha: el segundo año debe seguir al primero (2023/24)."),
    ]  # fmt: skip
    assert all(p.header == "Periodo" for p in result.problems)


def test_a_merged_kpi_header_is_a_problem_for_its_column():
    result = from_fixture("encabezado_combinado.xlsx")
    assert result.kpi_names == ("Ventas", "Socios activos")
    assert problems_of(result) == [
        (1, "C", "La columna C tiene valores pero no tiene nombre de indicador en el encabezado; "
                 "¿es una celda combinada?"),
    ]  # fmt: skip


@pytest.mark.parametrize(
    "header",
    [
        ["Indicador", "Periodo", "Valor"],
        ["KPI", "Fecha", "Value"],
        ["indicador", "período", "VALOR"],
        ["Métrica", "Mes", "Dato"],
        ["Indicator", "Period", "Value (USD)"],
        [" Indicador: ", "Periodo*", "Valor"],
    ],
)
def test_long_layout_headers_match_in_spanish_or_english_without_accents_or_case(header):
    result = parse_values(build_table([header, ["Ventas", "ene-2024", "1.234,5"]]))
    assert rows_of(result) == [("Ventas", D(2024, 1, 1), Decimal("1234.5"), "", 2, "C")]


def test_columns_can_come_in_any_order_and_extra_ones_are_ignored():
    table = build_table([["Responsable", "Valor", "Nota", "Periodo", "KPI"],
                         ["Ana", "7", "ok", "T1 2024", "Socios"]])  # fmt: skip
    result = parse_values(table)
    assert rows_of(result) == [("Socios", D(2024, 1, 1), Decimal("7"), "ok", 2, "B")]
    assert result.ignored_columns == ("Responsable",)


@pytest.mark.parametrize("header", [["Indicador", "Valor"], ["KPI", "Value", "Nota"]])
def test_a_missing_period_column_is_reported_on_the_header_row(header):
    result = parse_values(build_table([["Cooperativa X"], [], header, ["Ventas", "1"]]))
    assert [(p.row, p.message) for p in result.problems] == [
        (3, "Falta la columna del periodo: llámela «periodo», «fecha» o «period»."),
    ]
    assert result.rows == ()


def test_a_long_table_forced_without_its_columns_lists_each_missing_one():
    result = parse_values(build_table([["Cosa", "Otra"], ["a", "b"]]), layout=LONG)
    assert [p.message for p in result.problems] == [
        "Falta la columna del indicador: llámela «indicador» o «kpi».",
        "Falta la columna del periodo: llámela «periodo», «fecha» o «period».",
        "Falta la columna del valor: llámela «valor» o «value».",
    ]


def test_a_table_in_neither_layout_says_which_shapes_work():
    result = parse_values(build_table([["Nombre", "Ciudad"], ["Ana", "Lima"]]))
    assert [p.message for p in result.problems] == [
        "No se reconoce la forma de la tabla. Use columnas «indicador», «periodo» y «valor» "
        "(una fila por valor), o ponga los periodos en la primera columna y un indicador en "
        "cada una de las demás."
    ]


def test_every_bad_cell_of_a_long_table_is_collected_without_raising():
    table = build_table([
        ["Indicador", "Periodo", "Valor"],
        ["Ventas", "ene-2024", "abc"],
        [None, "feb-2024", "5"],
        ["Ventas", "mes pasado", None],
        ["Ventas", "mar-2024", D(2024, 3, 1)],
        ["Ventas", "abr-2024", True],
        ["Ventas", "may-2024", "12,5 %"],
    ])  # fmt: skip
    result = parse_values(table)
    assert rows_of(result) == [("Ventas", D(2024, 5, 1), Decimal("12.5"), "", 7, "C")]
    assert problems_of(result) == [
        (2, "C", "«abc» no es un número."),
        (3, "A", "Falta el nombre del indicador."),
        (4, "B", "«mes pasado» no es una fecha ni un periodo reconocible. Escriba, por ejemplo, "
                 "31/12/2025, ene-2024, T1 2024, 2024 o 2023/24."),
        (4, "C", "Falta el valor."),
        (5, "C", "«2024-03-01» es una fecha u hora, no un número."),
        (6, "C", "«True» no es un número."),
    ]  # fmt: skip


def test_a_repeated_kpi_and_period_is_reported_on_the_second_row():
    table = build_table([["KPI", "Periodo", "Valor"], ["Ventas", "ene-2024", "1"],
                         ["VENTAS ", "enero 2024", "2"], ["Ventas", "T1 2024", "3"]])  # fmt: skip
    result = parse_values(table)
    assert [(r.row, r.grain) for r in result.rows] == [(2, Grain.MONTH), (4, Grain.QUARTER)]
    assert problems_of(result) == [(3, "C", "«VENTAS» ya tiene un valor para ese periodo en la fila 2; deje uno solo.")]


def test_total_rows_are_skipped_with_a_notice():
    table = build_table([["Mes", "Ventas"], ["ene-2024", "10"], ["feb-2024", "20"], ["Total", "30"]])
    result = parse_values(table)
    assert (len(result.rows), result.problems) == (2, ())
    assert [n.message for n in result.notices] == ["La fila 4 («Total») parece un total y no se importa."]


def test_a_wide_table_reports_bad_cells_with_the_kpi_column_name():
    table = build_table([["Periodo", "Ventas", "Socios"], ["ene-2024", "1.234", "x"],
                         ["cualquier", "5", None], ["mar-2024", None, None]])  # fmt: skip
    result = parse_values(table)
    assert rows_of(result) == [("Ventas", D(2024, 1, 1), Decimal("1234"), "", 2, "B")]
    assert [(p.row, p.column, p.header) for p in result.problems] == [
        (2, "C", "Socios"), (3, "A", "Periodo"),
    ]  # fmt: skip


def test_a_wide_note_column_notes_every_value_of_its_row():
    table = build_table([["Mes", "Ventas", "Socios", "Observaciones"], ["ene-2024", "1", "2", "feria"]])
    result = parse_values(table)
    assert [(r.kpi, r.note) for r in result.rows] == [("Ventas", "feria"), ("Socios", "feria")]
    assert result.columns == {"period": "A", "note": "D"}


def test_harvests_start_in_the_given_month():
    table = build_table([["KPI", "Periodo", "Valor"], ["Kilos", "2023/24", "10"]])
    assert parse_values(table, harvest_start_month=4).rows[0].period == D(2023, 4, 1)


@pytest.mark.parametrize(
    "a, b", [("Café  Pergamino", "cafe pergamino"), ("SOCIOS ACTIVOS", "socios activos"), ("Año", "ano")]
)
def test_name_key_ignores_case_accents_and_spacing(a, b):
    assert name_key(a) == name_key(b)


CELL = st.one_of(
    st.none(), st.text(max_size=12), st.integers(-10**6, 10**6),
    st.floats(allow_nan=True, allow_infinity=True), st.dates(), st.booleans(),
)  # fmt: skip


@settings(deadline=None)
@given(
    st.lists(st.tuples(CELL, CELL, CELL), min_size=1, max_size=8),
    st.sampled_from([None, LONG, WIDE, ACROSS]),
)
def test_any_table_gives_rows_and_problems_never_an_exception(body, layout):
    grid = [["Indicador", "Periodo", "Valor"], *map(list, body)]
    result = parse_values(build_table(grid), layout=layout)
    assert all(isinstance(r.value, Decimal) and r.value.is_finite() for r in result.rows)
    assert all(p.row is not None for p in result.problems)


def test_a_board_with_one_row_per_kpi_and_one_column_per_period_is_read_across():
    table = build_table([
        ["Indicador", "ene-2024", "feb-2024", D(2024, 3, 1), "Total"],
        ["Ventas", "1.234,5", None, "x", 99],
        ["Socios", 10, 11, 12, 33],
        ["Total", 1, 2, 3, 6],
    ])  # fmt: skip
    result = parse_values(table)
    assert result.layout == ACROSS
    assert rows_of(result) == [
        ("Ventas", D(2024, 1, 1), Decimal("1234.5"), "", 2, "B"),
        ("Socios", D(2024, 1, 1), Decimal("10"), "", 3, "B"),
        ("Socios", D(2024, 2, 1), Decimal("11"), "", 3, "C"),
        ("Socios", D(2024, 3, 1), Decimal("12"), "", 3, "D"),
    ]
    assert problems_of(result) == [(2, "D", "«x» no es un número.")]
    assert result.ignored_columns == ("Total",)


def test_a_period_header_that_does_not_read_is_reported_on_its_column():
    table = build_table([["KPI", "ene-2024", "feb-2024", "mes 13"], ["Ventas", 1, 2, 3]])
    result = parse_values(table)
    assert result.layout == ACROSS
    assert len(result.rows) == 2
    assert [(p.row, p.column) for p in result.problems] == [(1, "D")]
