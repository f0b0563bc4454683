"""The admin's form for a webhook: its address and the events it receives."""

from django import forms
from django.utils.translation import gettext_lazy as _

from rumbo.hooks.events import Event


class WebhookForm(forms.Form):
    url = forms.URLField(
        label=_("Dirección que recibe los avisos"),
        max_length=500,
        assume_scheme="https",
        help_text=_("La dirección del otro sistema, por ejemplo https://erp.micoop.org/rumbo."),
    )
    events = forms.MultipleChoiceField(
        label=_("Eventos"), choices=Event.choices, widget=forms.CheckboxSelectMultiple, initial=Event.values
    )
