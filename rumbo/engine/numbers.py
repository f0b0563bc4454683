"""Numbers as people in Spanish-speaking cooperatives write and read them: 1.234,56 and 45 %."""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext

from rumbo.engine.errors import RumboError, gettext_noop

NBSP = "\u00a0"

_SEPARATORS = {"es": (",", "."), "en": (".", ",")}  # (decimal, group)


def format_number(value: object, decimals: int = 0, lang: str = "es") -> str:
    """1234.5 → '1.234,5' (es) or '1,234.5' (en); every thousand grouped, as in ledgers."""
    decimal_sep, group_sep = _SEPARATORS.get(lang[:2], _SEPARATORS["es"])
    number = Decimal(str(value))
    if number.is_finite():  # half up, as people round (1.234,5 → 1.235), on every surface alike
        with localcontext() as context:
            context.prec = max(context.prec, number.adjusted() + decimals + 2)  # room for every digit kept
            number = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    text = f"{number:,.{decimals}f}"
    text = text.replace(",", "\x00").replace(".", decimal_sep).replace("\x00", group_sep)
    return "0" if re.fullmatch(r"-0([.,]0+)?", text) and decimals == 0 else text.replace("-", "−", 1)


def format_figure(value: object, decimals: int = 0, lang: str = "es") -> str:
    """A KPI's figure at the KPI's decimals: the one rule the board, its pages, the PDFs and the messages share.

    Rounded half up (1.234,5 on a whole-number KPI is 1.235 everywhere, never 1.234 on its tile
    and 1.235 in its table); templates use it through the `figure` filter.
    """
    return format_number(value, decimals, lang)


def format_percent(ratio: object, decimals: int = 0, lang: str = "es") -> str:
    """0.123 → '12 %' (es, with a non-breaking space) or '12%' (en)."""
    number = format_number(Decimal(str(ratio)) * 100, decimals, lang)
    return f"{number}{NBSP}%" if lang[:2] == "es" else f"{number}%"


_NUMBER = re.compile(r"^[+-]?\d[\d.,]*$")


def parse_number(text: object) -> Decimal:
    """Read a number typed or exported in Spanish or English conventions.

    Accepts '1.234,56', '1234,56', '1,234.56', '1234.56', '45 %', '−3', '(12,5)' and numbers.
    A single point followed by exactly three digits ('1.234') is a thousands point, as
    Spanish writes it; '3.5' stays three and a half. Percent signs are dropped: '45 %' is 45.
    """
    if isinstance(text, bool):
        raise RumboError(gettext_noop("«%(text)s» no es un número."), text=text)
    if isinstance(text, (int, Decimal)):
        return Decimal(text)
    if isinstance(text, float):
        return Decimal(repr(text))
    original = text
    cleaned = str(text).strip().replace(NBSP, "").replace(" ", "").replace("\u202f", "")
    cleaned = cleaned.replace("−", "-").removesuffix("%")
    negative = cleaned.startswith("(") and cleaned.endswith(")")
    if negative:
        cleaned = cleaned[1:-1]
    if not _NUMBER.match(cleaned):
        raise RumboError(gettext_noop("«%(text)s» no es un número."), text=original)
    sign = "-" if negative else ""
    try:
        return Decimal(sign + _normalise(cleaned))
    except InvalidOperation:
        raise RumboError(gettext_noop("«%(text)s» no es un número."), text=original) from None


def _normalise(text: str) -> str:
    """Turn a number with any common separators into Python's '1234.56'."""
    has_point, has_comma = "." in text, "," in text
    if has_point and has_comma:
        decimal_sep = "." if text.rfind(".") > text.rfind(",") else ","
        group_sep = "," if decimal_sep == "." else "."
        whole, _, fraction = text.rpartition(decimal_sep)
        if decimal_sep in whole or not _grouped(whole, group_sep):
            raise InvalidOperation
        return whole.replace(group_sep, "") + "." + fraction
    for sep in (",", "."):
        if sep in text:
            if text.count(sep) > 1:
                if not _grouped(text, sep):
                    raise InvalidOperation
                return text.replace(sep, "")
            whole, _, fraction = text.partition(sep)
            if sep == "." and len(fraction) == 3 and whole.lstrip("+-") not in ("", "0"):
                return whole + fraction  # '1.234' is one thousand two hundred thirty-four
            if not fraction:
                raise InvalidOperation
            return whole + "." + fraction
    return text


def _grouped(text: str, sep: str) -> bool:
    head, *groups = text.lstrip("+-").split(sep)
    return 1 <= len(head) <= 3 and all(len(g) == 3 for g in groups)


# Django reads a number back from SQLite through a double rounded to 15 significant digits,
# then fits it to the column again: a number whose read-back rounds up to the column's
# bound (99 999 999 999 999,97 in a column of 14 whole digits) is stored but cannot be read.
_READ_BACK_DIGITS = 15
_MAX_TEXT = 40


def storage_limit(digits: int, places: int) -> Decimal:
    """The smallest magnitude a column of `digits` digits, `places` of them decimals, cannot keep."""
    whole = digits - places
    limit = Decimal(10) ** whole
    if digits > _READ_BACK_DIGITS:
        limit -= Decimal(10) ** (whole - _READ_BACK_DIGITS) / 2
    return limit


def number_to_store(value: object, *, field: str, digits: int = 20, places: int = 6) -> Decimal:
    """A typed or received number as a column of `digits` digits, `places` of them decimals, keeps it.

    It is rounded to the column's decimals first (half to even, as `Decimal.quantize`) and
    the bound is checked after, on the rounded number: 99999999999999,9999999 is below 10¹⁴
    but rounds to 10¹⁴, which does not fit. Raises RumboError, in Spanish and naming
    `field`, for what is not a number or does not fit.
    """
    text = _shown(value)
    not_a_number = RumboError(gettext_noop("%(field)s: «%(text)s» no es un número."), field=field, text=text)
    try:
        number = parse_number(value)
    except RumboError:
        raise not_a_number from None
    if not number.is_finite():
        raise not_a_number
    limit = storage_limit(digits, places)
    too_big = RumboError(
        gettext_noop("%(field)s: %(text)s es demasiado grande; el número debe estar entre −%(max)s y %(max)s."),
        field=field,
        text=text,
        max=format_number(Decimal(10) ** (digits - places) - 1),
    )
    if number and number.adjusted() >= digits - places:
        raise too_big
    with localcontext() as context:
        context.prec = digits + 2
        rounded = number.quantize(Decimal(1).scaleb(-places))
    if abs(rounded) >= limit or abs(Decimal(float(rounded))) >= limit:
        raise too_big
    return rounded if rounded else abs(rounded)  # −0 is stored as 0


def _shown(value: object) -> str:
    text = str(value).strip()
    return text if len(text) <= _MAX_TEXT else text[: _MAX_TEXT - 1] + "…"
