"""How a page shows a metric's stored definition: its measure named in the page's language."""

from django import template
from django.utils.translation import get_language

from rumbo.engine.computed.dataset_specs import measure_in

register = template.Library()


@register.filter
def measure_words(measure: str) -> str:
    """`mean(Monto)` as stored reads `promedio(Monto)` on a Spanish page."""
    return measure_in(measure, get_language() or "es")
