"""Recording many values at once: the rules of one value, all or none, a ratio's parts, and queries that do not grow."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from rumbo.kpis.models import Kpi, Measurement
from rumbo.kpis.services.values import ManyRecordError, NewValue, values_record_many

JAN, FEB = date(2025, 1, 1), date(2025, 2, 1)


def test_a_period_that_has_a_value_needs_the_version_it_replaces_and_nothing_is_written(cast):
    with pytest.raises(ManyRecordError) as err:
        values_record_many(
            [NewValue(cast.kpi, FEB, "40"), NewValue(cast.kpi, JAN, "36")], user=cast.editor, source="import"
        )
    assert err.value.index == 1 and "ya tiene un valor" in " ".join(err.value.messages)
    assert list(Measurement.objects.filter(kpi=cast.kpi).values_list("period", "value")) == [(JAN, Decimal(35))]


def test_overwrite_replaces_whatever_the_version_and_keeps_the_old_value_in_the_history(cast):
    written = values_record_many(
        [NewValue(cast.kpi, JAN, "36,5"), NewValue(cast.kpi, FEB, "40")],
        user=cast.editor,
        source="api",
        source_detail="Contabilidad",
        overwrite=True,
    )
    assert (written.created, written.updated) == (1, 1)
    row = Measurement.objects.get(kpi=cast.kpi, period=JAN)
    assert (row.value, row.version, row.source, row.source_detail) == (Decimal("36.5"), 2, "api", "Contabilidad")
    assert [h.value for h in Measurement.history.filter(id=row.pk).order_by("history_date", "history_id")] == [
        Decimal(35),
        Decimal("36.5"),
    ]
    again = values_record_many([NewValue(cast.kpi, JAN, "36.5")], user=cast.editor, source="api", overwrite=True)
    assert (again.created, again.updated) == (0, 0)
    assert Measurement.objects.get(pk=row.pk).version == 2


def test_a_ratio_keeps_its_parts_cleaned_as_any_number(cast):
    values_record_many(
        [NewValue(cast.kpi, FEB, "0,25", numerator="1.000", denominator="4000")], user=cast.editor, source="manual"
    )
    row = Measurement.objects.get(kpi=cast.kpi, period=FEB)
    assert (row.value, row.numerator, row.denominator) == (Decimal("0.25"), Decimal(1000), Decimal(4000))
    with pytest.raises(ValidationError, match="Denominador: «mucho» no es un número"):
        values_record_many(
            [NewValue(cast.kpi, date(2025, 3, 1), "1", numerator="1", denominator="mucho")],
            user=cast.editor,
            source="manual",
        )


def new_kpis(cast, n):
    start = Kpi.objects.count()
    return Kpi.objects.bulk_create(
        Kpi(cooperative=cast.coop, slug=f"k{i}", name=f"K {i}", area="ventas", frequency="month")
        for i in range(start, start + n)
    )


def record(cast, kpis, value="1", overwrite=False):
    return values_record_many(
        [NewValue(k, FEB, value) for k in kpis], user=cast.editor, source="import", overwrite=overwrite
    )


def test_recording_for_10_or_60_kpis_costs_the_same_queries(cast, django_assert_max_num_queries):
    ten, sixty = new_kpis(cast, 10), new_kpis(cast, 60)
    # 30: the writer's queries and the insight refresh it queues, which the tests' task backend runs at once.
    with django_assert_max_num_queries(30) as first:
        assert record(cast, ten).created == 10
    with django_assert_max_num_queries(len(first.captured_queries)):
        assert record(cast, sixty).created == 60


def test_changing_the_values_of_10_or_60_kpis_costs_the_same_queries(cast, django_assert_max_num_queries):
    """A row read to be changed holds its KPI: none is fetched again row by row."""
    ten, sixty = new_kpis(cast, 10), new_kpis(cast, 60)
    record(cast, ten), record(cast, sixty)
    with django_assert_max_num_queries(30) as first:
        assert record(cast, ten, "2", overwrite=True).updated == 10
    with django_assert_max_num_queries(len(first.captured_queries)):
        assert record(cast, sixty, "2", overwrite=True).updated == 60
