"""The «Mejorar este KPI con un OKR» button on a KPI's page, for a KPI at risk or off track."""

from datetime import timedelta
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from rumbo.kpis.models import Measurement, Target
from rumbo.okrs.models import OkrObjective


def off_track(cast):
    """Last month's sales: 5 against a target of 40."""
    month = (timezone.localdate().replace(day=1) - timedelta(days=1)).replace(day=1)
    cast.kpi.targets.all().delete()
    Target.objects.create(
        kpi=cast.kpi, start=month, end=timezone.localdate().replace(day=1) - timedelta(days=1), value=40
    )
    Measurement.objects.create(kpi=cast.kpi, period=month, value=Decimal(5))


def test_an_off_track_kpi_offers_the_button_and_one_click_drafts_the_objective(as_editor, cast):
    off_track(cast)
    page = as_editor.get(reverse("kpis:kpi_detail", args=[cast.coop.slug, cast.kpi.pk])).content.decode()
    assert "Mejorar este KPI con un OKR" in page
    response = as_editor.post(reverse("okrs:improve_kpi", args=[cast.coop.slug, cast.kpi.pk]), follow=True)
    objective = OkrObjective.objects.get(title="Mejorar «Ventas cerradas por mes»")
    assert objective.key_results.get().baseline == Decimal(5)
    assert "Borrador listo" in response.content.decode()


def test_a_viewer_sees_no_button_and_cannot_post(client, cast):
    off_track(cast)
    client.force_login(cast.viewer)
    assert (
        "Mejorar este KPI con un OKR"
        not in client.get(reverse("kpis:kpi_detail", args=[cast.coop.slug, cast.kpi.pk])).content.decode()
    )
    assert client.post(reverse("okrs:improve_kpi", args=[cast.coop.slug, cast.kpi.pk])).status_code == 403
