"""The short plain-text summary people paste into WhatsApp, and the one-line reason a KPI needs attention.

`share_text` is the one builder behind every «Copiar resumen» button (the board, an OKR
objective) and its tests. It takes what to say already in words and keeps the result under
`limit` characters (WhatsApp shows about 700 before «Leer más») by shortening, in this
order: the reasons, the names, then dropping the least urgent items; the heading, the
period and the link always stay. Marks are emoji as WhatsApp shows them, and every item
also says its status in words, so the text reads the same without colour.
"""

from dataclasses import dataclass, replace
from decimal import Decimal

from rumbo.engine.status.phrases import amount, percent, period_phrase, share_percent
from rumbo.engine.status.readings import KpiReading
from rumbo.engine.timeline.periods import label
from rumbo.engine.vocab import Direction

LIMIT = 700
ELLIPSIS = "…"
MARKS = {
    "on_track": "✅",
    "at_risk": "⚠️",
    "off_track": "❌",
    "no_data": "⚪",
    "green": "🟢",
    "yellow": "🟡",
    "red": "🔴",
}


@dataclass(frozen=True)
class Item:
    """One line (here and in the weekly digest): a mark, a name, its status in words and, optionally, why."""

    mark: str
    name: str
    word: str
    why: str = ""


@dataclass(frozen=True)
class Group:
    """A heading and its items; at least `keep` items survive the shortening."""

    heading: str
    items: tuple[Item, ...]
    keep: int = 1


@dataclass(frozen=True)
class Summary:
    title: str  # the cooperative's name
    period: str  # "Situación al 27/11/2026"
    groups: tuple[Group, ...]
    link: str  # "Ver el tablero: https://…"


def clip(text: str, length: int) -> str:
    """`text` cut at a word boundary to at most `length` characters, with an ellipsis when cut."""
    text = " ".join(text.split())
    if len(text) <= length:
        return text
    cut = text[: max(length - 1, 0)]
    if " " in cut[length // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.—-") + ELLIPSIS


def _line(item: Item) -> str:
    mark = MARKS.get(item.mark, "•")
    why = f" — {item.why}" if item.why else ""
    return f"{mark} {item.name}: {item.word}{why}"


def _compose(summary: Summary) -> str:
    lines = [f"*{summary.title}*", summary.period]
    for group in summary.groups:
        if group.items:
            lines += ["", f"*{group.heading}*", *(_line(i) for i in group.items)]
    lines += ["", summary.link]
    return "\n".join(lines)


def _shortened(summary: Summary, *, why: int | None = None, name: int | None = None) -> Summary:
    def item(i: Item) -> Item:
        return replace(
            i,
            why=clip(i.why, why) if why is not None else i.why,
            name=clip(i.name, name) if name is not None else i.name,
        )

    return replace(summary, groups=tuple(replace(g, items=tuple(item(i) for i in g.items)) for g in summary.groups))


def _drop_one(summary: Summary) -> Summary | None:
    """Without the last item of the last group that still has more than it must keep."""
    groups = list(summary.groups)
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if len(group.items) > group.keep:
            groups[index] = replace(group, items=group.items[:-1])
            return replace(summary, groups=tuple(groups))
    return None


def share_text(summary: Summary, *, limit: int = LIMIT) -> str:
    """The summary as WhatsApp text of at most `limit` characters (the link is never cut)."""
    text = _compose(summary)
    for why, name in ((90, None), (70, 60), (50, 45)):
        if len(text) <= limit:
            return text
        summary = _shortened(summary, why=why, name=name)
        text = _compose(summary)
    while len(text) > limit and (fewer := _drop_one(summary)) is not None:
        summary, text = fewer, _compose(fewer)
    for why, name in ((0, 40), (0, 28)):
        if len(text) <= limit:
            return text
        summary = _shortened(summary, why=why, name=name)
        text = _compose(summary)
    if len(text) > limit:  # a pathological heading: cut the body, keep the link
        tail = "\n\n" + summary.link
        text = clip(text[: -len(tail)], max(limit - len(tail), 0)) + tail
    return text


# ---- Why a KPI needs attention, in a few words: the figure, and how far it is from where it should be.

_SIDE = {
    "es": {
        "below": "bajo la meta",
        "above": "sobre la meta",
        "band_below": "por debajo del rango",
        "band_above": "por encima del rango",
        "plan_below": "por debajo de lo previsto",
        "plan_above": "por encima de lo previsto",
        "heading": "cerraría en %s de la meta",
        "missing": "falta el dato desde %s",
        "in": "en",
    },
    "en": {
        "below": "below target",
        "above": "above target",
        "band_below": "below the range",
        "band_above": "above the range",
        "plan_below": "below plan",
        "plan_above": "above plan",
        "heading": "heading for %s of the target",
        "missing": "no data since %s",
        "in": "in",
    },
}


def _size(figure: Decimal, ratio: Decimal | None, reading: KpiReading, lang: str) -> str | None:
    """A gap as a percent of its reference, or in units on a declared scale (a percent of 3,5 points misleads)."""
    if ratio is not None and not reading.kpi.on_scale:
        return percent(ratio, lang)
    text = amount(abs(figure), reading.kpi, lang) if figure else ""
    return text if any(digit in text for digit in "123456789") else None  # "0,0 nivel" says nothing


def reason(reading: KpiReading, lang: str = "es") -> str:
    """'159.844 USD en octubre 2026, 34 % por debajo de lo previsto' — what a tile says, in one line."""
    lang = "en" if lang[:2] == "en" else "es"
    words, facts, parts = _SIDE[lang], reading.kpi, []
    if reading.value is not None and reading.period is not None:
        parts.append(
            f"{amount(reading.value, facts, lang)} {period_phrase(words['in'], reading.period, facts.grain, lang)}"
        )
    if reading.target is not None and reading.gap:
        size = _size(reading.gap, reading.gap_ratio, reading, lang)
        band = facts.direction == Direction.BAND and (reading.target.low is not None or reading.target.high is not None)
        side = ("band_" if band else "") + ("below" if reading.gap < 0 else "above")
        if size:
            parts.append(f"{size} {words[side]}")
    outlook, said = reading.outlook, False
    if reading.target is None and reading.pace is not None and not reading.pace.complete:
        pace, gap = reading.pace, reading.pace.gap
        size = _size(gap, pace.gap_ratio, reading, lang) if gap else None
        if size and gap is not None:
            parts.append(f"{size} {words['plan_below' if gap < 0 else 'plan_above']}")
        said = bool(size)
    share = share_percent(outlook.share, lang) if outlook is not None else None
    if share and outlook is not None and (outlook.forecast or (not said and reading.target is None)):
        # Where the running target will end: the reading's one outlook (the forecast's, when current).
        parts.append(words["heading"] % (("~" if outlook.forecast else "") + share))
    fresh = reading.freshness
    if fresh.missing and fresh.missing_since is not None:
        parts.append(words["missing"] % label(fresh.missing_since, facts.grain, lang))
    return ", ".join(parts)
