"""Plugs the federation's screens into kpis: the network band on a member's KPI page and tiles, the figures' link on a network KPI's."""

from typing import Any


def network_figures_link(kpi: Any, page: Any, prepared: Any = None, **kwargs: Any) -> str:
    """On a federation's network KPI: the template whose published figures (with why a cell is hidden) it links to."""
    from rumbo.orgs.models import Kind

    return kpi.template_slug if kpi.template_slug and kpi.cooperative.kind == Kind.FEDERATION else ""


def connect_screens() -> None:
    """Called from the app's ready(): kpis shows the band without importing this app."""
    from rumbo.federation.presenters.kpi_page import kpi_bands, tile_notes
    from rumbo.kpis.presenters.sections import PageSection, register_section, register_tile_notes

    register_section(
        PageSection(
            name="network_bands",
            template="federation/_kpi_bands.html",
            prepare=lambda kpi, **kwargs: None,
            build=kpi_bands,
        )
    )
    register_section(
        PageSection(
            name="network_figures",
            template="federation/_kpi_network_figures.html",
            prepare=lambda kpi, **kwargs: None,
            build=network_figures_link,
        )
    )
    register_tile_notes(tile_notes)
