"""Forms of the catalogue: its filters, and «Adoptar», which asks only what the cooperative knows."""

from typing import Any, cast

from django import forms
from django.http import QueryDict
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from rumbo.accounts.models import User
from rumbo.choosing.catalog import FACETS, Query
from rumbo.choosing.presenters.labels import family_choices, lang_of, unit_text
from rumbo.engine.choice.catalog import KpiTemplate
from rumbo.engine.vocab import Aggregation, Direction
from rumbo.kpis import choices as c
from rumbo.kpis.forms import DateField, NumberField
from rumbo.kpis.models import Initiative, Objective
from rumbo.kpis.services.definitions import TargetInput

ANY = ("", gettext_lazy("Todas"))
ANY_ONE = ("", gettext_lazy("Todos"))


def _choice(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    """The form's own copy of a choice field, whose choices are set for each request."""
    return cast(forms.ChoiceField, form.fields[name])


def _model_choice(form: forms.BaseForm, name: str) -> forms.ModelChoiceField:
    """The form's own copy of a model choice field, whose queryset is the cooperative's."""
    return cast(forms.ModelChoiceField, form.fields[name])


class CatalogFilterForm(forms.Form):
    """The board's filters plus a text search; a wrong value is ignored, never an error page."""

    q = forms.CharField(label=gettext_lazy("Buscar"), required=False, max_length=100)
    area = forms.ChoiceField(label=gettext_lazy("Área"), required=False)
    indicator = forms.ChoiceField(label=gettext_lazy("Prospectivo o retrospectivo"), required=False)
    nature = forms.ChoiceField(label=gettext_lazy("Cuantitativo o cualitativo"), required=False)
    buyer_stage = forms.ChoiceField(label=gettext_lazy("Etapa del comprador"), required=False)
    market_stage = forms.ChoiceField(label=gettext_lazy("Etapa de validación de mercado"), required=False)
    family = forms.ChoiceField(label=gettext_lazy("Familia"), required=False)
    objective = forms.TypedChoiceField(
        label=gettext_lazy("Para el objetivo"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, data: QueryDict, *, objectives, lang: str, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["q"].widget.attrs.update(
            {"type": "search", "placeholder": _("p. ej. café, socios, ventas"), "autocomplete": "off"}
        )
        _choice(self, "area").choices = [ANY] + list(c.Area.choices)
        _choice(self, "indicator").choices = [ANY_ONE] + list(c.Indicator.choices)
        _choice(self, "nature").choices = [ANY_ONE] + list(c.Nature.choices)
        _choice(self, "buyer_stage").choices = [ANY] + [(v, t) for v, t in c.BuyerStage.choices if v]
        _choice(self, "market_stage").choices = [ANY] + [(v, t) for v, t in c.MarketStage.choices if v]
        _choice(self, "family").choices = [ANY, *family_choices(lang)]
        self.objectives = {o.pk: o for o in objectives}
        _choice(self, "objective").choices = [ANY_ONE] + [(o.pk, o.title) for o in objectives]
        if not objectives:
            del self.fields["objective"]

    def query(self) -> Query:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        wanted = {name: data[name] for name in FACETS if data.get(name)}
        objective = self.objectives.get(data.get("objective"))
        return Query(text=data.get("q") or "", wanted=wanted, objective_text=objective.title if objective else "")

    @property
    def chosen_objective(self):
        return self.objectives.get(getattr(self, "cleaned_data", {}).get("objective"))

    @property
    def active(self) -> int:
        data = getattr(self, "cleaned_data", {})
        return sum(1 for name in self.fields if name != "q" and data.get(name))


def members_of(coop):
    return User.objects.filter(memberships__cooperative=coop).order_by("first_name", "email")


class AdoptForm(forms.Form):
    """What only the cooperative knows about a template it adopts; the rest comes from the catalogue."""

    area = forms.ChoiceField(label=gettext_lazy("Área que lo sigue"))
    objective = forms.ModelChoiceField(
        label=gettext_lazy("Objetivo al que sirve"),
        queryset=Objective.objects.none(),
        required=False,
        empty_label=gettext_lazy("Ninguno: queda como métrica"),
    )
    target_value = NumberField(label=gettext_lazy("Meta"), required=False)
    target_low = NumberField(label=gettext_lazy("Mínimo de la meta"), required=False)
    target_high = NumberField(label=gettext_lazy("Máximo de la meta"), required=False)
    target_start = DateField(label=gettext_lazy("Meta desde"), required=False)
    target_end = DateField(label=gettext_lazy("Meta hasta"), required=False)
    owner = forms.ModelChoiceField(label=gettext_lazy("Responsable"), queryset=User.objects.none(), required=False)
    initiative = forms.ModelChoiceField(
        label=gettext_lazy("Sigue a"),
        queryset=Initiative.objects.none(),
        required=False,
        empty_label=gettext_lazy("La cooperativa entera"),
    )

    def __init__(self, *args, template: KpiTemplate, coop, areas: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.template = template
        _choice(self, "area").choices = [(a, c.Area(a).label) for a in areas]
        if len(areas) == 1:
            self.fields["area"].widget = forms.HiddenInput()
            self.fields["area"].initial = areas[0]
        _model_choice(self, "objective").queryset = Objective.objects.filter(cooperative=coop)
        _model_choice(self, "owner").queryset = members_of(coop)
        initiatives = Initiative.objects.filter(cooperative=coop)
        _model_choice(self, "initiative").queryset = initiatives
        if not initiatives.exists():
            del self.fields["initiative"]
        band = template.direction is Direction.BAND
        for name in ("target_value",) if band else ("target_low", "target_high"):
            del self.fields[name]
        how = (
            _("total de todo el plazo")
            if template.aggregation is Aggregation.SUM
            else _("nivel a alcanzar al final del plazo")
        )
        unit = unit_text(template.unit, lang_of(get_language()))
        for name in ("target_value", "target_low", "target_high"):
            if name in self.fields:
                self.fields[name].help_text = _("En %(unit)s; %(how)s.") % {"unit": unit, "how": how}

    @property
    def is_band(self) -> bool:
        return "target_low" in self.fields

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None, "Django's clean returns the cleaned data"
        has_target = any(data.get(n) is not None for n in ("target_value", "target_low", "target_high"))
        if has_target and not (data.get("target_start") and data.get("target_end")):
            self.add_error("target_end", _("Diga desde y hasta cuándo vale la meta: una meta SMART tiene plazo."))
        if data.get("objective") is not None:
            if not has_target:
                self.add_error(
                    "target_low" if self.is_band else "target_value",
                    _(
                        "Un KPI necesita una meta. Escriba la cifra que quieren alcanzar, o elija «Ninguno» "
                        "como objetivo y quedará como métrica."
                    ),
                )
            if data.get("owner") is None:
                self.add_error("owner", _("Un KPI necesita una persona responsable."))
        return data

    def targets(self) -> list[TargetInput]:
        data = self.cleaned_data
        values = {n: data.get(n) for n in ("target_value", "target_low", "target_high")}
        if all(v is None for v in values.values()):
            return []
        return [
            TargetInput(
                start=data["target_start"],
                end=data["target_end"],
                value=values["target_value"],
                low=values["target_low"],
                high=values["target_high"],
            )
        ]


class ShortListForm(forms.Form):
    """The assistant's last step: a target for each KPI kept, one period for all, one owner per area.

    A line left without a target is adopted as a metric under its objective, so a
    cooperative can adopt the list before it knows every figure.
    """

    start = DateField(label=gettext_lazy("Metas desde"), required=False)
    end = DateField(label=gettext_lazy("Metas hasta"), required=False)

    over_limit: str | None = None  # the KPI limit's question, once an adoption would pass it

    def __init__(self, *args, lines, coop, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = lines
        members = members_of(coop)
        for area in dict.fromkeys(line.area for line in lines):
            self.fields[f"owner-{area}"] = forms.ModelChoiceField(
                label=c.Area(area).label,
                queryset=members,
                required=True,
                error_messages={
                    "required": _("Elija quién responde por los KPI de %(area)s.") % {"area": c.Area(area).label}
                },
            )
        for line in lines:
            names = ("lo", "hi") if line.template.direction is Direction.BAND else ("t",)
            for name in names:
                self.fields[f"{name}-{line.key}"] = NumberField(label=line.view.name, required=False)

    def line_fields(self, line) -> list:
        return [self[f"{name}-{line.key}"] for name in ("t", "lo", "hi") if f"{name}-{line.key}" in self.fields]

    def owner_fields(self) -> list:
        return [self[name] for name in self.fields if name.startswith("owner-")]

    def _values(self, line) -> dict:
        data = getattr(self, "cleaned_data", {})
        return {name: data.get(f"{name}-{line.key}") for name in ("t", "lo", "hi")}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None, "Django's clean returns the cleaned data"
        with_target = 0
        for line in self.lines:
            values = self._values(line)
            if line.template.direction is Direction.BAND and (values["lo"] is None) != (values["hi"] is None):
                self.add_error(
                    f"lo-{line.key}",
                    _("«%(name)s»: escriba el mínimo y el máximo del rango, o ninguno.") % {"name": line.view.name},
                )
            with_target += any(v is not None for v in values.values())
        if with_target and not (data.get("start") and data.get("end")):
            self.add_error("end", _("Diga desde y hasta cuándo valen las metas: una meta SMART tiene plazo."))
        return data

    def targets(self, line) -> list[TargetInput]:
        values = self._values(line)
        if all(v is None for v in values.values()):
            return []
        return [
            TargetInput(
                start=self.cleaned_data["start"],
                end=self.cleaned_data["end"],
                value=values["t"],
                low=values["lo"],
                high=values["hi"],
            )
        ]

    def owner(self, area: str):
        return self.cleaned_data[f"owner-{area}"]
