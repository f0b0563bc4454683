"""metrics_recompute: a new version recomputes its metrics and the formulas over them, all or nothing, history kept."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from rumbo.bin.services import bin_delete
from rumbo.datasets.models import DatasetVersion
from rumbo.datasets.services.recompute import metrics_recompute
from rumbo.files import store
from rumbo.kpis.models import Measurement
from rumbo.kpis.services import values as values_module
from rumbo.kpis.services.values import value_record
from tests.datasets.conftest import APR, FEB, JAN, MAR, SALES, values_of

MAY = date(2024, 5, 1)


@pytest.fixture
def metrics(load, define):
    load()
    return {
        "ingresos": define("ingresos", measure="sum(Monto)").kpi,
        "pedidos": define("pedidos", measure="count()").kpi,
        "medio": define("valor medio", formula="ingresos / pedidos").kpi,
    }


def test_a_new_version_recomputes_the_metrics_and_the_formulas_over_them(metrics, load):
    loaded = load([*SALES, ("03/05/2024", "Eva", "tostado", "2", "400")], append=True)
    assert {k.slug for k in loaded.recomputed.metrics} == {"ingresos", "pedidos", "valor_medio"}
    assert values_of(metrics["ingresos"])[MAY] == Decimal(400)
    assert values_of(metrics["medio"])[MAY] == Decimal(400)
    assert values_of(metrics["pedidos"])[JAN] == 4  # the same rows twice
    row = Measurement.objects.get(kpi=metrics["pedidos"], period=JAN)
    assert (row.source_detail, row.version) == ("ventas v2", 2)
    assert [(h.history_type, h.value, h.source_detail) for h in row.history.order_by("history_id")] == [
        ("+", 2, "ventas v1"),
        ("~", 4, "ventas v2"),
    ]


def test_a_value_the_new_version_no_longer_yields_is_removed_with_history(metrics, load):
    load(SALES[:2])  # only January now
    assert set(values_of(metrics["ingresos"])) == {JAN}
    assert set(values_of(metrics["medio"])) == {JAN}
    removed = Measurement.history.filter(kpi_id=metrics["ingresos"].pk, period=FEB).order_by("history_id").last()
    assert removed.history_type == "-"


def test_a_value_typed_by_hand_in_another_period_stays_and_one_in_a_computed_period_is_replaced(metrics, load, cast):
    kpi = metrics["pedidos"]
    value_record(kpi=kpi, period=date(2023, 12, 1), value="9", user=cast.editor)
    row = Measurement.objects.get(kpi=kpi, period=APR)
    value_record(kpi=kpi, period=APR, value="7", user=cast.editor, version=row.version)
    load()
    assert values_of(kpi)[date(2023, 12, 1)] == 9
    assert values_of(kpi)[APR] == 1 and Measurement.objects.get(kpi=kpi, period=APR).source == "dataset"


def test_recomputing_twice_changes_nothing_the_second_time(metrics, cast):
    first = metrics_recompute(coop=cast.coop)
    assert first.written.changed == 0  # every value was computed when defined
    before = Measurement.history.count()
    assert metrics_recompute(coop=cast.coop).written.changed == 0
    assert Measurement.history.count() == before


def test_a_formula_over_a_value_typed_by_hand(metrics, define, cast):
    kpi = define("ventas por ingreso", formula="ventas_cerradas / ingresos").kpi
    # no sales typed in 2024, no income computed for January 2025: no value anywhere
    assert values_of(kpi) == {JAN: None, FEB: None, MAR: None, APR: None, date(2025, 1, 1): None}
    value_record(kpi=cast.kpi, period=FEB, value="61", user=cast.editor)
    metrics_recompute(coop=cast.coop)
    assert values_of(kpi)[FEB] == Decimal("0.019998")


def test_a_failure_while_storing_values_leaves_no_version_and_no_file(metrics, load, cast, monkeypatch):
    before = {m.pk: m.value for m in Measurement.objects.all()}

    def broken(*args, **kwargs):
        raise RuntimeError("disco lleno")

    monkeypatch.setattr(values_module, "_rows_update", broken)
    with pytest.raises(RuntimeError):
        load([*SALES, *SALES], append=True)
    assert list(DatasetVersion.objects.filter(dataset=cast.dataset).values_list("number", flat=True)) == [1]
    assert {m.pk: m.value for m in Measurement.objects.all()} == before
    folder = DatasetVersion.objects.get().file.rsplit("/", 1)[0]
    assert sorted(name.rsplit("/", 1)[-1] for name in store.names_under(folder)) == ["v1-ventas.csv", "v1.parquet"]


def test_metrics_of_a_dataset_in_the_bin_keep_their_values_and_are_not_recomputed(metrics, cast):
    bin_delete(row=cast.dataset, user=cast.admin)
    assert metrics_recompute(coop=cast.coop).metrics == [metrics["medio"]]
    assert values_of(metrics["ingresos"])[JAN] == Decimal("1500.5")


def test_a_metric_that_cannot_be_computed_is_named(metrics, cast):
    from rumbo.datasets.models import MetricDefinition

    MetricDefinition.objects.filter(kpi=metrics["ingresos"]).update(measure="sum(Precio)")
    with pytest.raises(ValidationError) as err:
        metrics_recompute(coop=cast.coop)
    assert err.value.messages == [
        "No se puede calcular «ingresos»: La columna «Precio» no existe. Columnas disponibles: "
        "Fecha, Cliente, Producto, Cantidad, Monto."
    ]
