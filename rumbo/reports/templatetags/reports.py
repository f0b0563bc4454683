"""The «Copiar resumen» box, included with one line on the board and on an OKR objective's page; charts as images for the PDF."""

import base64
import functools
import re

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from rumbo.engine.vocab import Status
from rumbo.kpis import charts
from rumbo.kpis.presenters.tiles import lang_of
from rumbo.reports.presenters import summaries

register = template.Library()


def _absolute(request, path: str) -> str:
    # The address people used reaches the server; SITE_URL is for when there is no request (e-mail, CLI).
    if request is not None:
        return request.build_absolute_uri(path)
    from django.conf import settings

    return settings.SITE_URL + path


@register.inclusion_tag("reports/_share.html", takes_context=True)
def board_share(context):
    """The board's summary, from the objective cards the board page already read."""
    request = context.get("request")
    coop = request.coop
    text = summaries.board_text(
        coop_name=coop.name,
        cards=context.get("cards") or [],
        as_of=context.get("today") or timezone.localdate(),
        link=_absolute(request, reverse("kpis:board", args=[coop.slug])),
        lang=lang_of(get_language()),
    )
    return {"text": text, "box_id": "resumen-tablero"}


@register.inclusion_tag("reports/_share.html", takes_context=True)
def okr_share(context):
    """An OKR objective's summary, from the scores its page already computed."""
    request = context.get("request")
    scored, cycle = context["scored"], context["cycle"]
    text = summaries.okr_text(
        coop_name=request.coop.name,
        scored=scored,
        cycle=cycle,
        as_of=min(timezone.localdate(), cycle.end),
        link=_absolute(request, reverse("okrs:objective_detail", args=[request.coop.slug, scored.objective.pk])),
        lang=lang_of(get_language()),
    )
    return {"text": text, "box_id": f"resumen-okr-{scored.objective.pk}"}


_SVG = re.compile(r"<svg\b[^>]*>.*?</svg>", re.S)
_CLASS = re.compile(r'\bclass="([^"]*)"')


@functools.cache
def _icon_colours() -> dict[str, str]:
    """Each status icon's SVG → its status colour: as an image, an icon has no text colour to take."""
    return {str(charts.status_icon(s)): charts.STATUS_COLOUR[s] for s in Status}


@register.filter
def as_images(svgs) -> SafeString:
    """Inline SVG (charts, status icons) as <img> of data URLs, for the PDF: WeasyPrint lays out and draws an
    image faster than an SVG tree it must style node by node, and draws a repeated icon from one copy."""

    def image(match) -> str:
        svg = match.group(0)
        if (colour := _icon_colours().get(svg)) is not None:
            svg = svg.replace("currentColor", colour)
        css = _CLASS.search(svg)
        data = base64.b64encode(svg.encode()).decode()
        return f'<img class="{css.group(1) if css else ""}" alt="" src="data:image/svg+xml;base64,{data}">'

    return mark_safe(_SVG.sub(image, str(svgs)))
