"""The demo cooperative's sales, deliveries and commercial activities feed at least five of its KPIs."""

from datetime import date

import pytest

from rumbo.datasets.models import Dataset, MetricDefinition
from rumbo.kpis.models import Measurement


@pytest.mark.django_db
def test_the_demo_kpis_get_their_values_from_its_datasets():
    from rumbo.demo import SLUG, load_demo

    load_demo(today=date(2026, 5, 20))
    datasets = {d.name: d for d in Dataset.objects.filter(cooperative__slug=SLUG)}
    assert set(datasets) == {"ventas", "acopio", "actividades"}
    assert all(1000 < d.versions.get().rows < 20000 for d in datasets.values())
    computed = MetricDefinition.objects.filter(kpi__cooperative__slug=SLUG)
    kpis = {d.kpi.name: d.kpi for d in computed.select_related("kpi") if d.kpi.kind == "kpi"}
    assert {
        "Producción total de café",
        "Ventas cerradas por mes",
        "Clientes nuevos adquiridos",
        "Llamadas a clientes por día",
        "Mensajes enviados a clientes diariamente",
    } <= set(kpis)
    last = date(2026, 4, 1)
    for name in ["Producción total de café", "Ventas cerradas por mes", "Clientes nuevos adquiridos"]:
        value = Measurement.objects.get(kpi=kpis[name], period=last)
        assert (value.source, value.source_detail) == (
            "dataset",
            {"Producción total de café": "acopio v1"}.get(name, "ventas v1"),
        )
    calls = Measurement.objects.get(kpi=kpis["Llamadas a clientes por día"], period=last)
    assert calls.source == "formula" and 8 < calls.value < 30
    # before the twelve months of logged calls, the values typed in by hand stay
    assert Measurement.objects.get(kpi=kpis["Llamadas a clientes por día"], period=date(2024, 4, 1)).source == "manual"
    # values the records tell were never typed in, not even in the history
    typed = Measurement.history.filter(source="manual")
    assert not typed.filter(kpi_id=kpis["Ventas cerradas por mes"].pk).exists()
    calls_typed = typed.filter(kpi_id=kpis["Llamadas a clientes por día"].pk)
    assert max(calls_typed.values_list("period", flat=True)) == date(2025, 4, 1)
    average = Measurement.objects.get(kpi__cooperative__slug=SLUG, kpi__name="Valor medio del pedido", period=last)
    assert average.source == "formula" and average.value == (average.numerator / average.denominator).quantize(
        average.value
    )
    harvest = Measurement.objects.filter(
        kpi=kpis["Producción total de café"], period__gte=date(2024, 10, 1), period__lt=date(2025, 10, 1)
    )
    assert 10000 < sum(m.value for m in harvest) < 14000  # a harvest of the demo's size, delivered member by member
