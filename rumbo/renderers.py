"""How every form draws its fields: an empty choice asks in words, never Django's «---------»."""

from django.forms.renderers import DjangoTemplates
from django.utils.translation import gettext as _

# What Django labels an empty choice with, in ModelChoiceField and in the choices of a model field.
DJANGO_BLANK = "---------"


def blank_label(*, required: bool) -> str:
    return _("— Elija —") if required else _("— Sin elegir —")


class FormRenderer(DjangoTemplates):
    """Django's renderer, naming the empty option of every select (and radio list) in the page's language."""

    def render(self, template_name, context, request=None):
        widget = context.get("widget") if isinstance(context, dict) else None
        if widget and "optgroups" in widget:
            label = blank_label(required=bool(widget.get("required")))
            for _group, options, _index in widget["optgroups"]:
                for option in options:
                    if option.get("label") == DJANGO_BLANK and option.get("value") in ("", None):
                        option["label"] = label
        return super().render(template_name, context, request)
