"""The words of the method as stable values shared by the engine, the database and the API.

Labels for people live with the Django models (translated with gettext); the engine's
own Spanish and English sentences live in `story.py`.
"""

from enum import StrEnum


class Direction(StrEnum):
    UP = "up"  # higher is better
    DOWN = "down"  # lower is better
    BAND = "band"  # stay within a band


class Grain(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"
    HARVEST = "harvest"  # coffee year, starting on the cooperative's harvest month


class Aggregation(StrEnum):
    SUM = "sum"
    MEAN = "mean"
    LAST = "last"
    RATIO = "ratio"  # recomputed from summed numerator and denominator


class Status(StrEnum):
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    NO_DATA = "no_data"


class Area(StrEnum):
    GERENCIA = "gerencia"
    FINANZAS = "finanzas"
    LEGAL = "legal"
    VENTAS = "ventas"
    MARKETING = "marketing"
    PRODUCCION = "produccion"
    TRANSPORTE = "transporte"
    ALMACENAMIENTO = "almacenamiento"


class BuyerStage(StrEnum):
    NONE = ""
    DESCUBRIMIENTO = "descubrimiento"
    CONSIDERACION = "consideracion"
    DECISION = "decision"


class MarketStage(StrEnum):
    NONE = ""
    PRE_PMF = "pre_pmf"
    PMF = "pmf"
    EXPANSION = "expansion"


class Indicator(StrEnum):
    LEADING = "leading"  # prospectivo
    LAGGING = "lagging"  # retrospectivo


class Nature(StrEnum):
    QUANTITATIVE = "quantitative"  # cuantitativo
    QUALITATIVE = "qualitative"  # cualitativo, measured on a declared scale


class Kind(StrEnum):
    KPI = "kpi"
    METRIC = "metric"


class InitiativeKind(StrEnum):
    PROYECTO = "proyecto"
    PROCESO = "proceso"
    CAMPANA = "campana"
    CAMBIO = "cambio"  # cambio estratégico


class ScaleKind(StrEnum):
    RUBRIC = "rubric"  # levels with descriptions
    LIKERT = "likert"  # 1–5
    RANGE = "range"  # a score range, e.g. the 100-point cupping scale
