"""The WhatsApp summaries of the board and of an OKR objective: what to say, in words, for `engine.share.share_text`.

Both read what their page already computed (the board's objective cards, the objective's
scores), so the «Copiar resumen» box adds no query to the page it sits on.
"""

from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from rumbo.engine.status.phrases import status_word
from rumbo.engine.status.share import Group, Item, Summary, reason, share_text
from rumbo.kpis.presenters.tiles import ATTENTION_ORDER
from rumbo.reports.okrs import slip_words

ATTENTION_SHOWN = 3  # the two or three KPIs that need attention most


def board_text(*, coop_name: str, cards, as_of: date, link: str, lang: str) -> str:
    """The board in under 700 characters: each objective with its status, the KPIs that need attention and why."""
    objectives = tuple(Item(str(c.reading.status), c.objective.title, c.status_word) for c in cards)
    seen, attention = set(), []
    for card in cards:
        for reading in card.reading.attention:
            if reading.kpi.key not in seen:
                seen.add(reading.kpi.key)
                attention.append(reading)
    attention.sort(key=lambda r: ATTENTION_ORDER[r.status])  # stable: objectives' order within a status
    items = tuple(
        Item(str(r.status), r.kpi.name, status_word(r, lang), reason(r, lang)) for r in attention[:ATTENTION_SHOWN]
    )
    groups = [Group(_("Objetivos"), objectives, keep=min(len(objectives), 3))]
    if items:
        groups.append(Group(_("Necesitan atención"), items, keep=min(len(items), 2)))
    summary = Summary(
        title=coop_name,
        period=_("Tablero · situación al %(day)s") % {"day": date_format(as_of, "SHORT_DATE_FORMAT")},
        groups=tuple(groups),
        link=_("Ver el tablero: %(url)s") % {"url": link},
    )
    return share_text(summary)


def okr_text(*, coop_name: str, scored, cycle, as_of: date, link: str, lang: str) -> str:
    """One OKR objective: its grade and colour in words, and the key results that slip (or all, when none does)."""
    from rumbo.engine.okrs.okr_story import format_grade
    from rumbo.okrs.choices import COLOUR_LABEL

    def word(score) -> str:
        return f"{format_grade(score.grade, lang)} · {COLOUR_LABEL.get(score.colour, '')}"

    score = scored.score
    expected = _("esperada a la fecha: %(grade)s") % {"grade": format_grade(score.expected, lang)}
    slipping = [k for k in scored.key_results if k.score.slipping]
    shown = slipping[:ATTENTION_SHOWN] if slipping else scored.key_results[:5]
    results = tuple(
        Item(str(k.score.colour), k.key_result.title, word(k.score), slip_words(k.score.reasons)) for k in shown
    )
    heading = _("Resultados clave que necesitan atención") if slipping else _("Resultados clave")
    summary = Summary(
        title=coop_name,
        period=_("OKR · %(cycle)s · situación al %(day)s")
        % {"cycle": cycle.name, "day": date_format(as_of, "SHORT_DATE_FORMAT")},
        groups=(
            Group(_("Objetivo"), (Item(str(score.colour), scored.objective.title, word(score), expected),)),
            Group(heading, results, keep=min(len(results), 2)),
        ),
        link=_("Ver el objetivo: %(url)s") % {"url": link},
    )
    return share_text(summary)
