"""Computed values (a dataset's metric, a formula) are kept only when their column can hold them, rounded first."""

from datetime import date
from decimal import Decimal

import pytest

from rumbo.datasets.computing import Point
from rumbo.kpis.models import Measurement
from rumbo.kpis.services.values import Write, storable, values_replace


@pytest.mark.parametrize(
    "number, kept",
    [
        (Decimal("12.3456789"), Decimal("12.345679")),
        (Decimal("99999999999999.94"), Decimal("99999999999999.94")),
        (Decimal("99999999999999.9999999"), None),  # below 1e14, but 1e14 once rounded
        (Decimal("-99999999999999.9999999"), None),
        (Decimal("1E+20"), None),
        (Decimal("NaN"), None),
        (None, None),
    ],
)
def test_a_computed_number_is_rounded_then_bounded(number, kept):
    assert storable(number) == kept


def test_a_formula_whose_result_cannot_be_kept_stores_no_figure_and_the_page_answers(as_viewer, cast):
    from django.urls import reverse

    points = {
        date(2025, 2, 1): Point(date(2025, 2, 1), Decimal("99999999999999.9999999"), Decimal("1E+30"), Decimal(3)),
        date(2025, 3, 1): Point(date(2025, 3, 1), Decimal("7")),
    }
    values_replace(writes=[Write(cast.kpi, points, "formula", "a / b")])
    february = Measurement.objects.get(kpi=cast.kpi, period=date(2025, 2, 1))
    assert (february.value, february.numerator, february.denominator) == (None, None, Decimal(3))
    assert Measurement.objects.get(kpi=cast.kpi, period=date(2025, 3, 1)).value == Decimal(7)
    assert as_viewer.get(reverse("kpis:kpi_detail", args=[cast.coop.slug, cast.kpi.pk])).status_code == 200
