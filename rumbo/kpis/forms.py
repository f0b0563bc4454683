"""Forms for KPI data: they parse and show errors; the rules live in the services."""

from datetime import date
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rumbo.accounts.models import User
from rumbo.engine.errors import RumboError
from rumbo.engine.numbers import number_to_store
from rumbo.engine.timeline.dates import FIRST_DATE, LAST_DATE, out_of_range
from rumbo.kpis.models import Initiative, Kpi, Objective


class NumberField(forms.Field):
    """A number as people type it ('1.234,56', '1234.56' or '45 %'), as a column of `digits`, `places` keeps it."""

    widget = forms.TextInput

    def __init__(self, *args, digits: int = 20, places: int = 6, **kwargs):
        super().__init__(*args, **kwargs)
        self.digits, self.places = digits, places
        self.widget.attrs.update({"inputmode": "decimal", "maxlength": "40"})

    def to_python(self, value):
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None
        if len(str(value)) > 40:
            raise ValidationError(_("El número es demasiado largo."))
        try:
            return number_to_store(value, field=str(self.label or _("Número")), digits=self.digits, places=self.places)
        except RumboError as err:
            raise ValidationError(err.translated(_)) from None

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return number_format(value.normalize(), use_l10n=True, force_grouping=False)
        return value


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None, format=None):
        super().__init__({"min": FIRST_DATE.isoformat(), "max": LAST_DATE.isoformat(), **(attrs or {})}, format)

    def format_value(self, value):
        return value.isoformat() if hasattr(value, "isoformat") else value


class DateField(forms.DateField):
    """A date in the range every door admits (the engine's FIRST_DATE–LAST_DATE); Django's own goes to 9999.

    `first` lets a period's first day come earlier, when a service checks the period itself.
    """

    widget = DateInput

    def __init__(self, *args, first: date = FIRST_DATE, **kwargs):
        super().__init__(*args, **kwargs)
        self.first = first
        self.widget.attrs["min"] = first.isoformat()

    def to_python(self, value):
        day = super().to_python(value)
        if day is None:
            return None
        if not self.first <= day <= LAST_DATE:
            # named as 31/12/9999 whatever the browser sent (its date picker sends ISO)
            raise ValidationError(out_of_range(day).translated(_))
        return day


def _share_of_target(label, when_empty) -> NumberField:
    """Typed as a percentage, kept as a share of the target: two decimals of a percentage are the column's four."""
    return NumberField(label=label, required=False, help_text=when_empty, digits=7, places=2)


class KpiForm(forms.ModelForm):
    baseline = NumberField(label=gettext_lazy("Línea base"), required=False)
    on_track_at = _share_of_target(gettext_lazy("En rumbo desde (porcentaje de la meta)"), gettext_lazy("Vacío: 100 %"))
    at_risk_at = _share_of_target(gettext_lazy("En riesgo desde (porcentaje de la meta)"), gettext_lazy("Vacío: 90 %"))
    scale_min = NumberField(label=gettext_lazy("Mínimo de la escala"), required=False, digits=12, places=4)
    scale_max = NumberField(label=gettext_lazy("Máximo de la escala"), required=False, digits=12, places=4)

    class Meta:
        model = Kpi
        fields = [
            "name",
            "description",
            "kind",
            "objective",
            "owner",
            "area",
            "unit",
            "decimals",
            "frequency",
            "direction",
            "aggregation",
            "nature",
            "scale_kind",
            "scale_min",
            "scale_max",
            "indicator",
            "buyer_stage",
            "market_stage",
            "initiative",
            "baseline",
            "on_track_at",
            "at_risk_at",
        ]

    def __init__(self, *args, coop, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["objective"]).queryset = Objective.objects.filter(cooperative=coop)
        cast(forms.ModelChoiceField, self.fields["initiative"]).queryset = Initiative.objects.filter(cooperative=coop)
        cast(forms.ModelChoiceField, self.fields["owner"]).queryset = User.objects.filter(
            memberships__cooperative=coop
        ).order_by("first_name", "email")
        for name in ("on_track_at", "at_risk_at"):
            if self.initial.get(name) is not None:
                self.initial[name] = self.initial[name] * 100

    def clean(self):
        data = cast(dict[str, Any], super().clean())  # a model form's `clean` gives its cleaned data
        for name in ("on_track_at", "at_risk_at"):
            if data.get(name) is not None:
                data[name] = data[name] / 100
        return data


class TargetForm(forms.Form):
    start = DateField(label=gettext_lazy("Desde"))
    end = DateField(label=gettext_lazy("Hasta"))
    value = NumberField(label=gettext_lazy("Meta"), required=False)
    low = NumberField(label=gettext_lazy("Mínimo"), required=False)
    high = NumberField(label=gettext_lazy("Máximo"), required=False)


TargetFormSet = forms.formset_factory(TargetForm, extra=1, can_delete=True)


class ObjectiveForm(forms.ModelForm):
    class Meta:
        model = Objective
        fields = ["title", "description", "area", "owner"]
        labels = {"owner": gettext_lazy("Responsable")}  # the model field has no Spanish name of its own

    def __init__(self, *args, coop, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["owner"]).queryset = User.objects.filter(memberships__cooperative=coop)


class InitiativeForm(forms.ModelForm):
    class Meta:
        model = Initiative
        fields = ["name", "kind", "description", "start", "end"]
        field_classes = {"start": DateField, "end": DateField}


# The version travels in a hidden field; only a damaged or forged page sends a bad one.
STALE_PAGE = {"invalid": gettext_lazy("La página llegó incompleta; vuelva a cargarla e intente de nuevo.")}


class ValueForm(forms.Form):
    """One row of «Mis actualizaciones»: the value of one KPI for its due period."""

    value = NumberField(label=gettext_lazy("Valor"), required=False)
    note = forms.CharField(label=gettext_lazy("Nota"), required=False, max_length=500)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput, error_messages=STALE_PAGE)


class PeriodValueForm(forms.Form):
    """A value for any period of one KPI, entered from the KPI's page."""

    # A harvest or fiscal year that starts in 1899 holds days of 1900: the service checks the period itself.
    period = DateField(label=gettext_lazy("Periodo (primer día)"), first=date(FIRST_DATE.year - 1, 1, 1))
    value = NumberField(label=gettext_lazy("Valor"))
    note = forms.CharField(label=gettext_lazy("Nota"), required=False, max_length=500)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput, error_messages=STALE_PAGE)
