"""The one bin: every kind that can be binned is registered with it, and the addresses of its restores before still work."""

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from rumbo.bin.models import Binnable
from rumbo.bin.registry import kind_of, kinds
from rumbo.bin.services import bin_delete
from rumbo.datasets.models import Dataset
from rumbo.kpis.models import Kpi, Objective
from rumbo.okrs.models import OkrObjective


def test_every_model_that_goes_to_the_bin_is_registered_with_it():
    binnable = {model for model in apps.get_models() if issubclass(model, Binnable)}
    assert binnable == {Kpi, Objective, OkrObjective, Dataset}
    assert {found.model for found in kinds()} == binnable
    assert [found.key for found in kinds()] == ["kpis", "objectives", "okr_objectives", "datasets"]


@pytest.mark.django_db
def test_a_row_of_a_kind_it_does_not_hold_is_refused(cast):
    with pytest.raises(LookupError):
        kind_of(cast.measurement)


@pytest.mark.parametrize(
    ("path", "attribute", "model"),
    [
        ("/c/{coop}/papelera/indicadores/{pk}/restaurar/", "kpi", Kpi),
        ("/c/{coop}/papelera/objetivos/{pk}/restaurar/", "objective", Objective),
        ("/c/{coop}/okr/objetivos/{pk}/restaurar/", "okr_objective", OkrObjective),
        ("/c/{coop}/datos/papelera/{pk}/restaurar/", "dataset", Dataset),
    ],
)
def test_the_restore_addresses_from_before_the_one_bin_still_restore(as_admin, cast, path, attribute, model):
    row = getattr(cast, attribute)
    if attribute == "objective":
        bin_delete(row=cast.kpi, user=cast.admin)  # an objective goes to the bin only once no live KPI serves it
    bin_delete(row=row, user=cast.admin)
    response = as_admin.post(path.format(coop=cast.coop.slug, pk=row.pk))
    assert response.status_code == 302
    assert model.objects.filter(pk=row.pk).exists()


def test_the_page_of_the_bin_keeps_its_address(as_admin, cast):
    assert reverse("bin:trash", args=[cast.coop.slug]) == f"/c/{cast.coop.slug}/papelera/"
    assert as_admin.get(f"/c/{cast.coop.slug}/papelera/").status_code == 200


def test_a_restore_refused_by_its_kind_says_why_and_changes_nothing(as_admin, cast):
    bin_delete(row=cast.okr_objective, user=cast.admin)
    type(cast.okr_cycle).objects.filter(pk=cast.okr_cycle.pk).update(closed_at=timezone.now())
    response = as_admin.post(reverse("bin:okr_objectives", args=[cast.coop.slug, cast.okr_objective.pk]), follow=True)
    assert "ya se cerró" in response.content.decode()
    assert OkrObjective.all_objects.get(pk=cast.okr_objective.pk).deleted_at is not None
