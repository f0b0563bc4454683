"""The fingerprints of the KPIs' data, read in plain SQL, are the texts the ORM's query gave: a forecast, lead check
or impact computed before keeps its fingerprint, and nothing is recomputed for the change of reader."""

from datetime import date
from decimal import Decimal

import pytest
from django.db.models import CharField, Count, Max, Sum, Value
from django.db.models.functions import Cast

from rumbo.insight.computing import stamps
from rumbo.kpis.models import Measurement, Target
from tests.insight.helpers import monthly_kpi

_TEXT = CharField()


def stamps_through_the_orm(ids):
    """The query as the ORM built it until the fingerprints were read in plain SQL."""

    def grouped(model, kind, *figures):
        return (
            model.objects.filter(kpi_id__in=ids)
            .order_by()
            .values("kpi_id")
            .annotate(
                kind=Value(kind, output_field=_TEXT),
                **{
                    name: Cast(figure, _TEXT) if figure is not None else Value("", output_field=_TEXT)
                    for name, figure in zip("abcde", figures)
                },
            )
            .values_list("kpi_id", "kind", "a", "b", "c", "d", "e")
        )

    values = grouped(Measurement, "m", Count("id"), Max("updated_at"), Sum("version"), None, None)
    targets = grouped(Target, "t", Count("id"), Sum("id"), Sum("value"), Sum("low"), Sum("high"))
    found = {}
    for kpi_id, kind, *figures in values.union(targets, all=True):
        found.setdefault(kpi_id, {})[kind] = figures
    return found


@pytest.mark.django_db
def test_the_fingerprints_are_the_texts_the_orm_read(cast):
    sales = monthly_kpi(cast, "ventas_mes", values=[10.5, 12.25, 9])
    band = monthly_kpi(cast, "humedad", values=[11.2], target=None)
    Target.objects.create(kpi=band, start=date(2025, 1, 1), end=date(2025, 12, 31), low=Decimal("10.5"), high=12)
    Target.objects.create(kpi=band, start=date(2026, 1, 1), end=date(2026, 12, 31), low=Decimal("1.5"), high=13)
    Target.objects.create(kpi=band, start=date(2027, 1, 1), end=date(2027, 12, 31), value=Decimal("0.333"))
    edited = Measurement.objects.filter(kpi=sales).first()
    edited.value, edited.version = Decimal("11.75"), edited.version + 1
    edited.save()
    bare = monthly_kpi(cast, "sin_datos", values=[], target=None)
    ids = [sales.pk, band.pk, bare.pk]

    found = stamps.data_stamps(ids)

    assert found == stamps_through_the_orm(ids)
    assert set(found) == {sales.pk, band.pk} and set(found[band.pk]) == {"m", "t"}
    assert found[sales.pk]["t"][3:] == [None, None]  # no band: the sums of its low and high ends are NULL
    assert stamps.data_stamps([]) == {}
