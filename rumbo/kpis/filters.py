"""The board's filters and grouping, read from the query string: what to show and how to group it.

Plain metrics are hidden unless asked for ("reducir la sobrecarga de datos"), except those an app
pins to the board (a federation's network indicators, `sections.board_pins`). The choices
offered are only those the cooperative's KPIs use, so nobody filters into an empty board.
"""

from dataclasses import dataclass
from typing import Any, cast

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rumbo.kpis import choices as c
from rumbo.kpis.models import Kpi

KIND_CHOICES = [
    ("kpi", gettext_lazy("Solo KPI")),
    ("metric", gettext_lazy("Solo métricas")),
    ("all", gettext_lazy("KPI y métricas")),
]
GROUP_CHOICES = [("objective", gettext_lazy("Por objetivo")), ("area", gettext_lazy("Por área"))]
ANY = ("", gettext_lazy("Todas"))
ANY_ONE = ("", gettext_lazy("Todos"))
Options = list[tuple[Any, Any]]  # a select's choices, as `BoardFilterForm` sets them: always a list

# Field name → the KPI attribute it compares with.
MATCHED = {
    "area": "area",
    "objective": "objective_id",
    "initiative": "initiative_id",
    "indicator": "indicator",
    "nature": "nature",
    "buyer_stage": "buyer_stage",
    "market_stage": "market_stage",
}


class BoardFilterForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Mostrar"), choices=KIND_CHOICES, required=False)
    area = forms.ChoiceField(label=gettext_lazy("Área"), required=False)
    objective = forms.TypedChoiceField(label=gettext_lazy("Objetivo"), coerce=int, required=False, empty_value=None)
    initiative = forms.TypedChoiceField(label=gettext_lazy("Iniciativa"), coerce=int, required=False, empty_value=None)
    indicator = forms.ChoiceField(label=gettext_lazy("Prospectivo o retrospectivo"), required=False)
    nature = forms.ChoiceField(label=gettext_lazy("Cuantitativo o cualitativo"), required=False)
    buyer_stage = forms.ChoiceField(label=gettext_lazy("Etapa del comprador"), required=False)
    market_stage = forms.ChoiceField(label=gettext_lazy("Etapa de validación de mercado"), required=False)
    group = forms.ChoiceField(label=gettext_lazy("Agrupar"), choices=GROUP_CHOICES, required=False)

    def __init__(self, data: QueryDict, *, kpis: list[Kpi], objectives, **kwargs):
        super().__init__(data, **kwargs)
        fields = cast(dict[str, forms.ChoiceField], self.fields)  # every filter is a select
        fields["area"].choices = [ANY] + _used(c.Area.choices, {k.area for k in kpis})
        fields["objective"].choices = [ANY_ONE] + [(o.pk, o.title) for o in objectives]
        initiatives = {k.initiative.pk: k.initiative.name for k in kpis if k.initiative}
        fields["initiative"].choices = [ANY, *sorted(initiatives.items(), key=lambda item: item[1])]
        fields["indicator"].choices = [ANY_ONE] + list(c.Indicator.choices)
        fields["nature"].choices = [ANY_ONE] + list(c.Nature.choices)
        fields["buyer_stage"].choices = [ANY] + _used(c.BuyerStage.choices, {k.buyer_stage for k in kpis})
        fields["market_stage"].choices = [ANY] + _used(c.MarketStage.choices, {k.market_stage for k in kpis})
        for name in ("initiative", "buyer_stage", "market_stage"):
            if len(cast(Options, fields[name].choices)) == 1:  # nothing to choose: do not offer it
                del fields[name]

    def selects(self) -> list[tuple[str, str, list[tuple[str, str, bool]]]]:
        """(name, label, [(value, text, selected)]) per field: the selects drawn without a template per option."""
        self.is_valid()
        out = []
        for name, field in cast(dict[str, forms.ChoiceField], self.fields).items():
            chosen = str(self.data.get(name, "") if name in getattr(self, "cleaned_data", {}) else "")
            out.append(
                (
                    name,
                    str(field.label),
                    [(str(v), str(text), str(v) == chosen) for v, text in cast(Options, field.choices)],
                )
            )
        return out

    def criteria(self, pinned: frozenset[int] = frozenset()) -> "Criteria":
        """What the valid part of the query asks for; a wrong value is ignored, not an error page.

        `pinned`: metrics shown with the KPIs whatever the kind asked for (a federation's network indicators).
        """
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        wanted = {name: data[name] for name in MATCHED if data.get(name) not in (None, "")}
        kind, group = data.get("kind") or "kpi", data.get("group") or "objective"
        return Criteria(kind=kind, group=group, wanted=wanted, pinned=pinned)


def _used(choices, used: set) -> list:
    return [(value, text) for value, text in choices if value and value in used]


@dataclass(frozen=True)
class Criteria:
    kind: str  # kpi, metric or all
    group: str  # objective or area
    wanted: dict  # field name → value
    pinned: frozenset[int] = frozenset()  # metrics the board shows with its KPIs (a federation's network indicators)

    def matches(self, kpi: Kpi) -> bool:
        if self.kind != "all" and kpi.kind != self.kind and not (self.kind == "kpi" and kpi.pk in self.pinned):
            return False
        return all(getattr(kpi, MATCHED[name]) == value for name, value in self.wanted.items())

    def hidden_metrics(self, kpis: list[Kpi]) -> int:
        """Plain metrics that the other filters would show, hidden because only KPIs are asked for (never a pinned one)."""
        if self.kind != "kpi":
            return 0
        return sum(
            1
            for k in kpis
            if not k.is_kpi
            and k.pk not in self.pinned
            and all(getattr(k, MATCHED[n]) == v for n, v in self.wanted.items())
        )

    @property
    def active(self) -> int:
        return len(self.wanted) + (self.kind != "kpi")


def active_filters(form: BoardFilterForm, criteria: Criteria, query: QueryDict) -> list[tuple[str, str, str]]:
    """(field label, chosen value, query string without it) for every filter in use, to show and undo."""
    shown = []
    for name, value in criteria.wanted.items():
        field = cast(forms.ChoiceField, form.fields[name])
        text = {str(k): v for k, v in cast(Options, field.choices)}.get(str(value), str(value))
        rest = query.copy()
        rest.pop(name, None)
        shown.append((str(field.label), str(text), rest.urlencode()))
    return shown


DEFAULTS = {"kind": "kpi", "group": "objective"}


def tidy(query: QueryDict) -> str:
    """The query without empty fields or defaults: the address a person can share ('?area=ventas')."""
    kept = QueryDict(mutable=True)
    for name, value in query.items():
        if value and DEFAULTS.get(name) != value:
            kept[name] = cast(str, value)  # `items` gives each name's last value
    return kept.urlencode()


def with_kind(query: QueryDict, kind: str) -> str:
    changed = query.copy()
    changed["kind"] = kind
    return changed.urlencode()


def group_title(group: str, key) -> str:
    if group == "area":
        return str(c.Area(key).label) if key else _("Sin área")
    return _("Sin objetivo")


@dataclass(frozen=True)
class Group:
    key: object
    title: str
    card: object  # the objective's card when grouped by objective
    tiles: list


def group_tiles(tiles: list, criteria: Criteria, cards: list) -> list[Group]:
    """Tiles under their objective (in the objectives' order, then those without one) or their area."""
    buckets: dict = {}
    objectives = {card.objective.pk for card in cards}
    for t in tiles:
        if criteria.group == "objective":  # an objective in the bin leaves its KPIs without one
            key = t.kpi.objective_id if t.kpi.objective_id in objectives else None
        else:
            key = t.kpi.area
        buckets.setdefault(key, []).append(t)
    if criteria.group == "objective":
        order = [(card.objective.pk, card.objective.title, card) for card in cards] + [
            (None, group_title("objective", None), None)
        ]
    else:
        order = [(value, str(text), None) for value, text in c.Area.choices]
    return [Group(key, title, card, buckets[key]) for key, title, card in order if buckets.get(key)]
