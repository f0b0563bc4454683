"""The bin page: an admin sees what was deleted, until when it can come back, and brings it back."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from rumbo.bin.services import bin_delete
from rumbo.kpis.models import Kpi, Measurement, Objective
from tests.accounts.test_url_walk import FEDERATION_PAGES, coop_urls, url_kwargs


def test_an_admin_sees_what_is_in_the_bin_and_until_when(as_admin, cast):
    bin_delete(row=cast.kpi, user=cast.admin)
    bin_delete(row=cast.objective, user=cast.admin)
    page = as_admin.get(reverse("bin:trash", args=[cast.coop.slug])).content.decode()
    until = (timezone.localdate() + timedelta(days=30)).strftime("%d/%m/%Y")
    assert "Ventas cerradas por mes" in page and "Crecer en ventas directas" in page
    assert f"se puede restaurar hasta el {until}" in page


def test_the_bin_is_empty_until_something_is_deleted(as_admin, cast):
    page = as_admin.get(reverse("bin:trash", args=[cast.coop.slug])).content.decode()
    assert "No hay indicadores en la papelera." in page and "No hay objetivos en la papelera." in page


def test_restoring_a_kpi_brings_it_back_with_its_values(as_admin, cast):
    as_admin.post(reverse("kpis:kpi_remove", args=[cast.coop.slug, cast.kpi.pk]))
    assert not Kpi.objects.filter(pk=cast.kpi.pk).exists()
    response = as_admin.post(reverse("bin:kpis", args=[cast.coop.slug, cast.kpi.pk]), follow=True)
    assert "volvió al tablero con todos sus valores" in response.content.decode()
    assert Kpi.objects.get(pk=cast.kpi.pk).measurements.get().value == 35
    assert as_admin.get(reverse("kpis:kpi_detail", args=[cast.coop.slug, cast.kpi.pk])).status_code == 200
    assert [h.history_user for h in Kpi.history.filter(id=cast.kpi.pk).order_by("history_id")][-2:] == [
        cast.admin,
        cast.admin,
    ]


def test_an_objective_that_still_has_kpis_stays_out_of_the_bin(as_admin, cast):
    response = as_admin.post(reverse("kpis:objective_remove", args=[cast.coop.slug, cast.objective.pk]), follow=True)
    assert "todavía tiene 1 indicador; páselo a otro objetivo o a la papelera" in response.content.decode()
    assert Objective.objects.filter(pk=cast.objective.pk).exists()


def test_an_admin_moves_an_objective_to_the_bin_and_restores_it(as_admin, cast):
    bin_delete(row=cast.kpi, user=cast.admin)
    response = as_admin.post(reverse("kpis:objective_remove", args=[cast.coop.slug, cast.objective.pk]), follow=True)
    assert "se movió a la papelera" in response.content.decode()
    assert (
        "Crecer en ventas directas"
        not in as_admin.get(reverse("kpis:objectives", args=[cast.coop.slug])).content.decode()
    )
    as_admin.post(reverse("bin:objectives", args=[cast.coop.slug, cast.objective.pk]))
    assert Objective.objects.filter(pk=cast.objective.pk).exists()


def test_restoring_a_kpi_brings_back_its_objective_too(as_admin, cast):
    bin_delete(row=cast.kpi, user=cast.admin)
    bin_delete(row=cast.objective, user=cast.admin)
    response = as_admin.post(reverse("bin:kpis", args=[cast.coop.slug, cast.kpi.pk]), follow=True)
    assert "Su objetivo «Crecer en ventas directas» también salió de la papelera." in response.content.decode()
    assert Objective.objects.get(pk=cast.objective.pk).kpis.get() == cast.kpi


def test_something_not_in_the_bin_cannot_be_restored(as_admin, cast):
    assert as_admin.post(reverse("bin:kpis", args=[cast.coop.slug, cast.kpi.pk])).status_code == 404
    assert as_admin.post(reverse("bin:objectives", args=[cast.coop.slug, cast.objective.pk])).status_code == 404


def test_another_cooperatives_bin_is_out_of_reach(as_outsider, cast):
    bin_delete(row=cast.kpi, user=cast.admin)
    own_coop_url = reverse("bin:kpis", args=[cast.other_coop.slug, cast.kpi.pk])
    assert as_outsider.post(own_coop_url).status_code == 404
    assert "Ventas cerradas" not in as_outsider.get(reverse("bin:trash", args=[cast.other_coop.slug])).content.decode()
    assert Kpi.all_objects.get(pk=cast.kpi.pk).deleted_at is not None


@pytest.mark.parametrize("who", ["editor", "viewer"])
def test_only_admins_see_the_bin(client, cast, who):
    client.force_login(getattr(cast, who))
    assert client.get(reverse("bin:trash", args=[cast.coop.slug])).status_code == 403
    assert client.post(reverse("kpis:objective_remove", args=[cast.coop.slug, cast.objective.pk])).status_code == 403
    assert Objective.objects.filter(pk=cast.objective.pk).exists()


def test_a_kpi_in_the_bin_appears_on_no_page(as_admin, cast):
    kpi = cast.kpi
    kpi.name = "Indicador que se borró"
    kpi.save()
    bin_delete(row=kpi, user=cast.admin)
    other = Kpi.objects.create(
        cooperative=cast.coop, slug="otro", name="Otro", area="ventas", owner=cast.editor, frequency="month"
    )
    Measurement.objects.create(kpi=other, period=cast.measurement.period, value=1)
    for name, url in coop_urls(cast, cast.coop.slug):
        response = as_admin.get(url)
        if name == "bin:trash" or response.status_code == 405:
            continue
        assert "Indicador que se borró" not in response.content.decode(), f"{name} shows a KPI in the bin"
        if "pk" not in url_kwargs(name) and name not in FEDERATION_PAGES:  # a cooperative has no federation pages
            assert response.status_code in (200, 302, 400), f"{name} gave {response.status_code}"


def test_an_objective_in_the_bin_appears_on_no_page(as_admin, cast):
    bin_delete(row=cast.kpi, user=cast.admin)
    bin_delete(row=cast.objective, user=cast.admin)
    for name, url in coop_urls(cast, cast.coop.slug):
        response = as_admin.get(url)
        if name != "bin:trash":
            assert "Crecer en ventas directas" not in response.content.decode(), f"{name} shows an objective in the bin"
