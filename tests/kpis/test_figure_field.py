"""FigureField: the column type of every figure reads an out-of-range stored figure as None, and needs no migration."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from rumbo.kpis.fields import FigureField
from rumbo.kpis.models import Measurement
from tests.kpis.unreadable import TOO_BIG, plant, plant_value

VALUE = Measurement._meta.get_field("value")


@pytest.mark.parametrize(
    "raw, readable",
    [
        (None, True),
        (35, True),
        (35.5, True),
        (Decimal("12.5"), True),
        (99999999999999.0, True),
        (-99999999999999.0, True),
        (1e14, False),
        (-1e14, False),
        (10**14, False),
        (float("inf"), False),
        (float("nan"), False),
        (Decimal("NaN"), False),
        (Decimal("1E+14"), False),
        ("abc", False),
        (True, False),
    ],
)
def test_it_tells_which_raw_figures_its_column_can_read(raw, readable):
    assert VALUE.reads(raw) is readable


def test_it_is_a_plain_decimal_field_to_migrations(db):
    _name, path, _args, kwargs = VALUE.deconstruct()
    assert path == "django.db.models.DecimalField" and (kwargs["max_digits"], kwargs["decimal_places"]) == (20, 6)
    out = StringIO()
    call_command(
        "makemigrations", "--check", "--dry-run", stdout=out
    )  # exits with SystemExit(1) on a missing migration
    assert "No changes detected" in out.getvalue()


def test_every_figure_column_of_kpis_and_okrs_is_one():
    from django.apps import apps

    for model in apps.get_models():
        if model._meta.app_label in ("kpis", "okrs"):
            for field in model._meta.concrete_fields:
                if field.get_internal_type() == "DecimalField":
                    assert isinstance(field, FigureField), f"{model.__name__}.{field.name}"


def test_a_planted_figure_reads_as_none_everywhere_and_the_others_still_read(cast):
    planted = plant_value(cast.kpi)
    if planted is None:
        return
    plant("UPDATE kpis_historicalmeasurement SET value = %s WHERE id = %s", [TOO_BIG, cast.measurement.pk])
    assert Measurement.objects.get(pk=planted).value is None
    assert dict(Measurement.objects.filter(kpi=cast.kpi).values_list("pk", "value")) == {
        cast.measurement.pk: Decimal("35.000000"),
        planted: None,
    }
    assert [h.value for h in Measurement.history.filter(id=cast.measurement.pk)] == [None]
    # Writing a sound figure over it works as any save does.
    row = Measurement.objects.get(pk=planted)
    row.value = Decimal(7)
    row.save()
    with connection.cursor() as cursor:
        cursor.execute("SELECT value FROM kpis_measurement WHERE id = %s", [planted])
        assert cursor.fetchone()[0] == 7
