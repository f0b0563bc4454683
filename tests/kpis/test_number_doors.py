"""A number its column cannot keep is refused at every door of a KPI, before it is stored; the pages stay readable.

99999999999999,9999999 is below 10¹⁴, but rounded to six decimals it is 10¹⁴, which a column
of 14 whole digits cannot hold: SQLite kept it and every later read failed.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from rumbo.kpis.models import Kpi, Measurement, Target
from rumbo.kpis.services.definitions import TargetInput, kpi_save
from rumbo.kpis.services.values import value_record
from tests.factories import unsaved_kpi
from tests.kpis.helpers import kpi_form_data

EDGE = "99999999999999,9999999"
TOO_BIG = "demasiado grande"


def _pages_still_answer(client, cast, kpi=None):
    kpi = kpi or cast.kpi
    assert client.get(reverse("kpis:kpi_detail", args=[cast.coop.slug, kpi.pk])).status_code == 200
    assert client.get(reverse("kpis:kpi_edit", args=[cast.coop.slug, kpi.pk])).status_code == 200
    assert client.get(reverse("kpis:board", args=[cast.coop.slug])).status_code == 200


@pytest.mark.parametrize(
    "typed", [EDGE, "-99999999999999,9999999", "99999999999999.97", "999999999999999999999999999999"]
)
def test_the_service_refuses_a_value_that_rounds_out_of_its_column(cast, typed):
    with pytest.raises(ValidationError) as refused:
        value_record(kpi=cast.kpi, period=date(2025, 2, 1), value=typed, user=cast.editor)
    assert TOO_BIG in refused.value.messages[0] and refused.value.messages[0].startswith("Valor:")
    assert not Measurement.objects.filter(period=date(2025, 2, 1)).exists()


def test_the_largest_value_that_fits_is_stored_and_read_back(as_editor, cast):
    value_record(kpi=cast.kpi, period=date(2025, 2, 1), value="99.999.999.999.999,94", user=cast.editor)
    assert Measurement.objects.get(period=date(2025, 2, 1)).value > Decimal("99999999999999")
    _pages_still_answer(as_editor, cast)


def test_the_value_form_of_the_kpi_page_refuses_it(as_editor, cast):
    url = reverse("kpis:kpi_value_add", args=[cast.coop.slug, cast.kpi.pk])
    response = as_editor.post(url, {"period": "2025-02-01", "value": EDGE, "note": ""})
    assert response.status_code == 400 and TOO_BIG in response.text
    assert not Measurement.objects.filter(period=date(2025, 2, 1)).exists()
    _pages_still_answer(as_editor, cast)


def test_my_updates_refuses_it(as_editor, cast, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: date(2025, 3, 15))
    response = as_editor.post(reverse("kpis:my_updates", args=[cast.coop.slug]), {f"k{cast.kpi.pk}-value": EDGE})
    assert response.status_code in (200, 400) and TOO_BIG in response.text
    assert not Measurement.objects.filter(period=date(2025, 2, 1)).exists()
    _pages_still_answer(as_editor, cast)


def _kpi_form(cast, **extra):
    return kpi_form_data(cast, cast.kpi, **extra)


def test_the_kpi_form_saves_an_ordinary_target(as_editor, cast):
    response = as_editor.post(
        reverse("kpis:kpi_edit", args=[cast.coop.slug, cast.kpi.pk]), _kpi_form(cast, **{"targets-0-value": "45,5"})
    )
    assert response.status_code == 302
    assert cast.kpi.targets.get().value == Decimal("45.5")


@pytest.mark.parametrize("field", ["targets-0-value", "baseline"])
@pytest.mark.parametrize("typed", ["999999999999999999999999999999", EDGE])
def test_the_kpi_form_refuses_a_target_or_baseline_its_column_cannot_keep(as_editor, cast, field, typed):
    response = as_editor.post(
        reverse("kpis:kpi_edit", args=[cast.coop.slug, cast.kpi.pk]), _kpi_form(cast, **{field: typed})
    )
    assert response.status_code == 400 and TOO_BIG in response.text
    assert list(cast.kpi.targets.values_list("value", flat=True)) == [Decimal(40)]
    assert Kpi.objects.get(pk=cast.kpi.pk).baseline is None
    _pages_still_answer(as_editor, cast)


@pytest.mark.parametrize(
    "field, typed, message",
    [
        ("on_track_at", "100000", "entre −99.999 y 99.999"),  # a percentage: 1000 times the target does not fit
        ("at_risk_at", "-100000", "entre −99.999 y 99.999"),
        ("scale_max", "100000000", "entre −99.999.999 y 99.999.999"),
    ],
)
def test_the_kpi_form_refuses_thresholds_and_scales_out_of_their_columns(as_editor, cast, field, typed, message):
    response = as_editor.post(
        reverse("kpis:kpi_edit", args=[cast.coop.slug, cast.kpi.pk]), _kpi_form(cast, **{field: typed})
    )
    assert response.status_code == 400 and message in response.text


def test_a_threshold_is_rounded_to_what_its_column_keeps(as_editor, cast):
    response = as_editor.post(
        reverse("kpis:kpi_edit", args=[cast.coop.slug, cast.kpi.pk]), _kpi_form(cast, on_track_at="95,125")
    )
    assert response.status_code == 302
    assert Kpi.objects.get(pk=cast.kpi.pk).on_track_at == Decimal("0.9512")


def _new_kpi(cast, **fields):
    return unsaved_kpi(cast, "Satisfacción", **fields)


YEAR = TargetInput(start=date(2026, 1, 1), end=date(2026, 12, 31), value=Decimal(100))


@pytest.mark.parametrize(
    "fields, targets, named",
    [
        (
            {},
            [TargetInput(start=date(2026, 1, 1), end=date(2026, 12, 31), value=Decimal("99999999999999.9999999"))],
            "Meta 1",
        ),
        (
            {"direction": "band"},
            [TargetInput(start=date(2026, 1, 1), end=date(2026, 12, 31), low=Decimal(1), high=Decimal("1e20"))],
            "Meta 1, máximo",
        ),
        ({"baseline": Decimal("-99999999999999.9999999")}, [YEAR], "Línea base"),
        ({"on_track_at": Decimal("1000")}, [YEAR], "En rumbo desde"),
        ({"at_risk_at": Decimal("-1000")}, [YEAR], "En riesgo desde"),
        (
            {"nature": "qualitative", "scale_kind": "range", "scale_min": Decimal(0), "scale_max": Decimal("1e8")},
            [YEAR],
            "Máximo de la escala",
        ),
    ],
)
def test_every_path_through_kpi_save_refuses_figures_out_of_their_columns(cast, fields, targets, named):
    before = (Kpi.objects.count(), Target.objects.count())
    with pytest.raises(ValidationError) as refused:
        kpi_save(kpi=_new_kpi(cast, **fields), targets=targets, user=cast.admin)
    assert any(m.startswith(named) and TOO_BIG in m for m in refused.value.messages), refused.value.messages
    assert (Kpi.objects.count(), Target.objects.count()) == before


def test_kpi_save_rounds_the_figures_it_keeps(cast):
    kpi = kpi_save(
        kpi=_new_kpi(cast, baseline=Decimal("1.23456789"), on_track_at=Decimal("0.951249")),
        targets=[TargetInput(start=date(2026, 1, 1), end=date(2026, 12, 31), value=Decimal("10.0000005"))],
        user=cast.admin,
    )
    kpi.refresh_from_db()
    assert (kpi.baseline, kpi.on_track_at, kpi.targets.get().value) == (
        Decimal("1.234568"),
        Decimal("0.9512"),
        Decimal("10.000000"),
    )
