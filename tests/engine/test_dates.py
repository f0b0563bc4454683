"""Dates and periods as Spanish spreadsheets hold them."""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rumbo.engine.errors import RumboError
from rumbo.engine.timeline.dates import (
    FIRST_DATE,
    LAST_DATE,
    Period,
    check_date,
    excel_serial_to_date,
    parse_date,
    parse_period,
)
from rumbo.engine.vocab import Grain
from tests.engine.helpers import refusal

D = date


@pytest.mark.parametrize(
    "cell, start, grain",
    [
        (D(2025, 12, 31), D(2025, 12, 31), Grain.DAY),
        (datetime(2025, 12, 31, 17, 45), D(2025, 12, 31), Grain.DAY),
        ("31/12/2025", D(2025, 12, 31), Grain.DAY),
        ("31-12-2025", D(2025, 12, 31), Grain.DAY),
        ("31.12.2025", D(2025, 12, 31), Grain.DAY),
        ("1/2/2024", D(2024, 2, 1), Grain.DAY),
        ("31/12/25", D(2025, 12, 31), Grain.DAY),
        ("01/01/30", D(1930, 1, 1), Grain.DAY),
        ("31/12/2025 10:30", D(2025, 12, 31), Grain.DAY),
        ("2025-12-31", D(2025, 12, 31), Grain.DAY),
        ("2025-12-31T10:00:00", D(2025, 12, 31), Grain.DAY),
        ("2025-12-31 10:00:00.000", D(2025, 12, 31), Grain.DAY),
        ("20251231", D(2025, 12, 31), Grain.DAY),
        ("  31/12/2025  ", D(2025, 12, 31), Grain.DAY),
        ("15 de marzo de 2024", D(2024, 3, 15), Grain.DAY),
        ("15-mar-2024", D(2024, 3, 15), Grain.DAY),
        ("March 15, 2024", D(2024, 3, 15), Grain.DAY),
        ("ene-2024", D(2024, 1, 1), Grain.MONTH),
        ("ene-24", D(2024, 1, 1), Grain.MONTH),
        ("Ene-2024", D(2024, 1, 1), Grain.MONTH),
        ("enero 2024", D(2024, 1, 1), Grain.MONTH),
        ("ENERO DE 2024", D(2024, 1, 1), Grain.MONTH),
        ("marzo de 2024", D(2024, 3, 1), Grain.MONTH),
        ("mar. 2024", D(2024, 3, 1), Grain.MONTH),
        ("sept 2024", D(2024, 9, 1), Grain.MONTH),
        ("sep-2024", D(2024, 9, 1), Grain.MONTH),
        ("setiembre 2024", D(2024, 9, 1), Grain.MONTH),
        ("Dic. 2023", D(2023, 12, 1), Grain.MONTH),
        ("2024 enero", D(2024, 1, 1), Grain.MONTH),
        ("Jan 2024", D(2024, 1, 1), Grain.MONTH),
        ("January 2024", D(2024, 1, 1), Grain.MONTH),
        ("aug-24", D(2024, 8, 1), Grain.MONTH),
        ("12/2024", D(2024, 12, 1), Grain.MONTH),
        ("2024-12", D(2024, 12, 1), Grain.MONTH),
        ("2011-12", D(2011, 12, 1), Grain.MONTH),
        ("T1 2024", D(2024, 1, 1), Grain.QUARTER),
        ("t3-2024", D(2024, 7, 1), Grain.QUARTER),
        ("Q1-2024", D(2024, 1, 1), Grain.QUARTER),
        ("Q4 2023", D(2023, 10, 1), Grain.QUARTER),
        ("2024-T1", D(2024, 1, 1), Grain.QUARTER),
        ("2024T2", D(2024, 4, 1), Grain.QUARTER),
        ("2024 Q2", D(2024, 4, 1), Grain.QUARTER),
        ("4T 2023", D(2023, 10, 1), Grain.QUARTER),
        ("T2-24", D(2024, 4, 1), Grain.QUARTER),
        ("1er trimestre 2024", D(2024, 1, 1), Grain.QUARTER),
        ("primer trimestre de 2024", D(2024, 1, 1), Grain.QUARTER),
        ("3.º trimestre 2024", D(2024, 7, 1), Grain.QUARTER),
        ("trimestre 2 2024", D(2024, 4, 1), Grain.QUARTER),
        ("2024", D(2024, 1, 1), Grain.YEAR),
        ("Año 2024", D(2024, 1, 1), Grain.YEAR),
        (2024, D(2024, 1, 1), Grain.YEAR),
        (2024.0, D(2024, 1, 1), Grain.YEAR),
        ("2023/24", D(2023, 10, 1), Grain.HARVEST),
        ("2023-24", D(2023, 10, 1), Grain.HARVEST),
        ("2023/2024", D(2023, 10, 1), Grain.HARVEST),
        ("2023-2024", D(2023, 10, 1), Grain.HARVEST),
        ("2011/12", D(2011, 10, 1), Grain.HARVEST),
        ("1999/00", D(1999, 10, 1), Grain.HARVEST),
        ("cosecha 2023-2024", D(2023, 10, 1), Grain.HARVEST),
        ("Cosecha 2023/24", D(2023, 10, 1), Grain.HARVEST),
        ("ciclo 23/24", D(2023, 10, 1), Grain.HARVEST),
        ("campaña 2023-24", D(2023, 10, 1), Grain.HARVEST),
        (45292, D(2024, 1, 1), Grain.DAY),
        (45292.75, D(2024, 1, 1), Grain.DAY),
        (Decimal("45292"), D(2024, 1, 1), Grain.DAY),
        ("45292", D(2024, 1, 1), Grain.DAY),
    ],
)
def test_it_reads_the_dates_and_periods_spreadsheets_hold(cell, start, grain):
    assert parse_period(cell) == Period(start, grain)
    assert parse_date(cell) == start


def test_a_harvest_starts_in_the_cooperatives_harvest_month():
    assert parse_date("2023/24", harvest_start_month=4) == D(2023, 4, 1)
    assert parse_date("cosecha 2023-2024", harvest_start_month=1) == D(2023, 1, 1)


@pytest.mark.parametrize(
    "serial, day",
    [
        (1, D(1900, 1, 1)),
        (59, D(1900, 2, 28)),
        (61, D(1900, 3, 1)),  # after Lotus's 29/02/1900 every serial is one day ahead
        (36526, D(2000, 1, 1)),
        (45657, D(2024, 12, 31)),
        (2958465, D(9999, 12, 31)),
    ],
)
def test_excel_serials_follow_the_1900_system_with_its_leap_year_bug(serial, day):
    assert excel_serial_to_date(serial) == day


@pytest.mark.parametrize(
    "cell, message",
    [
        ("31/02/2024", "«31/02/2024» no es una fecha válida: ese día no existe en ese mes."),
        ("29/02/2023", "«29/02/2023» no es una fecha válida: ese día no existe en ese mes."),
        (
            "12/31/2025",
            "«12/31/2025» no es una fecha válida: el mes 31 no existe (las fechas se leen día/mes/año).",
        ),
        ("13/2024", "«13/2024» no es una fecha válida: el mes 13 no existe (las fechas se leen día/mes/año)."),
        ("T5 2024", "«T5 2024» no es un trimestre: los trimestres van del 1 al 4."),
        ("2023/25", "«2023/25» no es una cosecha: el segundo año debe seguir al primero (2023/24)."),
        ("", "Falta la fecha o el periodo."),
        ("   ", "Falta la fecha o el periodo."),
        (None, "Falta la fecha o el periodo."),
        (60, "«60» es el 29/02/1900 de Excel, un día que no existió."),
        (0, "«0» no es una fecha: está fuera del rango de fechas de Excel."),
        (-5, "«-5» no es una fecha: está fuera del rango de fechas de Excel."),
    ],
)
def test_impossible_dates_are_explained_in_spanish(cell, message):
    assert refusal(parse_period, cell) == message


@pytest.mark.parametrize(
    "cell",
    ["ayer", "enero", "Q1", "15 marzo", "1/2/3/4", "hola 2024", True, float("nan"),
     float("inf"), timedelta(days=1), "x" * 100, "cosecha", "2024-13-01"],
)  # fmt: skip
def test_text_that_names_no_period_is_refused_quoting_it(cell):
    with pytest.raises(RumboError) as error:
        parse_period(cell)
    assert str(error.value).startswith(f"«{cell}»")


def test_the_unreadable_message_quotes_the_text_and_gives_examples():
    with pytest.raises(RumboError) as error:
        parse_date("ayer")
    assert str(error.value) == (
        "«ayer» no es una fecha ni un periodo reconocible. Escriba, por ejemplo, "
        "31/12/2025, ene-2024, T1 2024, 2024 o 2023/24."
    )
    catalogue = {error.value.template: "«%(text)s» is not a date or a period."}
    assert error.value.translated(catalogue.get) == "«ayer» is not a date or a period."


@given(st.one_of(st.text(max_size=40), st.integers(), st.floats(), st.decimals()))
def test_any_cell_gives_a_period_or_a_rumbo_error(cell):
    try:
        period = parse_period(cell)
    except RumboError:
        return
    assert isinstance(period.start, date) and isinstance(period.grain, Grain)


@given(st.dates(min_value=D(1930, 1, 1), max_value=D(2100, 12, 31)))
def test_every_date_written_day_first_or_iso_reads_back(day):
    assert parse_date(day.strftime("%d/%m/%Y")) == day
    assert parse_date(day.isoformat()) == day
    assert parse_date(f"{day.day}-{day.month}-{day.year}") == day


@given(st.dates(min_value=D(1900, 3, 1), max_value=D(2100, 12, 31)))
def test_excel_serials_read_back_to_the_same_day(day):
    serial = (day - D(1899, 12, 30)).days
    if serial in range(1900, 2201):
        return  # these whole numbers are years
    assert parse_date(serial) == day


def test_the_admitted_range_runs_from_1900_to_2100():
    assert (D(1900, 1, 1), D(2100, 12, 31)) == (FIRST_DATE, LAST_DATE)


@pytest.mark.parametrize(
    "cell, text",
    [
        ("01/12/9999", "01/12/9999"),  # the tester's import: a 500 when its next period was computed
        ("9999-12-01", "9999-12-01"),
        ("31/12/1899", "31/12/1899"),
        ("01/01/2101", "01/01/2101"),
        ("dic-9999", "dic-9999"),
        ("diciembre de 2101", "diciembre de 2101"),
        ("T1 2101", "T1 2101"),
        ("9999/00", "9999/00"),
        ("cosecha 1899/1900", "cosecha 1899/1900"),
        ("1899", "1899"),
        ("0000-01-01", "0000-01-01"),
        ("01/01/0000", "01/01/0000"),
        (2150, "2150"),  # a whole number 1900–2200 is a year
        (2958465, "2958465"),  # Excel's last serial, 31/12/9999
        (D(9999, 12, 1), "01/12/9999"),
        (datetime(2101, 1, 1, 8, 0), "01/01/2101"),
        (D(1, 1, 1), "01/01/0001"),
    ],
)
def test_a_date_outside_1900_2100_is_refused_in_spanish_naming_it(cell, text):
    with pytest.raises(RumboError) as error:
        parse_period(cell)
    assert str(error.value) == f"La fecha {text} está fuera del rango admitido (1900–2100)."


@pytest.mark.parametrize(
    "cell, start",
    [
        ("01/01/1900", D(1900, 1, 1)),
        ("1900-01-01", D(1900, 1, 1)),
        ("31/12/2100", D(2100, 12, 31)),
        ("dic-2100", D(2100, 12, 1)),
        ("T4 2100", D(2100, 10, 1)),
        ("2100", D(2100, 1, 1)),
        ("2100/01", D(2100, 10, 1)),  # the 2100/01 harvest straddles the end of the range: its first day is in it
        (D(2100, 12, 31), D(2100, 12, 31)),
        (datetime(1900, 1, 1, 0, 0), D(1900, 1, 1)),
        (1900, D(1900, 1, 1)),
    ],
)
def test_the_edges_of_the_range_are_admitted(cell, start):
    assert parse_period(cell).start == start


def test_the_range_error_translates_with_its_years():
    with pytest.raises(RumboError) as error:
        check_date(D(9999, 12, 1))
    catalogue = {error.value.template: "The date %(text)s is outside the accepted range (%(first)s–%(last)s)."}
    assert error.value.translated(catalogue.get) == "The date 01/12/9999 is outside the accepted range (1900–2100)."


@given(st.dates())
def test_any_date_is_read_back_inside_the_range_and_refused_outside_it(day):
    for cell in (day, day.isoformat(), f"{day.day:02d}/{day.month:02d}/{day.year:04d}"):
        if FIRST_DATE <= day <= LAST_DATE:
            assert parse_date(cell) == day
        else:
            with pytest.raises(RumboError, match="fuera del rango admitido"):
                parse_date(cell)
