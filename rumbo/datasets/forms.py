"""Forms for datasets and metric definitions: they read what was typed; the rules live in the services."""

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from rumbo.datasets.models import Dataset, Mode
from rumbo.datasets.services.metrics import InputBinding
from rumbo.kpis.choices import Area, Frequency
from rumbo.kpis.models import Kpi

TYPE_CHOICES = [("number", _("Número")), ("date", _("Fecha")), ("text", _("Texto"))]


class UploadForm(forms.Form):
    name = forms.CharField(
        label=_("Nombre de los datos"),
        max_length=80,
        help_text=_(
            "Por ejemplo «ventas», «acopio» o «actividades». Con el nombre de unos datos existentes se sube una nueva versión."
        ),
        widget=forms.TextInput(attrs={"list": "dataset-names", "autocomplete": "off"}),
    )
    file = forms.FileField(
        label=_("Archivo"),
        help_text=_("CSV, XLSX, XLS u ODS con una fila de encabezados y una columna de fechas."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx,.xlsm,.xlsb,.xls,.ods"}),
    )
    mode = forms.ChoiceField(
        label=_("¿Qué hacer con los datos que ya hay?"),
        choices=[
            (Mode.REPLACE, _("Reemplazarlos por este archivo")),
            (Mode.APPEND, _("Agregar las filas de este archivo")),
        ],
        initial=Mode.REPLACE,
        widget=forms.RadioSelect,
    )


class TypesForm(forms.Form):
    """One choice per column of the current version: number, date or text."""

    def __init__(self, *args, columns: list[list[str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.names = {}
        for i, (name, kind) in enumerate(columns):
            key = f"c{i}"
            self.names[key] = name
            self.fields[key] = forms.ChoiceField(label=name, choices=TYPE_CHOICES, initial=kind)

    def types(self) -> dict[str, str]:
        return {self.names[key]: value for key, value in self.cleaned_data.items()}


class MetricForm(forms.Form):
    SOURCES = [
        ("dataset", _("De unos datos: una medida por periodo")),
        ("formula", _("Con una fórmula sobre otras métricas")),
    ]

    name = forms.CharField(label=_("Nombre"), max_length=200, help_text=_("Por ejemplo «Ventas cerradas por mes»."))
    area = forms.ChoiceField(label=_("Área"), choices=Area.choices, initial=Area.GERENCIA)
    source = forms.ChoiceField(
        label=_("¿Cómo se calcula?"), choices=SOURCES, initial="dataset", widget=forms.RadioSelect
    )
    dataset = forms.ModelChoiceField(
        label=_("Datos"), queryset=Dataset.objects.none(), required=False, empty_label=_("— Elija —")
    )
    measure = forms.CharField(
        label=_("Medida"),
        max_length=200,
        required=False,
        help_text=_(
            "suma(Monto), conteo(), distintos(Cliente), promedio(Monto), mediana, mínimo, máximo, nuevos(Cliente), "
            "retenidos(Socio), perdidos(Socio). También valen en inglés: sum, count, count_distinct, mean, median, "
            "min, max, new, retained, churned."
        ),
    )
    date_column = forms.CharField(
        label=_("Columna de fecha"), max_length=200, required=False, help_text=_("Por ejemplo «Fecha».")
    )
    grain = forms.ChoiceField(label=_("Periodo"), choices=Frequency.choices, initial=Frequency.MONTH)
    filter = forms.CharField(
        label=_("Filtro (opcional)"),
        max_length=500,
        required=False,
        help_text=_('Condiciones unidas con «y», por ejemplo: Producto = "pergamino" y Monto > 0.'),
    )
    formula = forms.CharField(
        label=_("Fórmula"),
        max_length=1000,
        required=False,
        help_text=_("Con los nombres cortos de otras métricas, + - * / y paréntesis; por ejemplo: ingresos / pedidos."),
    )

    def __init__(self, *args, coop, kpi=None, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["dataset"]).queryset = Dataset.objects.filter(
            cooperative=coop, versions__isnull=False
        ).distinct()
        if kpi is not None:
            # the KPI exists: its name and area are edited on its own page
            del self.fields["name"]
            del self.fields["area"]

    def clean(self):
        data = cast(dict[str, Any], super().clean())  # a form's `clean` gives its cleaned data
        if data.get("source") == "formula":
            if not (data.get("formula") or "").strip():
                self.add_error("formula", _("Escriba la fórmula."))
        elif not data.get("dataset"):
            self.add_error("dataset", _("Elija los datos de los que se calcula."))
        return data


class TemplateBindForm(forms.Form):
    """The dataset, then for each input of a catalogue formula a measure, a date column and a filter.

    Fields of an input are named `<input>.measure`, `<input>.date_column` and `<input>.filter`,
    as the service names its errors, so each message lands next to what caused it.
    """

    PARTS = ("measure", "date_column", "filter")

    dataset = forms.ModelChoiceField(
        label=_("Datos"),
        queryset=Dataset.objects.none(),
        empty_label=_("— Elija —"),
        error_messages={"required": _("Elija los datos de los que se calcula.")},
    )

    def __init__(self, *args, coop, template, lang: str = "es", **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["dataset"]).queryset = Dataset.objects.filter(
            cooperative=coop, versions__isnull=False
        ).distinct()
        names = [item.name for item in template.inputs]
        self.existing = set(Kpi.objects.filter(cooperative=coop, slug__in=names).values_list("slug", flat=True))
        self.template = template
        self.lang = "en" if lang[:2] == "en" else "es"
        for item in template.inputs:
            self.fields[f"{item.name}.measure"] = forms.CharField(
                label=_("Medida"),
                max_length=200,
                required=item.name not in self.existing,
                help_text=_("Ya es una métrica de la cooperativa: déjela vacía para usar sus valores.")
                if item.name in self.existing
                else "",
                error_messages={"required": _("Escriba la medida, por ejemplo suma(Monto) o conteo().")},
            )
            self.fields[f"{item.name}.date_column"] = forms.CharField(
                label=_("Columna de fecha (opcional)"), max_length=200, required=False
            )
            self.fields[f"{item.name}.filter"] = forms.CharField(
                label=_("Filtro (opcional)"), max_length=500, required=False
            )

    def inputs(self) -> list[dict]:
        """Each input with its label in the page's language and its three fields, for the template to group."""
        return [
            {
                "name": item.name,
                "label": getattr(item, self.lang),
                "existing": item.name in self.existing,
                "fields": [self[f"{item.name}.{part}"] for part in self.PARTS],
            }
            for item in self.template.inputs
        ]

    def bindings(self) -> dict[str, InputBinding]:
        """What was typed for each input with a measure; an input left empty keeps its metric as it is."""
        data = self.cleaned_data
        return {
            item.name: InputBinding(
                data[f"{item.name}.measure"], data[f"{item.name}.date_column"], data[f"{item.name}.filter"]
            )
            for item in self.template.inputs
            if data[f"{item.name}.measure"].strip()
        }


def add_service_errors(form: forms.Form, err: ValidationError) -> None:
    """A service's errors on the form: on the field they name (`llamadas.dataset` lands on `dataset`), else above it."""
    if not hasattr(err, "error_dict"):
        form.add_error(None, err)
        return
    for key, errors in err.error_dict.items():
        last = key.rsplit(".", 1)[-1]
        form.add_error(key if key in form.fields else last if last in form.fields else None, errors)
