"""What a board tile and an objective card show, in words and charts, from the engine's readings.

Everything shown is read off a `KpiReading` or `ObjectiveReading`; nothing here judges a
KPI. Texts are built once in Python (not in the template) because a board has dozens of
tiles and a template tag per figure would cost more than the engine's evaluation.
The PDF and the digest can build the same tiles.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from rumbo.engine.status.phrases import NO_TARGET_WORDS, STATUS_WORDS, amount, period_phrase, status_word
from rumbo.engine.status.readings import KpiReading, ObjectiveReading, Pace, TargetSpan
from rumbo.engine.timeline.periods import label
from rumbo.engine.vocab import Aggregation, Grain, Status
from rumbo.kpis import charts, unreadable
from rumbo.kpis.choices import Area
from rumbo.kpis.models import Kpi, Objective
from rumbo.kpis.readings import READINGS_KEPT

# Worst first: what needs attention comes to the top of each group.
ATTENTION_ORDER = {Status.OFF_TRACK: 0, Status.AT_RISK: 1, Status.NO_DATA: 2, Status.ON_TRACK: 3}


def lang_of(language: str | None) -> str:
    return "en" if (language or "es")[:2] == "en" else "es"


def target_text(target: TargetSpan, reading: KpiReading, lang: str) -> str:
    kpi = reading.kpi
    if target.low is not None and target.high is not None:
        return f"{amount(target.low, kpi, lang)} – {amount(target.high, kpi, lang)}"
    if target.low is not None:
        return _("al menos %(value)s") % {"value": amount(target.low, kpi, lang)}
    if target.high is not None:
        return _("como máximo %(value)s") % {"value": amount(target.high, kpi, lang)}
    return amount(target.value, kpi, lang) if target.value is not None else ""


_LAST_PERIODS = {
    Grain.DAY: gettext_lazy("Últimos %(n)s días"),
    Grain.WEEK: gettext_lazy("Últimas %(n)s semanas"),
    Grain.MONTH: gettext_lazy("Últimos %(n)s meses"),
    Grain.QUARTER: gettext_lazy("Últimos %(n)s trimestres"),
    Grain.YEAR: gettext_lazy("Últimos %(n)s años"),
    Grain.HARVEST: gettext_lazy("Últimas %(n)s cosechas"),
}


def _span_phrase(pace: Pace, lang: str) -> str:
    """'de la cosecha 2025/26', 'de 2026' (or 'in …' in English); the dates when the span is no calendar period."""
    if pace.span_grain is None:
        return _("del %(start)s al %(end)s") % {
            "start": date_format(pace.span.start, "SHORT_DATE_FORMAT"),
            "end": date_format(pace.span.end, "SHORT_DATE_FORMAT"),
        }
    return period_phrase("de" if lang == "es" else "in", pace.span.start, pace.span_grain, lang)


def _pace_texts(reading: KpiReading, lang: str) -> tuple[str, str, str]:
    """(label, figure, rest) for a tile judged by its pace: what is judged, against what."""
    pace, facts = reading.pace, reading.kpi
    assert pace is not None, "a tile judged by its pace has one"
    if facts.aggregation == Aggregation.SUM:
        return (
            _("Lleva"),
            amount(pace.actual, facts, lang),
            _("de %(target)s · previsto a la fecha: %(expected)s")
            % {"target": target_text(pace.span, reading, lang), "expected": target_text(pace.expected, reading, lang)},
        )
    if facts.aggregation == Aggregation.LAST and pace.shape == "linear":
        return (
            _("Previsto a la fecha"),
            target_text(pace.expected, reading, lang),
            _("· meta al cierre: %(target)s") % {"target": target_text(pace.span, reading, lang)},
        )
    if facts.aggregation == Aggregation.LAST:
        return _("Meta"), target_text(pace.span, reading, lang), ""
    span = _span_phrase(pace, lang)
    so_far = (
        _("Promedio en lo que va %(span)s") if facts.aggregation == Aggregation.MEAN else _("En lo que va %(span)s")
    ) % {"span": span}
    return (
        so_far,
        amount(pace.actual, facts, lang),
        _("· meta: %(target)s") % {"target": target_text(pace.span, reading, lang)},
    )


@dataclass(frozen=True)
class Words:
    """The words every tile repeats, translated once per page rather than once per tile."""

    lang: str
    target: str
    late: str
    no_data_yet: str
    bullet_title: str
    indicator: dict
    metric: str
    areas: dict
    unreadable: str
    details: str


def words(lang: str) -> Words:
    return Words(
        lang=lang,
        target=_("Meta"),
        late=_("Dato atrasado"),
        no_data_yet=_("Todavía no tiene datos"),
        bullet_title=_("Valor frente a la meta: %(status)s"),
        indicator={"leading": _("Prospectivo"), "lagging": _("Retrospectivo")},
        metric=_("Métrica"),
        areas={value: str(text) for value, text in Area.choices},
        unreadable=str(unreadable.ON_TILE),
        details=_("Detalles"),
    )


@dataclass(frozen=True)
class Tile:
    """One KPI on the board: its figures in words, its status in words and shape, its two charts."""

    kpi: Kpi
    key: int
    name: str
    url: str
    reading: KpiReading
    status: Status
    status_word: str
    icon: SafeString
    value: str  # "1.240 qq", or "" without data
    period: str  # "marzo 2026"
    target_label: str  # "Meta", "Lleva", "Previsto a la fecha"…
    target: str
    end_target: str  # what the figure is measured against when the tile paces a span
    story: str
    late: str  # "Falta el dato de marzo 2026" or ""
    late_badge: str
    charts: SafeString  # the bullet and the sparkline
    meta: str  # "Ventas · Prospectivo"
    unreadable: str = ""  # a warning when a value or target of the KPI cannot be read
    details: str = ""  # the word that opens the tile's target, charts and story on a phone
    note: str = ""  # what an app above adds (a network's band: «Red: cuarto superior»)

    @property
    def html(self) -> SafeString:
        """The tile drawn by `kpis/_kpi_tile.html`, kept by everything it shows (see `_drawn_tile`)."""
        return _drawn_tile(self)

    def __getitem__(self, name: str) -> Any:
        # A template looks a variable up as an item first: answering it spares an exception per
        # variable, a tenth of the board's rendering.
        try:
            return getattr(self, name)
        except AttributeError:
            raise KeyError(name) from None


def _late(reading: KpiReading, w: Words) -> str:
    fresh = reading.freshness
    if not fresh.missing:
        return ""
    if fresh.missing_since is None:
        return w.no_data_yet
    since = label(fresh.missing_since, reading.kpi.grain, w.lang)
    return ngettext("Falta el dato de %(since)s", "Faltan %(n)s datos desde %(since)s", fresh.missing_count) % {
        "since": since,
        "n": fresh.missing_count,
    }


def _spark_title(reading: KpiReading, lang: str) -> str:
    series = reading.series
    title = str(_LAST_PERIODS[reading.kpi.grain]) % {"n": len(series)}
    present = [pv.value for pv in series if pv.value is not None]
    if present:
        title += ": " + _("de %(low)s a %(high)s") % {
            "low": amount(min(present), reading.kpi, lang),
            "high": amount(max(present), reading.kpi, lang),
        }
    return title


@lru_cache(maxsize=READINGS_KEPT)
def _shown(reading: KpiReading, lang: str) -> tuple:
    """Everything a tile shows of its reading, kept by the reading (and language) like the reading
    itself: a board seen again neither re-words nor re-draws an unchanged KPI."""
    w, facts = words(lang), reading.kpi
    word = status_word(reading, lang)
    target_label = target = end_target = ""
    if reading.target is not None:
        target_label, target = w.target, target_text(reading.target, reading, lang)
    elif reading.pace is not None:
        target_label, target, end_target = _pace_texts(reading, lang)
    late = _late(reading, w)
    drawn = charts.bullet(reading, title=w.bullet_title % {"status": word})
    if reading.series:
        drawn += charts.sparkline(
            reading.series, status=reading.status, title=_spark_title(reading, lang), target=reading.target
        )
    return (
        word,
        amount(reading.value, facts, lang) if reading.value is not None else "",
        label(reading.period, facts.grain, lang) if reading.period else "",
        target_label,
        target,
        end_target,
        late,
        w.late if late else "",
        drawn,
    )


@lru_cache(maxsize=READINGS_KEPT)
def _drawn_tile(t: Tile) -> SafeString:
    # The partial shows nothing but the tile's own fields, and equal tiles show the same: an
    # unchanged KPI on a board seen again costs a look-up instead of a template rendering.
    return render_to_string("kpis/_kpi_tile.html", {"t": t})


def tile(kpi: Kpi, reading: KpiReading, w: Words, url: str, *, unreadable: bool = False, note: str = "") -> Tile:
    word, value, period, target_label, target, end_target, late, late_badge, drawn = _shown(reading, w.lang)
    meta = f"{w.areas.get(kpi.area, kpi.area)} · {w.indicator.get(kpi.indicator, '')}"
    return Tile(
        kpi=kpi,
        key=kpi.pk,
        name=kpi.name,
        url=url,
        reading=reading,
        status=reading.status,
        status_word=word,
        icon=charts.status_icon(reading.status),
        value=value,
        period=period,
        target_label=target_label,
        target=target,
        end_target=end_target,
        story=reading.story[w.lang],
        late=late,
        late_badge=late_badge,
        charts=drawn,
        meta=meta if kpi.is_kpi else f"{meta} · {w.metric}",
        unreadable=w.unreadable if unreadable else "",
        details=w.details,
        note=note,
    )


@dataclass(frozen=True)
class ObjectiveCard:
    objective: Objective
    reading: ObjectiveReading
    status_word: str
    icon: SafeString
    story: str
    counts: list[tuple[Status, SafeString, int, str]]  # (status, icon, how many KPIs, its word), worst first


def objective_counts(reading: ObjectiveReading, lang: str) -> list[tuple[Status, int, str]]:
    """(status, how many KPIs, its word), worst first: the judged by status, then the unjudged as the
    objective's sentence counts them («sin datos», «sin meta»), so the badges and the sentence agree."""
    counts: list[tuple[Status, int, str]] = [
        (status, reading.counts[status], STATUS_WORDS[lang][status])
        for status in sorted(reading.counts, key=lambda status: ATTENTION_ORDER[status])
        if status != Status.NO_DATA and reading.counts[status]
    ]
    if reading.no_data:
        counts.append((Status.NO_DATA, reading.no_data, STATUS_WORDS[lang][Status.NO_DATA]))
    if reading.no_target:
        counts.append((Status.NO_DATA, reading.no_target, NO_TARGET_WORDS[lang]))
    counts.sort(key=lambda c: ATTENTION_ORDER[c[0]])  # stable: «sin datos» before «sin meta»
    return counts


def objective_card(objective: Objective, reading: ObjectiveReading, lang: str) -> ObjectiveCard:
    counts = [(status, charts.status_icon(status), n, word) for status, n, word in objective_counts(reading, lang)]
    return ObjectiveCard(
        objective=objective,
        reading=reading,
        status_word=status_word(reading, lang),
        icon=charts.status_icon(reading.status),
        story=reading.story[lang],
        counts=counts,
    )


def kpi_link(coop_slug: str) -> Callable[[int], str]:
    """pk → the KPI page's address, reversing the URL once for the whole board rather than once per tile."""
    sample = reverse("kpis:kpi_detail", args=[coop_slug, 987654321])
    before, after = sample.split("987654321")
    return lambda pk: f"{before}{pk}{after}"


def sort_by_attention(tiles: list[Tile]) -> list[Tile]:
    return sorted(tiles, key=lambda t: ATTENTION_ORDER[t.status])
