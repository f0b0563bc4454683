"""metric_define: a measure over a dataset or a formula over other metrics, checked before anything is written."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from rumbo.datasets.models import MetricDefinition
from rumbo.kpis.models import Kpi, Measurement
from tests.datasets.conftest import APR, FEB, JAN, MAR, values_of


def test_a_new_name_creates_a_plain_metric_with_its_values(load, define, cast):
    load()
    defined = define("Ingresos", measure="sum(Monto)")
    kpi = defined.kpi
    assert defined.created and (kpi.slug, kpi.kind, kpi.frequency, kpi.aggregation) == (
        "ingresos",
        "metric",
        "month",
        "sum",
    )
    assert values_of(kpi) == {JAN: Decimal("1500.5"), FEB: Decimal("3050.25"), MAR: Decimal(0), APR: Decimal(310)}
    row = Measurement.objects.get(kpi=kpi, period=JAN)
    assert (row.source, row.source_detail, row.entered_by) == ("dataset", "ventas v1", cast.editor)
    assert row.history.get().history_type == "+"


def test_an_existing_kpi_found_by_name_or_slug_stays_a_kpi(load, define, cast):
    load()
    defined = define("ventas cerradas por MES", measure="count()")
    assert defined.kpi == cast.kpi and not defined.created
    cast.kpi.refresh_from_db()
    assert cast.kpi.kind == "kpi"
    # the value typed in by hand for January 2025 is in another period: it stays
    assert values_of(cast.kpi) == {JAN: 2, FEB: 2, MAR: 0, APR: 1, date(2025, 1, 1): 35}


def test_a_filter_and_the_measures_for_customers(load, define):
    load()
    pergamino = define("pergamino", measure="sum(Monto)", where="Producto = 'Pergamino'").kpi
    assert values_of(pergamino) == {JAN: Decimal("1200.5"), FEB: Decimal(1800)}
    new = define("clientes nuevos", measure="new(Cliente)").kpi
    assert values_of(new) == {JAN: 2, FEB: 1, MAR: 0, APR: 1}


def test_redefining_a_metric_recomputes_it_and_keeps_the_history(load, define):
    load()
    kpi = define("ingresos", measure="sum(Monto)").kpi
    define("ingresos", measure="max(Monto)")
    assert values_of(kpi)[FEB] == Decimal(1800)
    assert MetricDefinition.objects.get(kpi=kpi).history.count() == 2
    assert [h.history_type for h in Measurement.objects.get(kpi=kpi, period=FEB).history.order_by("history_id")] == [
        "+",
        "~",
    ]
    assert not Measurement.objects.filter(kpi=kpi, period=MAR).exists()  # max of nothing: the 0 of a sum is gone


def test_a_formula_over_other_metrics(load, define):
    load()
    define("ingresos", measure="sum(Monto)")
    define("pedidos", measure="count()")
    defined = define("Valor medio del pedido", formula="ingresos / pedidos")
    kpi = defined.kpi
    assert (kpi.frequency, kpi.aggregation) == ("month", "ratio")
    assert values_of(kpi) == {JAN: Decimal("750.25"), FEB: Decimal("1525.125"), MAR: None, APR: Decimal(310)}
    row = Measurement.objects.get(kpi=kpi, period=JAN)
    assert (row.source, row.source_detail, row.numerator, row.denominator) == (
        "formula",
        "ingresos / pedidos",
        Decimal("1500.5"),
        2,
    )


def test_division_by_zero_gives_no_value_for_that_period(load, define):
    load()
    define("ingresos", measure="sum(Monto)")
    define("pedidos", measure="count()")
    kpi = define("por pedido", formula="ingresos / (pedidos - 2)").kpi
    assert values_of(kpi)[JAN] is None and values_of(kpi)[APR] == Decimal(-310)


def test_a_formula_metric_follows_its_inputs_when_they_change(load, define):
    load()
    define("ingresos", measure="sum(Monto)")
    kpi = define("ingresos dobles", formula="ingresos * 2").kpi
    define("ingresos", measure="sum(Cantidad)")
    assert values_of(kpi)[JAN] == Decimal(6)


def errors(call) -> str:
    with pytest.raises(ValidationError) as err:
        call()
    return " ".join(err.value.messages)


def test_a_measure_over_a_column_that_does_not_exist(load, define, cast):
    load()
    before = Kpi.objects.count()
    assert errors(lambda: define("x", measure="sum(Precio)")) == (
        "La columna «Precio» no existe. Columnas disponibles: Fecha, Cliente, Producto, Cantidad, Monto."
    )
    assert Kpi.objects.count() == before and not MetricDefinition.objects.exists()


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"measure": "sum(Cliente)"}, "La medida sum necesita una columna de números; «Cliente» no lo es."),
        ({"measure": "total(Monto)"}, "«total» no es una medida conocida."),
        (
            {"measure": "count()", "date": "Cliente"},
            "«Cliente» no es una columna de fecha. Columnas de fecha disponibles: Fecha.",
        ),
        (
            {"measure": "count()", "where": "Producto > 'x'"},
            "«Producto» es una columna de texto: solo se puede comparar con = o !=.",
        ),
        ({"measure": "count()", "grain": "quincena"}, "«quincena» no es un periodo válido"),
        ({"measure": "count()", "dataset": "acopio"}, "No hay datos «acopio». Datos de la cooperativa: «ventas»."),
        ({"measure": "count()", "dataset": None}, "Indique de qué datos se calcula"),
    ],
)
def test_bad_dataset_definitions_are_explained(load, define, kwargs, message):
    load()
    assert message in errors(lambda: define("x", **kwargs))
    assert not MetricDefinition.objects.exists()


def test_a_formula_that_refers_to_itself(load, define):
    load()
    assert errors(lambda: define("margen", formula="margen * 2")) == "La fórmula de «margen» se usa a sí misma."
    assert not Kpi.objects.filter(slug="margen").exists()


def test_formulas_that_form_a_cycle(load, define):
    load()
    define("ingresos", measure="sum(Monto)")
    define("a", formula="ingresos + 1")
    define("b", formula="a + 1")
    assert errors(lambda: define("a", formula="b * 2")) == "Las fórmulas forman un ciclo: a → b → a."
    assert MetricDefinition.objects.get(kpi__slug="a").formula == "ingresos + 1"


def test_unknown_names_in_a_formula_are_listed_with_suggestions(load, define):
    load()
    define("ingresos", measure="sum(Monto)")
    assert errors(lambda: define("m", formula="ingreso / pedidos")) == (
        "La fórmula usa métricas que no existen: «ingreso», «pedidos». ¿Quiso decir «ingresos»?"
    )


def test_a_formula_cannot_mix_grains(load, define):
    load()
    define("diarias", measure="count()", grain="day")
    define("mensuales", measure="count()")
    assert "se miden por periodos distintos" in errors(lambda: define("mezcla", formula="diarias / mensuales"))


def test_a_kpi_keeps_its_frequency(load, define, cast):
    load()
    assert "se mide con frecuencia «Mensual»" in errors(
        lambda: define("ventas_cerradas", measure="count()", grain="week")
    )


def test_a_kpi_in_the_bin_cannot_be_defined(load, define, cast):
    from rumbo.bin.services import bin_delete

    load()
    bin_delete(row=cast.kpi, user=cast.admin)
    assert "está en la papelera" in errors(lambda: define("ventas_cerradas", measure="count()"))


def test_a_dataset_and_a_formula_at_once_is_refused(load, define):
    load()
    assert "no de las dos formas a la vez" in errors(lambda: define("x", measure="count()", formula="1"))
