"""`{{ value|figure:kpi.decimals }}`: a stored figure as the board, the PDF and the messages show it (`numbers.format_figure`)."""

from django import template
from django.utils.translation import get_language

from rumbo.engine.numbers import format_figure

register = template.Library()


@register.filter
def figure(value, decimals=0) -> str:
    """1234.5 on a whole-number KPI → '1.235', here as on its tile, in the PDF and in the messages."""
    if value is None or value == "":
        return ""
    lang = "en" if (get_language() or "es")[:2] == "en" else "es"
    return format_figure(value, int(decimals or 0), lang)
