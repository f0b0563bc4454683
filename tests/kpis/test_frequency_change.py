"""Changing how often a KPI is measured once it has values."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from rumbo.kpis.models import Kpi, Measurement
from rumbo.kpis.services.definitions import TargetInput, kpi_save
from tests.kpis.helpers import kpi_form_data


def targets_of(kpi):
    return [TargetInput(start=t.start, end=t.end, value=t.value, low=t.low, high=t.high) for t in kpi.targets.all()]


def with_monthly_values(cast):
    for month in range(2, 13):
        Measurement.objects.create(kpi=cast.kpi, period=date(2025, month, 1), value=Decimal(30 + month))
    return Kpi.objects.get(pk=cast.kpi.pk)


def test_it_refuses_a_frequency_its_values_do_not_fit_and_changes_nothing(cast):
    kpi = with_monthly_values(cast)
    kpi.frequency = "harvest"
    with pytest.raises(ValidationError) as err:
        kpi_save(kpi=kpi, targets=targets_of(kpi), user=cast.admin)
    assert "frequency" in err.value.message_dict
    assert "11 valores" in err.value.message_dict["frequency"][0]
    assert Kpi.objects.get(pk=kpi.pk).frequency == "month"


def test_a_frequency_its_values_fit_is_accepted(cast):
    kpi = Kpi.objects.get(pk=cast.kpi.pk)  # one value, on 1 January: also the start of a year
    kpi.frequency = "year"
    kpi_save(kpi=kpi, targets=targets_of(kpi), user=cast.admin)
    assert Kpi.objects.get(pk=kpi.pk).frequency == "year"


def test_the_edit_page_says_why_on_the_frequency_field(cast, client):
    kpi = with_monthly_values(cast)
    client.force_login(cast.admin)
    edit = reverse("kpis:kpi_edit", args=[cast.coop.slug, kpi.pk])
    response = client.post(edit, kpi_form_data(cast, kpi, frequency="harvest"))
    assert response.status_code == 400
    assert "11 valores que no caen al inicio" in " ".join(response.context["form"].errors["frequency"])
    assert Kpi.objects.get(pk=kpi.pk).frequency == "month"


def test_a_kpi_page_with_values_off_its_frequency_still_opens(cast, client):
    """Values kept by an older version, before the frequency was checked against them."""
    with_monthly_values(cast)
    Kpi.objects.filter(pk=cast.kpi.pk).update(frequency="harvest")
    client.force_login(cast.admin)
    assert client.get(reverse("kpis:kpi_detail", args=[cast.coop.slug, cast.kpi.pk])).status_code == 200
