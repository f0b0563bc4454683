"""Forms for OKRs: they parse and show errors; the rules live in the services and the engine."""

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from rumbo.accounts.models import User
from rumbo.kpis.choices import Area
from rumbo.kpis.forms import DateField, NumberField
from rumbo.kpis.models import Kpi
from rumbo.okrs import selectors
from rumbo.okrs.choices import TYPE_HELP, Kind, Type
from rumbo.okrs.models import Cycle, KeyResult, OkrObjective
from rumbo.okrs.readings import readable_key_results


class CycleForm(forms.Form):
    name = forms.CharField(
        label=_("Nombre"),
        required=False,
        max_length=80,
        help_text=_("Vacío: se nombra por sus fechas («Trimestre 4 de 2026»)."),
    )
    start = DateField(label=_("Inicio"))
    end = DateField(label=_("Fin"))
    check_in_days = forms.IntegerField(
        label=_("Días entre seguimientos"),
        min_value=1,
        max_value=366,
        initial=7,
        help_text=_("7: un seguimiento por semana."),
    )

    def apply(self, cycle: Cycle) -> Cycle:
        for name, value in self.cleaned_data.items():
            setattr(cycle, name, value)
        return cycle


class ObjectiveForm(forms.ModelForm):
    class Meta:
        model = OkrObjective
        fields = ["title", "type", "area", "owner", "parent", "description"]
        widgets = {"type": forms.RadioSelect, "description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, coop, cycle, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["owner"]).queryset = User.objects.filter(
            memberships__cooperative=coop
        ).order_by("first_name", "email")
        cast(forms.ModelChoiceField, self.fields["owner"]).empty_label = _("Sin responsable")
        cast(forms.ModelChoiceField, self.fields["parent"]).queryset = selectors.objectives_to_align_with(
            coop, cycle, exclude_pk=self.instance.pk
        )
        cast(forms.ModelChoiceField, self.fields["parent"]).empty_label = _("Ninguno: es de primer nivel")
        self.fields["parent"].help_text = _("Un objetivo de equipo se alinea con uno de la cooperativa.")
        cast(forms.ChoiceField, self.fields["area"]).choices = [("", _("Toda la cooperativa"))] + list(Area.choices)
        cast(forms.ChoiceField, self.fields["type"]).choices = [
            (value, f"{label}: {TYPE_HELP[value]}") for value, label in Type.choices
        ]


class KeyResultForm(forms.Form):
    title = forms.CharField(label=_("Resultado clave"), max_length=200)
    kind = forms.ChoiceField(label=_("Tipo"), choices=Kind.choices, initial=Kind.NUMBER)
    kpi = forms.ModelChoiceField(
        label=_("Sigue al indicador (opcional)"),
        queryset=Kpi.objects.none(),
        required=False,
        empty_label=_("Ninguno"),
        help_text=_(
            "Su valor se actualizará solo con los valores del indicador. Sin línea base, parte del último valor."
        ),
    )
    baseline = NumberField(label=_("Línea base (de dónde parte)"), required=False)
    target = NumberField(label=_("Meta al final del ciclo"), required=False)
    weight = NumberField(label=_("Peso"), required=False, initial=1, help_text=_("1 si todos pesan igual."))

    def __init__(self, *args, coop, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["kpi"]).queryset = Kpi.objects.filter(cooperative=coop).order_by(
            "name"
        )

    @classmethod
    def initial_from(cls, kr: KeyResult) -> dict:
        return {
            "title": kr.title,
            "kind": kr.kind,
            "kpi": kr.kpi_id,
            "baseline": kr.baseline,
            "target": kr.target,
            "weight": kr.weight,
        }

    def apply(self, kr: KeyResult) -> KeyResult:
        data = self.cleaned_data
        kr.title, kr.kind, kr.kpi = data["title"], data["kind"], data["kpi"]
        kr.baseline, kr.target = data["baseline"], data["target"]
        kr.weight = 1 if data["weight"] is None else data["weight"]
        return kr


class KeyResultRowForm(KeyResultForm):
    """One row of the new-objective page; a row left with no title is skipped."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].required = False
        self.empty_permitted = True
        self.use_required_attribute = False


class BaseKeyResultRows(forms.BaseFormSet):
    def filled(self) -> list[tuple[int, KeyResultRowForm]]:
        return [(n, f) for n, f in enumerate(self.forms, start=1) if f.cleaned_data.get("title")]


KeyResultRows = cast(
    "type[BaseKeyResultRows]",
    forms.formset_factory(KeyResultRowForm, formset=BaseKeyResultRows, extra=3, max_num=7),
)


class CheckInForm(forms.Form):
    date = DateField(label=_("Fecha"))
    value = NumberField(label=_("Valor de hoy"), required=False)
    done = forms.BooleanField(label=_("Hecho"), required=False)
    # Checked by the engine (0–10) so that every path gives the same message.
    confidence = forms.CharField(
        label=_("Confianza de llegar a la meta (0 a 10)"),
        help_text=_("0: imposible · 5: cincuenta y cincuenta · 10: seguro"),
        widget=forms.NumberInput(attrs={"min": 0, "max": 10, "step": 1, "inputmode": "numeric"}),
    )
    comment = forms.CharField(
        label=_("Comentario: qué pasó, qué lo frena"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, key_result, **kwargs):
        super().__init__(*args, **kwargs)
        if key_result.kpi_id or key_result.is_milestone:
            del self.fields["value"]
        if not key_result.is_milestone:
            del self.fields["done"]


class ReviewForm(forms.Form):
    """The close of a cycle: one reflection and carry-over choice per objective, and where what continues goes."""

    next_cycle = forms.ChoiceField(label=_("Lo que continúa pasa a"), required=False)

    def __init__(self, *args, reviews, next_cycles, proposed_name, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("new", _("Un ciclo nuevo: %(name)s") % {"name": proposed_name})]
        choices += [(str(c.pk), c.name) for c in next_cycles]
        cast(forms.ChoiceField, self.fields["next_cycle"]).choices = choices
        self.rows = []
        for objective, review in reviews:
            reflection = f"o{objective.pk}-reflection"
            carry = f"o{objective.pk}-carry"
            self.fields[reflection] = forms.CharField(
                label=_("Reflexión: qué aprendimos"),
                required=False,
                max_length=5000,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
            self.fields[carry] = forms.BooleanField(label=_("El objetivo continúa en el próximo ciclo"), required=False)
            self.initial.setdefault(reflection, objective.reflection)
            self.initial.setdefault(carry, review.carries_over)
            kr_fields = []
            for kr, kr_review in zip(readable_key_results(objective), review.key_results):
                name = f"k{kr.pk}-carry"
                self.fields[name] = forms.BooleanField(label=kr.title, required=False)
                self.initial.setdefault(name, kr_review.carries_over)
                kr_fields.append((kr, kr_review, name))
            self.rows.append((objective, review, reflection, carry, kr_fields))

    def bound_rows(self):
        for objective, review, reflection, carry, kr_fields in self.rows:
            yield objective, review, self[reflection], self[carry], [(kr, r, self[name]) for kr, r, name in kr_fields]
