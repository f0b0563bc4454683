"""The small languages of dataset metrics: measures (`sum(Monto)`), filters (`Producto = "x"`).

Both are parsed by hand into dataclasses (nothing is evaluated) and checked against the
dataset's columns, so every mistake is a Spanish RumboError before any data is read.

Measures: `sum(col)`, `count()`, `count(col)` (cells with a value), `count_distinct(col)`,
`mean(col)`, `median(col)`, `min(col)`, `max(col)`, and for entities (socios, clientes):
`new(col)`, `retained(col)`, `churned(col)`. Their Spanish names (suma, conteo, distintos,
promedio, mediana, mínimo, máximo, nuevos, retenidos, perdidos) are the ones the pages
teach first; accents and case do not matter.

Filters: conditions `columna operador valor` joined by `y` (or `and`); operators
`=`, `!=`, `<>`, `<`, `>`, `<=`, `>=`. A column name with spaces, accents or symbols goes
between backticks or brackets: `` `Precio por kg` > 2,5 `` or `[Precio por kg] > 2,5`;
a plain name (letters, digits, `_`) needs neither. Text values go in double or single
quotes (`"pergamino"`, `'pergamino'`); a single word may go bare. Numbers are written as
in a spreadsheet (`1.234,5`), dates day first (`"01/01/2024"`). Text is compared without
regard to case, accents or surrounding spaces, and only with `=`/`!=`.
"""

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from rumbo.engine.errors import RumboError, gettext_noop
from rumbo.engine.numbers import parse_number
from rumbo.engine.spreadsheets.value_import import name_key
from rumbo.engine.timeline.dates import parse_date
from rumbo.engine.vocab import Grain


class ColumnType(StrEnum):
    NUMBER = "number"
    DATE = "date"
    TEXT = "text"


NUMERIC_MEASURES = {"sum", "mean", "median", "min", "max"}
ENTITY_MEASURES = {"new", "retained", "churned"}
MEASURES = NUMERIC_MEASURES | ENTITY_MEASURES | {"count", "count_distinct"}
_MEASURE_ALIASES = {
    "suma": "sum", "conteo": "count", "contar": "count", "cuenta": "count",
    "distintos": "count_distinct", "contar_distintos": "count_distinct",
    "promedio": "mean", "media": "mean", "avg": "mean", "average": "mean",
    "mediana": "median", "minimo": "min", "maximo": "max",
    "nuevos": "new", "retenidos": "retained", "retencion": "retained",
    "perdidos": "churned", "abandono": "churned", "churn": "churned",
}  # fmt: skip
# The Spanish name of each measure: the one the pages teach first and show a stored measure with.
SPANISH_NAMES = {
    "sum": "suma", "count": "conteo", "count_distinct": "distintos", "mean": "promedio", "median": "mediana",
    "min": "mínimo", "max": "máximo", "new": "nuevos", "retained": "retenidos", "churned": "perdidos",
}  # fmt: skip
_GRAIN_ALIASES = {
    "dia": Grain.DAY, "diario": Grain.DAY, "semana": Grain.WEEK, "semanal": Grain.WEEK,
    "mes": Grain.MONTH, "mensual": Grain.MONTH, "trimestre": Grain.QUARTER,
    "trimestral": Grain.QUARTER, "ano": Grain.YEAR, "anual": Grain.YEAR,
    "cosecha": Grain.HARVEST,
}  # fmt: skip
OPERATORS = {"=": "=", "==": "=", "!=": "!=", "<>": "!=", "<": "<", ">": ">", "<=": "<=",
             ">=": ">="}  # fmt: skip

_MEASURE = re.compile(r"\s*([A-Za-z_]\w*)\s*\(\s*(.*?)\s*\)\s*", re.DOTALL)
_TOKEN = re.compile(
    r"""\s*(?:
      (?P<backtick>`[^`]*`)
    | (?P<bracket>\[[^\]]*\])
    | (?P<quoted>"[^"]*"|'[^']*')
    | (?P<op><=|>=|<>|!=|==|=|<|>)
    | (?P<word>[^\s=<>!"'`\[\]]+)
    )""",
    re.VERBOSE,
)


@dataclass(frozen=True)
class Measure:
    function: str  # one of MEASURES
    column: str | None  # None only for count()

    def __str__(self) -> str:
        return f"{self.function}({self.column or ''})"


@dataclass(frozen=True)
class Condition:
    column: str
    operator: str  # "=", "!=", "<", ">", "<=", ">="
    value: str | float | date


@dataclass(frozen=True)
class Filter:
    conditions: tuple[Condition, ...] = ()  # all of them must hold


@dataclass(frozen=True)
class MetricSpec:
    name: str
    measure: Measure
    date_column: str
    grain: Grain
    filter: Filter = Filter()
    harvest_start_month: int = 10


def metric_spec(
    name: str,
    measure: "str | Measure",
    date_column: str | None,
    grain: "str | Grain",
    filter: "str | Filter | None" = None,
    *,
    columns: Mapping[str, ColumnType],
    harvest_start_month: int = 10,
) -> MetricSpec:
    """A checked metric definition over a dataset whose columns are `columns` (name → type)."""
    if isinstance(measure, str):
        measure = parse_measure(measure, columns)
    if isinstance(filter, str) or filter is None:
        filter = parse_filter(filter or "", columns)
    return MetricSpec(
        name=name,
        measure=measure,
        date_column=_date_column(date_column, columns),
        grain=parse_grain(grain),
        filter=filter,
        harvest_start_month=harvest_start_month,
    )


def measure_in(text: str, lang: str = "es") -> str:
    """A stored measure as a page in `lang` shows it: `mean(Monto)` reads `promedio(Monto)` in Spanish."""
    match = _MEASURE.fullmatch(text or "")
    if not match:
        return text
    function = _MEASURE_ALIASES.get(name_key(match.group(1)), name_key(match.group(1)))
    if function not in MEASURES:
        return text
    name = function if lang[:2] == "en" else SPANISH_NAMES[function]
    return f"{name}({match.group(2)})"


def parse_measure(text: str, columns: Mapping[str, ColumnType]) -> Measure:
    match = _MEASURE.fullmatch(text or "")
    if not match:
        raise RumboError(
            gettext_noop("La medida «%(text)s» no se entiende: escriba, por ejemplo, suma(Monto) o conteo()."),
            text=text,
        )
    raw_function, argument = match.groups()
    function = _MEASURE_ALIASES.get(name_key(raw_function), name_key(raw_function))
    if function not in MEASURES:
        raise RumboError(
            gettext_noop(
                "«%(measure)s» no es una medida conocida. Las medidas son: suma, conteo, "
                "distintos, promedio, mediana, mínimo, máximo, nuevos, retenidos y perdidos "
                "(o en inglés: sum, count, count_distinct, mean, median, min, max, new, "
                "retained y churned)."
            ),
            measure=raw_function,
        )
    if not argument:
        if function == "count":
            return Measure("count", None)
        raise RumboError(
            gettext_noop("La medida %(measure)s necesita una columna: %(measure)s(columna)."),
            measure=raw_function,  # named as it was typed: suma, not sum
        )
    column = resolve_column(_unquote_column(argument), columns)
    if function in NUMERIC_MEASURES and columns[column] != ColumnType.NUMBER:
        raise RumboError(
            gettext_noop("La medida %(measure)s necesita una columna de números; «%(column)s» no lo es."),
            measure=raw_function,
            column=column,
        )
    return Measure(function, column)


def parse_filter(text: str, columns: Mapping[str, ColumnType]) -> Filter:
    tokens = _tokens(text or "")
    conditions: list[Condition] = []
    position = 0
    while position < len(tokens):
        if conditions:
            kind, word = tokens[position]
            if kind != "word" or name_key(word) not in ("y", "and", "&&"):
                if kind == "word" and name_key(word) in ("o", "or", "||"):
                    raise RumboError(
                        gettext_noop("En un filtro las condiciones solo se unen con «y»: «%(text)s»."),
                        text=text,
                    )
                raise _bad_filter(text, word)
            position += 1
        part = tokens[position : position + 3]
        if len(part) < 3 or part[0][0] not in ("word", "backtick", "bracket") or part[1][0] != "op":
            raise _bad_filter(text, " ".join(t for _, t in part) or text)
        if part[2][0] not in ("word", "quoted"):
            raise _bad_filter(text, part[2][1])
        conditions.append(_condition(part, columns, text))
        position += 3
    return Filter(tuple(conditions))


def parse_grain(grain: "str | Grain") -> Grain:
    key = name_key(grain)
    try:
        return Grain(key)
    except ValueError:
        pass
    if key in _GRAIN_ALIASES:
        return _GRAIN_ALIASES[key]
    raise RumboError(
        gettext_noop("«%(grain)s» no es un periodo válido: use día, semana, mes, trimestre, año o cosecha."),
        grain=grain,
    )


def resolve_column(name: str, columns: Mapping[str, object]) -> str:
    """The dataset's own spelling of a column, matched exactly or without case and accents."""
    if name in columns:
        return name
    matches = [column for column in columns if name_key(column) == name_key(name)]
    if len(matches) == 1:
        return matches[0]
    raise RumboError(
        gettext_noop("La columna «%(column)s» no existe. Columnas disponibles: %(columns)s."),
        column=name,
        columns=", ".join(columns),
    )


def _date_column(name: str | None, columns: Mapping[str, ColumnType]) -> str:
    dates = [c for c, kind in columns.items() if kind == ColumnType.DATE]
    if not name:
        if not dates:
            raise RumboError(
                gettext_noop(
                    "Los datos no tienen ninguna columna de fecha, y una métrica necesita una "
                    "para repartir los registros por periodo."
                )
            )
        raise RumboError(
            gettext_noop("Falta la columna de fecha. Columnas de fecha disponibles: %(columns)s."),
            columns=", ".join(dates),
        )
    column = resolve_column(name, columns)
    if columns[column] != ColumnType.DATE:
        raise RumboError(
            gettext_noop("«%(column)s» no es una columna de fecha. Columnas de fecha disponibles: %(columns)s."),
            column=column,
            columns=", ".join(dates) or "—",
        )
    return column


def _tokens(text: str) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
    position = 0
    while position < len(text):
        if not text[position:].strip():
            break
        match = _TOKEN.match(text, position)
        if not match or match.end() == position:
            raise _bad_filter(text, text[position:].strip()[:20])
        kind = match.lastgroup
        assert kind is not None, "every alternative of the token pattern is named"
        tokens.append((kind, match.group(kind)))
        position = match.end()
    return tokens


def _condition(part: Sequence[tuple[str, str]], columns: Mapping[str, ColumnType], text: str) -> Condition:
    (_, raw_column), (_, raw_operator), (value_kind, raw_value) = part
    column = resolve_column(_unquote_column(raw_column), columns)
    operator = OPERATORS[raw_operator]
    value = raw_value[1:-1] if value_kind == "quoted" else raw_value
    kind = columns[column]
    if kind == ColumnType.NUMBER:
        return Condition(column, operator, float(parse_number(value)))
    if kind == ColumnType.DATE:
        return Condition(column, operator, parse_date(value))
    if operator not in ("=", "!="):
        raise RumboError(
            gettext_noop("«%(column)s» es una columna de texto: solo se puede comparar con = o !=."),
            column=column,
        )
    return Condition(column, operator, value.strip())


def _unquote_column(text: str) -> str:
    text = text.strip()
    if len(text) >= 2 and (text[0], text[-1]) in (("`", "`"), ("[", "]"), ('"', '"'), ("'", "'")):
        return text[1:-1].strip()
    return text


def _bad_filter(text: str, near: str) -> RumboError:
    return RumboError(
        gettext_noop(
            "El filtro «%(text)s» no se entiende cerca de «%(near)s». Escriba, por ejemplo: "
            'Producto = "pergamino" y Monto > 0.'
        ),
        text=text,
        near=near,
    )
