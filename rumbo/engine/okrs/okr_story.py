"""The sentence each key result and objective tells, in Spanish and English, from computed figures only.

Every number in a sentence is a field of the score it describes, formatted by
`numbers.py` (0,45 in Spanish, 0.45 in English); nothing here computes a rule of its
own. Small counts of weeks and days are spelled out ("dos semanas"), as people say them.
Titles are the cooperative's own words and are quoted, never translated.
"""

from datetime import date
from decimal import Decimal

from rumbo.engine.numbers import format_number, format_percent
from rumbo.engine.okrs.okr_types import (
    MAX_KEY_RESULTS,
    MAX_OBJECTIVES_PER_LEVEL,
    MIN_KEY_RESULTS,
    SUCCESS_LEVEL,
    Assessment,
    Cycle,
    KeyResultKind,
    KeyResultScore,
    ObjectiveReview,
    ObjectiveScore,
    ObjectiveType,
    Pace,
    SlipReason,
    pace_of,
)

_WORDS = {
    "es_f": ["", "una", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve", "diez"],
    "es_m": ["", "un", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve", "diez"],
    "en": ["", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"],
}
_ORDINAL_ES = ["primer", "segundo", "tercer", "cuarto"]
_ORDINAL_EN = ["first", "second", "third", "fourth"]


def quote(title: str, lang: str) -> str:
    return f"«{title}»" if lang == "es" else f"“{title}”"


def format_grade(grade: Decimal, lang: str) -> str:
    return format_number(grade, 2, lang)


def format_value(value: Decimal, lang: str, kind: KeyResultKind = KeyResultKind.NUMBER) -> str:
    """A baseline, target or value with the decimals it was given, two at most."""
    exponent = value.normalize().as_tuple().exponent
    decimals = min(2, max(0, -exponent)) if isinstance(exponent, int) else 0
    if kind == KeyResultKind.PERCENT:
        return format_percent(value / 100, decimals, lang)
    return format_number(value, decimals, lang)


def count_words(n: int, unit: str, lang: str) -> str:
    """'una semana', 'dos días', 'three weeks', '12 weeks'."""
    singular, plural, gender = {
        ("es", "week"): ("semana", "semanas", "es_f"),
        ("es", "day"): ("día", "días", "es_m"),
        ("en", "week"): ("week", "weeks", "en"),
        ("en", "day"): ("day", "days", "en"),
    }[(lang, unit)]
    number = _WORDS[gender][n] if 1 <= n <= 10 else format_number(n, 0, lang)
    return f"{number} {singular if n == 1 else plural}"


def span(days: int, lang: str) -> str:
    """How long a change took, as a phrase: 'en dos semanas', 'in 10 days', 'el mismo día'."""
    if days == 0:
        return "el mismo día" if lang == "es" else "on the same day"
    unit, n = ("week", days // 7) if days % 7 == 0 else ("day", days)
    return f"{'en' if lang == 'es' else 'in'} {count_words(n, unit, lang)}"


def cycle_noun(cycle: Cycle, lang: str) -> str:
    if cycle.is_calendar_quarter:
        return "trimestre" if lang == "es" else "quarter"
    if cycle.is_calendar_year:
        return "año" if lang == "es" else "year"
    return "ciclo" if lang == "es" else "cycle"


def cycle_phrase(cycle: Cycle, lang: str) -> str:
    """'en el primer trimestre de 2025', 'in 2025', 'en el ciclo del 01/02/2025 al 30/04/2025'."""
    quarter, year = (cycle.start.month - 1) // 3, cycle.start.year
    if cycle.is_calendar_quarter:
        if lang == "es":
            return f"en el {_ORDINAL_ES[quarter]} trimestre de {year}"
        return f"in the {_ORDINAL_EN[quarter]} quarter of {year}"
    if cycle.is_calendar_year:
        return f"{'en' if lang == 'es' else 'in'} {year}"
    if lang == "es":
        return f"en el ciclo del {cycle.start:%d/%m/%Y} al {cycle.end:%d/%m/%Y}"
    return f"in the cycle from {cycle.start.isoformat()} to {cycle.end.isoformat()}"


def when(cycle: Cycle, as_of: date, elapsed: Decimal, lang: str) -> str:
    """Where in the cycle a score was taken: 'a mitad del trimestre', 'with 30% of the quarter gone'."""
    noun, es = cycle_noun(cycle, lang), lang == "es"
    if as_of < cycle.start:
        return f"antes de que empiece el {noun}" if es else f"before the {noun} starts"
    if elapsed == 0:
        return f"al inicio del {noun}" if es else f"at the start of the {noun}"
    if elapsed == 1:
        return f"al cierre del {noun}" if es else f"at the end of the {noun}"
    if elapsed == Decimal("0.50"):
        return f"a mitad del {noun}" if es else f"halfway through the {noun}"
    share = format_percent(elapsed, 0, lang)
    return f"con el {share} del {noun} transcurrido" if es else f"with {share} of the {noun} gone"


_PACE = {
    Pace.AHEAD: ("por delante del ritmo esperado", "ahead of the expected pace"),
    Pace.ON: ("al ritmo esperado", "on the expected pace"),
    Pace.SLIGHTLY_BEHIND: ("un poco detrás del ritmo esperado", "slightly behind the expected pace"),
    Pace.BEHIND: ("detrás del ritmo esperado", "behind the expected pace"),
}


def _pace(grade: Decimal, expected: Decimal, elapsed: Decimal, lang: str) -> str:
    if elapsed == 0:
        return ""  # nothing is expected yet, so there is no pace to be ahead of or behind
    es, en = _PACE[pace_of(grade, expected)]
    return f", {es if lang == 'es' else en} ({format_grade(expected, lang)})"


def _confidence(kr: KeyResultScore, lang: str) -> str:
    trend, es = kr.confidence, lang == "es"
    if trend.latest is None:
        return "todavía sin seguimientos de confianza" if es else "no confidence check-ins yet"
    return ("la confianza " if es else "confidence ") + _confidence_change(kr, lang)


def _confidence_change(kr: KeyResultScore, lang: str) -> str:
    """The verb phrase after 'confidence': 'bajó de 7 a 4 en dos semanas', 'is low, at 2/10'."""
    trend, es = kr.confidence, lang == "es"
    latest = format_number(trend.latest, 0, lang)
    if trend.falling:
        peak = format_number(trend.peak, 0, lang)
        assert trend.latest_on is not None and trend.peak_on is not None, "a fall runs between two check-ins"
        took = span((trend.latest_on - trend.peak_on).days, lang)
        return f"bajó de {peak} a {latest} {took}" if es else f"fell from {peak} to {latest} {took}"
    if trend.low:
        return f"está baja, en {latest}/10" if es else f"is low, at {latest}/10"
    return f"está en {latest}/10" if es else f"is at {latest}/10"


def key_result_story(kr: KeyResultScore, cycle: Cycle, as_of: date, elapsed: Decimal, lang: str) -> str:
    facts, es = kr.facts, lang == "es"  # the facts as scored: every figure already a Decimal
    title, grade = quote(facts.title, lang), format_grade(kr.grade, lang)
    moment = when(cycle, as_of, elapsed, lang)
    if facts.kind == KeyResultKind.MILESTONE:
        state = ("cumplido" if facts.done else "pendiente") if es else ("done" if facts.done else "pending")
        head = f"{title}: {'hito' if es else 'milestone'} {state}, {grade} {moment}"
    else:
        assert isinstance(facts.target, Decimal) and isinstance(facts.baseline, Decimal)
        target = format_value(facts.target, lang, facts.kind)
        baseline = format_value(facts.baseline, lang, facts.kind)
        if facts.current is None:
            where = "aún no tiene valor" if es else "has no value yet"
        else:
            assert isinstance(facts.current, Decimal)
            value = format_value(facts.current, lang, facts.kind)
            where = f"está en {value}" if es else f"is at {value}"
        started = f"meta {target}, partió de {baseline}" if es else f"target {target}, started at {baseline}"
        head = f"{title} {where} ({started}): {grade} {moment}{_pace(kr.grade, kr.expected, elapsed, lang)}"
    return f"{head}; {_confidence(kr, lang)}."


def _worry_phrase(kr: KeyResultScore, lang: str) -> str:
    """Why a key result with a falling or low confidence slips, as a clause of its objective's sentence."""
    title, change = quote(kr.facts.title, lang), _confidence_change(kr, lang)
    if SlipReason.BEHIND_PACE in kr.reasons:
        if lang == "es":
            return f"el KR {title} va detrás del ritmo esperado y su confianza {change}"
        return f"KR {title} is behind the expected pace and its confidence {change}"
    return f"la confianza en el KR {title} {change}" if lang == "es" else f"confidence in KR {title} {change}"


def objective_story(objective: ObjectiveScore, lang: str) -> str:
    facts, es = objective.facts, lang == "es"
    if not objective.key_results:
        return f"{facts.title} todavía no tiene resultados clave." if es else f"{facts.title} has no key results yet."
    moment = when(facts.cycle, objective.as_of, objective.elapsed, lang)
    pace = _pace(objective.grade, objective.expected, objective.elapsed, lang)
    clauses = [f"{facts.title}: {format_grade(objective.grade, lang)} {moment}{pace}"]
    slipping = objective.slipping_key_results
    # Key results slipping on pace alone share one clause; a confidence change has figures of its own.
    behind: list[KeyResultScore] = []
    worried: list[KeyResultScore] = []
    for kr in slipping:
        (worried if kr.confidence.falling or kr.confidence.low else behind).append(kr)
    if behind:
        names, many = _named_krs([quote(kr.facts.title, lang) for kr in behind], lang), len(behind) > 1
        if es:
            clauses.append(f"{names} {'van' if many else 'va'} detrás del ritmo esperado")
        else:
            clauses.append(f"{names} {'are' if many else 'is'} behind the expected pace")
    clauses += [_worry_phrase(kr, lang) for kr in worried]
    if not slipping:
        clauses.append("ningún KR se está quedando atrás" if es else "no KR is slipping")
    if all(kr.confidence.latest is None for kr in objective.key_results):
        clauses.append("todavía no hay seguimientos de confianza" if es else "no confidence check-ins yet")
    return "; ".join(clauses) + "."


def join_words(items: list[str], lang: str) -> str:
    """'A', 'A y B', 'A, B y C' (es) / 'A, B and C' (en)."""
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} {'y' if lang == 'es' else 'and'} {items[-1]}"


def _named_krs(quoted_titles: list[str], lang: str) -> str:
    """'el KR «A»', 'los KR «A» y «B»' (the Spanish plural of an acronym does not change), 'KRs “A” and “B”'."""
    many = len(quoted_titles) > 1
    if lang == "es":
        return f"{'los KR' if many else 'el KR'} {join_words(quoted_titles, lang)}"
    return f"{'KRs' if many else 'KR'} {join_words(quoted_titles, lang)}"


# What an objective of each type is called, and its verdict by assessment; (es, en).
_TYPE_ADJECTIVE = {
    ObjectiveType.COMMITTED: ("comprometido", "a committed"),
    ObjectiveType.ASPIRATIONAL: ("aspiracional", "an aspirational"),
}
_VERDICT = {
    "es": {
        Assessment.SUCCESS: "un éxito para un objetivo {adjective}, del que se espera {expected}",
        Assessment.BEHIND: "por debajo del {expected} que se espera de un objetivo {adjective}",
        Assessment.MISSED: "lejos del {expected} que se espera de un objetivo {adjective}",
    },
    "en": {
        Assessment.SUCCESS: "a success for {adjective} objective, which is expected to reach {expected}",
        Assessment.BEHIND: "short of the {expected} expected of {adjective} objective",
        Assessment.MISSED: "far short of the {expected} expected of {adjective} objective",
    },
}


def _verdict(review: ObjectiveReview, lang: str) -> str:
    kind = review.facts.type
    es = lang == "es"
    adjective = _TYPE_ADJECTIVE[kind][0 if es else 1]
    template = _VERDICT["es" if es else "en"][review.assessment]
    return template.format(adjective=adjective, expected=format_grade(SUCCESS_LEVEL[kind], lang))


# What passes to the next cycle: (the objective, nothing, passes, pass, to the next cycle).
_CARRY_OVER = {
    "es": ("el objetivo", "nada", "pasa", "pasan", "al próximo ciclo"),
    "en": ("the objective", "nothing", "carries", "carry", "over to the next cycle"),
}


def _carry_over(review: ObjectiveReview, lang: str) -> str:
    objective, nothing, one, many, to_next = _CARRY_OVER["es" if lang == "es" else "en"]
    carried = [f"{quote(kr.facts.title, lang)} ({format_grade(kr.grade, lang)})" for kr in review.carried_key_results]
    if review.carries_over:
        subject = join_words([objective, _named_krs(carried, lang)] if carried else [objective], lang)
        plural = bool(carried)
    else:
        subject, plural = _named_krs(carried, lang) if carried else nothing, len(carried) > 1
    return f"{subject} {many if plural else one} {to_next}"


def review_story(review: ObjectiveReview, lang: str) -> str:
    facts, es = review.facts, lang == "es"
    noun = cycle_noun(facts.cycle, lang)
    if not review.key_results:
        head = (
            f"{facts.title} cerró el {noun} sin resultados clave"
            if es
            else f"{facts.title} closed the {noun} with no key results"
        )
    else:
        grade = format_grade(review.grade, lang)
        closed = f"cerró el {noun} en" if es else f"closed the {noun} at"
        head = f"{facts.title} {closed} {grade}: {_verdict(review, lang)}"
    return f"{head}; {_carry_over(review, lang)}."


def key_result_count_texts(title: str, count: int) -> tuple[str, str]:
    """The warning for an objective with too few or too many key results, in es and en."""
    es_title, en_title = quote(title, "es"), quote(title, "en")
    if count > MAX_KEY_RESULTS:
        return (
            f"{es_title} tiene {count} resultados clave; con {MAX_KEY_RESULTS} o menos el equipo se enfoca mejor.",
            f"{en_title} has {count} key results; {MAX_KEY_RESULTS} or fewer keep the team focused.",
        )
    es_has = "todavía no tiene resultados clave" if count == 0 else "tiene un solo resultado clave"
    en_has = "has no key results yet" if count == 0 else "has only one key result"
    return (
        f"{es_title} {es_has}; conviene tener al menos {MIN_KEY_RESULTS}, "
        "por ejemplo uno que mida el efecto y otro que lo equilibre.",
        f"{en_title} {en_has}; at least {MIN_KEY_RESULTS} are advisable, "
        "for example one for the effect and one as its counterweight.",
    )


def objective_count_texts(count: int, cycle: Cycle, top_level: bool, parent_title: str | None) -> tuple[str, str]:
    """The warning for a level with too many objectives, in es and en."""
    if top_level:
        es_where, en_subject = "de primer nivel", f"{count} top-level objectives"
    elif parent_title is None:
        es_where, en_subject = "bajo un mismo objetivo", f"{count} objectives under the same objective"
    else:
        es_where, en_subject = (
            f"bajo {quote(parent_title, 'es')}",
            f"{count} objectives under {quote(parent_title, 'en')}",
        )
    es = f"Hay {count} objetivos {es_where} {cycle_phrase(cycle, 'es')}"
    en = f"There are {en_subject} {cycle_phrase(cycle, 'en')}"
    return (
        f"{es}; con {MAX_OBJECTIVES_PER_LEVEL} o menos el equipo se enfoca mejor.",
        f"{en}; {MAX_OBJECTIVES_PER_LEVEL} or fewer keep the team focused.",
    )
