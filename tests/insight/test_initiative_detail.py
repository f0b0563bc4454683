"""An initiative's page: did it move the KPIs that follow it, or that it means to move? Said plainly, with intervals."""

from django.urls import reverse

from rumbo.insight.models import InitiativeImpact, InitiativeKpi
from rumbo.insight.tasks import enqueue_refresh
from tests.insight.helpers import FIRST, monthly_kpi, months, seasonal_values


def url(cast, name="insight:initiative_detail"):
    return reverse(name, args=[cast.coop.slug, cast.initiative.pk])


def campaign_kpis(cast):
    """Conversations that jump 30 % when the campaign starts (March 2025); deliveries that do not move."""
    lifted = [
        v * (1.3 if p.year == 2025 and p.month >= 3 else 1)
        for p, v in zip(months(FIRST, 42), seasonal_values(42, noise=2))
    ]
    conversations = monthly_kpi(
        cast, "conversaciones", values=lifted, initiative=cast.initiative, name="Conversaciones"
    )
    flat = monthly_kpi(cast, "entregas", values=seasonal_values(42, seed=4, noise=6), name="Entregas")
    InitiativeKpi.objects.create(initiative=cast.initiative, kpi=flat)
    return conversations, flat


def test_the_page_computes_nothing_and_says_the_estimates_are_being_updated(as_viewer, cast):
    campaign_kpis(cast)  # rows written here without the writer, so no refresh was queued
    text = as_viewer.get(url(cast)).text
    assert "Actualizando la comparación con los datos nuevos." in text and "Cambio estimado" not in text
    assert not InitiativeImpact.objects.exists()


def test_it_says_which_kpis_moved_with_their_interval_and_which_the_data_cannot_tell(as_viewer, cast):
    campaign_kpis(cast)
    enqueue_refresh(cast.coop.pk)  # the tests' task backend runs it at once
    text = as_viewer.get(url(cast)).text
    assert "Actualizando" not in text
    assert "<h1>Campaña de verano</h1>" in text
    assert "Campaña de verano, desde el 01/03/2025. Tras el inicio de la campaña, «Conversaciones» subió ~" in text
    assert "En 1 indicador más, los datos no permiten afirmarlo." in text
    assert "ya descontada la temporada" in text and "Cambio estimado" in text and "(entre +" in text
    assert "los datos no permiten afirmar que «Entregas» cambió" in text
    assert text.count("Los datos no permiten afirmarlo.") == 1  # the one inconclusive KPI
    assert "sigue la iniciativa" in text and "quiere moverlo" in text


def test_without_kpis_it_invites_to_choose_them(as_viewer, cast):
    text = as_viewer.get(url(cast)).text
    assert "Todavía no hay indicadores que la sigan" in text


def test_an_admin_adds_and_removes_a_kpi_to_compare(as_admin, cast):
    response = as_admin.post(url(cast, "insight:initiative_kpi_watch"), {"kpi": cast.kpi.pk})
    assert response.status_code == 302
    assert InitiativeKpi.objects.filter(initiative=cast.initiative, kpi=cast.kpi).exists()
    assert InitiativeKpi.history.count() == 1
    text = as_admin.get(url(cast)).text
    assert "Ventas cerradas por mes" in text and "Hay pocos datos antes del inicio" in text
    as_admin.post(url(cast, "insight:initiative_kpi_unwatch"), {"kpi": cast.kpi.pk})
    assert not InitiativeKpi.objects.exists()


def test_a_kpi_of_another_cooperative_is_refused_and_nothing_is_written(as_admin, cast):
    response = as_admin.post(url(cast, "insight:initiative_kpi_watch"), {"kpi": cast.other_kpi.pk})
    assert response.status_code == 400 and "Escoja una opción válida" in response.text
    assert not InitiativeKpi.objects.exists()


def test_the_initiatives_list_links_to_each_page(as_viewer, cast):
    assert url(cast) in as_viewer.get(reverse("kpis:initiatives", args=[cast.coop.slug])).text


def test_editors_and_viewers_read_but_do_not_choose(as_editor, cast):
    assert as_editor.get(url(cast)).status_code == 200
    assert 'name="kpi"' not in as_editor.get(url(cast)).text
    assert as_editor.post(url(cast, "insight:initiative_kpi_watch"), {"kpi": cast.kpi.pk}).status_code == 403
    assert not InitiativeKpi.objects.exists()


def test_the_outsider_gets_404(as_outsider, cast):
    assert as_outsider.get(url(cast)).status_code == 404
    assert as_outsider.post(url(cast, "insight:initiative_kpi_watch"), {"kpi": cast.kpi.pk}).status_code == 404
