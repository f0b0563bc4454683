"""Units of shared KPIs with Pint: kg and quintales compare, a cooperative's own units count, currencies never mix.

One registry, built once: Pint's units plus the ones of the field (quintal = 100 lb, quintal métrico = 100 kg,
arroba = 25 lb, carga = 125 kg of parchment coffee in Colombia, manzana = 0.6987 ha in Central America) and one
dimension per currency, so 1 USD converts only to USD. Spanish spellings and plurals are accepted, with or without
accents ("kilos", "quintales", "hectáreas", "mz", "por ciento"), and "por" or "/" between two units. A
cooperative's own units come as a mapping, e.g. {"lata": "12,5 kg"} or {"fanega": "46 kg"} (the number as
Spanish writes it): such units vary from one place to the next (a fanega is a measure of grain or of land, and
its size changes by country), so they are never defined for everyone. Each is defined in a known unit, never in
money or in another local unit (`check_local_name`, `check_local_definition` say why one is refused). Things
counted (socios, personas, créditos), a score's points and a level on a scale are three dimensions of their own,
and a pure number ("veces", "ratio") converts with a percentage. Only these names are read, and the catalogue's ("kg_per_ha", "per_day", "liters"): Pint's thousands
of others would read «puntos» as a printer's point. `None` always means «cannot be matched»: not compared.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

from rumbo.engine.errors import RumboError, gettext_noop
from rumbo.engine.numbers import parse_number

if TYPE_CHECKING:
    import pint

DEFINITIONS = (
    "quintal = 100 * pound = qq",
    "quintal_metrico = 100 * kilogram",
    "arroba = 25 * pound",
    "carga = 125 * kilogram",
    "manzana = 0.6987 * hectare = mz",
    "unidad = [items]",  # things counted (members, loans, people): comparable only with counts
    "punto = [points]",  # a score's points: only with points
    "nivel = [level]",  # a level on a scale: only with levels
)
CURRENCIES: tuple[str, ...] = (
    *("USD", "EUR", "COP", "PEN", "BOB", "GTQ", "HNL", "NIO", "CRC", "MXN", "DOP", "ARS", "CLP", "BRL"),
    *("UYU", "PYG", "VES", "PAB", "CUP", "XOF", "XAF", "KES", "UGX", "TZS", "ETB", "INR", "GBP", "CAD"),
)

# Spanish (and a few English) names, without accents and in lower case, for the registry's units.
ALIASES = {
    "kg": "kilogram",
    "kgs": "kilogram",
    "kilo": "kilogram",
    "kilogramo": "kilogram",
    "g": "gram",
    "gr": "gram",
    "gramo": "gram",
    "t": "metric_ton",
    "tm": "metric_ton",
    "ton": "metric_ton",
    "tonelada": "metric_ton",
    "tonelada metrica": "metric_ton",
    "lb": "pound",
    "lbs": "pound",
    "libra": "pound",
    "qq": "quintal",
    "quintal": "quintal",
    "quintal metrico": "quintal_metrico",
    "qm": "quintal_metrico",
    "arroba": "arroba",
    "@": "arroba",
    "carga": "carga",
    "ha": "hectare",
    "hectarea": "hectare",
    "mz": "manzana",
    "manzana": "manzana",
    "m2": "meter ** 2",
    "m²": "meter ** 2",
    "metro cuadrado": "meter ** 2",
    "km2": "kilometer ** 2",
    "km²": "kilometer ** 2",
    "l": "liter",
    "litro": "liter",
    "m3": "meter ** 3",
    "m³": "meter ** 3",
    "m": "meter",
    "metro": "meter",
    "km": "kilometer",
    "kilometro": "kilometer",
    "%": "percent",
    "por ciento": "percent",
    "porcentaje": "percent",
    "dolar": "USD",
    "us$": "USD",
    "euro": "EUR",
    "h": "hour",
    "hora": "hour",
    "d": "day",
    "dia": "day",
    "semana": "week",
    "mes": "month",
    "ano": "year",
    "min": "minute",
    "minuto": "minute",
    "count": "unidad",
    "unidad": "unidad",
    "unit": "unidad",
    "persona": "unidad",
    "socio": "unidad",
    "socia": "unidad",
    "cliente": "unidad",
    "miembro": "unidad",
    "asociado": "unidad",
    "productor": "unidad",
    "productora": "unidad",
    "familia": "unidad",
    "credito": "unidad",
    "prestamo": "unidad",
    "punto": "punto",
    "point": "punto",
    "nivel": "nivel",
    "level": "nivel",
    "ratio": "dimensionless",
    "razon": "dimensionless",
    "vez": "dimensionless",
    "vece": "dimensionless",
    "×": "dimensionless",
    "x": "dimensionless",
}
# The catalogue's unit names (rumbo/engine/choice/catalog), in English, for the same units.
ALIASES |= {
    "percent": "percent",
    "kilogram": "kilogram",
    "gram": "gram",
    "pound": "pound",
    "hectare": "hectare",
    "liter": "liter",
    "hour": "hour",
    "day": "day",
    "week": "week",
    "month": "month",
    "year": "year",
}

# The unit each dimension is stored in, first match wins; anything else is stored in SI base units. A pure
# number is stored as "%" when it was a percentage, as "" otherwise (the two convert: 0.05 is 5 %).
CANONICAL = (
    ("kg", "kilogram"),
    ("ha", "hectare"),
    ("kg/ha", "kilogram / hectare"),
    ("l", "liter"),
    ("m", "meter"),
    ("d", "day"),
    ("1/d", "1 / day"),
    ("count", "unidad"),
    ("points", "punto"),
    ("level", "nivel"),
)

Quantity = Any  # pint's Quantity is generic over its magnitude; the engine only multiplies and divides them


@cache
def registry() -> pint.UnitRegistry[float]:
    """Pint's registry with the field's units and the currencies, built once per process (pint imported then: a
    process that converts no unit does not pay for it)."""
    import pint

    units: pint.UnitRegistry[float] = pint.UnitRegistry()
    for line in DEFINITIONS:
        units.define(line)
    for code in CURRENCIES:
        units.define(f"{code} = [currency_{code}]")
    return units


def _plain(text: str) -> str:
    """Lower case, no accents, single spaces: "Hectáreas " -> "hectareas"."""
    decomposed = unicodedata.normalize("NFKD", text.strip().lower())
    kept = "".join(ch for ch in decomposed if not unicodedata.combining(ch) or ch in "²³")
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", kept))


def _singulars(word: str) -> list[str]:
    """What a Spanish plural may stand for: "quintales" -> "quintal", "kilos" -> "kilo", "veces" -> "vece"."""
    parts = word.split(" ")
    found = []
    for cut in ("es", "s"):
        candidate = " ".join(part[: -len(cut)] if part.endswith(cut) else part for part in parts)
        if candidate != word:
            found.append(candidate)
    return found


def _word(text: str, local: Mapping[str, Quantity]) -> Quantity | None:
    """One unit, no operators: a currency code, a local unit, or a known name (Spanish or the catalogue's).

    Pint's own names are not read directly: they would take «puntos» for a printer's point (a length).
    """
    units = registry()
    if text.strip().upper() in CURRENCIES:
        return units.Quantity(1, text.strip().upper())
    plain = _plain(text)
    for name in (plain, *_singulars(plain)):
        if name in local:
            return local[name]
        if name in ALIASES:
            return units.Quantity(1, ALIASES[name])
    return None


def _expression(text: str, local: Mapping[str, Quantity]) -> Quantity | None:
    """A unit such as "qq/mz", "kg por ha", "USD/kg" or "latas"; None when any part is unknown."""
    plain = _plain(text)
    if plain in ("", "1"):
        return registry().Quantity(1, "dimensionless")
    whole = _word(text, local)
    if whole is not None:
        return whole
    pieces = re.split(r"\s*/\s*|\s+por\s+|_per_|^per_", text.strip(), flags=re.IGNORECASE)
    if pieces[0] == "" and len(pieces) == 2:  # "per_day": one per day
        pieces[0] = "1"
    if len(pieces) != 2:
        return None
    above, below = (
        _word(piece, local) if piece != "1" else registry().Quantity(1, "dimensionless") for piece in pieces
    )
    if above is None or below is None:
        return None
    return above / below


LOCAL_NAME = re.compile(r"[^\W\d_]+(?:[ -][^\W\d_]+)*")  # letters, words apart by a space or a hyphen
LOCAL_DEFINITION = re.compile(r"\s*([+-]?[0-9][0-9.,]*)\s*(.*?)\s*")


def _definition(text: str) -> tuple[float, str] | None:
    """«12,5 kg» → (12.5, "kg"): the number read as Spanish writes it (decimal comma, thousands point); None if none."""
    match = LOCAL_DEFINITION.fullmatch(text)
    if not match:
        return None
    try:
        number = parse_number(match.group(1))
    except RumboError:
        return None
    return float(number), match.group(2)


def local_units(local: Mapping[str, str] | None) -> dict[str, Quantity]:
    """A cooperative's own units, {"lata": "12,5 kg"}, as quantities of the registry; unreadable ones are left out.

    Each is defined in a known unit only (never in another local unit): `check_local_unit` refuses the rest.
    """
    found: dict[str, Quantity] = {}
    for name, definition in (local or {}).items():
        read = _definition(definition)
        if read is None or read[0] <= 0:
            continue
        unit = _expression(read[1], {})
        if unit is not None:
            found[_plain(name)] = read[0] * unit
    return found


def _is_currency(found: Quantity) -> bool:
    return any(str(dimension).startswith("[currency_") for dimension in found.dimensionality)


def local_key(name: str) -> str:
    """The name of a cooperative's own unit as it is looked up: "Saco  Grande" → "saco grande"."""
    return _plain(name)


def check_local_name(name: str, others: Iterable[str] = ()) -> str:
    """The key a cooperative's own unit is kept under ("Saco  grande" → "saco grande"); RumboError when refused.

    `others` are the names of the cooperative's other units. Refused: a name that is not made of
    words, one that is already a known unit (a quintal is a quintal everywhere), one that is taken.
    """
    name = re.sub(r"\s+", " ", name.strip())
    key = local_key(name)
    if len(name) > 40:
        raise RumboError(gettext_noop("El nombre de una unidad tiene 40 letras como mucho."))
    if not LOCAL_NAME.fullmatch(name) or {"por", "per"} & set(key.split(" ")):
        raise RumboError(gettext_noop("Escriba el nombre de la unidad con letras, como «lata» o «saco grande»."))
    if _expression(name, {}) is not None:
        raise RumboError(gettext_noop("«%(name)s» ya es una unidad conocida: no hace falta definirla."), name=name)
    if key in {_plain(other) for other in others}:
        raise RumboError(gettext_noop("Ya hay una unidad propia llamada «%(name)s»."), name=name)
    return key


def check_local_definition(name: str, definition: str, others: Mapping[str, str] | None = None) -> Quantity:
    """What one of a cooperative's own units is worth («12,5 kg» → 12.5 kilogram); RumboError when refused.

    `others` are the cooperative's other units. Refused: a definition that is not a positive
    number and a known unit; one in another local unit or in itself (so no definition ever goes
    round in a circle); one in money (a currency converts only to itself) or in a pure number.
    """
    read = _definition(definition)
    if read is None or not read[1]:
        raise RumboError(
            gettext_noop("Escriba cuánto vale «%(name)s» con un número y una unidad conocida, como «12,5 kg»."),
            name=name,
        )
    number, unit_text = read
    if number <= 0:
        raise RumboError(gettext_noop("«%(name)s» debe valer más de cero."), name=name)
    found = _expression(unit_text, {})
    if found is None:
        if _expression(unit_text, {_plain(name): registry().Quantity(1, "dimensionless")}) is not None:
            raise RumboError(
                gettext_noop("«%(name)s» no puede definirse con «%(name)s»: use una unidad conocida, como kg o l."),
                name=name,
            )
        one = registry().Quantity(1, "dimensionless")
        if _expression(unit_text, {_plain(other): one for other in others or {}}) is not None:
            raise RumboError(
                gettext_noop(
                    "«%(unit)s» es otra unidad propia: defina «%(name)s» con una unidad conocida (kg, qq, l, ha…), "
                    "así ninguna equivalencia da vueltas en círculo."
                ),
                unit=unit_text,
                name=name,
            )
        raise RumboError(
            gettext_noop("No se reconoce la unidad «%(unit)s»: use una conocida, como kg, qq, lb, arroba, l, ha o mz."),
            unit=unit_text,
        )
    if _is_currency(found):
        raise RumboError(
            gettext_noop(
                "Una unidad propia mide una cantidad (peso, volumen, superficie…), no dinero: «%(unit)s» es una moneda."
            ),
            unit=unit_text,
        )
    if found.dimensionless:
        raise RumboError(
            gettext_noop("«%(unit)s» no es una unidad de medida: diga en qué se mide «%(name)s» (kg, l, ha…)."),
            unit=unit_text,
            name=name,
        )
    return number * found


def quantity(unit_text: str, local: Mapping[str, str] | None = None) -> Quantity | None:
    """The quantity one `unit_text` stands for (a local unit included), or None when it is unknown."""
    return _expression(unit_text, local_units(local))


def convert(value: float, from_unit: str, to_unit: str, local: Mapping[str, str] | None = None) -> float | None:
    """`value` in `from_unit` expressed in `to_unit`; None when either is unknown or they measure different things."""
    source = quantity(from_unit, local)
    target = quantity(to_unit, local)
    if source is None or target is None or source.dimensionality != target.dimensionality:
        return None
    return float((value * source / target).to("dimensionless").magnitude)


def canonical(unit_text: str, local: Mapping[str, str] | None = None) -> str | None:
    """The unit a federation stores a KPI in: "qq" -> "kg", "quintales/mz" -> "kg/ha", "USD" -> "USD"; None if unknown.

    Remembered per unit text and local units (Pint takes milliseconds, and a push asks for the
    same few units again and again): the local mapping is frozen into a sorted tuple for the key.
    """
    return _canonical(unit_text, tuple(sorted((local or {}).items())))


@lru_cache(maxsize=1024)
def _canonical(unit_text: str, local: tuple[tuple[str, str], ...]) -> str | None:
    found = quantity(unit_text, dict(local))
    if found is None:
        return None
    if found.dimensionless:
        return "%" if found.units == registry().percent else ""
    for name, unit in CANONICAL:
        if registry().Quantity(1, unit).dimensionality == found.dimensionality:
            return name
    for code in CURRENCIES:
        if found.dimensionality == registry().Quantity(1, code).dimensionality:
            return code
    return f"{found.to_base_units().units:~}".replace(" ", "")
