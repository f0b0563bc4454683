"""One cleaner for every number Rumbo stores: rounded to the column first, its bound checked after."""

from decimal import Context, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rumbo.engine.errors import RumboError
from rumbo.engine.numbers import number_to_store, storage_limit


@pytest.mark.parametrize(
    "typed, stored",
    [
        ("1.234,5", Decimal("1234.500000")),
        ("99999999999999", Decimal("99999999999999")),
        ("-99999999999999,94", Decimal("-99999999999999.94")),
        ("0,0000004", Decimal("0")),
        ("-0,0000004", Decimal("0")),
        ("2,0000005", Decimal("2.000000")),  # half to even
        ("2,0000015", Decimal("2.000002")),
        (Decimal("12.5"), Decimal("12.5")),
        (7, Decimal(7)),
        (0.1, Decimal("0.1")),
    ],
)
def test_it_rounds_to_the_columns_decimals(typed, stored):
    result = number_to_store(typed, field="Valor")
    assert result == stored
    assert result.as_tuple().exponent == -6
    assert result or not result.is_signed()  # never −0


@pytest.mark.parametrize(
    "typed",
    [
        "99999999999999.9999999",  # below 1e14, but rounds to 1e14
        "-99999999999999.9999999",
        "100000000000000",
        "999999999999999999999999999999",
        Decimal("1E+99999"),
        "99999999999999,97",  # fits the column, but SQLite gives it back as 1e14
        "99999999999999.949999",
    ],
)
def test_it_refuses_a_number_the_column_cannot_keep_naming_the_field(typed):
    with pytest.raises(RumboError) as refused:
        number_to_store(typed, field="Meta")
    message = str(refused.value)
    assert message.startswith("Meta: ")
    assert "demasiado grande" in message and "99.999.999.999.999" in message


@pytest.mark.parametrize("typed", ["abc", "NaN", "1e5", Decimal("NaN"), Decimal("Infinity"), float("inf"), True, ""])
def test_it_says_what_is_not_a_number(typed):
    with pytest.raises(RumboError, match=r"^Línea base: «.*» no es un número"):
        number_to_store(typed, field="Línea base")


def test_a_column_of_seven_digits_four_decimals():
    assert number_to_store("999,99994", field="Umbral", digits=7, places=4) == Decimal("999.9999")
    with pytest.raises(RumboError, match="entre −999 y 999"):
        number_to_store("999,99995", field="Umbral", digits=7, places=4)


def test_a_long_text_is_shortened_in_the_message():
    with pytest.raises(RumboError) as refused:
        number_to_store("9" * 300, field="Valor")
    assert len(str(refused.value)) < 200


@given(st.decimals(allow_nan=True, allow_infinity=True))
def test_whatever_it_keeps_fits_and_reads_back(number):
    try:
        stored = number_to_store(number, field="Valor")
    except RumboError:
        return
    limit = storage_limit(20, 6)
    assert abs(stored) < limit
    assert stored.as_tuple().exponent == -6 or stored == 0
    # What SQLite gives back: a double, read with 15 significant digits, still fits.
    read = Context(prec=15).create_decimal_from_float(float(stored))
    assert abs(read) < Decimal("1e14")


def test_formatting_keeps_every_digit_of_a_long_number():
    from rumbo.engine.numbers import format_number

    assert format_number(Decimal("1989308291223029510.9382275545"), 10) == "1.989.308.291.223.029.510,9382275545"
    assert format_number(Decimal("-12345678901234567890123456789.5"), 0) == "−12.345.678.901.234.567.890.123.456.790"
