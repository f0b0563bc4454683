"""The shapes the API reads and writes."""

from datetime import date
from decimal import Decimal

from ninja import Schema


class KpiOut(Schema):
    slug: str
    name: str
    kind: str
    area: str
    unit: str
    frequency: str
    direction: str
    objective: str | None
    period: date | None
    value: Decimal | None
    target: Decimal | None
    status: str
    story: str
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


class ValueIn(Schema):
    period: date
    value: str | Decimal
    note: str = ""


class Problem(Schema):
    detail: str


class Saved(Schema):
    created: int
    updated: int
    unchanged: int
