"""The shapes the API reads and writes."""

from datetime import date
from decimal import Decimal

from ninja import Field, Schema
from pydantic import BaseModel


class OutlookOut(Schema):
    """Where the KPI's running target will end: the same projection the board, the PDF and the digest tell."""

    source: str = Field(
        description="`forecast` (un pronóstico vigente, con rango y probabilidad) o `pace` (el ritmo actual)."
    )
    span_start: date | None
    span_end: date | None
    target: Decimal | None
    projected: Decimal | None
    low: Decimal | None = Field(None, description="Límite bajo del rango (solo con `forecast`).")
    high: Decimal | None = Field(None, description="Límite alto del rango (solo con `forecast`).")
    share: Decimal | None = Field(None, description="Proyección ÷ meta (0.74 es 74 %).")
    share_low: Decimal | None = None
    share_high: Decimal | None = None
    probability: Decimal | None = Field(None, description="Probabilidad de alcanzar la meta (solo con `forecast`).")
    level: Decimal | None = Field(None, description="Nivel del rango (0.8: 8 de cada 10 veces).")


class KpiOut(Schema):
    slug: str = Field(examples=["ventas_cerradas"])
    name: str = Field(examples=["Ventas cerradas por mes"])
    kind: str
    area: str
    unit: str
    frequency: str
    direction: str
    objective: str | None
    period: date | None
    value: Decimal | None
    target: Decimal | None
    status: str = Field(description="`on_track`, `at_risk`, `off_track` o `no_data`.", examples=["at_risk"])
    story: str = Field(
        description="La frase del tablero, en el idioma de la clave.",
        examples=["Ventas cerradas por mes: 35 ventas en enero de 2025, 88 % de la meta; en riesgo."],
    )
    outlook: OutlookOut | None = None
    # True when a value or target in play is stored out of the range Rumbo can read: it counts as missing.
    unreadable: bool = False


class ValueOut(Schema):
    period: date
    value: Decimal | None
    note: str
    source: str
    version: int
    # True when the stored figure is out of the range Rumbo can read: `value` is then null; correct or delete it.
    unreadable: bool = False


# A plain pydantic model: ninja's Schema wrapper makes validating 5,000 of them ten times slower.
class ValueIn(BaseModel):
    period: date = Field(description="El primer día del periodo (2025-03-01 para marzo).", examples=["2025-03-01"])
    value: str | Decimal = Field(description='Un número, o un texto como "41,5" o "1.234,5".', examples=["41,5"])
    note: str = Field("", examples=["Cierre de la feria de marzo"])


class ProblemError(Schema):
    loc: list[str | int] = Field(
        description="Dónde está el error: `body`, luego la posición del valor (desde 0) y el campo."
    )
    field: str = Field(description="El campo rechazado, o `body` cuando es el cuerpo entero.")
    message: str


class Problem(Schema):
    """Every API error: application/problem+json, in Spanish (English with `Accept-Language: en`)."""

    title: str
    status: int
    detail: str
    errors: list[ProblemError] = []


class Saved(Schema):
    created: int = Field(description="Periodos que no tenían valor.", examples=[1])
    updated: int = Field(description="Periodos cuyo valor cambió (el anterior queda en el historial).", examples=[1])
    unchanged: int = Field(description="Periodos que ya tenían ese mismo valor.", examples=[0])
