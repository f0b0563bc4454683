"""What people read about a catalogue template: its texts in their language and its classification in words."""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from rumbo.engine.choice.catalog import FAMILIES, SECTORS, UNITS, KpiTemplate, Source, template_sources
from rumbo.engine.choice.catalog.objectives import normalise
from rumbo.engine.vocab import Indicator
from rumbo.kpis import choices as c


def lang_of(language: str | None) -> str:
    return "en" if (language or "es")[:2] == "en" else "es"


def unit_text(code: str, lang: str) -> str:
    """The catalogue's unit code as people write it: "percent" → "%", "kg_per_ha" → "kg por hectárea"."""
    es, en = UNITS[code]
    return en if lang == "en" else es


def family_text(family: str, lang: str) -> str:
    es, en = FAMILIES[family]
    return en if lang == "en" else es


def family_choices(lang: str) -> list[tuple[str, str]]:
    return [(key, family_text(key, lang)) for key in FAMILIES]


def number(value: Decimal) -> int | float:
    """A scale bound or level as JSON takes it: 5 rather than 5.0, 2.5 as it is."""
    return int(value) if value == value.to_integral_value() else float(value)


@dataclass(frozen=True)
class TemplateView:
    """One template ready to show: every text in one language, every value as its label."""

    template: KpiTemplate
    slug: str
    name: str
    definition: str
    formula: str
    why: str
    unit: str
    family: str
    direction: str
    frequency: str
    aggregation: str
    nature: str
    indicator: str
    areas: tuple[str, ...]
    buyer_stage: str
    market_stages: tuple[str, ...]
    scale: str
    scale_levels: tuple[tuple[int | float, str], ...]
    sources: tuple[Source, ...]  # a link (address, site) or a plain citation
    deck_example: bool
    made_for: tuple[str, ...]  # the sectors it was made for, in words; empty: any cooperative
    tracked_by: object = None  # the cooperative's KPI or metric that already measures it (selectors.Tracking)

    @property
    def followed(self) -> bool:
        return self.tracked_by is not None

    @property
    def is_leading(self) -> bool:
        return self.template.indicator == Indicator.LEADING


def view_of(t: KpiTemplate, lang: str, tracked: Mapping[str, object] | None = None) -> TemplateView:
    scale = ""
    if t.scale is not None:
        scale = f"{c.ScaleKind(t.scale.kind.value).label} ({number(t.scale.min)}–{number(t.scale.max)})"
    return TemplateView(
        template=t,
        slug=t.slug,
        name=t.name(lang),
        definition=t.text("definition", lang),
        formula=t.text("formula", lang),
        why=t.text("why", lang),
        unit=unit_text(t.unit, lang),
        family=family_text(t.family, lang),
        direction=str(c.Direction(t.direction.value).label),
        frequency=str(c.Frequency(t.frequency.value).label),
        aggregation=str(c.Aggregation(t.aggregation.value).label),
        nature=str(c.Nature(t.nature.value).label),
        indicator=str(c.Indicator(t.indicator.value).label),
        areas=tuple(str(c.Area(a.value).label) for a in t.areas),
        buyer_stage=str(c.BuyerStage(t.buyer_stage.value).label) if t.buyer_stage.value else "",
        market_stages=tuple(str(c.MarketStage(s.value).label) for s in t.market_stages),
        scale=scale,
        scale_levels=tuple(
            (number(level.value), level.en if lang == "en" else level.es)
            for level in (t.scale.levels if t.scale else ())
        ),
        sources=template_sources(t),
        deck_example=t.deck_example,
        made_for=tuple(SECTORS[s][1 if lang == "en" else 0] for s in t.sectors),
        tracked_by=(tracked or {}).get(t.slug),
    )


@cache
def haystack(t: KpiTemplate, lang: str) -> str:
    """Everything a search looks in, without accents or case, in one language."""
    words = [
        t.name(lang),
        t.text("definition", lang),
        t.text("formula", lang),
        t.text("why", lang),
        family_text(t.family, lang),
    ]
    return f" {normalise(' '.join(words))} "


@cache
def name_key(t: KpiTemplate, lang: str) -> str:
    return f" {normalise(t.name(lang))}"
