"""The «Cooperativa» settings form: name, the months that start the fiscal year and the harvest, the logo."""

from typing import Any

from django import forms
from django.utils.dates import MONTHS
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from rumbo.orgs.logos import MAX_BYTES

MONTH_CHOICES = [(number, capfirst(name)) for number, name in MONTHS.items()]


class CooperativeSettingsForm(forms.Form):
    name = forms.CharField(label=_("Nombre de la cooperativa"), max_length=200)
    fiscal_year_start_month = forms.TypedChoiceField(
        label=_("Mes en que empieza el año fiscal"),
        choices=MONTH_CHOICES,
        coerce=int,
    )
    harvest_start_month = forms.TypedChoiceField(
        label=_("Mes en que empieza la cosecha"),
        choices=MONTH_CHOICES,
        coerce=int,
        help_text=_("El tablero agrupa por año fiscal y por cosecha a partir de estos meses."),
    )
    logo = forms.FileField(
        label=_("Logo nuevo"),
        required=False,
        help_text=_(
            "PNG o JPEG, hasta 2 MB y 4000 × 4000 píxeles. Se guarda como PNG de 600 píxeles de ancho como máximo."
        ),
        widget=forms.FileInput(
            attrs={
                "accept": "image/png,image/jpeg",
                "data-max-bytes": MAX_BYTES,
                "data-too-big": _("El logo pesa más de 2 MB; guárdelo más pequeño e inténtelo de nuevo."),
            }
        ),
    )
    remove_logo = forms.BooleanField(label=_("Quitar el logo actual"), required=False)

    def __init__(self, *args, has_logo: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not has_logo:
            del self.fields["remove_logo"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        assert cleaned is not None, "Django's clean returns the cleaned data"
        if cleaned.get("logo") and cleaned.get("remove_logo"):
            raise forms.ValidationError(_("Suba un logo nuevo o quite el actual, no las dos cosas a la vez."))
        return cleaned


class LocalUnitForm(forms.Form):
    """One of the cooperative's own units: its name and what one is worth in a known unit."""

    name = forms.CharField(
        label=_("Nombre de la unidad"),
        max_length=40,
        help_text=_("En singular, como la escriben en la cooperativa: «lata», «saco grande», «cajuela»."),
    )
    definition = forms.CharField(
        label=_("Una equivale a"),
        max_length=60,
        help_text=_("Un número y una unidad conocida, con coma decimal: «12,5 kg», «0,7 ha», «18 l»."),
    )
