"""What a KPI's page shows of the insight: the forecast's chart and table, the lead check.

The forecast's outlook is in every reading already (`outlooks.py`, through `kpis.readings`).
No page computes a forecast or a lead check, nor writes a row: each change of a KPI's data
queues their recomputation (`tasks.py`), and until it has run the page shows the pace with a
short note that the forecast is being updated.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from rumbo.engine.forecasting.forecast import model_words
from rumbo.engine.numbers import format_number
from rumbo.engine.status.phrases import amount
from rumbo.engine.status.readings import KpiReading
from rumbo.engine.status.story import outlook_sentence
from rumbo.engine.timeline.periods import label
from rumbo.engine.vocab import Grain
from rumbo.insight import charts, selectors
from rumbo.insight.forms import LeadPairForm
from rumbo.insight.models import KpiForecast, LeadCheck
from rumbo.insight.services.leading import lead_checks_held
from rumbo.kpis import readings
from rumbo.kpis.readings import KpiData


def shows_forecast(row: KpiForecast | None) -> bool:
    return row is not None and bool(row.model) and bool(row.sentence_es)


_PERIODS = {
    Grain.DAY: lambda n: ngettext("%(n)s día", "%(n)s días", n),
    Grain.WEEK: lambda n: ngettext("%(n)s semana", "%(n)s semanas", n),
    Grain.MONTH: lambda n: ngettext("%(n)s mes", "%(n)s meses", n),
    Grain.QUARTER: lambda n: ngettext("%(n)s trimestre", "%(n)s trimestres", n),
    Grain.YEAR: lambda n: ngettext("%(n)s año", "%(n)s años", n),
    Grain.HARVEST: lambda n: ngettext("%(n)s cosecha", "%(n)s cosechas", n),
}


def periods_text(n: int, grain: Grain) -> str:
    return _PERIODS[Grain(grain)](n) % {"n": n}


@dataclass(frozen=True)
class ForecastRow:
    period: str
    forecast: str
    low: str
    high: str


@dataclass(frozen=True)
class LeadView:
    """A leading KPI's check against its lagging partner, in words and figures."""

    check: LeadCheck | None
    partner_name: str
    sentence: str
    lag: str
    strength: str
    p_value: str
    data: str
    differenced: bool
    form: LeadPairForm | None  # for those who may change the partner
    updating: bool = False  # its check is older than the data: being rechecked in the background


@dataclass(frozen=True)
class KpiInsight:
    forecast_sentence: str
    chart: SafeString
    running: bool  # the chart is the running total of a target on a total
    rows: list[ForecastRow]
    model: str  # the models combined, in words
    updating: bool = False  # the KPI's data changed since its forecast: the pace shows until the refresh has run
    lead: LeadView | None = None
    led_by: list[tuple[LeadCheck, str]] = field(default_factory=list)  # leading KPIs checked against this one


def _forecast_part(kpi, reading: KpiReading, data: KpiData, row: KpiForecast | None, lang: str) -> dict:
    facts = reading.kpi
    if row is None:
        return {"forecast_sentence": "", "chart": SafeString(""), "running": False, "rows": [], "model": ""}
    # The same outlook the reading (and so the tile, the board, the PDF) tells, or why there is none.
    told = (
        outlook_sentence(reading.outlook, lang, facts.grain)
        if reading.outlook is not None and reading.outlook.forecast
        else ""
    )
    projection = row.projection
    running = bool(projection and projection.get("cumulative") and projection.get("target") is not None)
    slots = (
        charts.running_slots(facts, data.values, projection)
        if running and projection
        else charts.period_slots(facts, data.values, data.targets, row.points)
    )
    rows = [
        ForecastRow(
            label(date.fromisoformat(p["period"]), facts.grain, lang),
            *(amount(_decimal(p[k]), facts, lang) for k in ("forecast", "low", "high")),
        )
        for p in row.points
        if None not in (p["forecast"], p["low"], p["high"])
    ]
    chart = SafeString("")
    if row.model and slots:
        last = row.points[-1]
        chart = charts.forecast_chart(
            facts,
            slots,
            status=reading.status,
            lang=lang,
            running=running,
            title=(
                _("%(name)s: acumulado y pronóstico hasta el final de la meta")
                if running
                else _("%(name)s: valores y pronóstico")
            )
            % {"name": kpi.name},
            desc=_(
                "La línea continua son los valores; la discontinua azul, el pronóstico hasta %(end)s "
                "(%(value)s, entre %(low)s y %(high)s); la zona sombreada, el rango donde cae el valor "
                "8 de cada 10 veces; la línea negra discontinua, la meta."
            )
            % {
                "end": label(date.fromisoformat(last["period"]), facts.grain, lang),
                "value": rows[-1].forecast,
                "low": rows[-1].low,
                "high": rows[-1].high,
            }
            if rows
            else "",
        )
    return {
        "forecast_sentence": told or ("" if row.model else row.sentence(lang)),
        "chart": chart,
        "running": running,
        "rows": rows,
        "model": model_words(row.model, lang=lang),
    }


def _decimal(value: float) -> Decimal:
    return Decimal(repr(round(value, 6)))


def _p_text(check: LeadCheck, lang: str) -> str:
    if check.granger_p is None:
        return "—"
    p = (
        "< " + format_number(0.001, 3, lang)
        if check.granger_p < 0.001
        else format_number(round(check.granger_p, 3), 3, lang)
    )
    return _("%(p)s (para contar debe ser menor que %(threshold)s)") % {
        "p": p,
        "threshold": format_number(round(check.threshold_p, 3), 3, lang),
    }


def _lead_view(check: LeadCheck | None, grain: Grain, lang: str, form, *, updating: bool = False) -> LeadView:
    strengths = {"strong": _("fuerte"), "moderate": _("moderada"), "weak": _("débil")}
    if check is None:
        return LeadView(None, "", "", "", "", "", "", False, form, updating=updating)
    strength = ""
    if check.correlation is not None:
        strength = _("%(word)s (correlación %(r)s)") % {
            "word": strengths.get(check.strength, ""),
            "r": format_number(round(check.correlation, 2), 2, lang),
        }
    return LeadView(
        check=check,
        partner_name=check.lagging.name,
        sentence=check.sentence(lang),
        lag=periods_text(check.lag, grain) if check.lag else "—",
        strength=strength or "—",
        p_value=_p_text(check, lang),
        data=_("%(have)s con datos de los dos (hacen falta %(need)s)")
        % {"have": periods_text(check.overlap, grain), "need": periods_text(check.min_overlap, grain)},
        differenced=check.differenced,
        form=form,
        updating=updating,
    )


@dataclass(frozen=True)
class Prepared:
    """What `forecast_read` read, for `kpi_insight` not to read it again."""

    data: dict[int, KpiData]
    forecasts: dict[int, KpiForecast]  # only those that still hold
    updating: bool


def forecast_read(kpi, *, today: date) -> Prepared:
    """This KPI's rows and its cached forecast if it still holds (two queries), read before the page is read.

    Nothing is computed: a forecast older than the KPI's data is left out (the page tells the
    pace) and marked as updating, since every change of the data queued its recomputation.
    """
    data = readings.kpi_data([kpi])
    forecasts = selectors.current_forecasts(kpi.cooperative, [kpi], today=today, points=True)
    return Prepared(data, forecasts, updating=kpi.pk not in forecasts and bool(data[kpi.pk].values))


def kpi_insight(kpi, page, *, lang: str, today: date, can_edit: bool, prepared: Prepared | None = None) -> KpiInsight:
    """Everything insight adds to a KPI's page, read from the cached rows that still hold; nothing is computed.

    Eight queries (the KPI's rows; a fingerprint and the cached rows for the forecast and the
    lead check; the KPIs and pairs the lead check's partner comes from).
    """
    coop = kpi.cooperative
    prepared = prepared or forecast_read(kpi, today=today)
    data, forecasts = prepared.data, prepared.forecasts
    part = _forecast_part(kpi, page.reading, data[kpi.pk], forecasts.get(kpi.pk), lang)
    lead, led_by = None, []
    if kpi.indicator == "leading":
        checks, updating = lead_checks_held(coop=coop, kpis=[kpi], today=today)
        form = LeadPairForm(kpi=kpi, initial={"lagging": selectors.chosen_partner_id(kpi)}) if can_edit else None
        lead = _lead_view(checks.get(kpi.pk), data[kpi.pk].facts.grain, lang, form, updating=updating)
    else:
        led_by = [(c, c.sentence(lang)) for c in selectors.lead_checks_against(kpi)]
    return KpiInsight(**part, updating=prepared.updating, lead=lead, led_by=led_by)
