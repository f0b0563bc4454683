"""The sentence each KPI and objective tells, in Spanish and English, built only from computed figures.

Deterministic templates, no AI: every number in a sentence is a field of the reading,
formatted with `numbers.format_number`/`format_percent` (1.234,56 and 12 % in Spanish).
The words every surface shares (status words, amounts, periods) are in `phrases`.
Articles are only written before our own nouns (la cosecha, el trimestre, la meta), never
before a KPI's name, whose gender we do not know.
"""

from decimal import Decimal

from rumbo.engine.numbers import format_percent
from rumbo.engine.status.phrases import (
    PREFIX_UNITS,
    amount,
    chance_percent,
    fiscal_key,
    language,
    percent,
    period_phrase,
    periods_count,
    share_percent,
)
from rumbo.engine.status.readings import KpiFacts, KpiReading, ObjectiveReading, Outlook, TargetSpan
from rumbo.engine.vocab import Aggregation, Direction, Grain, Kind, Status

_TARGET_OF = {
    "es": {
        Grain.DAY: "la meta del día",
        Grain.WEEK: "la meta de la semana",
        Grain.MONTH: "la meta del mes",
        Grain.QUARTER: "la meta del trimestre",
        Grain.YEAR: "la meta del año",
        Grain.HARVEST: "la meta de la cosecha",
        "fiscal": "la meta del ejercicio",
    },
    "en": {
        Grain.DAY: "the day's target",
        Grain.WEEK: "the week's target",
        Grain.MONTH: "the month's target",
        Grain.QUARTER: "the quarter's target",
        Grain.YEAR: "the year's target",
        Grain.HARVEST: "the harvest's target",
        "fiscal": "the fiscal year's target",
    },
}
_SPAN_NOUN = {
    "es": {
        Grain.DAY: "el día",
        Grain.WEEK: "la semana",
        Grain.MONTH: "el mes",
        Grain.QUARTER: "el trimestre",
        Grain.YEAR: "el año",
        Grain.HARVEST: "la cosecha",
        "fiscal": "el ejercicio",
        None: "el plazo",
    },
    "en": {
        Grain.DAY: "the day",
        Grain.WEEK: "the week",
        Grain.MONTH: "the month",
        Grain.QUARTER: "the quarter",
        Grain.YEAR: "the year",
        Grain.HARVEST: "the harvest",
        "fiscal": "the fiscal year",
        None: "the target period",
    },
}


def _name(kpi: KpiFacts, lang: str) -> str:
    return ((kpi.name_en or kpi.name) if lang == "en" else kpi.name).strip()


def _size(figure: Decimal, ratio: Decimal | None, kpi: KpiFacts, lang: str) -> str | None:
    """A difference as a percent of its reference, or in units where a percent would mislead."""
    if ratio is not None and not kpi.on_scale:
        return percent(ratio, lang)
    return amount(abs(figure), kpi, lang) if figure else None


def _range(target: TargetSpan, kpi: KpiFacts, lang: str) -> str:
    es = lang == "es"
    if target.low is not None and target.high is not None:
        suffix_unit = kpi.unit.strip() not in PREFIX_UNITS
        low = amount(target.low, kpi, lang, unit=not suffix_unit)
        high = amount(target.high, kpi, lang)
        return f"entre {low} y {high}" if es else f"between {low} and {high}"
    if target.low is not None:
        return f"{'al menos' if es else 'at least'} {amount(target.low, kpi, lang)}"
    assert target.high is not None, "a bounded target has a low or a high bound"
    return f"{'como máximo' if es else 'at most'} {amount(target.high, kpi, lang)}"


def _gap_clause(r: KpiReading, lang: str) -> str:
    """'12 % bajo la meta del mes', 'dentro de la meta del mes (entre 30 y 60 días)'…"""
    es, kpi, target = lang == "es", r.kpi, r.target
    assert target is not None and r.period is not None, "only a reading with a target has a gap"
    goal = _TARGET_OF[lang][fiscal_key(kpi.grain, r.period)]
    bounded = kpi.direction == Direction.BAND and (target.low is not None or target.high is not None)
    if bounded and r.gap == 0:
        return f"{'dentro de' if es else 'within'} {goal} ({_range(target, kpi, lang)})"
    if r.gap is None:  # a band target with neither bounds nor a value: nothing to compare
        return "sin meta definida" if es else "no target set"
    if r.gap == 0:
        return f"{'justo en' if es else 'right on'} {goal}"
    size = _size(r.gap, r.gap_ratio, kpi, lang)
    if size is None:
        return f"{'prácticamente en' if es else 'practically on'} {goal}"
    side = ("bajo" if es else "below") if r.gap < 0 else ("sobre" if es else "above")
    if bounded:
        bound = target.low if r.gap < 0 else target.high
        assert bound is not None, "a band is missed on the side that has a bound"
        edge = (
            ("el mínimo de" if es else "the minimum of") if r.gap < 0 else ("el máximo de" if es else "the maximum of")
        )
        return f"{size} {side} {edge} {goal} ({amount(bound, kpi, lang)})"
    if r.gap_ratio is not None and not kpi.on_scale:
        reference = ""
    else:
        assert target.value is not None, "a gap is measured from the target's value"
        reference = f" ({amount(target.value, kpi, lang)})"
    return f"{size} {side} {goal}{reference}"


def _pace_where(r: KpiReading, lang: str) -> str:
    pace, es = r.pace, lang == "es"
    assert pace is not None, "only a reading with a pace says where it stands"
    gap = pace.gap
    size = _size(gap, pace.gap_ratio, r.kpi, lang) if gap else None
    if size is None or gap is None:
        return "según lo previsto" if es else "on plan"
    if gap < 0:
        return f"{size} por debajo de lo previsto" if es else f"{size} below plan"
    return f"{size} por encima de lo previsto" if es else f"{size} above plan"


def outlook_parts(outlook: Outlook, lang: str = "es") -> tuple[str, ...]:
    """'al ritmo actual llegará a ~88 % de la meta (entre 80 % y 95 %)' and the chance of reaching it."""
    lang, share = language(lang), share_percent(outlook.share, lang)
    if share is None:
        return ()
    es = lang == "es"
    low, high = share_percent(outlook.share_low, lang), share_percent(outlook.share_high, lang)
    ranged = (
        (f" (entre {low} y {high})" if es else f" (between {low} and {high})")
        if low is not None and high is not None
        else ""
    )
    parts = [
        f"al ritmo actual llegará a ~{share} de la meta{ranged}"
        if es
        else f"at the current pace it will reach ~{share} of the target{ranged}"
    ]
    if outlook.probability is not None:
        chance = chance_percent(outlook.probability, lang)
        parts.append(f"probabilidad de alcanzarla: {chance}" if es else f"probability of reaching it: {chance}")
    return tuple(parts)


def outlook_sentence(outlook: Outlook | None, lang: str = "es", grain: Grain | None = None) -> str:
    """The forecast's outlook as one sentence: 'Al ritmo actual llegará a ~88 % de la meta (…); probabilidad…: 40 %.'

    Given the KPI's grain, a forecast learnt from less than two years adds how rough it is (`rough_sentence`)."""
    parts = outlook_parts(outlook, lang) if outlook is not None else ()
    if not parts:
        return ""
    text = "; ".join(parts)
    rough = rough_sentence(outlook, grain, lang) if grain is not None and outlook is not None else ""
    return text[0].upper() + text[1:] + "." + (f" {rough}" if rough else "")


PER_YEAR = {Grain.DAY: 365, Grain.WEEK: 52, Grain.MONTH: 12, Grain.QUARTER: 4, Grain.YEAR: 1, Grain.HARVEST: 1}


def rough_sentence(outlook: Outlook, grain: Grain, lang: str = "es") -> str:
    """'Pronóstico aproximado: solo hay 18 meses de historia; 8 de cada 10 veces el resultado queda a menos
    de un 24 % de lo previsto.' for a forecast learnt from less than two years; '' otherwise.

    How rough is the wider side of the forecast's own range around the projection: with little
    history the range is wide, and the sentence says so in one figure."""
    lang = language(lang)
    grain = Grain(grain)
    if not outlook.forecast or outlook.history is None or outlook.history >= 2 * PER_YEAR[grain]:
        return ""
    es, n = lang == "es", outlook.history
    have = periods_count(n, grain, lang)
    text = f"Pronóstico aproximado: solo hay {have} de historia" if es else f"A rough forecast: only {have} of history"
    p, low, high, level = outlook.projected, outlook.low, outlook.high, outlook.level
    if p is None or low is None or high is None or level is None or p == 0:
        return text + "."
    off = percent(max(high - p, p - low) / abs(p), lang)
    if off is None:
        return text + "."
    tenths = level * 10
    if tenths == tenths.to_integral_value():
        times = f"{int(tenths)} de cada 10 veces" if es else f"{int(tenths)} times in 10"
    else:
        times = (
            f"el {format_percent(level, 0, lang)} de las veces"
            if es
            else f"{format_percent(level, 0, lang)} of the time"
        )
    if es:
        return f"{text}; {times} el resultado queda a menos de un {off} de lo previsto."
    return f"{text}; {times} the result lands within {off} of it."


def _pace_clause(r: KpiReading, lang: str) -> str | None:
    """'al ritmo actual cerrará la cosecha en 88 % de la meta', 'la cosecha cerró en 95 % de la meta'…"""
    pace, es = r.pace, lang == "es"
    if pace is None:
        return None
    noun = _SPAN_NOUN[lang][fiscal_key(pace.span_grain, pace.span.start)]
    if pace.complete:  # a result, not an outlook
        share = share_percent(pace.projected_share, lang)
    else:  # the reading's one outlook, when it is the pace's; a forecast's is told in its own sentence
        outlook = r.outlook
        share = share_percent(outlook.share, lang) if outlook is not None and not outlook.forecast else None
    if pace.complete:
        if share is not None:
            return f"{noun} cerró en {share} de la meta" if es else f"{noun} closed at {share} of the target"
        return f"{noun} cerró {_pace_where(r, lang)}" if es else f"{noun} closed {_pace_where(r, lang)}"
    if r.target is not None:  # the period's own gap is already said; add only where the span is heading
        if share is None:
            return None
        return (
            f"al ritmo actual cerrará {noun} en {share} de la meta"
            if es
            else f"at the current pace {noun} will close at {share} of the target"
        )
    where = _pace_where(r, lang)
    if r.kpi.aggregation == Aggregation.SUM:
        so_far = amount(pace.actual, r.kpi, lang)
        lead = f"{noun} acumula {so_far}, {where}" if es else f"{noun} has {so_far} so far, {where}"
        joint = ","
    else:
        lead, joint = (f"{noun} va {where}" if es else f"{noun} is {where}"), ""
    if share is None:
        return lead
    return (
        f"{lead}{joint} y al ritmo actual cerrará en {share} de la meta"
        if es
        else f"{lead}{joint} and at the current pace will close at {share} of the target"
    )


def _missing_sentence(r: KpiReading, lang: str) -> str:
    fresh, grain, es = r.freshness, r.kpi.grain, lang == "es"
    since = fresh.missing_since
    assert since is not None, "missing values start somewhere"
    if fresh.missing_count == 1:
        return (
            f"Falta el dato {period_phrase('de', since, grain, lang)}."
            if es
            else f"The value {period_phrase('for', since, grain, lang)} is missing."
        )
    return (
        f"Faltan {fresh.missing_count} datos {period_phrase('desde', since, grain, lang)}."
        if es
        else f"The values for {fresh.missing_count} periods {period_phrase('since', since, grain, lang)} are missing."
    )


def _trend_sentence(r: KpiReading, lang: str) -> str | None:
    trend, kpi, es = r.trend, r.kpi, lang == "es"
    if trend.year_change is not None:
        change, ratio, then = trend.year_change, trend.year_change_ratio, trend.year_ago_period
    elif trend.change is not None:
        change, ratio, then = trend.change, trend.change_ratio, trend.previous_period
    else:
        return None
    assert then is not None, "a change is measured from an earlier period"
    if change == 0:
        return (
            f"Igual que {period_phrase('en', then, kpi.grain, lang)}."
            if es
            else f"Same as {period_phrase('in', then, kpi.grain, lang)}."
        )
    size = _size(change, ratio, kpi, lang)
    if size is None:
        return (
            f"Prácticamente igual que {period_phrase('en', then, kpi.grain, lang)}."
            if es
            else f"Practically the same as {period_phrase('in', then, kpi.grain, lang)}."
        )
    if es:
        return f"{'Sube' if change > 0 else 'Baja'} {size} frente {period_phrase('a', then, kpi.grain, lang)}."
    return f"{'Up' if change > 0 else 'Down'} {size} {period_phrase('from', then, kpi.grain, lang)}."


def kpi_story(r: KpiReading, lang: str = "es") -> str:
    """One or two sentences: the latest value against its target and pace; then what is
    missing, or how it moved against a year (or a period) earlier."""
    lang = language(lang)
    es, kpi, name = lang == "es", r.kpi, _name(r.kpi, lang)
    if r.value is None:
        since = r.freshness.missing_since
        if since is None:
            return f"{name}: sin datos todavía." if es else f"{name}: no data yet."
        return (
            f"{name}: sin datos {period_phrase('desde', since, kpi.grain, lang)}."
            if es
            else f"{name}: no data {period_phrase('since', since, kpi.grain, lang)}."
        )
    assert r.period is not None, "a value belongs to a period"
    headline = f"{name}: {amount(r.value, kpi, lang)} {period_phrase('en' if es else 'in', r.period, kpi.grain, lang)}"
    if r.target is not None:
        headline += ", " + _gap_clause(r, lang)
    elif r.pace is None and kpi.kind == Kind.KPI:
        headline += ", sin meta definida" if es else ", no target set"
    pace = _pace_clause(r, lang)
    first = f"{headline}; {pace}." if pace else f"{headline}."
    second = _missing_sentence(r, lang) if r.freshness.missing else _trend_sentence(r, lang)
    text = f"{first} {second}" if second else first
    if r.outlook is not None and r.outlook.forecast and (third := outlook_sentence(r.outlook, lang, kpi.grain)):
        text = f"{text} {third}"
    return text


def _quote(text: str, lang: str) -> str:
    return f"«{text}»" if lang == "es" else f"“{text}”"


def _indicators(n: int, lang: str) -> str:
    if lang == "es":
        return f"{n} indicador" if n == 1 else f"{n} indicadores"
    return f"{n} indicator" if n == 1 else f"{n} indicators"


def _on_track_part(o: ObjectiveReading, lang: str) -> str:
    es, on, judged = lang == "es", o.counts[Status.ON_TRACK], o.judged
    if on == judged == o.total:
        if o.total == 1:
            return "su indicador va por buen rumbo" if es else "its indicator is on track"
        if es:
            return f"los {o.total} indicadores van por buen rumbo"
        return "both indicators are on track" if o.total == 2 else f"all {o.total} indicators are on track"
    if on == 0:
        return "ningún indicador va por buen rumbo" if es else "no indicator is on track"
    if on == judged:
        if es:
            return f"{_indicators(on, lang)} {'va' if on == 1 else 'van'} por buen rumbo"
        return f"{_indicators(on, lang)} {'is' if on == 1 else 'are'} on track"
    if es:
        return f"{on} de {judged} indicadores {'va' if on == 1 else 'van'} por buen rumbo"
    return f"{on} of {judged} indicators {'is' if on == 1 else 'are'} on track"


def _attention_part(o: ObjectiveReading, lang: str) -> str | None:
    if not o.attention:
        return None
    es = lang == "es"
    names = [_quote(_name(r.kpi, lang), lang) for r in o.attention[:3]]
    if len(o.attention) > 3:
        names.append(f"{len(o.attention) - 3} {'más' if es else 'more'}")
    listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} {'y' if es else 'and'} {names[-1]}"
    if es:
        return f"{listed} {'necesita' if len(o.attention) == 1 else 'necesitan'} atención"
    return f"{listed} {'needs' if len(o.attention) == 1 else 'need'} attention"


def _unjudged_part(o: ObjectiveReading, lang: str) -> str | None:
    es = lang == "es"
    no_data, no_target = o.no_data, o.no_target  # the same counts as the objective card's badges
    parts = []
    if no_data:
        parts.append(f"{_indicators(no_data, lang)} sin datos" if es else f"{_indicators(no_data, lang)} without data")
    if no_target:
        parts.append(
            f"{_indicators(no_target, lang)} sin meta" if es else f"{_indicators(no_target, lang)} without a target"
        )
    return (" y " if es else " and ").join(parts) or None


def objective_story(o: ObjectiveReading, lang: str = "es") -> str:
    """'Aumentar las ventas directas: 2 de 3 indicadores van por buen rumbo; «Ventas cerradas
    por mes» necesita atención.'"""
    lang = language(lang)
    es = lang == "es"
    name = ((o.name_en or o.name) if lang == "en" else o.name).strip()
    if o.total == 0:
        body = "todavía no tiene indicadores" if es else "has no indicators yet"
    elif o.judged == 0:
        parts = ["todavía no se puede evaluar" if es else "cannot be judged yet", _unjudged_part(o, lang)]
        body = "; ".join(p for p in parts if p)
    else:
        parts = [_on_track_part(o, lang), _attention_part(o, lang), _unjudged_part(o, lang)]
        body = "; ".join(p for p in parts if p)
    if not name:
        return f"{body[0].upper()}{body[1:]}."
    return f"{name}: {body}."
