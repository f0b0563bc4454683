"""What apps above kpis add to a KPI's page (insight's forecast and lead check) and to the board (tile notes, pinned
metrics), registered in their AppConfig.ready."""

import functools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.utils.module_loading import import_string

if TYPE_CHECKING:
    from rumbo.kpis.models import Kpi
    from rumbo.kpis.presenters.detail import KpiPage
    from rumbo.orgs.models import Cooperative


@functools.cache
def deferred(path: str) -> Callable[..., Any]:
    """The function at `path` ("package.module.name"), imported when first called.

    An app registers its presenters this way: they and what they import (numpy for the forecasts and the disclosure
    control) load when a page first asks, not at every start of Rumbo, a command or a worker that shows no page.
    One path gives one function, so an app whose ready() runs again still registers its presenter once.
    """

    def call(*args: Any, **kwargs: Any) -> Any:
        return import_string(path)(*args, **kwargs)

    return call


@dataclass(frozen=True)
class PageSection:
    """A part of the KPI page another app renders.

    `prepare(kpi, today=…)` runs before the page is read (so a refreshed cache shows in the
    page's own reading); `build(kpi, page, prepared, lang=…, today=…, can_edit=…)` returns
    what `template` reads under the name `name`.
    """

    name: str
    template: str
    prepare: Callable[..., Any]
    build: Callable[..., Any]


_sections: list[PageSection] = []


def register_section(section: PageSection) -> None:
    if all(found.name != section.name for found in _sections):
        _sections.append(section)


def prepare_sections(kpi: "Kpi", *, today: date) -> list[tuple[PageSection, Any]]:
    return [(section, section.prepare(kpi, today=today)) for section in _sections]


def build_sections(
    prepared: list[tuple[PageSection, Any]], kpi: "Kpi", page: "KpiPage", **kwargs: Any
) -> dict[str, Any]:
    """The page's context for every section, and `page_sections`, the templates in the order they show."""
    context: dict[str, Any] = {section.name: section.build(kpi, page, state, **kwargs) for section, state in prepared}
    context["page_sections"] = [section.template for section, _state in prepared]
    return context


# A tile note: (cooperative, the board's KPIs, language) → KPI id → a few words the tile shows (a network's band).
TileNotes = Callable[["Cooperative", list["Kpi"], str], dict[int, str]]
_tile_notes: list[TileNotes] = []


def register_tile_notes(source: TileNotes) -> None:
    if source not in _tile_notes:
        _tile_notes.append(source)


def tile_notes(cooperative: "Cooperative", kpis: list["Kpi"], lang: str) -> dict[int, str]:
    """Every registered app's words for each tile, joined; a KPI without any is left out."""
    notes: dict[int, list[str]] = {}
    for source in _tile_notes:
        for pk, text in source(cooperative, kpis, lang).items():
            notes.setdefault(pk, []).append(text)
    return {pk: " · ".join(texts) for pk, texts in notes.items()}


# Board pins: (cooperative, the board's KPIs) → ids of plain metrics the board shows beside its KPIs, never hidden
# behind «Mostrarlas» (a federation's network indicators: the board is where the network is followed).
BoardPins = Callable[["Cooperative", list["Kpi"]], set[int]]
_board_pins: list[BoardPins] = []


def register_board_pins(source: BoardPins) -> None:
    if source not in _board_pins:
        _board_pins.append(source)


def board_pins(cooperative: "Cooperative", kpis: list["Kpi"]) -> frozenset[int]:
    """Every registered app's pinned metrics on this cooperative's board."""
    return frozenset(pk for source in _board_pins for pk in source(cooperative, kpis))
