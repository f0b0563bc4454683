"""The shapes the API reads: pages of objectives, KPIs with their reading, OKRs with their scores, datasets."""

from datetime import date, datetime
from decimal import Decimal

from ninja import Field, Schema

from rumbo.api.limits import DEFAULT_PAGE, MAX_PAGE
from rumbo.api.schemas import KpiOut, ValueOut


class PageQuery(Schema):
    limit: int = Field(DEFAULT_PAGE, ge=1, le=MAX_PAGE, description=f"Cuántos por página (hasta {MAX_PAGE}).")
    offset: int = Field(0, ge=0, le=1_000_000_000, description="Cuántos saltar desde el principio.")


class Page(Schema):
    count: int = Field(description="Cuántos hay en total con estos filtros.", examples=[12])
    limit: int = Field(examples=[DEFAULT_PAGE])
    offset: int = Field(examples=[0])


class ObjectiveOut(Schema):
    id: int
    title: str = Field(examples=["Crecer en ventas directas"])
    description: str
    area: str = Field(examples=["ventas"])
    status: str = Field(description="`on_track`, `at_risk`, `off_track` o `no_data`, según sus indicadores.")
    story: str = Field(examples=["2 de 3 indicadores van en rumbo; Ventas cerradas por mes está en riesgo."])


class ObjectivePage(Page):
    items: list[ObjectiveOut]


class InitiativeOut(Schema):
    id: int
    name: str = Field(examples=["Campaña de verano"])
    kind: str = Field(examples=["campana"])
    description: str
    start: date
    end: date | None


class InitiativePage(Page):
    items: list[InitiativeOut]


class TargetOut(Schema):
    start: date = Field(examples=["2025-01-01"])
    end: date = Field(examples=["2025-12-31"])
    value: Decimal | None = Field(None, examples=["480"])
    low: Decimal | None = Field(None, description="Mínimo del rango (indicadores de rango).")
    high: Decimal | None = Field(None, description="Máximo del rango (indicadores de rango).")


class ComputedOut(Schema):
    """How a metric is computed from a dataset's records or from a formula over other metrics."""

    dataset: str | None = Field(None, examples=["ventas"])
    measure: str = Field(examples=["sum(Importe)"])
    date_column: str = Field(examples=["Fecha"])
    grain: str = Field(examples=["month"])
    filter: str
    formula: str


class KpiDetailOut(KpiOut):
    description: str = ""
    nature: str = Field("quantitative", description="`quantitative` o `qualitative`.")
    aggregation: str = Field("sum", description="Cómo se combinan los valores de un periodo largo.")
    decimals: int = 0
    baseline: Decimal | None = None
    on_track_at: Decimal | None = Field(None, description="En rumbo desde esta fracción de la meta (1 = la meta).")
    at_risk_at: Decimal | None = Field(None, description="En riesgo desde esta fracción de la meta.")
    initiative: str | None = None
    targets: list[TargetOut] = []
    computed: ComputedOut | None = Field(None, description="Solo para métricas calculadas.")


class KpiPage(Page):
    items: list[KpiDetailOut]


class CycleOut(Schema):
    id: int
    name: str = Field(examples=["T1 2026"])
    start: date
    end: date
    check_in_days: int = Field(description="Cada cuántos días se espera un seguimiento.")
    closed: bool


class CyclePage(Page):
    items: list[CycleOut]


class KeyResultOut(Schema):
    id: int
    title: str = Field(examples=["Nuevos compradores"])
    kind: str = Field(description="`number`, `percent` o `milestone`.")
    baseline: Decimal | None
    target: Decimal | None
    current: Decimal | None
    done: bool
    weight: Decimal
    kpi: str | None = Field(description="El indicador que sigue, si sigue uno (su nombre corto).")
    score: Decimal = Field(description="Nota de 0 a 1.", examples=["0.45"])
    colour: str = Field(description="`green`, `yellow` o `red`.")
    expected: Decimal = Field(description="La nota esperada a esta altura del ciclo.")
    confidence: int | None = Field(description="La confianza del último seguimiento (0 a 10).", examples=[7])
    confidence_on: date | None
    story: str


class OkrObjectiveOut(Schema):
    id: int
    cycle: int
    title: str = Field(examples=["Ampliar la venta directa"])
    description: str
    area: str
    type: str = Field(description="`committed` o `aspirational`.")
    score: Decimal
    colour: str
    expected: Decimal
    story: str
    key_results: list[KeyResultOut]


class OkrObjectivePage(Page):
    items: list[OkrObjectiveOut]


class VersionOut(Schema):
    number: int = Field(examples=[3])
    mode: str = Field(description="`replace`, `append` o `retype`.")
    rows: int = Field(examples=[10000])
    columns: list[list[str]] = Field(examples=[[["Fecha", "date"], ["Producto", "text"], ["Importe", "number"]]])
    file: str = Field(description="El archivo subido, tal como llegó.", examples=["ventas-2026-03-02.csv"])
    problem_count: int = Field(description="Celdas que no encajaron en su columna y quedaron vacías.")
    created_at: datetime


class VersionPage(Page):
    items: list[VersionOut]


class DatasetOut(Schema):
    id: int
    name: str = Field(examples=["ventas"])
    description: str
    created_at: datetime
    latest: VersionOut | None
    metrics: list[str] = Field(description="Nombres cortos de las métricas que se calculan con estos datos.")


class DatasetPage(Page):
    items: list[DatasetOut]


class ValuePage(Page):
    items: list[ValueOut]
