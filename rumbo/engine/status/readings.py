"""The plain data the board's rules take and give: KPI facts, period values, dated targets, readings.

Everything here is a frozen dataclass so that a reading can be cached, compared and shared
between the board, the PDF, the digest and the API. The rules live in `periods.py`,
`targets.py`, `board.py` and `story.py`; this module only holds the shapes they exchange.
Numbers are `Decimal` (ints are accepted; floats are converted through their shortest
text so that 0.9 stays 0.9).
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from rumbo.engine.errors import RumboError, gettext_noop
from rumbo.engine.vocab import Aggregation, Direction, Grain, Kind, Nature, Status


def as_decimal(value: Decimal | int | float | str | None) -> Decimal | None:
    """None stays None; 0.9 (float) becomes Decimal('0.9'), not 0.90000000000000002220…"""
    if value is None or isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return Decimal(repr(value))
    return Decimal(value)


def _convert(obj: object, *names: str) -> None:
    for name in names:
        value = getattr(obj, name)
        if value is not None and not isinstance(value, Decimal):
            object.__setattr__(obj, name, as_decimal(value))


@dataclass(frozen=True, slots=True)
class PeriodValue:
    """One value of a KPI for one period, named by the period's first day.

    For a ratio KPI, `numerator` and `denominator` are what coarser periods are rebuilt
    from; `value` is still the period's own figure (numerator ÷ denominator × ratio_scale).
    """

    period: date
    value: Decimal | None
    numerator: Decimal | None = None
    denominator: Decimal | None = None

    def __post_init__(self) -> None:
        # Only floats need converting; checking the type is cheaper than always converting,
        # and a board reads thousands of these. Callers may pass floats whatever the declared type.
        if type(self.value) is float or type(self.numerator) is float or type(self.denominator) is float:  # type: ignore[comparison-overlap]
            _convert(self, "value", "numerator", "denominator")


@dataclass(frozen=True, slots=True)
class TargetSpan:
    """A target for the KPI's aggregate over [start, end] (both days included).

    The span holds the KPI periods whose first day falls inside it. A span of one period is
    that period's target; a longer span is a cumulative (SUM), average (MEAN), ratio (RATIO)
    or end-of-span (LAST) target, followed by its pace. A BAND KPI uses `low`/`high` (either
    may be missing for a one-sided band); `value`, when given, is the ideal point.
    """

    start: date
    end: date
    value: Decimal | None
    low: Decimal | None = None
    high: Decimal | None = None

    def __post_init__(self) -> None:
        _convert(self, "value", "low", "high")
        if self.end < self.start:
            raise RumboError(
                gettext_noop("La meta termina (%(end)s) antes de empezar (%(start)s)."),
                start=self.start.isoformat(),
                end=self.end.isoformat(),
            )
        if self.low is not None and self.high is not None and self.low > self.high:
            raise RumboError(
                gettext_noop("El mínimo de la meta (%(low)s) es mayor que el máximo (%(high)s)."),
                low=self.low,
                high=self.high,
            )


@dataclass(frozen=True)
class KpiFacts:
    """What the engine needs to know about a KPI (or a plain metric) to read its values.

    Thresholds are attainment ratios (see `targets.attainment`): `on_track_at` (default 1.0)
    and `at_risk_at` (default 0.9). For a BAND KPI the tolerance outside the band is
    1 − at_risk_at of the nearer bound (10 % by default). `scale_min`/`scale_max` declare the
    scale of a qualitative KPI (Likert 1–5, cupping 0–100); values and targets are normalised
    to 0–1 on it before they are compared. `ratio_scale` is 100 for a ratio shown in %.
    `start`/`end` bound the dates a value is due (a campaign's or project's dates);
    `grace_days` overrides the per-grain grace of `board.GRACE_DAYS`.
    """

    name: str
    unit: str = ""
    decimals: int = 0
    direction: Direction = Direction.UP
    grain: Grain = Grain.MONTH
    aggregation: Aggregation = Aggregation.SUM
    nature: Nature = Nature.QUANTITATIVE
    kind: Kind = Kind.KPI
    scale_min: Decimal | None = None
    scale_max: Decimal | None = None
    on_track_at: Decimal | None = None
    at_risk_at: Decimal | None = None
    baseline: Decimal | None = None
    ratio_scale: Decimal = Decimal(1)
    grace_days: int | None = None
    start: date | None = None
    end: date | None = None
    name_en: str = ""
    unit_en: str = ""
    key: object = None  # the caller's id, carried through untouched

    def __post_init__(self) -> None:
        _convert(self, "scale_min", "scale_max", "on_track_at", "at_risk_at", "baseline", "ratio_scale")
        on, risk = self.on_track_at, self.at_risk_at
        if on is not None and risk is not None and risk > on:
            raise RumboError(
                gettext_noop("El umbral «en riesgo» (%(risk)s) no puede superar al de «buen rumbo» (%(on)s)."),
                risk=risk,
                on=on,
            )
        if self.scale_min is not None and self.scale_max is not None and self.scale_max <= self.scale_min:
            raise RumboError(
                gettext_noop("La escala debe ir de un mínimo a un máximo mayor (%(low)s–%(high)s)."),
                low=self.scale_min,
                high=self.scale_max,
            )

    @property
    def on_scale(self) -> bool:
        return self.nature == Nature.QUALITATIVE and self.scale_min is not None and self.scale_max is not None


@dataclass(frozen=True)
class Pace:
    """Where a KPI stands inside a multi-period target span, as of its latest value.

    `expected` is the target scaled to the elapsed part of the span (`shape`: "linear",
    "seasonal" from the same span a year earlier, or "flat" when the target holds all along,
    as for a mean or a ratio). `gap` = actual − expected value; `projected` is the end-of-span
    figure at the current pace and `projected_share` = projected ÷ target value.
    """

    span: TargetSpan
    span_grain: Grain | None  # the grain of which the span is exactly one period (None: any dates)
    first_period: date
    as_of: date  # the last period counted
    periods: int  # KPI periods in the span
    elapsed: int  # periods counted so far, as_of included
    shape: str
    actual: Decimal
    expected: TargetSpan
    attainment: Decimal | None
    status: Status
    gap: Decimal | None
    gap_ratio: Decimal | None
    projected: Decimal | None
    projected_share: Decimal | None
    complete: bool


@dataclass(frozen=True)
class Trend:
    """Change of the latest value against the previous period and the same period a year earlier."""

    previous_period: date | None = None
    previous_value: Decimal | None = None
    change: Decimal | None = None
    change_ratio: Decimal | None = None  # None when the previous value is 0 or missing
    improving: bool | None = None  # by the KPI's direction; None when flat, unknown or a band
    year_ago_period: date | None = None
    year_ago_value: Decimal | None = None
    year_change: Decimal | None = None
    year_change_ratio: Decimal | None = None


@dataclass(frozen=True)
class Freshness:
    """Whether the last due value is missing, and since which period (see `board.freshness`)."""

    due_period: date | None  # the latest period whose value is due; None when nothing is due yet
    missing: bool
    missing_since: date | None  # first due period without a value after the latest one
    missing_count: int  # due periods without a value, from missing_since to due_period


@dataclass(frozen=True)
class Outlook:
    """Where a KPI's running target will end: the one projection the board, the PDF, the digest, WhatsApp and the API tell.

    `source` is "forecast" (a current cached forecast: a range at `level`, and the chance of
    reaching the target) or "pace" (the straight line of `Pace`: no range, no chance).
    `share` = projected ÷ the span's target value; `share_low`/`share_high` bound it likewise.
    """

    source: str
    span: TargetSpan | None
    projected: Decimal | None
    share: Decimal | None
    low: Decimal | None = None
    high: Decimal | None = None
    share_low: Decimal | None = None
    share_high: Decimal | None = None
    probability: Decimal | None = None
    level: Decimal | None = None
    history: int | None = None  # periods of history a forecast learnt from (fewer than two years: it says it is rough)

    def __post_init__(self) -> None:
        _convert(self, "projected", "share", "low", "high", "share_low", "share_high", "probability", "level")

    @property
    def forecast(self) -> bool:
        return self.source == "forecast"


@dataclass(frozen=True)
class KpiReading:
    """Everything a tile shows for one KPI; `story` maps "es"/"en" to one or two sentences."""

    kpi: KpiFacts
    period: date | None  # latest period with a value
    value: Decimal | None
    target: TargetSpan | None  # the latest period's own target
    attainment: Decimal | None
    progress: Decimal | None
    gap: Decimal | None  # value − target (for a band: distance outside it, signed; 0 inside)
    gap_ratio: Decimal | None  # gap ÷ |the target or bound it is measured from|; None if that is 0
    status: Status
    pace: Pace | None
    trend: Trend
    series: tuple[PeriodValue, ...]  # the last periods for the sparkline, gaps as None
    freshness: Freshness
    outlook: Outlook | None = None  # where the running target will end (`board.pace_outlook`, `board.with_outlook`)
    story: dict[str, str] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class ObjectiveReading:
    """An objective's status from its KPIs, the counts behind it and its sentence."""

    name: str
    status: Status
    counts: dict[Status, int]
    total: int
    judged: int  # KPIs with a status other than no_data
    attention: tuple[KpiReading, ...]  # off track first, then at risk, in the given order
    readings: tuple[KpiReading, ...]
    name_en: str = ""
    # The unjudged KPIs the card and the sentence both count: without a value; with a value but
    # no target (plain metrics are followed without one on purpose and count in neither).
    no_data: int = 0
    no_target: int = 0
    story: dict[str, str] = field(default_factory=dict, compare=False)
