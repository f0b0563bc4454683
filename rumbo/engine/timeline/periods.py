"""Period grains (day … year, harvest), named by their first day, with labels and aggregation to a grain.

A period is identified everywhere (database, CLI, API) by the date of its first day:
- day: the day itself;
- week: ISO week, starting on Monday;
- month: the 1st;
- quarter: calendar quarters (T1 = January–March), whatever the fiscal year;
- year: the cooperative's fiscal year, starting on the 1st of `year_start_month`;
- harvest: the coffee year, starting on the 1st of `harvest_start_month` (October by default).

A year or harvest period's own start month tells which year it is, so `shift`, `label` and
`year_earlier` need no start-month argument; only turning an arbitrary date into a period
(`period_start`, `period_end`, `periods_between`) does.
"""

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import NoReturn

from rumbo.engine.errors import RumboError, gettext_noop
from rumbo.engine.status.readings import PeriodValue
from rumbo.engine.timeline.dates import FIRST_DATE, LAST_DATE, out_of_range
from rumbo.engine.vocab import Aggregation, Grain

_MONTH_STEPS = {Grain.MONTH: 1, Grain.QUARTER: 3, Grain.YEAR: 12, Grain.HARVEST: 12}
_DAY_STEPS = {Grain.DAY: 1, Grain.WEEK: 7}
_ONE_DAY = timedelta(days=1)

MONTH_NAMES = {
    "es": (
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}


def _year_start(d: date, start_month: int) -> date:
    if not 1 <= start_month <= 12:
        raise RumboError(gettext_noop("El mes de inicio del año debe ir de 1 a 12, no %(month)s."), month=start_month)
    return date(d.year if d.month >= start_month else d.year - 1, start_month, 1)


def period_start(d: date, grain: Grain, *, year_start_month: int = 1, harvest_start_month: int = 10) -> date:
    """The first day of the period of `grain` that contains `d`."""
    if grain == Grain.MONTH:
        return d.replace(day=1)
    if grain == Grain.DAY:
        return d
    if grain == Grain.WEEK:
        return d - timedelta(days=d.weekday())
    if grain == Grain.QUARTER:
        return date(d.year, (d.month - 1) // 3 * 3 + 1, 1)
    if grain == Grain.YEAR:
        return _year_start(d, year_start_month)
    if grain == Grain.HARVEST:
        return _year_start(d, harvest_start_month)
    raise RumboError(gettext_noop("«%(grain)s» no es una periodicidad conocida."), grain=grain)


def is_period_start(d: date, grain: Grain) -> bool:
    """Whether `d` can name a period of `grain` (a year or harvest may start in any month)."""
    if grain == Grain.DAY:
        return True
    if grain == Grain.WEEK:
        return d.weekday() == 0
    if grain == Grain.QUARTER:
        return d.day == 1 and d.month % 3 == 1
    return d.day == 1


def shift(period: date, grain: Grain, n: int) -> date:
    """The period `n` periods after `period` (before it when n < 0); `period` must be a period start."""
    step = _DAY_STEPS.get(grain)
    if step is not None:
        if step == 7 and period.weekday():
            _not_a_start(period, grain)
        return _days_after(period, step * n)
    month_step = _MONTH_STEPS.get(grain)
    if month_step is None or period.day != 1 or (month_step == 3 and period.month % 3 != 1):
        _not_a_start(period, grain)
    return _month_start(period.year * 12 + period.month - 1 + n * month_step, period)


def _days_after(day: date, days: int) -> date:
    try:
        return day + timedelta(days=days)
    except OverflowError:
        raise out_of_range(day) from None


def _month_start(months: int, origin: date) -> date:
    """The 1st of the month numbered `months` from year 0; past Python's dates, the range error."""
    if not 12 <= months <= 9999 * 12 + 11:
        raise out_of_range(origin)
    return date(months // 12, months % 12 + 1, 1)


def check_period(start: date, grain: Grain, *, year_start_month: int = 1, harvest_start_month: int = 10) -> date:
    """`start` when its period holds a day of the admitted range (FIRST_DATE–LAST_DATE); RumboError otherwise.

    The first admitted period is the one holding FIRST_DATE: a fiscal year or harvest that
    starts in 1899 and runs into 1900 is admitted, as every day of the range must be.
    """
    if start > LAST_DATE:
        raise out_of_range(start)
    if start < FIRST_DATE:
        months = {"year_start_month": year_start_month, "harvest_start_month": harvest_start_month}
        if start < period_start(FIRST_DATE, grain, **months):
            raise out_of_range(start)
    return start


def run_of_periods(first: date, grain: Grain, count: int) -> list[date]:
    """`count` consecutive periods from `first` (a period start), oldest first."""
    step = _DAY_STEPS.get(grain)
    if step is not None:
        shift(first, grain, 0)  # validates
        return [_days_after(first, step * i) for i in range(count)]
    base = shift(first, grain, 0).year * 12 + first.month - 1
    month_step = _MONTH_STEPS[grain]
    return [_month_start(base + i * month_step, first) for i in range(count)]


def _not_a_start(period: date, grain: Grain) -> NoReturn:
    if grain not in _DAY_STEPS and grain not in _MONTH_STEPS:
        raise RumboError(gettext_noop("«%(grain)s» no es una periodicidad conocida."), grain=grain)
    raise RumboError(
        gettext_noop("%(date)s no es el primer día de un periodo «%(grain)s»."), date=period.isoformat(), grain=grain
    )


def periods_apart(first: date, second: date, grain: Grain) -> int:
    """How many periods `second` comes after `first` (both period starts): shift(first, n) == second."""
    step = _DAY_STEPS.get(grain)
    if step is not None:
        return (second - first).days // step
    months = (second.year - first.year) * 12 + second.month - first.month
    return months // _MONTH_STEPS[grain]


def period_end(d: date, grain: Grain, *, year_start_month: int = 1, harvest_start_month: int = 10) -> date:
    """The last day of the period of `grain` that contains `d`."""
    start = period_start(d, grain, year_start_month=year_start_month, harvest_start_month=harvest_start_month)
    return shift(start, grain, 1) - _ONE_DAY


def periods_between(
    start: date, end: date, grain: Grain, *, year_start_month: int = 1, harvest_start_month: int = 10
) -> list[date]:
    """The starts of every period that overlaps [start, end], in order (empty when end < start)."""
    if end < start:
        return []
    months = {"year_start_month": year_start_month, "harvest_start_month": harvest_start_month}
    first = period_start(start, grain, **months)
    last = period_start(end, grain, **months)
    return run_of_periods(first, grain, periods_apart(first, last, grain) + 1)


def year_earlier(period: date, grain: Grain) -> date:
    """The same period one year (one harvest) earlier.

    A day keeps its day and month (29 February falls back to the 28th); a week keeps its ISO
    week number (week 53 becomes week 52 in a year without one), so "semana 12 de 2024" is
    compared with "semana 12 de 2023".
    """
    if grain == Grain.DAY:
        try:
            return period.replace(year=period.year - 1)
        except ValueError:
            return period.replace(year=period.year - 1, day=28)
    if grain == Grain.WEEK:
        year, week, _ = period.isocalendar()
        weeks_last_year = date(year - 1, 12, 28).isocalendar()[1]  # 28 December is always in the last week
        return date.fromisocalendar(year - 1, min(week, weeks_last_year), 1)
    return shift(period, grain, -(12 // _MONTH_STEPS[grain]))


def label(period: date, grain: Grain, lang: str = "es") -> str:
    """A period as people name it: 'marzo 2024', 'T1 2024', 'semana 12 de 2024', 'cosecha 2023/24'…"""
    en = lang[:2] == "en"
    if grain == Grain.MONTH:
        return f"{MONTH_NAMES['en' if en else 'es'][period.month - 1]} {period.year}"
    if grain == Grain.DAY:
        if en:
            return f"{period.month:02d}/{period.day:02d}/{period.year}"
        return f"{period.day:02d}/{period.month:02d}/{period.year}"
    if grain == Grain.WEEK:
        year, week, _ = period.isocalendar()
        return f"week {week} of {year}" if en else f"semana {week} de {year}"
    if grain == Grain.QUARTER:
        return f"{'Q' if en else 'T'}{(period.month - 1) // 3 + 1} {period.year}"
    # A year or harvest that starts in January is one calendar year; otherwise it spans two.
    years = str(period.year) if period.month == 1 else f"{period.year}/{(period.year + 1) % 100:02d}"
    if grain == Grain.YEAR:
        if period.month == 1:
            return years
        return f"fiscal year {years}" if en else f"ejercicio {years}"
    if grain == Grain.HARVEST:
        return f"{years} harvest" if en else f"cosecha {years}"
    raise RumboError(gettext_noop("«%(grain)s» no es una periodicidad conocida."), grain=grain)


def combine(
    values: Sequence[PeriodValue], aggregation: Aggregation, *, period: date, ratio_scale: Decimal = Decimal(1)
) -> PeriodValue:
    """One value for `period` from the values of the periods inside it, by the KPI's rule.

    Missing values (None) are left out: SUM adds what is there, MEAN averages it, LAST takes
    the latest period that has a value. RATIO is rebuilt from the summed numerators and
    denominators (never the average of the ratios); when the parts are missing it can only
    pass a single value through, and otherwise gives None rather than a wrong figure. A zero
    denominator gives None too.
    """
    present = [v for v in values if v.value is not None or v.numerator is not None]
    if not present:
        return PeriodValue(period, None)
    if aggregation == Aggregation.RATIO:
        numerators = [v.numerator for v in present if v.numerator is not None]
        denominators = [v.denominator for v in present if v.denominator is not None]
        if len(numerators) == len(denominators) == len(present):
            numerator = sum(numerators, Decimal(0))
            denominator = sum(denominators, Decimal(0))
            value = numerator / denominator * ratio_scale if denominator else None
            return PeriodValue(period, value, numerator, denominator)
        return PeriodValue(period, present[0].value) if len(present) == 1 else PeriodValue(period, None)
    figures = [v.value for v in present if v.value is not None]
    if not figures:
        return PeriodValue(period, None)
    if aggregation == Aggregation.SUM:
        return PeriodValue(period, sum(figures, Decimal(0)))
    if aggregation == Aggregation.MEAN:
        return PeriodValue(period, sum(figures, Decimal(0)) / len(figures))
    if aggregation == Aggregation.LAST:
        return PeriodValue(period, max((v for v in present if v.value is not None), key=lambda v: v.period).value)
    raise RumboError(gettext_noop("«%(rule)s» no es una regla de agregación conocida."), rule=aggregation)


def to_grain(
    values: Iterable[PeriodValue],
    grain: Grain,
    aggregation: Aggregation,
    *,
    year_start_month: int = 1,
    harvest_start_month: int = 10,
    ratio_scale: Decimal = Decimal(1),
) -> list[PeriodValue]:
    """Values of a finer grain combined into periods of `grain` (see `combine`), oldest first."""
    groups: dict[date, list[PeriodValue]] = {}
    for value in values:
        start = period_start(
            value.period, grain, year_start_month=year_start_month, harvest_start_month=harvest_start_month
        )
        groups.setdefault(start, []).append(value)
    return [
        combine(group, aggregation, period=start, ratio_scale=ratio_scale) for start, group in sorted(groups.items())
    ]
