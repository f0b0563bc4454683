"""The «Elegir mis KPI» assistant's state and plan: the answers so far, and the short list they lead to.

The state travels in the page (query string, hidden fields), not in the session, so the
back button, a bookmark and a second tab all work, and nothing is stored until adoption.
The engine proposes (rumbo.engine.choice.choosing); this module only applies what the person
changed (drop, swap) and decides under which objective each KPI is saved, since a KPI
row serves one objective while the engine may let one template serve several.
"""

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.http import QueryDict
from django.utils.translation import gettext as _

from rumbo.choosing.presenters.labels import TemplateView, view_of
from rumbo.engine.choice import quality as q
from rumbo.engine.choice.catalog import template as catalog_template
from rumbo.engine.choice.catalog.objectives import example_objectives, normalise
from rumbo.engine.choice.choosing import (
    DEFAULT_PER_AREA,
    DEFAULT_TOTAL,
    MARKET_AREAS,
    Gap,
    Objective,
    Proposal,
    alternatives,
    propose,
)
from rumbo.engine.vocab import Area, BuyerStage, Indicator, MarketStage
from rumbo.kpis import choices as c
from rumbo.kpis.models import Objective as ObjectiveRow

UNKNOWN_STAGE = "unknown"  # «Todavía no lo sé»: the engine's MarketStage.NONE
STAGES = (MarketStage.PRE_PMF.value, MarketStage.PMF.value, MarketStage.EXPANSION.value, UNKNOWN_STAGE)
BUYERS = (BuyerStage.DESCUBRIMIENTO.value, BuyerStage.CONSIDERACION.value, BuyerStage.DECISION.value)
TYPED_OBJECTIVES = 3  # boxes for objectives in the person's own words
MAX_OBJECTIVES = 8
BALANCE_CODES = (q.LAGGING_WITHOUT_LEADING, q.LEADING_WITHOUT_LAGGING, q.OBJECTIVE_WITHOUT_KPI)


def _clean_text(text: str) -> str:
    return " ".join(str(text).split())[:200]


@dataclass(frozen=True)
class State:
    """The answers given so far; unknown values are dropped, never an error."""

    market_stage: str = ""  # one of STAGES, "" while not answered
    areas: tuple[str, ...] = ()
    objective_pks: tuple[int, ...] = ()
    examples: tuple[str, ...] = ()
    texts: tuple[str, ...] = ()
    buyer_stages: tuple[str, ...] = ()
    drops: tuple[str, ...] = ()  # line keys
    swaps: tuple[tuple[str, str], ...] = ()  # (line key, template slug)

    @classmethod
    def from_data(cls, data: QueryDict, *, areas: tuple[str, ...], objective_pks: set[int]) -> "State":
        examples = {e.slug for e in example_objectives()}
        pks = []
        for value in data.getlist("objective"):
            if value.isdigit() and int(value) in objective_pks and int(value) not in pks:
                pks.append(int(value))
        swaps: list[tuple[str, str]] = []
        for value in data.getlist("swap"):
            key, _sep, slug = value.partition(">")
            if key and slug and key not in dict(swaps):
                swaps.append((key, slug))
        return cls(
            market_stage=data.get("market_stage", "") if data.get("market_stage") in STAGES else "",
            areas=tuple(a for a in areas if a in data.getlist("area")),
            objective_pks=tuple(pks),
            examples=tuple(dict.fromkeys(e for e in data.getlist("example") if e in examples)),
            texts=tuple(dict.fromkeys(t for t in (_clean_text(t) for t in data.getlist("text")) if t)),
            buyer_stages=tuple(b for b in BUYERS if b in data.getlist("buyer_stage")),
            drops=tuple(dict.fromkeys(data.getlist("drop"))),
            swaps=tuple(swaps),
        )

    def pairs(self, *, without: tuple[str, ...] = ()) -> list[tuple[str, str]]:
        """The state as (name, value) pairs for hidden fields and links, leaving out `without`."""
        pairs = [("market_stage", self.market_stage)] if self.market_stage else []
        pairs += [("area", a) for a in self.areas] + [("objective", str(pk)) for pk in self.objective_pks]
        pairs += [("example", e) for e in self.examples] + [("text", t) for t in self.texts]
        pairs += [("buyer_stage", b) for b in self.buyer_stages] + [("drop", d) for d in self.drops]
        pairs += [("swap", f"{key}>{slug}") for key, slug in self.swaps]
        return [(name, value) for name, value in pairs if name not in without]

    def query(self, **extra) -> str:
        return urlencode(self.pairs() + list(extra.items()))

    @property
    def market_facing(self) -> bool:
        return any(Area(a) in MARKET_AREAS for a in self.areas)

    @property
    def objective_count(self) -> int:
        return len(self.objective_pks) + len(self.examples) + len(self.texts)

    @property
    def stage(self) -> MarketStage:
        return MarketStage(self.market_stage) if self.market_stage in STAGES[:3] else MarketStage.NONE


@dataclass(frozen=True)
class Goal:
    """An objective of the list: one of the cooperative's, an example, or one typed in."""

    key: str  # "o<pk>", "e-<slug>" or "n<i>"
    title: str
    areas: tuple[str, ...]
    existing: ObjectiveRow | None = None  # the row, when it exists already

    @property
    def area(self) -> str:
        return self.areas[0] if len(self.areas) == 1 else ""


def goals_of(state: State, objectives, lang: str) -> list[Goal]:
    """The state's objectives in the order shown; a typed objective equal to an existing one is that one."""
    by_pk = {o.pk: o for o in objectives}
    by_title = {normalise(o.title): o for o in objectives}
    examples = {e.slug: e for e in example_objectives()}
    goals = [
        Goal(f"o{pk}", by_pk[pk].title, (by_pk[pk].area,) if by_pk[pk].area else (), by_pk[pk])
        for pk in state.objective_pks
    ]
    for slug in state.examples:
        example = examples[slug]
        goals.append(Goal(f"e-{slug}", example.text(lang), tuple(a.value for a in example.areas)))
    for i, text in enumerate(state.texts):
        same = by_title.get(normalise(text))
        if same is not None:
            goals.append(Goal(f"o{same.pk}", same.title, (same.area,) if same.area else (), same))
        else:
            goals.append(Goal(f"n{i}", text, ()))
    unique = {g.key: g for g in goals}
    return list(unique.values())[:MAX_OBJECTIVES]


@dataclass
class Line:
    """One KPI to adopt: a template, the area it counts in, and the objective it is saved under."""

    key: str  # "<proposed slug>@<goal key>", stable through swaps
    proposed: str
    view: TemplateView
    area: str
    goal: Goal
    reason: str
    alternatives: list[TemplateView] = field(default_factory=list)
    swapped_from: TemplateView | None = None
    also_serves: list[Goal] = field(default_factory=list)
    dropped: bool = False

    @property
    def template(self):
        return self.view.template

    @property
    def leading(self) -> bool:
        return self.template.indicator is Indicator.LEADING

    @property
    def area_label(self) -> str:
        return str(c.Area(self.area).label)

    @property
    def tracked_by(self):
        """The cooperative's KPI that already measures this template: shown, never adopted again."""
        return self.view.tracked_by


@dataclass(frozen=True)
class Plan:
    goals: list[Goal]
    lines: list[Line]
    gaps: tuple[Gap, ...]
    balance: list[str]  # what the kept lines leave uncovered, in words
    per_area: int = DEFAULT_PER_AREA
    total: int = DEFAULT_TOTAL

    @property
    def shown(self) -> list[Line]:
        return [line for line in self.lines if not line.dropped]

    @property
    def kept(self) -> list[Line]:
        """The lines to adopt: not dropped, and not already measured by one of the cooperative's KPIs."""
        return [line for line in self.shown if line.tracked_by is None]

    @property
    def dropped(self) -> list[Line]:
        return [line for line in self.lines if line.dropped]

    def by_goal(self) -> list[tuple[Goal, list[Line]]]:
        return [(g, [line for line in self.shown if line.goal.key == g.key]) for g in self.goals]

    def line(self, key: str) -> Line | None:
        return next((line for line in self.lines if line.key == key), None)


def _own_reason(indicator: Indicator, goal: Goal) -> str:
    if indicator is Indicator.LAGGING:
        return _("Retrospectivo: muestra si se logra «%(objective)s» cuando el resultado ya ocurrió.") % {
            "objective": goal.title
        }
    return _("Prospectivo: el equipo puede moverlo antes de ver el resultado de «%(objective)s».") % {
        "objective": goal.title
    }


@dataclass(frozen=True)
class _Slot:
    """Where one KPI row goes: the engine's proposal it stands for, the template placed, and the goal."""

    proposal: Proposal
    slug: str
    goal: Goal
    primary: bool
    offered: tuple[str, ...]  # the template placed first, then what it may be swapped for


def _placements(
    proposals,
    goals: dict[str, Goal],
    per_area: int,
    total: int,
    substitutes: Callable[[Proposal, Goal, set[str]], tuple[str, ...]],
) -> list[_Slot]:
    """The KPI rows to create, one template per row.

    A template the engine lets serve several objectives is saved under the first one that
    still lacks that kind of indicator. Another objective that would otherwise have no
    lagging (or no leading) KPI gets the best other template of that area, room permitting:
    two rows from one template would be the same KPI twice.
    """
    placed: list[_Slot] = []

    def has(goal: Goal, indicator: Indicator) -> bool:
        return any(s.goal.key == goal.key and s.proposal.indicator is indicator for s in placed)

    for p in proposals:
        served = [goals[k] for k in p.objective_ids if k in goals]
        if served:
            goal = next((g for g in served if not has(g, p.indicator)), served[0])
            placed.append(_Slot(p, p.slug, goal, True, (p.slug, *p.alternatives)))
    used = {p.slug for p in proposals}
    for p in proposals:
        for goal in (goals[k] for k in p.objective_ids[1:] if k in goals):
            areas = Counter(s.proposal.area for s in placed)
            if not has(goal, p.indicator) and areas[p.area] < per_area and len(placed) < total:
                offered = substitutes(p, goal, used)
                if offered:
                    used.add(offered[0])
                    placed.append(_Slot(p, offered[0], goal, False, offered))
    return placed


def make_plan(
    state: State,
    goals: list[Goal],
    lang: str,
    tracked: Mapping[str, object] | None = None,
    *,
    per_area: int = DEFAULT_PER_AREA,
    total: int = DEFAULT_TOTAL,
) -> Plan:
    """The engine's short list with the person's drops and swaps applied, grouped by objective.

    A template the cooperative already measures (`tracked`: slug → its KPI) stays on the
    list as «Ya lo mide», is never offered as a swap and is never adopted again.
    """
    tracked = tracked or {}
    buyer_stages = [BuyerStage(b) for b in state.buyer_stages] if state.market_facing else []
    short = propose(
        market_stage=state.stage,
        areas=[Area(a) for a in state.areas],
        objectives=[Objective(g.key, g.title, tuple(Area(a) for a in g.areas)) for g in goals],
        buyer_stages=buyer_stages,
        per_area=per_area,
        total=total,
    )

    def substitutes(p: Proposal, goal: Goal, used: set[str]) -> tuple[str, ...]:
        found = alternatives(
            slug=p.slug,
            area=p.area,
            objective=Objective(goal.key, goal.title),
            indicator=p.indicator,
            market_stage=state.stage,
            buyer_stages=buyer_stages,
            exclude=used | set(tracked),
            limit=4,
        )
        return tuple(t.slug for t in found)

    by_key = {g.key: g for g in goals}
    swaps = dict(state.swaps)
    lines = []
    for slot in _placements(short.proposals, by_key, per_area, total, substitutes):
        proposal, goal = slot.proposal, slot.goal
        key = f"{proposal.slug}@{goal.key}"
        offered = [s for s in slot.offered if s == slot.slug or s not in tracked]
        chosen = swaps.get(key)
        slug = chosen if chosen is not None and chosen in offered else slot.slug
        current = view_of(catalog_template(slug), lang, tracked)
        swapped = slug != slot.slug
        lines.append(
            Line(
                key=key,
                proposed=slot.slug,
                view=current,
                area=proposal.area.value,
                goal=goal,
                reason=proposal.reason(lang) if slot.primary and not swapped else _own_reason(proposal.indicator, goal),
                alternatives=[view_of(catalog_template(s), lang, tracked) for s in offered if s != slug],
                swapped_from=view_of(catalog_template(slot.slug), lang, tracked) if swapped else None,
                also_serves=[by_key[k] for k in proposal.objective_ids if k in by_key and k != goal.key]
                if slot.primary
                else [],
                dropped=key in state.drops,
            )
        )
    # A leading KPI's sentence names the lagging one it anticipates; once that one is swapped, say it plainly.
    gone = [line.swapped_from.name for line in lines if line.swapped_from is not None]
    for line in lines:
        if line.swapped_from is None and any(f"«{name}»" in line.reason for name in gone):
            line.reason = _own_reason(line.template.indicator, line.goal)
    order = {g.key: i for i, g in enumerate(goals)}
    lines.sort(key=lambda line: (order[line.goal.key], line.leading))
    return Plan(
        goals, lines, short.gaps, _balance(goals, [line for line in lines if not line.dropped]), per_area, total
    )


def _balance(goals: list[Goal], kept: list[Line]) -> list[str]:
    """What the quality check would say about each objective once the kept lines are adopted.

    A line the cooperative already measures counts as covering its objective.
    """
    facts = [
        q.KpiFacts(id=line.key, name=line.view.name, objective_id=line.goal.key, indicator=line.template.indicator)
        for line in kept
    ]
    findings = q.check(facts, [q.ObjectiveFacts(g.key, g.title) for g in goals], q.Limits(per_objective=99))
    return [f.translated(_) for f in findings if f.code in BALANCE_CODES]
