"""The words every surface shares: status words, a figure with its unit, a period with its article, a percent.

The board, the KPI page, the PDF, the digest and WhatsApp all write these the same way,
Spanish first, formatted with `numbers.format_number`/`format_percent` (1.234,56 and 12 %).
"""

from datetime import date
from decimal import Decimal
from typing import overload

from rumbo.engine.numbers import NBSP, format_number, format_percent
from rumbo.engine.status.readings import KpiFacts, KpiReading, ObjectiveReading
from rumbo.engine.timeline.periods import label
from rumbo.engine.vocab import Grain, Status

STATUS_WORDS = {
    "es": {
        Status.ON_TRACK: "Va por buen rumbo",
        Status.AT_RISK: "En riesgo",
        Status.OFF_TRACK: "Fuera de rumbo",
        Status.NO_DATA: "Sin datos",
    },
    "en": {
        Status.ON_TRACK: "On track",
        Status.AT_RISK: "At risk",
        Status.OFF_TRACK: "Off track",
        Status.NO_DATA: "No data",
    },
}


NO_TARGET_WORDS = {"es": "Sin meta", "en": "No target"}


# Units written before the number ("US$ 1.240"); every other unit follows it ("1.240 qq").
PREFIX_UNITS = frozenset({"$", "US$", "€", "£", "S/", "C$", "RD$", "B/.", "₡"})


def language(lang: str) -> str:
    return "en" if lang[:2] == "en" else "es"


def status_word(reading: KpiReading | ObjectiveReading, lang: str = "es") -> str:
    """The status in words; a KPI with a value but no target says "Sin meta", not "Sin datos"."""
    lang = language(lang)
    if reading.status == Status.NO_DATA and getattr(reading, "value", None) is not None:
        return NO_TARGET_WORDS[lang]
    return STATUS_WORDS[lang][reading.status]


@overload
def fiscal_key(grain: Grain, start: date) -> str: ...


@overload
def fiscal_key(grain: None, start: date) -> None: ...


def fiscal_key(grain: Grain | None, start: date) -> str | None:
    return "fiscal" if grain == Grain.YEAR and start.month != 1 else grain


def period_phrase(preposition: str, period: date, grain: Grain, lang: str = "es") -> str:
    """'en marzo 2024', 'el 31/12/2025', 'al T1 2024', 'de la cosecha 2023/24', 'in the 2023/24 harvest'.

    Spanish takes the period's own article (la semana, el trimestre, la cosecha, el
    ejercicio, el día) and contracts a + el and de + el; "en" before a day is dropped.
    """
    text = label(period, grain, lang)
    if language(lang) == "en":
        if preposition == "in" and grain == Grain.DAY:
            preposition = "on"
        article = "the" if grain == Grain.HARVEST else ""
    else:
        article = {Grain.DAY: "el", Grain.WEEK: "la", Grain.QUARTER: "el", Grain.HARVEST: "la", "fiscal": "el"}.get(
            fiscal_key(grain, period), ""
        )
        if preposition == "en" and grain == Grain.DAY:
            preposition = ""
        if article == "el" and preposition in ("a", "de"):
            preposition, article = preposition + "l", ""
    return " ".join(word for word in (preposition, article, text) if word)


def amount(value: Decimal, kpi: KpiFacts, lang: str = "es", *, unit: bool = True) -> str:
    """A KPI figure with its decimals and unit: '1.240 qq', '12,5 %', 'US$ 1.240' (rounded half up, as everywhere)."""
    lang = language(lang)
    number = format_number(value, kpi.decimals, lang)
    name = ((kpi.unit_en or kpi.unit) if lang == "en" else kpi.unit).strip()
    if not unit or not name:
        return number
    if name == "%":
        return f"{number}{NBSP}%" if lang == "es" else f"{number}%"
    return f"{name} {number}" if name in PREFIX_UNITS else f"{number} {name}"


def percent(ratio: Decimal, lang: str = "es") -> str | None:
    """|ratio| as a whole percent, or with one decimal when the whole one would read 0;
    None when even that is 0 (the caller then says "prácticamente")."""
    for decimals in (0, 1):
        text = format_percent(abs(ratio), decimals, lang)
        if any(digit in text for digit in "123456789"):
            return text
    return None


def share_percent(share: Decimal | None, lang: str = "es") -> str | None:
    """A share of the target as every surface writes it: '88 %', '0,2 %' (22 qq of 10.000, not '0 %'), '−5 %'."""
    if share is None:
        return None
    text = percent(share, lang)
    return format_percent(0, 0, lang) if text is None else "−" * (share < 0) + text


def chance_percent(probability: Decimal, lang: str = "es") -> str:
    """A probability as people read it; a simulation never proves 0 % or 100 %."""
    lang = language(lang)
    if probability < Decimal("0.01"):
        return ("less than " if lang == "en" else "menos de ") + format_percent(Decimal("0.01"), 0, lang)
    if probability > Decimal("0.99"):
        return ("more than " if lang == "en" else "más de ") + format_percent(Decimal("0.99"), 0, lang)
    return format_percent(probability, 0, lang)


GRAIN_UNITS = {
    Grain.DAY: {"es": ("día", "días"), "en": ("day", "days")},
    Grain.WEEK: {"es": ("semana", "semanas"), "en": ("week", "weeks")},
    Grain.MONTH: {"es": ("mes", "meses"), "en": ("month", "months")},
    Grain.QUARTER: {"es": ("trimestre", "trimestres"), "en": ("quarter", "quarters")},
    Grain.YEAR: {"es": ("año", "años"), "en": ("year", "years")},
    Grain.HARVEST: {"es": ("cosecha", "cosechas"), "en": ("harvest", "harvests")},
}


def periods_count(n: int, grain: Grain, lang: str = "es") -> str:
    """'1 mes', '18 meses', '3 harvests': a number of periods of a grain, in words."""
    singular, plural = GRAIN_UNITS[Grain(grain)][language(lang)]
    return f"{n} {singular if n == 1 else plural}"
