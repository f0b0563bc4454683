"""Adopting catalogue templates: one KPI from the catalogue page, or the assistant's whole short list at once."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from rumbo.accounts import access
from rumbo.accounts.models import User
from rumbo.choosing.presenters.labels import number, unit_text
from rumbo.choosing.services.checks import check_limit, refuse_tracked
from rumbo.engine.choice.catalog import KpiTemplate
from rumbo.engine.timeline.periods import period_end
from rumbo.engine.vocab import Grain
from rumbo.kpis.choices import Kind
from rumbo.kpis.models import Initiative, Kpi, Objective
from rumbo.kpis.services.definitions import TargetInput, kpi_save, objective_save
from rumbo.orgs.models import Cooperative

# Decimals shown for each catalogue unit; whole numbers for everything else.
DECIMALS = {
    "percent": 1,
    "ratio": 2,
    "per_day": 1,
    "per_campaign": 1,
    "per_100_orders": 1,
    "level": 1,
    "points": 1,
    "kg_per_order": 1,
    "kg_per_bag": 1,
    "currency_per_kg": 2,
    "hours": 1,
    "days": 1,
    "months": 1,
    "per_200k_hours": 2,
    "per_million_hours": 2,
}
# A target set less than this before its fiscal year ends is set for the next one instead.
SHORTEST_TARGET = timedelta(days=90)


def default_target_dates(coop: Cooperative, today: date) -> tuple[date, date]:
    """From the first day of this month to the end of the fiscal year (the next one when this one is nearly over)."""
    end = period_end(today, Grain.YEAR, year_start_month=coop.fiscal_year_start_month)
    if end - today < SHORTEST_TARGET:
        end = period_end(end + timedelta(days=1), Grain.YEAR, year_start_month=coop.fiscal_year_start_month)
    return today.replace(day=1), end


def kpi_from_template(
    t: KpiTemplate,
    *,
    coop: Cooperative,
    area: str,
    lang: str,
    objective: Objective | None = None,
    owner: User | None = None,
    initiative: Initiative | None = None,
    market_stage: str = "",
    kind: str | None = None,
) -> Kpi:
    """An unsaved KPI with every classification copied from the template.

    Without an objective it is a metric (the course: a KPI measures progress towards an
    objective). The market stage is the cooperative's when the template is made for it,
    else the template's only stage, else none.
    """
    stages = [s.value for s in t.market_stages]
    if market_stage not in stages:
        market_stage = stages[0] if len(stages) == 1 else ""
    scale = t.scale
    description = f"{t.text('definition', lang)} {_('Fórmula: %(formula)s') % {'formula': t.text('formula', lang)}}"
    return Kpi(
        cooperative=coop,
        name=t.name(lang)[:200],
        description=description,
        unit=unit_text(t.unit, lang)[:30],
        decimals=DECIMALS.get(t.unit, 0),
        kind=kind or (Kind.KPI if objective is not None else Kind.METRIC),
        nature=t.nature.value,
        indicator=t.indicator.value,
        area=area,
        buyer_stage=t.buyer_stage.value,
        market_stage=market_stage,
        objective=objective,
        initiative=initiative,
        owner=owner,
        direction=t.direction.value,
        frequency=t.frequency.value,
        aggregation=t.aggregation.value,
        scale_kind=scale.kind.value if scale else "",
        scale_min=scale.min if scale else None,
        scale_max=scale.max if scale else None,
        scale_levels=[
            {"value": number(level.value), "label": level.en if lang == "en" else level.es} for level in scale.levels
        ]
        if scale
        else [],
        template_slug=t.slug,
    )


def _check_area(t: KpiTemplate, area: str) -> None:
    if area not in {a.value for a in t.areas}:
        raise ValidationError({"area": _("«%(name)s» no es un indicador de esa área.") % {"name": t.name_es}})


@transaction.atomic
def template_adopt(
    *,
    coop: Cooperative,
    template: KpiTemplate,
    area: str,
    targets: list[TargetInput],
    user: User | None,
    lang: str = "es",
    objective: Objective | None = None,
    owner: User | None = None,
    initiative: Initiative | None = None,
    confirm_over_limit: bool = False,
    membership: access.Acting | None = None,
) -> Kpi:
    """Create the cooperative's KPI (or metric, without an objective) from a catalogue template.

    Refused when the cooperative already measures it; OverLimit (a ValidationError) when it
    would pass the KPI limit and `confirm_over_limit` is not set.
    """
    _check_area(template, area)
    refuse_tracked(coop=coop, templates=[template], lang=lang)
    check_limit(coop=coop, adding=1 if objective is not None else 0, confirmed=confirm_over_limit)
    kpi = kpi_from_template(
        template, coop=coop, area=area, lang=lang, objective=objective, owner=owner, initiative=initiative
    )
    return kpi_save(kpi=kpi, targets=targets, user=user, membership=membership)


@dataclass(frozen=True)
class NewObjective:
    key: str  # the assistant's id for it
    title: str
    area: str = ""


@dataclass(frozen=True)
class Choice:
    """One accepted line of the assistant's short list."""

    template: KpiTemplate
    area: str
    objective_key: str  # "o<pk>" for an existing objective, else a NewObjective's key
    owner: User | None
    targets: list[TargetInput]


@dataclass(frozen=True)
class Adopted:
    objectives: list[Objective]
    kpis: list[Kpi]

    @property
    def metrics(self) -> int:
        return sum(1 for k in self.kpis if k.kind == Kind.METRIC)


@transaction.atomic
def shortlist_adopt(
    *,
    coop: Cooperative,
    user: User | None,
    objectives: dict[str, Objective],
    new_objectives: list[NewObjective],
    choices: list[Choice],
    market_stage: str = "",
    lang: str = "es",
    confirm_over_limit: bool = False,
    membership: access.Acting | None = None,
) -> Adopted:
    """Create the missing objectives and every chosen KPI in one step; nothing is written if one is wrong.

    A line without a target becomes a metric that keeps its objective: the course's KPI
    has a target, and the quality check then shows the objective still needs one. A template
    the cooperative already measures is refused; passing the KPI limit needs `confirm_over_limit`.
    """
    if not choices:
        raise ValidationError(_("La lista está vacía: deje al menos un indicador para adoptar."))
    who = access.acting(coop, user, membership)
    refuse_tracked(coop=coop, templates=[choice.template for choice in choices], lang=lang)
    check_limit(coop=coop, adding=sum(1 for choice in choices if choice.targets), confirmed=confirm_over_limit)
    created = []
    by_key = dict(objectives)
    for new in new_objectives:
        objective = objective_save(
            objective=Objective(cooperative=coop, title=new.title[:200], area=new.area), user=user, membership=who
        )
        by_key[new.key] = objective
        created.append(objective)
    kpis = []
    for choice in choices:
        t = choice.template
        objective = by_key[choice.objective_key]
        if objective.cooperative_id != coop.pk:
            raise ValidationError(_("El objetivo «%(name)s» no es de esta cooperativa.") % {"name": objective.title})
        _check_area(t, choice.area)
        kind = Kind.KPI if choice.targets else Kind.METRIC
        kpi = kpi_from_template(
            t,
            coop=coop,
            area=choice.area,
            lang=lang,
            objective=objective,
            owner=choice.owner,
            market_stage=market_stage,
            kind=kind,
        )
        try:
            kpis.append(kpi_save(kpi=kpi, targets=choice.targets, user=user, membership=who))
        except ValidationError as err:
            raise ValidationError(
                [_("«%(name)s»: %(problem)s") % {"name": kpi.name, "problem": message} for message in err.messages]
            ) from None
    return Adopted(created, kpis)
