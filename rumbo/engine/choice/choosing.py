"""The course's method for choosing a short list of KPIs: by objective, area, market stage and buyer stage.

Deterministic rules, no statistics:
1. Each objective is read: its tagged areas, or else the areas its words point to
   (keywords in catalog/objectives.toml, accent-insensitive), within the areas taking part.
2. For each objective, in the order given, the best lagging template (retrospectivo: it
   shows the result) and then the best leading one (prospectivo: the team can move it),
   preferring a leading template that anticipates the chosen lagging one. Then, room
   permitting, one more leading template for each other area of the objective, so each
   team involved has something to move.
3. Templates score by the objective's keywords, the market stage (pre-PMF → engagement
   and learning, PMF → recurring revenue and retention, expansión → unit economics) and,
   for leading KPIs, the buyer stages (what the team does where its buyers are); see the
   weights below. Ties keep catalogue order. A template made for other market stages is
   never proposed (MRR, CAC or LTV mislead before product-market fit).
4. Limits reduce data overload: at most `per_area` KPIs per area and `total` in all (the
   quality check's limits). A template already chosen may serve another objective at no cost.
5. The cooperative's sector: a template made for other kinds of organisation (catalogue
   `sectors`, e.g. TRIR for large industrial workplaces, DAU/MAU «Adherencia» for software)
   comes after every template that fits the cooperative, whatever its score or keywords,
   so it is proposed only when no template that fits is left for the objective's area. Rumbo serves
   agricultural producer cooperatives: that is the sector unless another is given.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

from rumbo.engine.choice.catalog import KpiTemplate
from rumbo.engine.choice.catalog import templates as catalog_templates
from rumbo.engine.choice.catalog.objectives import ExampleObjective, TextMatch, example_objectives, match_text
from rumbo.engine.choice.quality import Limits
from rumbo.engine.errors import RumboError, gettext_noop
from rumbo.engine.vocab import Area, BuyerStage, Grain, Indicator, MarketStage

__all__ = [
    "STAGE_FAMILIES",
    "ExampleObjective",
    "Gap",
    "Objective",
    "Proposal",
    "Reading",
    "ShortList",
    "alternatives",
    "example_objectives",
    "propose",
    "read_objective",
]

DEFAULT_PER_AREA = Limits().per_area
DEFAULT_TOTAL = Limits().total
DEFAULT_SECTOR = "agro"  # a key of catalog.SECTORS

# The market-validation and buyer stages are about the market: they steer the choice only
# for objectives that sales or marketing work on (member retention is not churn).
MARKET_AREAS = frozenset({Area.VENTAS, Area.MARKETING})

STAGE_FAMILIES: Mapping[MarketStage, frozenset[str]] = MappingProxyType(
    {
        MarketStage.PRE_PMF: frozenset({"engagement"}),
        MarketStage.PMF: frozenset({"recurring_revenue"}),
        MarketStage.EXPANSION: frozenset({"unit_economics"}),
    }
)

# Scoring weights. The objective's own words weigh most; then the stage the deck says to
# measure and where the buyers are; a leading template that anticipates the objective's
# chosen lagging one is what the method asks for, so it outweighs a mere stage match.
W_SLUG, W_FAMILY = 8, 5
W_STAGE_FAMILY, W_STAGE, W_DECK_STAGE = 4, 2, 2
W_BUYER, W_OTHER_BUYER = 5, -3
W_DECK, W_ANTICIPATES, W_REUSE = 1, 10, 2


@dataclass(frozen=True)
class Objective:
    id: str
    text: str
    areas: tuple[Area, ...] = ()  # optional tags; when empty the text's keywords decide


@dataclass(frozen=True)
class Reading:
    """How the assistant understood one objective."""

    objective_id: str
    areas: tuple[Area, ...]
    inferred: bool  # areas guessed from keywords (or all areas) rather than tagged
    match: TextMatch


@dataclass(frozen=True)
class Proposal:
    slug: str
    area: Area  # the area whose limit it counts against
    indicator: Indicator
    objective_ids: tuple[str, ...]
    reason_es: str
    reason_en: str
    alternatives: tuple[str, ...]  # slugs for a swap: same area, objective and indicator

    def reason(self, lang: str = "es") -> str:
        return self.reason_en if lang[:2] == "en" else self.reason_es


@dataclass(frozen=True)
class Gap:
    code: str  # "no_objectives", "no_room" or "no_template"
    objective_id: str | None
    indicator: Indicator | None
    message_es: str
    message_en: str


@dataclass(frozen=True)
class ShortList:
    proposals: tuple[Proposal, ...]
    readings: tuple[Reading, ...]
    gaps: tuple[Gap, ...]

    def for_objective(self, objective_id: str) -> tuple[Proposal, ...]:
        return tuple(p for p in self.proposals if objective_id in p.objective_ids)

    def by_area(self) -> dict[Area, tuple[Proposal, ...]]:
        return {
            a: tuple(p for p in self.proposals if p.area is a) for a in Area if any(p.area is a for p in self.proposals)
        }


@dataclass
class _Pick:
    template: KpiTemplate
    area: Area
    objective_ids: list[str] = field(default_factory=list)
    anticipated: KpiTemplate | None = None  # the lagging pick it runs ahead of


@dataclass(frozen=True)
class _Context:
    market_stage: MarketStage
    buyer_stages: frozenset[BuyerStage]
    sector: str = DEFAULT_SECTOR


def read_objective(objective: Objective, areas: Sequence[Area]) -> Reading:
    match = match_text(objective.text)
    tagged = tuple(a for a in objective.areas if a in areas)
    if tagged:
        return Reading(objective.id, tagged, False, match)
    guessed = tuple(a for a in match.areas if a in areas)
    return Reading(objective.id, guessed or tuple(areas), True, match)


def _score(t: KpiTemplate, reading: Reading, ctx: _Context) -> int:
    score = 0
    if t.slug in reading.match.slugs:
        score += W_SLUG
    if t.family in reading.match.families:
        score += W_FAMILY
    if not any(a in MARKET_AREAS for a in reading.areas):
        return score + (W_DECK if t.deck_example else 0)
    stage = ctx.market_stage
    if stage is not MarketStage.NONE:
        score += W_STAGE_FAMILY if t.family in STAGE_FAMILIES[stage] else 0
        score += W_STAGE if stage in t.market_stages else 0
        score += W_DECK_STAGE if t.deck_section is not None and t.deck_section.value == stage.value else 0
    if t.indicator is Indicator.LEADING and t.buyer_stage is not BuyerStage.NONE and ctx.buyer_stages:
        score += W_BUYER if t.buyer_stage in ctx.buyer_stages else W_OTHER_BUYER
    return score + (W_DECK if t.deck_example else 0)


def _ranked(
    pool: Sequence[KpiTemplate],
    reading: Reading,
    ctx: _Context,
    indicator: Indicator,
    areas: Sequence[Area],
    bonus: Callable[[KpiTemplate], int] = lambda t: 0,
) -> list[KpiTemplate]:
    """Eligible templates, best first: those made for the cooperative's sector before the rest.

    `sorted` is stable, so ties keep catalogue order.
    """
    stage = ctx.market_stage
    eligible = [
        t
        for t in pool
        if t.indicator is indicator
        and any(a in areas for a in t.areas)
        # chocolate or milk KPIs only when the objective names that product
        and (t.product is None or t.slug in reading.match.slugs)
        and (stage is MarketStage.NONE or not t.market_stages or stage in t.market_stages)
    ]
    return sorted(eligible, key=lambda t: (not t.fits(ctx.sector), -(_score(t, reading, ctx) + bonus(t))))


def alternatives(
    *,
    slug: str,
    area: Area,
    objective: Objective,
    indicator: Indicator,
    market_stage: MarketStage = MarketStage.NONE,
    buyer_stages: Iterable[BuyerStage] = (),
    exclude: Iterable[str] = (),
    limit: int = 3,
    templates: Sequence[KpiTemplate] | None = None,
    sector: str = DEFAULT_SECTOR,
) -> tuple[KpiTemplate, ...]:
    """Templates to swap in for `slug`: same area, objective and indicator, best first."""
    ctx = _Context(MarketStage(market_stage), frozenset(BuyerStage(b) for b in buyer_stages), sector)
    reading = read_objective(objective, (area,))
    skip = {slug, *exclude}
    pool = [t for t in (templates if templates is not None else catalog_templates()) if t.slug not in skip]
    return tuple(_ranked(pool, reading, ctx, Indicator(indicator), (area,))[:limit])


def propose(
    *,
    market_stage: MarketStage,
    areas: Iterable[Area],
    objectives: Sequence[Objective],
    buyer_stages: Iterable[BuyerStage] = (),
    per_area: int = DEFAULT_PER_AREA,
    total: int = DEFAULT_TOTAL,
    templates: Sequence[KpiTemplate] | None = None,
    sector: str = DEFAULT_SECTOR,
) -> ShortList:
    """A short list of KPIs that covers every objective with a lagging and a leading KPI."""
    if per_area < 1 or total < 1:
        raise RumboError(gettext_noop("Los límites de KPI deben ser al menos 1."))
    ids = [o.id for o in objectives]
    if len(set(ids)) != len(ids):
        raise RumboError(gettext_noop("Hay objetivos con el mismo identificador."))
    taking_part = tuple(a for a in Area if a in {Area(x) for x in areas})
    ctx = _Context(MarketStage(market_stage), frozenset(BuyerStage(b) for b in buyer_stages), sector)
    pool = tuple(templates if templates is not None else catalog_templates())
    if not objectives or not taking_part:
        return ShortList((), (), (_gap("no_objectives", None, None),))
    readings = tuple(read_objective(o, taking_part) for o in objectives)
    chooser = _Chooser(pool, ctx, per_area, total)
    gaps: list[Gap] = []
    for objective, reading in zip(objectives, readings, strict=True):
        lagging = chooser.choose(objective, reading, Indicator.LAGGING, reading.areas)
        leading = chooser.choose(
            objective, reading, Indicator.LEADING, reading.areas, anticipating=lagging.template if lagging else None
        )
        gaps += [
            chooser.gap(objective, reading, i)
            for i, pick in ((Indicator.LAGGING, lagging), (Indicator.LEADING, leading))
            if pick is None
        ]
    for objective, reading in zip(objectives, readings, strict=True):
        for area in reading.areas:
            served = any(
                objective.id in p.objective_ids and p.template.indicator is Indicator.LEADING and p.area is area
                for p in chooser.picks.values()
            )
            if not served:
                chooser.choose(
                    objective,
                    reading,
                    Indicator.LEADING,
                    (area,),
                    anticipating=chooser.lagging_for(objective.id),
                    fallback=False,
                )
    by_id = {o.id: o for o in objectives}
    proposals = tuple(chooser.proposal(pick, by_id) for pick in chooser.picks.values())
    return ShortList(proposals, readings, tuple(gaps))


class _Chooser:
    """The running selection, with the per-area and total limits."""

    def __init__(self, pool: Sequence[KpiTemplate], ctx: _Context, per_area: int, total: int):
        self.pool, self.ctx, self.per_area, self.total = pool, ctx, per_area, total
        self.picks: dict[str, _Pick] = {}

    def _count(self, area: Area) -> int:
        return sum(1 for p in self.picks.values() if p.area is area)

    def _free_area(self, t: KpiTemplate, areas: Sequence[Area]) -> Area | None:
        """The objective's area with most room where `t` belongs; None if none has room."""
        if len(self.picks) >= self.total:
            return None
        open_areas = [a for a in t.areas if a in areas and self._count(a) < self.per_area]
        return min(open_areas, key=self._count) if open_areas else None

    def lagging_for(self, objective_id: str) -> KpiTemplate | None:
        return next(
            (
                p.template
                for p in self.picks.values()
                if objective_id in p.objective_ids and p.template.indicator is Indicator.LAGGING
            ),
            None,
        )

    def _relevant(self, t: KpiTemplate, reading: Reading, anticipating: KpiTemplate | None) -> bool:
        """Does `t` speak to the objective? Anything does when its words matched nothing."""
        match = reading.match
        market_facing = any(a in MARKET_AREAS for a in reading.areas)
        return (
            not (match.families or match.slugs)
            or t.slug in match.slugs
            or t.family in match.families
            or (anticipating is not None and anticipating.slug in t.anticipates)
            or (market_facing and t.family in STAGE_FAMILIES.get(self.ctx.market_stage, ()))
        )

    def choose(
        self,
        objective: Objective,
        reading: Reading,
        indicator: Indicator,
        areas: Sequence[Area],
        anticipating: KpiTemplate | None = None,
        fallback: bool = True,
    ) -> _Pick | None:
        """Take the best template for the objective, reusing one already chosen when it fits.

        Only a relevant template is reused; with `fallback`, a template the objective's words
        do not point to may still be added (the objective was tagged with that area), rather
        than leave the objective without a KPI.
        """

        def bonus(t: KpiTemplate) -> int:
            reused = t.slug in self.picks and self.picks[t.slug].area in areas
            anticipates = anticipating is not None and anticipating.slug in t.anticipates
            return (W_REUSE if reused else 0) + (W_ANTICIPATES if anticipates else 0)

        ranked = _ranked(self.pool, reading, self.ctx, indicator, areas, bonus)
        relevant = [t for t in ranked if self._relevant(t, reading, anticipating)]
        taken = {t.slug for t in relevant} | set(self.picks)
        others = [t for t in ranked if t.slug not in taken] if fallback else []
        # A template made for another sector only once nothing that fits the cooperative is left.
        for t in sorted(relevant + others, key=lambda t: not t.fits(self.ctx.sector)):
            pick = self.picks.get(t.slug)
            if pick is not None:
                if pick.area not in areas:
                    continue  # chosen for another area; count it there, not twice
                if objective.id not in pick.objective_ids:
                    pick.objective_ids.append(objective.id)
                return pick
            area = self._free_area(t, areas)
            if area is not None:
                anticipated = anticipating if anticipating and anticipating.slug in t.anticipates else None
                self.picks[t.slug] = _Pick(t, area, [objective.id], anticipated)
                return self.picks[t.slug]
        return None

    def gap(self, objective: Objective, reading: Reading, indicator: Indicator) -> Gap:
        exists = bool(_ranked(self.pool, reading, self.ctx, indicator, reading.areas))
        return _gap("no_room" if exists else "no_template", objective, indicator, self.per_area, self.total)

    def proposal(self, pick: _Pick, objectives: Mapping[str, Objective]) -> Proposal:
        t = pick.template
        objective = objectives[pick.objective_ids[0]]
        swaps = alternatives(
            slug=t.slug,
            area=pick.area,
            objective=Objective(objective.id, objective.text),
            indicator=t.indicator,
            market_stage=self.ctx.market_stage,
            buyer_stages=self.ctx.buyer_stages,
            exclude=self.picks,
            templates=self.pool,
            sector=self.ctx.sector,
        )
        es, en = _reason(pick, objective, self.ctx)
        return Proposal(t.slug, pick.area, t.indicator, tuple(pick.objective_ids), es, en, tuple(s.slug for s in swaps))


_EVERY = {
    Grain.DAY: ("cada día", "every day"),
    Grain.WEEK: ("cada semana", "every week"),
    Grain.MONTH: ("cada mes", "every month"),
    Grain.QUARTER: ("cada trimestre", "every quarter"),
    Grain.YEAR: ("cada año", "every year"),
    Grain.HARVEST: ("en cada cosecha", "every harvest"),
}
_STAGE_CLAUSE = {
    MarketStage.PRE_PMF: (
        "antes del product market fit el curso mide interacción y aprendizaje",
        "before product-market fit the course measures engagement and learning",
    ),
    MarketStage.PMF: (
        "con product market fit el curso mide ingresos recurrentes, renovaciones, abandono y satisfacción",
        "with product-market fit the course measures recurring revenue, renewals, churn and satisfaction",
    ),
    MarketStage.EXPANSION: (
        "en expansión el curso mide la economía unitaria: CPA, tamaño del pedido, LTV y clientes",
        "in expansion the course measures unit economics: CPA, order size, LTV and customers",
    ),
}
_BUYER_NAMES = {
    BuyerStage.DESCUBRIMIENTO: ("Descubrimiento", "Discovery"),
    BuyerStage.CONSIDERACION: ("Consideración", "Consideration"),
    BuyerStage.DECISION: ("Decisión", "Decision"),
}


def _reason(pick: _Pick, objective: Objective, ctx: _Context) -> tuple[str, str]:
    """One sentence, es and en, that quotes the method for choosing this KPI."""
    t = pick.template
    if t.indicator is Indicator.LAGGING:
        es = f"Retrospectivo: muestra si se logra «{objective.text}» cuando el resultado ya ocurrió"
        en = f"Lagging: it shows whether «{objective.text}» is achieved once the result is in"
    else:
        every_es, every_en = _EVERY[t.frequency]
        if pick.anticipated is not None:
            es = f"Prospectivo: el equipo puede moverlo {every_es} y anticipa «{pick.anticipated.name_es}»"
            en = f"Leading: the team can move it {every_en} and it anticipates «{pick.anticipated.name_en}»"
        else:
            es = f"Prospectivo: el equipo puede moverlo {every_es}, antes de ver el resultado de «{objective.text}»"
            en = f"Leading: the team can move it {every_en}, before the result of «{objective.text}» shows"
    stage = ctx.market_stage
    deck_stage = t.deck_section is not None and t.deck_section.value == stage.value
    if stage is not MarketStage.NONE and (t.family in STAGE_FAMILIES[stage] or deck_stage):
        clause_es, clause_en = _STAGE_CLAUSE[stage]
        es, en = f"{es}; {clause_es}", f"{en}; {clause_en}"
    elif t.buyer_stage in ctx.buyer_stages and t.buyer_stage in _BUYER_NAMES:
        name_es, name_en = _BUYER_NAMES[t.buyer_stage]
        es = f"{es}; sirve a compradores en la etapa de {name_es}"
        en = f"{en}; it serves buyers at the {name_en} stage"
    return f"{es}.", f"{en}."


_GAPS = {
    "no_objectives": (
        "Escriba primero los objetivos de la cooperativa y elija las áreas: cada KPI mide el avance hacia un objetivo.",
        "First write the cooperative's objectives and pick the areas: every KPI measures progress towards one.",
    ),
    "no_room": (
        "No queda lugar para un indicador {ind_es} de «{text}» sin pasar {per_area} KPI por área o {total} en total.",
        "No room is left for a {ind_en} indicator for «{text}» without passing {per_area} KPIs per area "
        "or {total} in all.",
    ),
    "no_template": (
        "El catálogo no tiene un indicador {ind_es} para «{text}» en sus áreas; créalo a mano.",
        "The catalogue has no {ind_en} indicator for «{text}» in its areas; create one by hand.",
    ),
}
_INDICATOR_NAMES: dict[Indicator | None, tuple[str, str]] = {
    Indicator.LEADING: ("prospectivo", "leading"),
    Indicator.LAGGING: ("retrospectivo", "lagging"),
}


def _gap(
    code: str,
    objective: Objective | None,
    indicator: Indicator | None,
    per_area: int = DEFAULT_PER_AREA,
    total: int = DEFAULT_TOTAL,
) -> Gap:
    ind_es, ind_en = _INDICATOR_NAMES.get(indicator, ("", ""))
    values = dict(
        ind_es=ind_es, ind_en=ind_en, text=objective.text if objective else "", per_area=per_area, total=total
    )
    es, en = _GAPS[code]
    return Gap(code, objective.id if objective else None, indicator, es.format(**values), en.format(**values))
