"""The KPI template library: the course's examples and the reference's standard KPIs, es + en.

Templates live in `kpis_*.toml` next to this file (one file per family group), the named
formula inputs they share in `inputs.toml`, and the reference list of
`shared/reference/kpi-domain.md` in `sources.toml`. Everything is checked when loaded,
so a mistake in a data file fails the first test rather than a page in production.
"""

from __future__ import annotations

import ast
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any

from rumbo.engine.choice.catalog.references import Source, parse_source
from rumbo.engine.errors import RumboError, gettext_noop
from rumbo.engine.vocab import (
    Aggregation,
    Area,
    BuyerStage,
    Direction,
    Grain,
    Indicator,
    MarketStage,
    Nature,
    ScaleKind,
)


class DeckSection(StrEnum):
    """Where the course deck lists a template as an example."""

    CUANTITATIVO = "cuantitativo"
    CUALITATIVO = "cualitativo"
    PROSPECTIVO = "prospectivo"
    RETROSPECTIVO = "retrospectivo"
    PRE_PMF = "pre_pmf"
    PMF = "pmf"
    EXPANSION = "expansion"


# The assistant's families; (es, en) labels for people.
FAMILIES: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "engagement": ("Interacción y aprendizaje", "Engagement and learning"),
        "recurring_revenue": ("Ingresos recurrentes y retención", "Recurring revenue and retention"),
        "unit_economics": ("Economía unitaria", "Unit economics"),
        "activity": ("Actividad comercial", "Sales and marketing activity"),
        "awareness": ("Alcance y visibilidad", "Reach and awareness"),
        "sales": ("Resultados de venta", "Sales results"),
        "production": ("Producción", "Production"),
        "operations": ("Operaciones y seguridad", "Operations and safety"),
        "finance": ("Finanzas", "Finance"),
        "governance": ("Gobierno cooperativo y personas", "Co-operative governance and people"),
        "compliance": ("Cumplimiento legal", "Legal compliance"),
        "logistics": ("Transporte", "Logistics"),
        "storage": ("Almacenamiento", "Storage"),
    }
)

# The kinds of organisation a template was made for, when it is not every cooperative; (es, en) labels.
# A template without sectors fits any cooperative; one made for another sector is proposed
# only when nothing that fits the cooperative serves the objective (rumbo.engine.choice.choosing).
SECTORS: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "agro": ("Cooperativa agropecuaria", "Agricultural cooperative"),
        "industria": ("Industria con mucho personal", "Large industrial workplace"),
        "software": ("Software y servicios digitales", "Software and digital services"),
    }
)

# Units are codes so the app can label them in either language; (es, en) labels.
UNITS: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "percent": ("%", "%"),
        "count": ("cantidad", "count"),
        "units": ("unidades", "units"),
        "per_day": ("por día", "per day"),
        "per_campaign": ("por campaña", "per campaign"),
        "per_100_orders": ("por cada 100 pedidos", "per 100 orders"),
        "currency": ("moneda", "currency"),
        "currency_per_month": ("moneda al mes", "currency per month"),
        "currency_per_kg": ("moneda por kg", "currency per kg"),
        "currency_per_order": ("moneda por pedido", "currency per order"),
        "currency_per_customer": ("moneda por cliente", "currency per customer"),
        "currency_per_conversion": ("moneda por conversión", "currency per conversion"),
        "kg": ("kg", "kg"),
        "liters": ("litros", "litres"),
        "ha": ("hectáreas", "hectares"),
        "kg_per_ha": ("kg por hectárea", "kg per hectare"),
        "kg_per_order": ("kg por pedido", "kg per order"),
        "kg_per_bag": ("kg de pergamino por saco", "kg of parchment per bag"),
        "ratio": ("veces", "times"),
        "hours": ("horas", "hours"),
        "days": ("días", "days"),
        "months": ("meses", "months"),
        "points": ("puntos", "points"),
        "level": ("nivel de la escala", "scale level"),
        "per_200k_hours": ("por 200.000 horas", "per 200,000 hours"),
        "per_million_hours": ("por millón de horas", "per million hours"),
    }
)

# The operators a template formula may use: plain arithmetic over named inputs, so
# the formulas engine can evaluate it safely.
_FORMULA_NODES = (
    ast.Expression,
    ast.BinOp,
    ast.UnaryOp,
    ast.Name,
    ast.Load,
    ast.Constant,
    ast.Add,
    ast.Sub,
    ast.Mult,
    ast.Div,
    ast.USub,
    ast.UAdd,
)


class CatalogError(RumboError):
    """A data file of the catalogue is wrong; raised when it is loaded."""


@dataclass(frozen=True)
class Input:
    name: str  # identifier used in formulas, e.g. "ingresos"
    es: str
    en: str
    unit: str  # a key of UNITS


@dataclass(frozen=True)
class ScaleLevel:
    value: Decimal
    es: str
    en: str


@dataclass(frozen=True)
class Scale:
    kind: ScaleKind
    min: Decimal
    max: Decimal
    step: Decimal | None
    levels: tuple[ScaleLevel, ...]


@dataclass(frozen=True)
class KpiTemplate:
    slug: str
    family: str
    name_es: str
    name_en: str
    definition_es: str
    definition_en: str
    formula_es: str
    formula_en: str
    expression: str | None  # arithmetic over `inputs`, None where not computable
    inputs: tuple[Input, ...]
    numerator: str | None  # expressions over inputs, named for ratios
    denominator: str | None
    unit: str
    direction: Direction
    frequency: Grain
    aggregation: Aggregation
    nature: Nature
    scale: Scale | None  # declared for every qualitative template
    indicator: Indicator
    areas: tuple[Area, ...]
    buyer_stage: BuyerStage
    market_stages: tuple[MarketStage, ...]  # empty: fits any stage
    anticipates: tuple[str, ...]  # slugs of lagging templates a leading one runs ahead of
    why_es: str
    why_en: str
    sources: tuple[int, ...]  # reference numbers of kpi-domain.md
    deck_example: bool
    deck_section: DeckSection | None
    product: str | None  # set for a product-specific template ("chocolate", "leche"…)
    sectors: tuple[str, ...] = ()  # keys of SECTORS it was made for; empty: any cooperative

    def fits(self, sector: str) -> bool:
        """Was it made for a cooperative of `sector`?"""
        return not self.sectors or sector in self.sectors

    def text(self, field: str, lang: str = "es") -> str:
        """`t.text("name", "en")` → name_en; Spanish for any language but English."""
        text: str = getattr(self, f"{field}_{'en' if lang[:2] == 'en' else 'es'}")
        return text

    def name(self, lang: str = "es") -> str:
        return self.text("name", lang)


def formula_names(expression: str) -> frozenset[str]:
    """The input names an arithmetic formula uses; CatalogError if it is not plain arithmetic."""
    try:
        tree = ast.parse(expression, mode="eval")
    except SyntaxError:
        raise CatalogError(gettext_noop("Fórmula no válida: %(expression)s"), expression=expression) from None
    for node in ast.walk(tree):
        if not isinstance(node, _FORMULA_NODES):
            raise CatalogError(gettext_noop("Fórmula no válida: %(expression)s"), expression=expression)
    return frozenset(node.id for node in ast.walk(tree) if isinstance(node, ast.Name))


def _read(name: str) -> dict[str, Any]:
    with resources.files(__package__).joinpath(name).open("rb") as handle:
        return tomllib.load(handle, parse_float=Decimal)


def _template_files() -> list[str]:
    return sorted(
        p.name
        for p in resources.files(__package__).iterdir()
        if p.name.startswith("kpis_") and p.name.endswith(".toml")
    )


@cache
def inputs() -> Mapping[str, Input]:
    """The named formula inputs shared by all templates, by name."""
    table = {}
    for name, row in _read("inputs.toml").items():
        if not name.isidentifier() or row.get("unit") not in UNITS or not row.get("es") or not row.get("en"):
            raise CatalogError(gettext_noop("Entrada de fórmula incompleta: %(name)s"), name=name)
        table[name] = Input(name, row["es"], row["en"], row["unit"])
    return MappingProxyType(table)


@cache
def sources() -> Mapping[int, Source]:
    """Reference number → its address or citation, as numbered in shared/reference/kpi-domain.md."""
    table = {}
    for number, value in _read("sources.toml")["source"].items():
        try:
            table[int(number)] = parse_source(int(number), value)
        except RumboError as error:
            raise CatalogError(error.template, **error.params) from error
    return MappingProxyType(table)


@cache
def templates() -> tuple[KpiTemplate, ...]:
    """Every template, by file name and then in file order; loaded once and checked."""
    documents = [(name, _read(name)) for name in _template_files()]
    return build_templates(documents, inputs(), sources())


@cache
def by_slug() -> Mapping[str, KpiTemplate]:
    return MappingProxyType({t.slug: t for t in templates()})


def template(slug: str) -> KpiTemplate:
    try:
        return by_slug()[slug]
    except KeyError:
        raise CatalogError(gettext_noop("No hay ninguna plantilla «%(slug)s»."), slug=slug) from None


def template_sources(t: KpiTemplate) -> tuple[Source, ...]:
    return tuple(sources()[n] for n in t.sources)


def build_templates(
    documents: Iterable[tuple[str, dict[str, Any]]],
    input_table: Mapping[str, Input],
    source_table: Mapping[int, Source],
) -> tuple[KpiTemplate, ...]:
    """Turn parsed TOML documents into checked templates; CatalogError names the first problem."""
    built: list[KpiTemplate] = []
    for file_name, document in documents:
        for row in document.get("kpi", []):
            where = f"{file_name}:{row.get('slug', '?')}"
            try:
                built.append(_build(row, input_table, source_table))
            except (KeyError, ValueError, TypeError) as exc:
                if isinstance(exc, CatalogError):
                    problem = str(exc)
                else:
                    problem = f"{type(exc).__name__}: {exc}"
                raise CatalogError(
                    gettext_noop("Catálogo %(where)s: %(problem)s"), where=where, problem=problem
                ) from None
    _check_across(built)
    return tuple(built)


_REQUIRED_TEXT = (
    "slug",
    "family",
    "name_es",
    "name_en",
    "definition_es",
    "definition_en",
    "formula_es",
    "formula_en",
    "why_es",
    "why_en",
)


def _problem(text: str, **params: object) -> CatalogError:
    return CatalogError(gettext_noop("%(text)s"), text=text % params if params else text)


def _build(row: dict[str, Any], input_table: Mapping[str, Input], source_table: Mapping[int, Source]) -> KpiTemplate:
    for key in _REQUIRED_TEXT:
        if not isinstance(row.get(key), str) or not row[key].strip():
            raise _problem("missing %(key)s", key=key)
    if row["family"] not in FAMILIES:
        raise _problem("unknown family %(family)s", family=row["family"])
    if row["unit"] not in UNITS:
        raise _problem("unknown unit %(unit)s", unit=row["unit"])
    declared = tuple(input_table[name] for name in row.get("inputs", []))
    names = {i.name for i in declared}
    expression = row.get("expression")
    numerator, denominator = row.get("numerator"), row.get("denominator")
    for formula in (expression, numerator, denominator):
        if formula is not None and not formula_names(formula) <= names:
            raise _problem("formula %(formula)s uses undeclared inputs", formula=formula)
    if expression is not None and names != formula_names(expression):
        raise _problem("inputs not used by the formula")
    aggregation = Aggregation(row["aggregation"])
    if aggregation is Aggregation.RATIO and not (expression and numerator and denominator):
        raise _problem("a ratio needs an expression, a numerator and a denominator")
    nature = Nature(row["nature"])
    scale = _scale(row["scale"]) if "scale" in row else None
    if (nature is Nature.QUALITATIVE) != (scale is not None):
        raise _problem("a qualitative template declares a scale, a quantitative one does not")
    areas = tuple(Area(a) for a in row["areas"])
    if not areas or len(set(areas)) != len(areas):
        raise _problem("areas must be a non-empty list without repeats")
    unknown = [n for n in row.get("sources", []) if n not in source_table]
    if unknown:
        raise _problem("unknown sources %(unknown)s", unknown=unknown)
    sectors = tuple(row.get("sectors", []))
    if any(s not in SECTORS for s in sectors) or len(set(sectors)) != len(sectors):
        raise _problem("unknown or repeated sectors %(sectors)s", sectors=list(sectors))
    section = row.get("deck_section")
    if bool(row.get("deck_example", False)) != (section is not None):
        raise _problem("deck_example and deck_section go together")
    return KpiTemplate(
        slug=row["slug"],
        family=row["family"],
        name_es=row["name_es"],
        name_en=row["name_en"],
        definition_es=row["definition_es"],
        definition_en=row["definition_en"],
        formula_es=row["formula_es"],
        formula_en=row["formula_en"],
        expression=expression,
        inputs=declared,
        numerator=numerator,
        denominator=denominator,
        unit=row["unit"],
        direction=Direction(row["direction"]),
        frequency=Grain(row["frequency"]),
        aggregation=aggregation,
        nature=nature,
        scale=scale,
        indicator=Indicator(row["indicator"]),
        areas=areas,
        buyer_stage=BuyerStage(row.get("buyer_stage", "")),
        market_stages=tuple(MarketStage(s) for s in row.get("market_stages", [])),
        anticipates=tuple(row.get("anticipates", [])),
        why_es=row["why_es"],
        why_en=row["why_en"],
        sources=tuple(row.get("sources", [])),
        deck_example=bool(row.get("deck_example", False)),
        deck_section=DeckSection(section) if section is not None else None,
        product=row.get("product"),
        sectors=sectors,
    )


def _scale(row: dict[str, Any]) -> Scale:
    levels = tuple(ScaleLevel(Decimal(level["value"]), level["es"], level["en"]) for level in row.get("levels", []))
    low, high = Decimal(row["min"]), Decimal(row["max"])
    if not low < high or any(not low <= level.value <= high for level in levels):
        raise _problem("scale levels must lie between min < max")
    if [level.value for level in levels] != sorted({level.value for level in levels}):
        raise _problem("scale levels must rise without repeats")
    kind = ScaleKind(row["kind"])
    if kind is ScaleKind.RUBRIC and len(levels) < 3:
        # A rubric describes at least both ends and the middle so raters score alike.
        raise _problem("a rubric describes at least three levels")
    step = Decimal(row["step"]) if "step" in row else None
    return Scale(kind, low, high, step, levels)


_DECK_RULES = {
    DeckSection.CUANTITATIVO: lambda t: t.nature is Nature.QUANTITATIVE,
    DeckSection.CUALITATIVO: lambda t: t.nature is Nature.QUALITATIVE,
    DeckSection.PROSPECTIVO: lambda t: t.indicator is Indicator.LEADING,
    DeckSection.RETROSPECTIVO: lambda t: t.indicator is Indicator.LAGGING,
    DeckSection.PRE_PMF: lambda t: MarketStage.PRE_PMF in t.market_stages,
    DeckSection.PMF: lambda t: MarketStage.PMF in t.market_stages,
    DeckSection.EXPANSION: lambda t: MarketStage.EXPANSION in t.market_stages,
}


def _check_across(built: list[KpiTemplate]) -> None:
    """Rules between templates: unique slugs and names, links to existing lagging KPIs."""
    for attribute in ("slug", "name_es", "name_en"):
        seen: set[str] = set()
        for t in built:
            key = getattr(t, attribute).casefold()
            if key in seen:
                raise _problem("%(attribute)s repeated: %(value)s", attribute=attribute, value=key)
            seen.add(key)
    slugs = {t.slug: t for t in built}
    for t in built:
        if t.anticipates and t.indicator is not Indicator.LEADING:
            raise _problem("%(slug)s: only a leading template anticipates", slug=t.slug)
        for target in t.anticipates:
            if target not in slugs or slugs[target].indicator is not Indicator.LAGGING:
                raise _problem("%(slug)s anticipates %(target)s, not a lagging template", slug=t.slug, target=target)
        if t.deck_section is not None and not _DECK_RULES[t.deck_section](t):
            raise _problem("%(slug)s does not fit its deck section", slug=t.slug)
