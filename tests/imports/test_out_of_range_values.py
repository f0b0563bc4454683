"""A spreadsheet value its column cannot keep is a problem of the preview, at its row and column, not a surprise at commit."""

from datetime import date

import pytest
from django.urls import reverse

from rumbo.imports.services.values import value_import_create, values_commit, values_preview
from rumbo.kpis.models import Measurement
from tests.imports.helpers import csv, xlsx

EDGE_FILE = csv(
    "Indicador;Periodo;Valor\nVentas cerradas por mes;feb-2025;41,5\nVentas cerradas por mes;mar-2025;99999999999999,9999999\n"
)


@pytest.mark.parametrize(
    "data, name",
    [
        (EDGE_FILE, "v.csv"),
        (
            csv(
                "Indicador;Periodo;Valor\nVentas cerradas por mes;feb-2025;41,5\nVentas cerradas por mes;mar-2025;-99.999.999.999.999,9999999\n"
            ),
            "v.csv",
        ),
        (
            xlsx(
                [
                    ("Indicador", "Periodo", "Valor"),
                    ("Ventas cerradas por mes", "feb-2025", 41.5),
                    ("Ventas cerradas por mes", "mar-2025", 1e20),
                ]
            ),
            "v.xlsx",
        ),
    ],
)
def test_the_preview_names_the_row_and_column_of_a_value_that_cannot_be_kept(cast, data, name):
    preview = values_preview(coop=cast.coop, data=data, filename=name)
    assert not preview.ok
    [problem] = preview.problems
    assert (problem.row, problem.column) == (3, "C")
    assert "demasiado grande" in problem.located() and "Valor" in problem.located()
    assert [v.row for v in preview.values] == [2]


def test_a_kept_import_with_such_a_value_cannot_be_committed_and_writes_nothing(cast):
    value_import = value_import_create(coop=cast.coop, data=EDGE_FILE, filename="v.csv", user=cast.admin)
    assert value_import.failed == 1
    result = values_commit(coop=cast.coop, import_=value_import, user=cast.admin)
    assert (result.created, result.failed) == (0, 1)
    assert any("Fila 3, columna C" in error and "demasiado grande" in error for error in result.errors), result.errors
    assert not Measurement.objects.filter(period__gte=date(2025, 2, 1)).exists()


def test_the_preview_page_shows_the_problem_and_the_kpi_page_still_answers(as_editor, cast):
    value_import = value_import_create(coop=cast.coop, data=EDGE_FILE, filename="v.csv", user=cast.editor)
    page = as_editor.get(reverse("imports:preview", args=[cast.coop.slug, value_import.pk]))
    assert page.status_code == 200 and "demasiado grande" in page.text
    assert "0 problemas" not in page.text
    assert as_editor.get(reverse("kpis:kpi_detail", args=[cast.coop.slug, cast.kpi.pk])).status_code == 200
