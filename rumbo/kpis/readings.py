"""KPI and objective readings from the database: the one path the board, the KPI page, the PDF, the digest and the API use.

The engine (`rumbo.engine.status.board`) decides every status, pace and sentence; this module only
turns rows into the engine's plain data and back. It reads values as tuples rather than
model instances: ten years of monthly values for 60 KPIs are 7.200 rows, and building a
model object for each costs more than the engine's whole evaluation.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING, TypedDict

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import OuterRef, Q, Subquery

from rumbo.engine.status.board import SERIES_LENGTH, evaluate, summarise_objective, with_outlook
from rumbo.engine.status.readings import KpiFacts, KpiReading, ObjectiveReading, Outlook, PeriodValue, TargetSpan
from rumbo.engine.timeline.periods import period_start, shift, year_earlier
from rumbo.engine.vocab import Aggregation, Direction, Grain, Kind, Nature
from rumbo.kpis import calendar, selectors
from rumbo.kpis.models import Kpi, Measurement, Objective, Target

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

HUNDRED = Decimal(100)
READINGS_KEPT = 4096  # about 60 cooperatives' boards; each reading takes a few KB
# Columns no tile or filter shows: loading them costs a few milliseconds on a big board.
# Whoever needs them on a KPI of the board reads the KPI again (`selectors.kpi_get`).
NOT_ON_THE_BOARD = ("slug", "description", "owner", "scale_kind", "scale_levels", "template_slug", "created_at")


def facts_of(kpi: Kpi) -> KpiFacts:
    """What the engine needs to know about a KPI row."""
    qualitative = kpi.nature == Nature.QUALITATIVE
    initiative = kpi.initiative
    return KpiFacts(
        name=kpi.name,
        unit=kpi.unit,
        decimals=kpi.decimals,
        direction=Direction(kpi.direction),
        grain=Grain(calendar.grain_of(kpi)),
        aggregation=Aggregation(kpi.aggregation),
        nature=Nature(kpi.nature),
        kind=Kind(kpi.kind),
        scale_min=kpi.scale_min if qualitative else None,
        scale_max=kpi.scale_max if qualitative else None,
        on_track_at=kpi.on_track_at,
        at_risk_at=kpi.at_risk_at,
        baseline=kpi.baseline,
        # A ratio shown in % is stored as its percentage; rebuilt from its parts it must be too.
        ratio_scale=HUNDRED if kpi.aggregation == Aggregation.RATIO and kpi.unit.strip() == "%" else Decimal(1),
        # A KPI that follows a campaign or project is due only while it runs.
        start=initiative.start if initiative else None,
        end=initiative.end if initiative else None,
        key=kpi.pk,
    )


def span_of(target) -> TargetSpan:
    return TargetSpan(target.start, target.end, target.value, target.low, target.high)


@dataclass(frozen=True)
class KpiData:
    """One KPI's rows as the engine takes them, oldest value first."""

    kpi: Kpi
    facts: KpiFacts
    values: list[PeriodValue]
    targets: list[TargetSpan]
    # Rows left out because a figure of theirs cannot be read (see rumbo.kpis.fields): periods, and targets' (start, end).
    unreadable_periods: tuple[date, ...] = ()
    unreadable_targets: tuple[tuple[date, date], ...] = ()

    @property
    def has_unreadable(self) -> bool:
        return bool(self.unreadable_periods or self.unreadable_targets)


def _months(coop) -> dict:
    return {"year_start_month": coop.fiscal_year_start_month, "harvest_start_month": coop.harvest_start_month}


def kpi_data(kpis: list[Kpi]) -> dict[int, KpiData]:
    """Every value and target of these KPIs, in two queries whatever their number (for a KPI's page)."""
    ids = [k.pk for k in kpis]
    values = _values(Measurement.objects.filter(kpi__in=ids))
    targets = _targets(Target.objects.filter(kpi__in=ids))
    return {k.pk: _data(k, facts_of(k), values, targets) for k in kpis}


def _data(kpi: Kpi, facts: KpiFacts, values: "_Rows", targets: "_Rows") -> KpiData:
    return KpiData(
        kpi, facts, values[kpi.pk], targets[kpi.pk], tuple(values.unreadable[kpi.pk]), tuple(targets.unreadable[kpi.pk])
    )


class Latest(TypedDict):
    """What `with_latest` adds to a KPI."""

    latest: date | None


def with_latest(queryset, *, today: date):
    """KPIs annotated with `latest`: the period of their latest value up to `today` (one index look-up each)."""
    newest = (
        Measurement.objects.filter(kpi=OuterRef("pk"), value__isnull=False, period__lte=today)
        .order_by("-period")
        .values("period")[:1]
    )
    return queryset.annotate(latest=Subquery(newest))


def board_data(kpis: "list[WithAnnotations[Kpi, Latest]]", *, today: date) -> dict[int, KpiData]:
    """What `evaluate` reads of these KPIs (annotated by `with_latest`) as of `today`, in two queries.

    Only the targets that hold each KPI's latest value and the values from `window_start`
    on: ten years of history would cost more to load than everything else on the board,
    and the reading is the same (tests/kpis/test_readings.py checks it against full data).
    Queries are grouped by date, so their size grows with the dates in play, not the KPIs.
    """
    latest = {k.pk: k.latest for k in kpis if k.latest is not None}
    by_latest = _grouped((pk, period) for pk, period in latest.items())
    targets = _targets(
        Target.objects.filter(
            _any(Q(kpi__in=ids, start__lte=period, end__gte=period) for period, ids in by_latest.items())
        )
    )
    facts = {k.pk: facts_of(k) for k in kpis}
    months = _months(kpis[0].cooperative) if kpis else {}
    starts = _grouped((pk, window_start(facts[pk], period, targets[pk], **months)) for pk, period in latest.items())
    values = _values(
        Measurement.objects.filter(
            _any(Q(kpi__in=ids, period__gte=start, period__lte=today) for start, ids in starts.items())
        ),
        ordered=False,
    )
    return {k.pk: _data(k, facts[k.pk], values, targets) for k in kpis}


def window_start(
    facts: KpiFacts,
    latest: date,
    targets: list[TargetSpan],
    *,
    year_start_month: int = 1,
    harvest_start_month: int = 10,
) -> date:
    """The earliest period `evaluate` looks at when the latest value is in `latest`.

    The sparkline's periods and the year-earlier one; for each span holding `latest`, its
    first period's year-earlier twin (the seasonal shape of its pace) and the period before
    it (where a LAST target's straight line starts).
    """
    grain = facts.grain
    earliest = [shift(latest, grain, -SERIES_LENGTH), year_earlier(latest, grain)]
    for span in targets:
        first = period_start(
            span.start, grain, year_start_month=year_start_month, harvest_start_month=harvest_start_month
        )
        earliest += [year_earlier(first, grain), shift(first, grain, -1)]
    return min(earliest)


def _grouped(pairs) -> dict:
    groups = defaultdict(list)
    for pk, key in pairs:
        groups[key].append(pk)
    return groups


def _any(conditions) -> Q:
    """OR of the conditions; a condition that matches nothing when there are none."""
    combined = Q(pk__in=[])
    for condition in conditions:
        combined |= condition
    return combined


FIGURE = Measurement._meta.get_field("value")  # values and targets share its range
FAST_RANGE = 10**13  # well inside FIGURE's range: a number below it needs no closer look
UNREADABLE = object()  # what `_number` gives for a figure its column cannot hold (see rumbo.kpis.fields)


def _number(x):
    """A database number as a Decimal (SQLite gives floats and ints, PostgreSQL Decimals), None, or UNREADABLE."""
    kind = type(x)
    if kind is float:
        if -FAST_RANGE < x < FAST_RANGE:  # False for a NaN
            return Decimal(repr(x))  # the shortest text that gives back the float: 1234.56, not 1234.5599…
    elif kind is int:
        if -FAST_RANGE < x < FAST_RANGE:
            return Decimal(x)
    elif x is None or (kind is Decimal and x.is_finite()):  # PostgreSQL's column holds only figures in range
        return x
    if not FIGURE.reads(x):  # rare: a figure near or past the column's limit, or text left by a hand edit
        return UNREADABLE
    return Decimal(repr(x)) if kind is float else Decimal(x) if kind is int else x


class _Rows(defaultdict):
    """Rows by KPI, and `unreadable`: what was left out of them by KPI (a figure out of range)."""

    def __init__(self):
        super().__init__(list)
        self.unreadable: defaultdict = defaultdict(list)


def _cursor_rows(queryset, *columns):
    """The queryset's rows straight from the cursor: Django's per-column converters cost more than the
    engine's whole evaluation of a board (the dates already come back as dates on both databases)."""
    try:
        sql, params = queryset.values_list(*columns).query.sql_with_params()
    except EmptyResultSet:  # no KPI has a row: nothing to ask the database
        return []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _values(queryset, ordered: bool = True) -> _Rows:
    """Values by KPI; a value with a figure that cannot be read is left out and its period noted."""
    # The engine files values by period; only a page that lists them needs them sorted.
    queryset = queryset.order_by(*(("kpi_id", "period") if ordered else ()))
    values = _Rows()
    for kpi_id, period, value, numerator, denominator in _cursor_rows(
        queryset, "kpi_id", "period", "value", "numerator", "denominator"
    ):
        value, numerator, denominator = _number(value), _number(numerator), _number(denominator)
        if value is UNREADABLE or numerator is UNREADABLE or denominator is UNREADABLE:
            values.unreadable[kpi_id].append(period)
        else:
            values[kpi_id].append(PeriodValue(period, value, numerator, denominator))
    return values


def _targets(queryset) -> _Rows:
    """Targets by KPI; a target with a figure that cannot be read is left out and its dates noted."""
    targets = _Rows()
    rows = _cursor_rows(queryset.order_by("kpi_id", "start", "pk"), "kpi_id", "start", "end", "value", "low", "high")
    for kpi_id, start, end, value, low, high in rows:
        value, low, high = _number(value), _number(low), _number(high)
        if value is UNREADABLE or low is UNREADABLE or high is UNREADABLE:
            targets.unreadable[kpi_id].append((start, end))
        else:
            targets[kpi_id].append(TargetSpan(start, end, value, low, high))
    return targets


@lru_cache(maxsize=READINGS_KEPT)
def _evaluate(
    facts: KpiFacts, values: tuple, targets: tuple, today: date, year_start_month: int, harvest_start_month: int
) -> KpiReading:
    return evaluate(
        facts, values, targets, today=today, year_start_month=year_start_month, harvest_start_month=harvest_start_month
    )


def read(data: KpiData, *, today: date) -> KpiReading:
    """The engine's reading of one KPI.

    `evaluate` is pure: the same facts, values, targets and day always give the same reading.
    So readings are kept (in each process) by their whole input, and a board seen again skips
    the engine; a changed value, target or definition is a different input, so nothing is stale.
    """
    coop = data.kpi.cooperative
    return _evaluate(
        data.facts,
        tuple(data.values),
        tuple(data.targets),
        today,
        coop.fiscal_year_start_month,
        coop.harvest_start_month,
    )


# Where KPIs are heading when something surer than the pace knows it: (cooperative, KPIs, today) →
# {KPI id: Outlook}. The insight app registers its cached forecasts here when it starts
# (kpis cannot import it: it sits above); without one, every reading keeps the pace's outlook.
OutlookSource = Callable[..., dict[int, Outlook]]
_outlook_sources: list[OutlookSource] = []


def register_outlook_source(source: OutlookSource) -> None:
    if source not in _outlook_sources:
        _outlook_sources.append(source)


def with_outlooks(coop, kpis: list[Kpi], found: dict[int, KpiReading], *, today: date) -> dict[int, KpiReading]:
    """The readings with each KPI's one outlook: a current forecast's where there is one, else the pace's.

    Every reading a page, a PDF, the digest, WhatsApp or the API shows comes through here
    (`read_board`, `read_kpi`), so they all tell the same projection, range and chance.
    """
    outlooks: dict[int, Outlook] = {}
    for source in _outlook_sources:
        outlooks.update(source(coop, kpis, today=today))
    if not outlooks:
        return found
    return {pk: _told(reading, outlooks.get(pk)) for pk, reading in found.items()}


@lru_cache(maxsize=READINGS_KEPT)
def _told(reading: KpiReading, outlook: Outlook | None) -> KpiReading:
    # Kept like the readings themselves: a board seen again does not tell its forecasts' sentences again.
    return with_outlook(reading, outlook)


@dataclass(frozen=True)
class Board:
    """Every KPI of a cooperative with its reading, and every objective with its summary."""

    kpis: list[Kpi]
    readings: dict[int, KpiReading]  # by KPI id
    objectives: list[tuple[Objective, ObjectiveReading]]
    unreadable: frozenset[int] = frozenset()  # KPIs with a value or target in play that cannot be read

    def reading(self, kpi: Kpi) -> KpiReading:
        return self.readings[kpi.pk]


def read_board(coop, *, today: date) -> Board:
    """Readings of all the cooperative's KPIs and objectives, in six queries whatever their number (seven with cached forecasts)."""
    kpis = list(with_latest(Kpi.objects.filter(cooperative=coop).defer(*NOT_ON_THE_BOARD), today=today))
    # A few initiatives, fetched apart: joining them to every KPI row costs more than a query.
    initiatives = {i.pk: i for i in selectors.initiatives_of(coop)}
    for kpi in kpis:
        kpi.cooperative = coop  # one object for all: the calendar reads its months
        kpi.initiative = initiatives.get(kpi.initiative_id)
    data = board_data(kpis, today=today)
    readings = with_outlooks(coop, kpis, {pk: read(d, today=today) for pk, d in data.items()}, today=today)
    by_objective: dict[int, list[KpiReading]] = defaultdict(list)
    for kpi in kpis:
        if kpi.objective_id is not None:
            by_objective[kpi.objective_id].append(readings[kpi.pk])
    # Unnamed: the card shows the title above the sentence, which would otherwise repeat it.
    objectives = [(o, summarise_objective(by_objective[o.pk])) for o in Objective.objects.filter(cooperative=coop)]
    return Board(
        kpis=kpis,
        readings=readings,
        objectives=objectives,
        unreadable=frozenset(pk for pk, d in data.items() if d.has_unreadable),
    )


def read_kpi(kpi: Kpi, *, today: date) -> tuple[KpiReading, KpiData]:
    """One KPI's reading and the rows it was read from (for its chart)."""
    data = kpi_data([kpi])[kpi.pk]
    return with_outlooks(kpi.cooperative, [kpi], {kpi.pk: read(data, today=today)}, today=today)[kpi.pk], data
