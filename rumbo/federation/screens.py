"""Plugs the federation's screens into kpis: the network band on a member's KPI page and tiles, the figures' link on a
network KPI's, and a federation's network indicators kept on its board with the KPIs."""

from typing import Any

from django.utils.translation import gettext as _


def network_figures_link(kpi: Any, page: Any, prepared: Any = None, **kwargs: Any) -> str:
    """On a federation's network KPI: the template whose published figures (with why a cell is hidden) it links to."""
    from rumbo.orgs.models import Kind

    return kpi.template_slug if kpi.template_slug and kpi.cooperative.kind == Kind.FEDERATION else ""


def network_indicators(cooperative: Any, kpis: list[Any]) -> set[int]:
    """On a federation's board, its network indicators (one per catalogue template): shown with the KPIs even before
    they have a target, an owner and an objective, never hidden behind «Mostrarlas» as plain metrics."""
    from rumbo.kpis.models import Kpi
    from rumbo.orgs.models import Kind

    if cooperative.kind != Kind.FEDERATION or not kpis:
        return set()
    # One query: the board reads its KPIs without their template (`kpis.readings.NOT_ON_THE_BOARD`).
    return set(Kpi.objects.filter(pk__in=[k.pk for k in kpis]).exclude(template_slug="").values_list("pk", flat=True))


def network_indicator_notes(cooperative: Any, kpis: list[Any], lang: str) -> dict[int, str]:
    """The words on a network indicator's tile; one still without a target says where it gets one."""
    pinned = network_indicators(cooperative, kpis)
    return {
        k.pk: _("Indicador de la red")
        if k.is_kpi
        else _("Indicador de la red: su meta, responsable y objetivo se fijan desde «Cifras de la red»")
        for k in kpis
        if k.pk in pinned
    }


def connect_screens() -> None:
    """Called from the app's ready(): kpis shows the band without importing this app."""
    from rumbo.kpis.presenters.sections import (
        PageSection,
        deferred,
        register_board_pins,
        register_section,
        register_tile_notes,
    )

    kpi_bands = deferred("rumbo.federation.presenters.kpi_page.kpi_bands")
    tile_notes = deferred("rumbo.federation.presenters.kpi_page.tile_notes")
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
    register_tile_notes(network_indicator_notes)
    register_board_pins(network_indicators)
