"""Which KPI a name in a file means, and which of the KPI's periods a date or period cell names.

Names are compared with the engine's `name_key` (no case, accents or extra spaces); a
KPI's short name (slug) is accepted too, and an exact slug always wins, so an exported
file (which writes the slug when two KPIs would share a name) always finds its way back.

Periods: a cell naming a period of the KPI's own frequency must be one of its periods
(«ene-2024» for a monthly KPI). A date — what Excel gives for a date-formatted cell — names
the period it opens or closes: 01/01/2024 and 31/01/2024 both mean January for a monthly
KPI; 15/01/2024 does not, because a day in the middle usually means daily records that
would need adding up first. Anything else is a problem that says what to write instead.
"""

import difflib
import re
from dataclasses import dataclass
from datetime import date

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from rumbo.engine.errors import gettext_noop
from rumbo.engine.spreadsheets.value_import import name_key
from rumbo.engine.timeline import periods
from rumbo.engine.vocab import Grain
from rumbo.kpis import calendar

_UNIT_NOTE = re.compile(r"\s*\([^()]*\)\s*$")


@dataclass
class KpiIndex:
    """The cooperative's KPIs by every key a file may call them."""

    by_slug: dict
    by_name: dict  # name_key(name) → [kpi, …]
    by_slug_key: dict  # name_key(slug) → kpi
    labels: dict  # name_key → the name to suggest

    @classmethod
    def of(cls, kpis) -> "KpiIndex":
        by_slug: dict[str, object] = {}
        by_name: dict[str, list[object]] = {}
        by_slug_key: dict[str, object] = {}
        labels: dict[str, str] = {}
        for kpi in kpis:
            by_slug[kpi.slug] = kpi
            by_name.setdefault(name_key(kpi.name), []).append(kpi)
            by_slug_key[name_key(kpi.slug)] = kpi
            labels[name_key(kpi.name)] = kpi.name
        return cls(by_slug, by_name, by_slug_key, labels)

    def resolve(self, name: str) -> list:
        """The KPIs `name` may mean: one, several (ambiguous) or none."""
        if name in self.by_slug:
            return [self.by_slug[name]]
        key = name_key(name)
        if key in self.by_name:
            return self.by_name[key]
        if key in self.by_slug_key:
            return [self.by_slug_key[key]]
        bare = _UNIT_NOTE.sub("", name)  # "Precio promedio (USD/qq)": headers often carry the unit
        return self.resolve(bare) if bare != name and bare else []

    def close_to(self, name: str, n: int = 3) -> list[str]:
        keys = difflib.get_close_matches(name_key(name), list(self.labels), n=n, cutoff=0.6)
        return [self.labels[k] for k in keys]


GRAIN_NOUNS = {
    Grain.DAY: gettext_noop("un día"),
    Grain.WEEK: gettext_noop("una semana"),
    Grain.MONTH: gettext_noop("un mes"),
    Grain.QUARTER: gettext_noop("un trimestre"),
    Grain.YEAR: gettext_noop("un año"),
    Grain.HARVEST: gettext_noop("una cosecha"),
}
GRAIN_UNITS = {
    Grain.DAY: gettext_noop("día"),
    Grain.WEEK: gettext_noop("semana"),
    Grain.MONTH: gettext_noop("mes"),
    Grain.QUARTER: gettext_noop("trimestre"),
    Grain.YEAR: gettext_noop("año"),
    Grain.HARVEST: gettext_noop("cosecha"),
}
OTHER_GRAIN = gettext_noop(
    "«%(text)s» es %(read)s, pero «%(kpi)s» tiene un valor por %(unit)s; escriba el periodo así: %(example)s."
)
NOT_A_PERIOD_START = gettext_noop(
    "«%(text)s» no coincide con los periodos de «%(kpi)s», que empiezan el %(first_day)s; escriba el periodo así: %(example)s."
)


class PeriodMismatch(Exception):
    def __init__(self, template: str, params: dict):
        super().__init__(template)
        self.template, self.params = template, params


def align_period(kpi, start: date, grain: Grain) -> date:
    """The first day of the KPI period that (`start`, `grain`) names, or PeriodMismatch saying why not.

    The mismatch's message needs the cell as the person sees it, as its `text` parameter.
    """
    own = Grain(calendar.grain_of(kpi))
    period = calendar.period_of(kpi, start)
    if grain == own and period == start:
        return period
    if grain == Grain.DAY and own != Grain.DAY:
        coop = kpi.cooperative
        last = periods.period_end(
            start, own, year_start_month=coop.fiscal_year_start_month, harvest_start_month=coop.harvest_start_month
        )
        if start in (period, last):
            return period
    params = {
        "kpi": kpi.name,
        "first_day": period.strftime("%d/%m/%Y"),
        "example": _example(period, own),
        "read": _(GRAIN_NOUNS[grain]),
        "unit": _(GRAIN_UNITS[own]),
    }
    raise PeriodMismatch(OTHER_GRAIN if grain != own else NOT_A_PERIOD_START, params)


def _example(period: date, grain: Grain) -> str:
    day = period.strftime("%d/%m/%Y")
    name = periods.label(period, grain, (get_language() or "es")[:2])
    if grain == Grain.DAY or name == day:
        return f"«{day}»"
    return _("«%(name)s» o «%(day)s»") % {"name": name, "day": day}
