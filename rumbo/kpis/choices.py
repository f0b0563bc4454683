"""The engine's vocabulary as Django choices, with the words people read."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from rumbo.accounts.areas import Area as Area  # memberships are given areas too: the names live below kpis


class Direction(models.TextChoices):
    UP = "up", _("Más es mejor")
    DOWN = "down", _("Menos es mejor")
    BAND = "band", _("Mantener dentro de un rango")


class Frequency(models.TextChoices):
    DAY = "day", _("Diaria")
    WEEK = "week", _("Semanal")
    MONTH = "month", _("Mensual")
    QUARTER = "quarter", _("Trimestral")
    YEAR = "year", _("Anual")
    HARVEST = "harvest", _("Por cosecha")


class Aggregation(models.TextChoices):
    SUM = "sum", _("Suma")
    MEAN = "mean", _("Promedio")
    LAST = "last", _("Último valor")
    RATIO = "ratio", _("Razón (numerador ÷ denominador)")


class BuyerStage(models.TextChoices):
    NONE = "", _("Ninguna")
    DESCUBRIMIENTO = "descubrimiento", _("Descubrimiento")
    CONSIDERACION = "consideracion", _("Consideración")
    DECISION = "decision", _("Decisión")


class MarketStage(models.TextChoices):
    NONE = "", _("Ninguna")
    PRE_PMF = "pre_pmf", _("Antes del ajuste producto-mercado")
    PMF = "pmf", _("Ajuste producto-mercado")
    EXPANSION = "expansion", _("Expansión")


class Indicator(models.TextChoices):
    LEADING = "leading", _("Prospectivo (anticipa)")
    LAGGING = "lagging", _("Retrospectivo (muestra el resultado)")


class Nature(models.TextChoices):
    QUANTITATIVE = "quantitative", _("Cuantitativo")
    QUALITATIVE = "qualitative", _("Cualitativo (en una escala)")


class Kind(models.TextChoices):
    KPI = "kpi", _("KPI")
    METRIC = "metric", _("Métrica")


class InitiativeKind(models.TextChoices):
    PROYECTO = "proyecto", _("Proyecto")
    PROCESO = "proceso", _("Proceso")
    CAMPANA = "campana", _("Campaña")
    CAMBIO = "cambio", _("Cambio estratégico")


class ScaleKind(models.TextChoices):
    NONE = "", _("Sin escala")
    RUBRIC = "rubric", _("Rúbrica (niveles descritos)")
    LIKERT = "likert", _("Likert 1–5")
    RANGE = "range", _("Rango de puntaje (p. ej. catación 0–100)")


class Source(models.TextChoices):
    MANUAL = "manual", _("Ingresado a mano")
    IMPORT = "import", _("Importado de una hoja de cálculo")
    DATASET = "dataset", _("Calculado de registros")
    FORMULA = "formula", _("Calculado por fórmula")
    API = "api", _("Recibido por la API")
    NETWORK = "network", _("Publicado por la red de cooperativas")
