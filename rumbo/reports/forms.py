"""The options of a report (day, areas, objectives, language) and of an export (which table, which format)."""

from datetime import date
from typing import Any, cast

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from rumbo.kpis.choices import Area
from rumbo.kpis.forms import DateField
from rumbo.reports.presenters.assembly import Options

KINDS = [("tablero", _("Tablero para la asamblea (1 página)")), ("completo", _("Informe completo"))]
GROUPS = [("objective", _("Una parte por objetivo")), ("area", _("Una parte por área"))]


class ReportForm(forms.Form):
    """Read from the address (GET): the same options make the download link and the download."""

    tipo = forms.ChoiceField(label=_("Informe"), choices=KINDS, initial="tablero")
    fecha = DateField(
        label=_("Situación al"), required=False, help_text=_("Vacío: hoy. Los valores posteriores no se cuentan.")
    )
    area = forms.MultipleChoiceField(
        label=_("Áreas"),
        choices=Area.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Ninguna marcada: todas."),
    )
    objetivo = forms.TypedMultipleChoiceField(
        label=_("Objetivos"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Ninguno marcado: todos."),
    )
    agrupar = forms.ChoiceField(label=_("El informe completo va"), choices=GROUPS, initial="objective", required=False)
    idioma = forms.ChoiceField(label=_("Idioma"), choices=settings.LANGUAGES)

    def __init__(self, data=None, *, objectives, today: date, language: str = "es"):
        super().__init__(data)
        self.today = today
        cast(forms.ChoiceField, self.fields["objetivo"]).choices = [(o.pk, o.title) for o in objectives]
        self.fields["idioma"].initial = "en" if (language or "es")[:2] == "en" else "es"

    def clean_fecha(self):
        day = self.cleaned_data["fecha"]
        if day and day > self.today:
            raise forms.ValidationError(_("La fecha no puede ser posterior a hoy: todavía no hay datos de ese día."))
        return day

    def options(self) -> Options:
        data = self.cleaned_data
        return Options(
            as_of=data["fecha"] or self.today,
            lang=data["idioma"],
            areas=tuple(data["area"]),
            objectives=tuple(data["objetivo"]),
            group=data.get("agrupar") or "objective",
        )


TABLES = [
    ("indicadores", _("Indicadores (definiciones)")),
    ("metas", _("Metas")),
    ("okr", _("OKR")),
    ("libro", _("Todo en un libro de Excel")),
]
FORMATS = [("xlsx", _("Excel (.xlsx)")), ("csv", _("CSV"))]


class ExportForm(forms.Form):
    tabla = forms.ChoiceField(choices=TABLES)
    formato = forms.ChoiceField(choices=FORMATS)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None, "Django's clean returns the cleaned data"
        if data.get("tabla") == "libro" and data.get("formato") == "csv":
            raise forms.ValidationError(_("Un CSV tiene una sola hoja: el libro completo solo se descarga en Excel."))
        return data
