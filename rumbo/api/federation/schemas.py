"""The shapes of a federation's routes: the federation and its members, a cooperative's networks and consent, statistics."""

from datetime import date, datetime
from decimal import Decimal

from ninja import Field, Schema

from rumbo.api.read_schemas import Page
from rumbo.federation.models import DEFAULT_CONTRIBUTORS, MIN_CONTRIBUTORS

SLUG = r"^[-a-zA-Z0-9_]+$"  # an identifier in an address: a cooperative's, a federation's, a KPI's, a template's
TEXT = r"^[^\x00]*$"  # any text a database keeps (no NUL character)
STATUS = "`invited` (invitada), `active` (miembro), `left` (salió) o `declined` (rechazó la invitación)."


class FederationIn(Schema):
    slug: str = Field(
        max_length=60,
        pattern=TEXT,
        description="El identificador de la federación en sus direcciones: minúsculas, números y guiones.",
        examples=["red-cafe-sur"],
    )
    name: str = Field(max_length=200, pattern=TEXT, examples=["Red Café del Sur"])
    min_contributors: int = Field(
        DEFAULT_CONTRIBUTORS,
        ge=MIN_CONTRIBUTORS,
        le=1000,
        description=f"Mínimo de cooperativas detrás de cada cifra publicada (nunca menos de {MIN_CONTRIBUTORS}).",
        examples=[DEFAULT_CONTRIBUTORS],
    )


class NewFederationOut(Schema):
    slug: str = Field(examples=["red-cafe-sur"])
    name: str = Field(examples=["Red Café del Sur"])
    min_contributors: int = Field(examples=[DEFAULT_CONTRIBUTORS])
    admin: str = Field(description="Quien la administra: la persona que creó la clave.", examples=["ana@coop.org"])


class MemberOut(Schema):
    id: int
    name: str = Field(description="El nombre con que la federación conoce al miembro.", examples=["Cooperativa A"])
    cooperative: str | None = Field(
        description="El identificador de la cooperativa en este Rumbo; vacío para un miembro en otro Rumbo.",
        examples=["coop-a"],
    )
    remote: bool = Field(description="true: la cooperativa está en su propio Rumbo y envía con su clave de miembro.")
    status: str = Field(description=STATUS, examples=["active"])
    invited_at: datetime
    joined_at: datetime | None
    left_at: datetime | None
    templates: list[str] = Field(
        description="Las plantillas del catálogo que comparte hoy; nunca sus cifras.", examples=[["volumen_vendido"]]
    )


class MemberPage(Page):
    items: list[MemberOut]


class InviteIn(Schema):
    cooperative: str = Field(
        max_length=60,
        pattern=TEXT,
        description="El identificador de la cooperativa en este Rumbo (el de sus direcciones, /c/<identificador>/).",
        examples=["coop-a"],
    )


class MemberKeyIn(Schema):
    name: str = Field(
        max_length=200,
        pattern=TEXT,
        description="El nombre de la cooperativa miembro en otro Rumbo; con el mismo nombre, la clave nueva reemplaza a la anterior.",
        examples=["Cooperativa La Esperanza"],
    )


class MemberKeyOut(Schema):
    member: MemberOut
    key: str = Field(
        description="La clave de miembro (`rfm_…`): se muestra esta sola vez; la federación guarda solo su SHA-256.",
        examples=["rfm_…"],
    )


class NetworkOut(Schema):
    federation: str = Field(description="El identificador de la federación.", examples=["red-cafe-sur"])
    name: str = Field(examples=["Red Café del Sur"])
    status: str = Field(description=STATUS, examples=["invited"])
    invited_at: datetime
    joined_at: datetime | None
    left_at: datetime | None


class NetworkPage(Page):
    items: list[NetworkOut]


class ConsentOut(Schema):
    kpi: str = Field(description="El nombre corto del indicador de la cooperativa.", examples=["volumen"])
    name: str = Field(examples=["Volumen vendido"])
    template: str | None = Field(
        description="La plantilla del catálogo de que está hecho.", examples=["volumen_vendido"]
    )
    shared: bool = Field(description="true: se comparte hoy con esta red.")
    since: datetime | None = Field(description="Desde cuándo se comparte.")
    refusal: str = Field(
        description="Por qué no se puede compartir (no es del catálogo, otra frecuencia, una unidad que no se convierte); vacío si se puede."
    )


class ConsentPage(Page):
    items: list[ConsentOut]


class ShareIn(Schema):
    kpi: str = Field(
        max_length=80,
        pattern=TEXT,
        description="El nombre corto del indicador de la cooperativa.",
        examples=["volumen"],
    )


class ShareOut(Schema):
    kpi: str = Field(examples=["volumen"])
    template: str = Field(examples=["volumen_vendido"])
    federation: str = Field(examples=["red-cafe-sur"])
    since: datetime
    stopped_at: datetime | None = Field(description="Cuándo se dejó de compartir; vacío mientras se comparte.")
    values: int = Field(description="Cuántos valores de esta plantilla lleva el envío a la red desde ahora.")


class SentRowOut(Schema):
    template: str = Field(examples=["volumen_vendido"])
    period: date = Field(examples=["2025-03-01"])
    value: Decimal = Field(description="En la unidad de la plantilla.", examples=["41250.5"])
    numerator: Decimal | None = Field(description="Para una razón: su numerador.")
    denominator: Decimal | None = Field(description="Para una razón: su denominador.")
    unit: str = Field(examples=["kg"])


class WithheldOut(Schema):
    kpi: str = Field(description="El nombre corto del indicador compartido que no sale.", examples=["volumen"])
    template: str
    reason: str


class SentOut(Schema):
    templates: list[str] = Field(description="Las plantillas que la cooperativa comparte con la red.")
    rows: list[SentRowOut] = Field(description="Todos sus valores, tal como salen: nada más sale de la cooperativa.")
    withheld: list[WithheldOut] = Field(description="Indicadores compartidos cuyos valores no salen ahora, y por qué.")


class StatRowOut(Schema):
    period: date = Field(examples=["2025-03-01"])
    contributors: int = Field(description="Cuántas cooperativas enviaron su cifra de ese periodo.", examples=[14])
    median: Decimal | None = Field(description="La mediana de la red; vacía cuando se suprime.", examples=["40120.5"])
    p25: Decimal | None = Field(description="El primer cuartil; vacío cuando se suprime.", examples=["31000"])
    p75: Decimal | None = Field(description="El tercer cuartil; vacío cuando se suprime.", examples=["52800"])
    total: Decimal | None = Field(
        description="La suma de la red (para una razón, la razón de las partes sumadas); vacía cuando se suprime.",
        examples=["561687"],
    )


class StatisticsOut(Schema):
    federation: str = Field(examples=["red-cafe-sur"])
    template: str = Field(examples=["volumen_vendido"])
    unit: str = Field(examples=["kg"])
    min_contributors: int = Field(description="Ninguna cifra se publica con menos cooperativas.", examples=[5])
    rows: list[StatRowOut] = Field(description="Un periodo por fila, del más antiguo al más reciente.")
