"""Plugs the federation's screens into kpis: the network band on a member's KPI page and on its board tiles."""


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
    register_tile_notes(tile_notes)
