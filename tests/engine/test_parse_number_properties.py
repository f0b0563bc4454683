"""Whatever is typed into a number box, parse_number returns a number or a clean Spanish error: never a crash, never a hang."""

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from rumbo.engine.errors import RumboError
from rumbo.engine.numbers import format_number, parse_number

# Hypothesis' default number of examples on every run; `make fuzz` draws ten times more (tests/fuzz.py).
MANY = settings(deadline=500, suppress_health_check=[HealthCheck.too_slow])
SOME = settings(deadline=500)

# What a hurried person (or a spreadsheet export) puts in a number cell.
NUMBERISH = st.text(alphabet="0123456789.,-+−() %\u00a0\u202feE$€abc\t\n'", max_size=40)


def _parses_or_refuses_cleanly(text):
    try:
        value = parse_number(text)
    except RumboError as err:
        assert "no es un número" in err.translated(lambda s: s)
        assert "no es un número" in str(err)
        return None
    assert isinstance(value, Decimal)
    return value


@MANY
@given(st.text(max_size=200))
@example("")
@example("\x00")
@example("1" * 5000)
@example("١٢٣٫٤")
@example("NaN")
@example("Infinity")
@example("1e400")
@example("--1")
@example("(1.234,5)")
def test_any_text_gives_a_number_or_a_spanish_error(text):
    _parses_or_refuses_cleanly(text)


@MANY
@given(NUMBERISH)
def test_number_like_text_gives_a_number_or_a_spanish_error(text):
    value = _parses_or_refuses_cleanly(text)
    if value is not None:
        assert value.is_finite()


@SOME
@given(
    st.one_of(
        st.integers(),
        st.decimals(allow_nan=False, allow_infinity=False),
        st.floats(allow_nan=False, allow_infinity=False),
    )
)
def test_numbers_pass_through_unchanged(number):
    assert parse_number(number) == Decimal(repr(number) if isinstance(number, float) else number)


@SOME
@given(
    st.decimals(min_value=Decimal("-1e13"), max_value=Decimal("1e13"), places=3), st.integers(min_value=0, max_value=3)
)
def test_a_number_written_the_spanish_way_reads_back(number, decimals):
    shown = number.quantize(Decimal(1).scaleb(-decimals))
    assert parse_number(format_number(shown, decimals, "es")) == shown


@SOME
@given(st.decimals(min_value=Decimal("1000"), max_value=Decimal("1e13"), places=2))
def test_a_grouped_english_number_with_cents_reads_back(number):
    assert parse_number(format_number(number, 2, "en")) == number


@SOME
@given(st.decimals(min_value=Decimal("-1e13"), max_value=Decimal("1e13"), places=6))
def test_a_plain_machine_number_reads_back_unless_it_looks_like_spanish_thousands(number):
    text = format(number, "f")
    whole, _, fraction = text.partition(".")
    # '1.234' is one thousand two hundred thirty-four in Spanish: the documented exception.
    assume(not (len(fraction) == 3 and whole.lstrip("-") not in ("", "0")))
    assert parse_number(text) == number


@pytest.mark.parametrize("text", [True, False, None, [], {}, object()])
def test_things_that_are_not_text_or_numbers_are_refused_cleanly(text):
    with pytest.raises(RumboError):
        parse_number(text)
