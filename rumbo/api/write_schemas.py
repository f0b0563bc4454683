"""The shapes the API takes to change data, and what it answers."""

import datetime as dt
from datetime import date
from decimal import Decimal

from ninja import Field, Schema
from pydantic import BaseModel

from rumbo.api.limits import MAX_TARGETS
from rumbo.api.read_schemas import Page, VersionOut


class TargetIn(BaseModel):
    start: date = Field(examples=["2026-01-01"])
    end: date = Field(examples=["2026-12-31"])
    value: Decimal | None = Field(None, examples=["480"], description="La meta (o nada, en un indicador de rango).")
    low: Decimal | None = Field(None, description="Mínimo del rango (indicadores de rango).")
    high: Decimal | None = Field(None, description="Máximo del rango (indicadores de rango).")


class TargetsIn(Schema):
    targets: list[TargetIn] = Field(
        max_length=MAX_TARGETS,
        description="El calendario entero de metas: las que no vengan se borran.",
        examples=[[{"start": "2026-01-01", "end": "2026-12-31", "value": "480"}]],
    )


class CheckInIn(Schema):
    confidence: int = Field(ge=0, le=10, description="Confianza de 0 a 10.", examples=[7])
    value: Decimal | str | None = Field(
        None, description="El valor del resultado clave; vacío para un seguimiento solo de confianza.", examples=["32"]
    )
    note: str = Field("", max_length=2000, examples=["Se sumaron dos compradores en la feria de Comayagua."])
    done: bool | None = Field(None, description="Solo para hitos: si ya está hecho.")
    date: dt.date | None = Field(None, description="El día del seguimiento (hoy si no se da).")


class CheckInOut(Schema):
    key_result: int
    date: dt.date
    confidence: int
    value: Decimal | None
    done: bool | None
    note: str


class KpiFromTemplateIn(Schema):
    template: str = Field(max_length=80, examples=["ventas_cerradas_mes"], description="Plantilla del catálogo.")
    area: str = Field(max_length=20, examples=["ventas"])
    objective: int | None = Field(None, ge=1, le=2**31 - 1, description="El objetivo al que sirve (id).")
    targets: list[TargetIn] = Field([], max_length=MAX_TARGETS)
    confirm_over_limit: bool = Field(
        False, description="Crear aunque la cooperativa pase del número de KPI recomendado."
    )


class TemplateOut(Schema):
    slug: str = Field(examples=["ventas_cerradas_mes"])
    name: str = Field(examples=["Ventas cerradas por mes"])
    definition: str
    unit: str
    frequency: str
    direction: str
    areas: list[str]


class TemplatePage(Page):
    items: list[TemplateOut]


class CellProblem(Schema):
    row: int | None = Field(description="El registro (desde 1) o la fila de la hoja.", examples=[3])
    field: str | None = Field(description="La columna.", examples=["Importe"])
    message: str = Field(examples=["Fila 4, columna C (Importe): «doce» no es un número."])


class RecordsIn(BaseModel):
    rows: list[dict[str, str | int | float | bool | None]] = Field(
        description="Los registros: un objeto por registro, con el nombre de cada columna.",
        examples=[[{"Fecha": "2026-03-02", "Producto": "Café tostado 460 g", "Importe": 125.5}]],
    )
    types: dict[str, str] = Field(
        {}, description="Tipos corregidos a mano por columna: `número`, `fecha` o `texto`.", examples=[{}]
    )


class RecordsOut(Schema):
    dataset: str = Field(examples=["ventas"])
    version: VersionOut
    added: int = Field(description="Registros que trajo esta llamada.", examples=[250])
    problems: list[CellProblem] = Field(description="Celdas que no encajaron en su columna y quedaron vacías.")
    recomputed: list[str] = Field(description="Métricas recalculadas con la nueva versión.")
