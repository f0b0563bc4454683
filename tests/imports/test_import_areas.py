"""The value import refuses rows by the same rule as every write of a value: the areas the person edits."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from rumbo.accounts.models import Membership
from rumbo.imports.services.values import values_preview
from rumbo.kpis.models import Measurement
from rumbo.kpis.services.values import value_record
from tests.factories import make_kpi
from tests.imports.helpers import csv, located

FILE = csv("Indicador;Periodo;Valor\nVentas cerradas por mes;mar-2025;7\nProducción total de café;mar-2025;99\n")


@pytest.fixture
def produccion(cast):
    return make_kpi(cast.coop, "produccion_total", "Producción total de café", area="produccion")


def test_the_ventas_editors_file_with_a_produccion_row_refuses_that_row_with_row_and_column(cast, produccion):
    preview = values_preview(coop=cast.coop, data=FILE, filename="v.csv", user=cast.editor)
    assert located(preview) == [
        "Fila 3, columna A (Indicador): «Producción total de café» es del área Producción; usted solo puede cambiar valores "
        "de: Ventas. Quite sus filas o pida a quien administra la cooperativa que lo importe."
    ]
    assert [v.kpi.slug for v in preview.values] == ["ventas_cerradas"]


def test_the_page_shows_it_and_nothing_is_written(as_editor, cast, produccion):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = as_editor.post(
        reverse("imports:values", args=[cast.coop.slug]), {"file": SimpleUploadedFile("v.csv", FILE)}, follow=True
    )
    assert "«Producción total de café» es del área Producción" in response.text
    assert not Measurement.objects.filter(kpi=produccion).exists()


@pytest.mark.parametrize(
    "role, areas", [("admin", []), ("editor", ["ventas"]), ("editor", ["produccion"]), ("editor", []), ("viewer", [])]
)
def test_the_preview_refuses_a_row_exactly_when_recording_the_value_would_be_refused(cast, produccion, role, areas):
    Membership.objects.filter(pk=cast.editor_membership.pk).update(role=role, areas=areas)
    preview = values_preview(coop=cast.coop, data=FILE, filename="v.csv", user=cast.editor)
    planned = {v.kpi.pk for v in preview.values}
    for kpi in (cast.kpi, produccion):
        try:
            value_record(kpi=kpi, period=date(2025, 3, 1), value="1", user=cast.editor)
        except PermissionDenied:
            recorded = False
        else:
            recorded = True
        assert (kpi.pk in planned) == recorded, (role, areas, kpi.slug)
