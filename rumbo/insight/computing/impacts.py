"""Did an initiative move the KPIs that follow it? The engine's before/after estimate, asked for each, and the initiative's story.

An estimate costs 10–20 ms per KPI; the background refresh keeps them (`services/impacts.py`),
and the initiative's page reads what was kept (`kpi_impact_of`).
"""

from dataclasses import asdict, dataclass
from datetime import date
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from rumbo.engine.drivers.impact import ImpactReport, impact, impact_sentence
from rumbo.engine.numbers import format_number, format_percent
from rumbo.engine.status.story import amount
from rumbo.engine.vocab import Grain, InitiativeKind
from rumbo.insight import selectors
from rumbo.insight.computing.forecasting import SEASONS, series_of
from rumbo.kpis import readings
from rumbo.kpis.models import Initiative, Kpi


@dataclass(frozen=True)
class KpiImpact:
    kpi: Kpi
    follows: bool  # the KPI follows the initiative (rather than being one it means to move)
    report: ImpactReport
    sentences: dict[str, str]
    change: dict[str, str]  # "+18 % (entre +6 % y +30 %)", or in the KPI's unit; "" without an estimate

    def sentence(self, lang: str) -> str:
        return self.sentences["en" if lang == "en" else "es"]


def _signed(text: str, value: float) -> str:
    return f"+{text}" if value > 0 else text


def _change(report: ImpactReport, facts, lang: str) -> str:
    if report.effect is None:
        return ""
    if report.relative is not None:
        show = lambda v: _signed(format_percent(round(v, 2), 0, lang), v)  # noqa: E731
        size, low, high = report.relative, report.relative_low, report.relative_high
    else:
        show = lambda v: _signed(amount(Decimal(repr(round(v, 6))), facts, lang), v)  # noqa: E731
        size, low, high = report.effect, report.low, report.high
    between = "between" if lang == "en" else "entre"
    joint = "and" if lang == "en" else "y"
    return f"{show(size)} ({between} {show(low)} {joint} {show(high)})"


def initiative_impacts(initiative: Initiative, *, today: date) -> list[KpiImpact]:
    """Each KPI the initiative moves or is followed by, with the estimated change from its start (four queries)."""
    pairs = selectors.initiative_kpis(initiative)
    return kpi_impacts(initiative, pairs, readings.kpi_data([kpi for kpi, _follows in pairs]), today=today)


def report_json(report: ImpactReport) -> dict:
    return {**asdict(report), "grain": str(report.grain)}


def kpi_impact_of(kpi: Kpi, follows: bool, row) -> KpiImpact:
    """A kept estimate (an InitiativeImpact row) as the page shows it."""
    report = ImpactReport(**{**row.report, "grain": Grain(row.report["grain"])})
    return KpiImpact(
        kpi,
        follows,
        report,
        {"es": row.sentence_es, "en": row.sentence_en},
        {"es": row.change_es, "en": row.change_en},
    )


def kpi_impacts(initiative: Initiative, pairs, data, *, today: date) -> list[KpiImpact]:
    """The estimates for these (KPI, follows) pairs from their rows (`data`, readings.kpi_data)."""
    kind = InitiativeKind(initiative.kind)
    found = []
    for kpi, follows in pairs:
        facts = data[kpi.pk].facts
        report = impact(
            series_of(data[kpi.pk], today=today),
            start=initiative.start,
            season_length=SEASONS.get(facts.grain),
            grain=facts.grain,
        )
        sentences = {
            lang: impact_sentence(report, kpi_name=kpi.name, initiative=kind, lang=lang) for lang in ("es", "en")
        }
        change = {lang: _change(report, facts, lang) for lang in ("es", "en")}
        found.append(KpiImpact(kpi, follows, report, sentences, change))
    return found


def p_value_text(report: ImpactReport, lang: str) -> str:
    if report.p_value is None:
        return "—"
    return (
        ("< " + format_number(0.001, 3, lang))
        if report.p_value < 0.001
        else format_number(round(report.p_value, 3), 3, lang)
    )


def initiative_story(initiative: Initiative, impacts: list[KpiImpact], lang: str) -> str:
    """'Campaña «Café del Sur en tu mesa», del 01/03/2025 al 30/06/2025. Tras el inicio de la campaña, «Ventas…» subió ~25 %…'"""
    dates = {"name": initiative.name, "start": date_format(initiative.start, "SHORT_DATE_FORMAT")}
    if initiative.end:
        opening = _("%(name)s, del %(start)s al %(end)s.") % {
            **dates,
            "end": date_format(initiative.end, "SHORT_DATE_FORMAT"),
        }
    else:
        opening = _("%(name)s, desde el %(start)s.") % dates
    if not impacts:
        return f"{opening} " + _(
            "Todavía no hay indicadores que la sigan: elija los que quiere mover para saber si los movió."
        )
    conclusive = [i.sentence(lang) for i in impacts if i.report.conclusive]
    rest = len(impacts) - len(conclusive)
    if not conclusive:
        return f"{opening} " + ngettext(
            "Los datos no permiten afirmar que haya movido su indicador.",
            "Los datos no permiten afirmar que haya movido ninguno de sus %(n)s indicadores.",
            rest,
        ) % {"n": rest}
    tail = ""
    if rest:
        tail = " " + ngettext(
            "En %(n)s indicador más, los datos no permiten afirmarlo.",
            "En %(n)s indicadores más, los datos no permiten afirmarlo.",
            rest,
        ) % {"n": rest}
    return " ".join([opening, *conclusive]) + tail
