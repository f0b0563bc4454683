"""An editor changes KPIs and values of their areas only, and cannot move a KPI out of their reach."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from rumbo.bin.services import bin_delete
from rumbo.kpis.forms import KpiForm
from rumbo.kpis.models import Kpi, Measurement
from rumbo.kpis.services.definitions import TargetInput, kpi_save
from rumbo.kpis.services.values import NewValue, value_record, values_record_many
from tests.kpis.helpers import one_target_row


def kpi_post(cast, kpi, **changes) -> dict:
    """The KPI's edit form as the page fills it, with `changes`."""
    form = KpiForm(instance=kpi, coop=cast.coop)
    data = {}
    for name, _field in form.fields.items():
        value = form[name].value()
        if value is None or value is False:
            continue
        data[name] = value
    data |= {
        **one_target_row(),
    }
    return data | changes


def test_the_edit_form_as_filled_saves(as_editor, cast):
    response = as_editor.post(
        reverse("kpis:kpi_edit", args=[cast.coop.slug, cast.kpi.pk]), kpi_post(cast, cast.kpi, name="Ventas al mes")
    )
    assert response.status_code == 302
    cast.kpi.refresh_from_db()
    assert cast.kpi.name == "Ventas al mes"


def test_an_editor_cannot_move_their_kpi_into_an_area_they_do_not_edit(as_editor, cast):
    response = as_editor.post(
        reverse("kpis:kpi_edit", args=[cast.coop.slug, cast.kpi.pk]), kpi_post(cast, cast.kpi, area="produccion")
    )
    assert response.status_code == 400
    assert "Usted no edita el área Producción. Elija una de las suyas: Ventas." in response.text
    assert Kpi.objects.get(pk=cast.kpi.pk).area == "ventas"


def test_the_service_itself_refuses_the_move_on_the_area_field(cast):
    kpi = Kpi.objects.get(pk=cast.kpi.pk)
    kpi.area = "produccion"
    with pytest.raises(ValidationError) as raised:
        kpi_save(
            kpi=kpi,
            targets=[TargetInput(kpi.targets.get().start, kpi.targets.get().end, Decimal(40))],
            user=cast.editor,
        )
    assert "Producción" in raised.value.message_dict["area"][0]
    assert Kpi.objects.get(pk=cast.kpi.pk).area == "ventas"


def test_the_service_refuses_changing_a_kpi_of_another_area_even_into_ones_own(cast):
    finance = Kpi.objects.create(
        cooperative=cast.coop, slug="liquidez", name="Liquidez", area="finanzas", frequency="month"
    )
    finance.area = "ventas"
    with pytest.raises(PermissionDenied):
        kpi_save(kpi=finance, targets=[], user=cast.editor)
    with pytest.raises(PermissionDenied):
        kpi_save(kpi=finance, targets=[], user=cast.editor, membership=cast.editor_membership)
    finance.refresh_from_db()
    assert finance.area == "finanzas"
    with pytest.raises(PermissionDenied):
        bin_delete(row=finance, user=cast.editor)


def test_values_of_another_area_are_refused_by_the_service_whatever_the_path(cast):
    from datetime import date

    finance = Kpi.objects.create(
        cooperative=cast.coop, slug="liquidez", name="Liquidez", area="finanzas", frequency="month"
    )
    with pytest.raises(PermissionDenied, match="Finanzas"):
        value_record(kpi=finance, period=date(2025, 2, 1), value="3", user=cast.editor)
    with pytest.raises(PermissionDenied):
        values_record_many(
            [NewValue(cast.kpi, date(2025, 2, 1), Decimal(3)), NewValue(finance, date(2025, 2, 1), Decimal(3))],
            user=cast.editor,
            source="import",
        )
    with pytest.raises(PermissionDenied):
        value_record(kpi=finance, period=date(2025, 2, 1), value="3", user=cast.viewer)
    with pytest.raises(PermissionDenied):  # someone of another cooperative
        value_record(kpi=finance, period=date(2025, 2, 1), value="3", user=cast.outsider)
    assert not Measurement.objects.filter(kpi=finance).exists()
    assert value_record(kpi=finance, period=date(2025, 2, 1), value="3", user=cast.admin).created


def test_my_updates_leaves_out_owned_kpis_of_other_areas(as_editor, cast):
    Kpi.objects.create(
        cooperative=cast.coop, slug="liquidez", name="Liquidez", area="finanzas", frequency="month", owner=cast.editor
    )
    page = as_editor.get(reverse("kpis:my_updates", args=[cast.coop.slug])).text
    assert "Ventas cerradas por mes" in page and "Liquidez" not in page
