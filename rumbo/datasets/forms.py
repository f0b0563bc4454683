"""Forms for datasets and metric definitions: they read what was typed; the rules live in the services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from rumbo.datasets.models import Dataset, Mode
from rumbo.kpis.choices import Area, Frequency

TYPE_CHOICES = [("number", _("Número")), ("date", _("Fecha")), ("text", _("Texto"))]


class UploadForm(forms.Form):
    name = forms.CharField(
        label=_("Nombre de los datos"), max_length=80,
        help_text=_("Por ejemplo «ventas», «acopio» o «actividades». Con el nombre de unos datos existentes se sube una nueva versión."),
        widget=forms.TextInput(attrs={"list": "dataset-names", "autocomplete": "off"}),
    )
    file = forms.FileField(
        label=_("Archivo"), help_text=_("CSV, XLSX, XLS u ODS con una fila de encabezados y una columna de fechas."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx,.xlsm,.xlsb,.xls,.ods"}),
    )
    mode = forms.ChoiceField(
        label=_("¿Qué hacer con los datos que ya hay?"), choices=[(Mode.REPLACE, _("Reemplazarlos por este archivo")),
                                                                 (Mode.APPEND, _("Agregar las filas de este archivo"))],
        initial=Mode.REPLACE, widget=forms.RadioSelect,
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
    SOURCES = [("dataset", _("De unos datos: una medida por periodo")), ("formula", _("Con una fórmula sobre otras métricas"))]

    name = forms.CharField(label=_("Nombre"), max_length=200, help_text=_("Por ejemplo «Ventas cerradas por mes»."))
    area = forms.ChoiceField(label=_("Área"), choices=Area.choices, initial=Area.GERENCIA)
    source = forms.ChoiceField(label=_("¿Cómo se calcula?"), choices=SOURCES, initial="dataset", widget=forms.RadioSelect)
    dataset = forms.ModelChoiceField(label=_("Datos"), queryset=Dataset.objects.none(), required=False, empty_label=_("— Elija —"))
    measure = forms.CharField(
        label=_("Medida"), max_length=200, required=False,
        help_text=_("sum(Monto), count(), count_distinct(Cliente), mean(Monto), median, min, max, new(Cliente), retained(Socio), churned(Socio)."),
    )
    date_column = forms.CharField(label=_("Columna de fecha"), max_length=200, required=False, help_text=_("Por ejemplo «Fecha»."))
    grain = forms.ChoiceField(label=_("Periodo"), choices=Frequency.choices, initial=Frequency.MONTH)
    filter = forms.CharField(
        label=_("Filtro (opcional)"), max_length=500, required=False,
        help_text=_("Condiciones unidas con «y», por ejemplo: Producto = \"pergamino\" y Monto > 0."),
    )
    formula = forms.CharField(
        label=_("Fórmula"), max_length=1000, required=False,
        help_text=_("Con los nombres cortos de otras métricas, + - * / y paréntesis; por ejemplo: ingresos / pedidos."),
    )

    def __init__(self, *args, coop, kpi=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dataset"].queryset = Dataset.objects.filter(cooperative=coop, versions__isnull=False).distinct()
        if kpi is not None:
            # the KPI exists: its name and area are edited on its own page
            del self.fields["name"]
            del self.fields["area"]

    def clean(self):
        data = super().clean()
        if data.get("source") == "formula":
            if not (data.get("formula") or "").strip():
                self.add_error("formula", _("Escriba la fórmula."))
        elif not data.get("dataset"):
            self.add_error("dataset", _("Elija los datos de los que se calcula."))
        return data
