"""Dates and periods as Spanish spreadsheets hold them: 31/12/2025, ene-2024, T1 2024, 2023/24.

`parse_period` says which period a cell names and at what grain; `parse_date` keeps only
the first day. Rules, in the order they are tried:

- `date`/`datetime` cells (what calamine returns for date-formatted cells) are taken as is.
- Numbers are Excel serial dates (1900 system), except whole numbers 1900–2200, which
  are years: a "Año" column holds 2024, not the 16th of July 1905.
- Day first: 31/12/2025, 31-12-2025, 31.12.2025, 31/12/25, with an optional time.
  ISO 2025-12-31 (and 2025-12-31T10:00). A month above 12 is an error, never a silent
  swap to the US order, because a column mixing both orders would be misread.
- Months: "ene-2024", "ene-24" (Excel's mmm-yy), "enero 2024", "marzo de 2024",
  "mar. 2024", "sept 2024", "setiembre 2024", "Jan 2024", "12/2024", "2024-12".
- Quarters: "T1 2024", "Q1-2024", "2024-T1", "1T 2024", "1er trimestre 2024".
- Years: "2024", "año 2024". Harvests (coffee years): "2023/24", "2023-2024",
  "cosecha 2023-2024", "ciclo 23/24": the second year must follow the first.
  "2011-12" stays December 2011 (ISO); "2011/12" is the 2011/12 harvest, as coffee
  cooperatives write it; "2023-24" is a harvest because month 24 does not exist.
- Two-digit years follow Excel: 00–29 are 2000–2029, 30–99 are 1930–1999.

Whatever the form, the date (a period's first day) must lie between `FIRST_DATE` and
`LAST_DATE`: the one range every door of Rumbo admits (forms, imports, datasets, the API
and the CLI all clean their dates here). A year 9999 is a typing slip, and the period
arithmetic must always have room for the period after the last one.
"""

import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import lru_cache

from rumbo.engine.errors import RumboError, gettext_noop
from rumbo.engine.vocab import Grain

# Excel's 1900 system counts 1900-02-29, a day that never was (Lotus 1-2-3's bug kept for
# compatibility). Serial 60 is that day; from 61 on the count is one day ahead.
_EXCEL_EPOCH = date(1899, 12, 30)
_EXCEL_MAX_SERIAL = 2958465  # 9999-12-31
_YEARS_AS_NUMBERS = range(1900, 2201)

FIRST_DATE = date(1900, 1, 1)
LAST_DATE = date(2100, 12, 31)
OUT_OF_RANGE = gettext_noop("La fecha %(text)s está fuera del rango admitido (%(first)s–%(last)s).")

MONTHS = {
    # Spanish
    "enero": 1, "ene": 1, "febrero": 2, "feb": 2, "marzo": 3, "mar": 3, "abril": 4, "abr": 4,
    "mayo": 5, "may": 5, "junio": 6, "jun": 6, "julio": 7, "jul": 7, "agosto": 8, "ago": 8,
    "septiembre": 9, "setiembre": 9, "sep": 9, "sept": 9, "set": 9, "octubre": 10, "oct": 10,
    "noviembre": 11, "nov": 11, "diciembre": 12, "dic": 12,
    # English (the abbreviations shared with Spanish are above)
    "january": 1, "jan": 1, "february": 2, "march": 3, "april": 4, "apr": 4, "june": 6,
    "july": 7, "august": 8, "aug": 8, "september": 9, "october": 10, "november": 11,
    "december": 12, "dec": 12,
}  # fmt: skip

_ORDINALS = {
    "1": 1, "1er": 1, "1ro": 1, "1o": 1, "primer": 1, "primero": 1, "first": 1, "1st": 1,
    "2": 2, "2do": 2, "2o": 2, "segundo": 2, "second": 2, "2nd": 2,
    "3": 3, "3er": 3, "3ro": 3, "3o": 3, "tercer": 3, "tercero": 3, "third": 3, "3rd": 3,
    "4": 4, "4to": 4, "4o": 4, "cuarto": 4, "fourth": 4, "4th": 4,
}  # fmt: skip

_NOISE_WORDS = {"de", "del", "of", "el", "la"}
_YEAR_WORDS = {"ano", "anio", "year", "gestion", "ejercicio"}
_HARVEST_WORDS = {"cosecha", "ciclo", "campana", "harvest", "zafra", "temporada"}
_QUARTER_WORDS = {"trimestre", "quarter", "trim"}

_DAY_FIRST = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})(?:[ t]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ t]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?.*)?")
_ISO_BASIC = re.compile(r"(\d{4})(\d{2})(\d{2})")
_YEAR_MONTH = re.compile(r"(\d{4})([/\-.])(\d{1,2})")
_MONTH_YEAR = re.compile(r"(\d{1,2})[/\-.](\d{4})")
_HARVEST = re.compile(r"(\d{4}|\d{2})\s*[/\-]\s*(\d{4}|\d{2})")
_QUARTER_TOKEN = re.compile(r"(?:[tq](\d)|(\d)[tq])")
_SERIAL_TEXT = re.compile(r"\d{5}(?:[.,]\d+)?")


@dataclass(frozen=True)
class Period:
    """A period named in a cell: its first day and how long it is."""

    start: date
    grain: Grain


def day_month_year(day: date) -> str:
    """31/12/2025, with the year in four digits even before 1000 (strftime would drop them)."""
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"


def out_of_range(text: object) -> RumboError:
    """The error for a date outside FIRST_DATE–LAST_DATE; `text` is the date as the person wrote it."""
    if isinstance(text, date):
        text = day_month_year(text.date() if isinstance(text, datetime) else text)
    return RumboError(OUT_OF_RANGE, text=text, first=FIRST_DATE.year, last=LAST_DATE.year)


def check_date(day: date, text: object = None) -> date:
    """`day` itself when it lies in the admitted range; otherwise RumboError naming `text` (or the day)."""
    if isinstance(day, datetime):
        day = day.date()
    if not FIRST_DATE <= day <= LAST_DATE:
        raise out_of_range(day if text is None else text)
    return day


def parse_date(value: object, *, harvest_start_month: int = 10) -> date:
    """The first day of the date or period a cell holds; RumboError if it holds none."""
    return parse_period(value, harvest_start_month=harvest_start_month).start


def parse_period(value: object, *, harvest_start_month: int = 10) -> Period:
    """Read a date or period cell (see the module docstring for the accepted forms).

    `harvest_start_month` is the month a harvest year starts in (October for coffee in
    most of Central America); "2023/24" then starts on 2023-10-01. A period whose first
    day falls outside FIRST_DATE–LAST_DATE is refused.
    """
    if isinstance(value, date):  # a datetime too
        return Period(check_date(value), Grain.DAY)
    if value is None or (isinstance(value, str) and not value.strip()):
        raise RumboError(gettext_noop("Falta la fecha o el periodo."))
    if isinstance(value, bool):
        raise _unreadable(value)
    if isinstance(value, (int, float, Decimal)):
        return _admitted(_from_number(value), value)
    if not isinstance(value, str):
        raise _unreadable(value)
    if not 1 <= harvest_start_month <= 12:
        raise ValueError(f"harvest_start_month must be 1–12, not {harvest_start_month}")
    text = value.strip()
    if len(text) > 60:
        raise _unreadable(value)
    return _admitted(_from_text(text, value, harvest_start_month), value)


def _admitted(period: Period, original: object) -> Period:
    check_date(period.start, original)
    return period


def excel_serial_to_date(serial: int | float | Decimal) -> date:
    """Excel 1900-system serial → date; 60 (the 29/02/1900 that never was) is rejected."""
    whole = int(serial)
    if whole < 1 or whole > _EXCEL_MAX_SERIAL:
        raise RumboError(
            gettext_noop("«%(text)s» no es una fecha: está fuera del rango de fechas de Excel."),
            text=serial,
        )
    if whole == 60:
        raise RumboError(
            gettext_noop("«%(text)s» es el 29/02/1900 de Excel, un día que no existió."),
            text=serial,
        )
    if whole < 60:
        return _EXCEL_EPOCH + timedelta(days=whole + 1)
    return _EXCEL_EPOCH + timedelta(days=whole)


def _from_number(value: int | float | Decimal) -> Period:
    finite = value.is_finite() if isinstance(value, Decimal) else math.isfinite(value)
    if not finite:
        raise _unreadable(value)
    if value == int(value) and int(value) in _YEARS_AS_NUMBERS:
        return Period(date(int(value), 1, 1), Grain.YEAR)
    return Period(excel_serial_to_date(value), Grain.DAY)


@lru_cache(maxsize=4096)  # a sheet repeats its periods on every row
def _from_text(text: str, original: object, harvest_start_month: int) -> Period:
    folded = _fold(text)
    for reader in (_numeric_forms, _worded_forms):
        period = reader(folded, original, harvest_start_month)
        if period is not None:
            return period
    raise _unreadable(original)


def _numeric_forms(text: str, original: object, harvest_start_month: int) -> Period | None:
    """Forms made of digits and separators only."""
    if match := _ISO.fullmatch(text):
        year, month, day = (int(g) for g in match.groups())
        return Period(_make_date(year, month, day, original), Grain.DAY)
    if match := _DAY_FIRST.fullmatch(text):
        day_text, month_text, year_text = match.groups()
        return Period(_make_date(_year(year_text), int(month_text), int(day_text), original), Grain.DAY)
    if match := _ISO_BASIC.fullmatch(text):
        year, month, day = (int(g) for g in match.groups())
        return Period(_make_date(year, month, day, original), Grain.DAY)
    if re.fullmatch(r"\d{4}", text):
        return Period(date(_checked_year(int(text), original), 1, 1), Grain.YEAR)
    if _SERIAL_TEXT.fullmatch(text):
        # A bare serial is what a CSV export of an unformatted date column holds.
        return Period(excel_serial_to_date(float(text.replace(",", "."))), Grain.DAY)
    if match := _YEAR_MONTH.fullmatch(text):
        year, separator, month = int(match[1]), match[2], int(match[3])
        harvest_like = separator == "/" and month == (year + 1) % 100
        if 1 <= month <= 12 and not harvest_like:
            return Period(date(_checked_year(year, original), month, 1), Grain.MONTH)
    if match := _MONTH_YEAR.fullmatch(text):
        month, year = int(match[1]), int(match[2])
        if 1 <= month <= 12:
            return Period(date(_checked_year(year, original), month, 1), Grain.MONTH)
        raise _no_such_month(original, month)
    if match := _HARVEST.fullmatch(text):
        return _harvest(match[1], match[2], original, harvest_start_month)
    return None


def _worded_forms(text: str, original: object, harvest_start_month: int) -> Period | None:
    """Forms with words: month names, quarters, "cosecha", "año"."""
    tokens = [t for t in re.split(r"[\s/\-.,']+", text) if t and t not in _NOISE_WORDS]
    if not tokens:
        return None
    if tokens[0] in _HARVEST_WORDS:
        rest = " ".join(tokens[1:])
        match = re.fullmatch(r"(\d{4}|\d{2})\s+(\d{4}|\d{2})", rest)
        if match:
            return _harvest(match[1], match[2], original, harvest_start_month)
        raise _unreadable(original)
    if tokens[0] in _YEAR_WORDS and len(tokens) == 2 and re.fullmatch(r"\d{4}", tokens[1]):
        return Period(date(_checked_year(int(tokens[1]), original), 1, 1), Grain.YEAR)
    quarter = _quarter(tokens, original)
    if quarter is not None:
        return quarter
    return _named_month(tokens, original)


def _quarter(tokens: list[str], original: object) -> Period | None:
    number: int | None = None
    year: int | None = None
    rest: list[str] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if match := _QUARTER_TOKEN.fullmatch(token):
            number = int(match[1] or match[2])
        elif match := re.fullmatch(r"(\d{4})[tq](\d)", token):
            year, number = int(match[1]), int(match[2])
        elif token in _QUARTER_WORDS:
            # "1er trimestre" (ordinal before) or "trimestre 1" (number after)
            if rest and rest[-1] in _ORDINALS:
                number = _ORDINALS[rest.pop()]
            elif i + 1 < len(tokens) and tokens[i + 1] in _ORDINALS and i + 2 < len(tokens):
                number = _ORDINALS[tokens[i + 1]]
                i += 1
            else:
                return None
        else:
            rest.append(token)
        i += 1
    if number is None:
        return None
    if year is None:
        if len(rest) != 1 or not re.fullmatch(r"\d{4}|\d{2}", rest[0]):
            raise _unreadable(original)
        year = _year(rest[0])
    elif rest:
        raise _unreadable(original)
    if not 1 <= number <= 4:
        raise RumboError(
            gettext_noop("«%(text)s» no es un trimestre: los trimestres van del 1 al 4."),
            text=original,
        )
    return Period(date(_checked_year(year, original), 3 * number - 2, 1), Grain.QUARTER)


def _named_month(tokens: list[str], original: object) -> Period | None:
    names = [t for t in tokens if t in MONTHS]
    if len(names) != 1:
        return None
    month = MONTHS[names[0]]
    numbers = [t for t in tokens if t not in MONTHS]
    if not all(re.fullmatch(r"\d{1,4}", t) for t in numbers):
        return None
    position = tokens.index(names[0])
    if len(numbers) == 1:  # "ene-2024", "ene-24", "2024 enero"
        if position == 1 and len(numbers[0]) <= 2:
            return None  # "15 marzo" is a day without a year
        return Period(date(_checked_year(_year(numbers[0]), original), month, 1), Grain.MONTH)
    if len(numbers) == 2:
        if position == 0 or position == 1:  # "March 15, 2024"
            day, year = numbers
        else:  # "2024 15 marzo" is nobody's format
            return None
        if len(day) > 2:
            return None
        return Period(_make_date(_year(year), month, int(day), original), Grain.DAY)
    return None


def _harvest(first: str, second: str, original: object, start_month: int) -> Period:
    start = _year(first)
    end = _year(second) if len(second) == 4 else (start // 100) * 100 + int(second)
    if len(second) == 2 and end < start:
        end += 100  # "1999/00"
    if end != start + 1:
        raise RumboError(
            gettext_noop("«%(text)s» no es una cosecha: el segundo año debe seguir al primero (2023/24)."),
            text=original,
        )
    return Period(date(_checked_year(start, original), start_month, 1), Grain.HARVEST)


def _year(text: str) -> int:
    number = int(text)
    if len(text) <= 2:
        return 2000 + number if number < 30 else 1900 + number
    return number


def _checked_year(year: int, original: object) -> int:
    """A year Python's dates can hold (the admitted range is checked on the whole period later)."""
    if not 1 <= year <= 9999:
        raise out_of_range(original)
    return year


def _make_date(year: int, month: int, day: int, original: object) -> date:
    if not 1 <= month <= 12:
        raise _no_such_month(original, month)
    year = _checked_year(year, original)
    try:
        return date(year, month, day)
    except ValueError:
        raise RumboError(
            gettext_noop("«%(text)s» no es una fecha válida: ese día no existe en ese mes."),
            text=original,
        ) from None


def _no_such_month(original: object, month: int) -> RumboError:
    return RumboError(
        gettext_noop("«%(text)s» no es una fecha válida: el mes %(month)s no existe (las fechas se leen día/mes/año)."),
        text=original,
        month=month,
    )


def _unreadable(original: object) -> RumboError:
    return RumboError(
        gettext_noop(
            "«%(text)s» no es una fecha ni un periodo reconocible. Escriba, por ejemplo, "
            "31/12/2025, ene-2024, T1 2024, 2024 o 2023/24."
        ),
        text=original,
    )


def _fold(text: str) -> str:
    """Lower case, no accents, ordinal signs as letters: 'Año 1.º' → 'ano 1o'."""
    text = re.sub(r"(\d)\.?\s*[º°ª]", r"\1o", text)  # "3.º" and "3º" → "3o"
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))
