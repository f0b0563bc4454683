"""template_bind: a KPI adopted from the catalogue computed by its template's formula, each input bound to a dataset measure."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from rumbo.choosing.services.adopt import template_adopt
from rumbo.datasets.services.metrics import InputBinding, template_bind
from rumbo.engine.choice.catalog import template
from rumbo.kpis.models import Kpi
from tests.datasets.conftest import JAN, values_of

CALLS = [
    ("02/01/2024", "Ana", "llamada"),
    ("02/01/2024", "Ana", "llamada"),
    ("03/01/2024", "Beto", "mensaje"),
    ("03/01/2024", "Ana", "llamada"),
    ("05/02/2024", "Beto", "llamada"),
]


@pytest.fixture
def adopted(cast, load):
    load(CALLS, name="actividades", header=("Fecha", "Vendedor", "Tipo"))
    t = template("llamadas_clientes_dia")
    kpi = template_adopt(coop=cast.coop, template=t, area="ventas", targets=[], user=cast.admin)
    Kpi.objects.filter(pk=kpi.pk).update(frequency="month")  # followed monthly in this cooperative
    kpi.refresh_from_db()
    return kpi


def test_each_input_becomes_a_metric_and_the_kpi_follows_the_formula(adopted, cast):
    defined = template_bind(
        coop=cast.coop,
        kpi=adopted,
        dataset="actividades",
        user=cast.editor,
        inputs={
            "llamadas": InputBinding("count()", "Fecha", "Tipo = llamada"),
            "dias_laborables": InputBinding("count_distinct(Fecha)", "Fecha"),
        },
    )
    assert defined.definition.formula == "llamadas / dias_laborables"
    calls = Kpi.objects.get(cooperative=cast.coop, slug="llamadas")
    assert (calls.name, calls.kind, calls.definition.measure) == ("Llamadas a clientes", "metric", "count()")
    assert values_of(adopted) == {JAN: Decimal("1.5"), date(2024, 2, 1): Decimal(1)}
    assert values_of(adopted) and adopted.measurements.get(period=JAN).numerator == 3  # a ratio keeps its parts


def test_an_input_left_unbound_must_already_be_a_metric(adopted, cast):
    with pytest.raises(ValidationError) as err:
        template_bind(
            coop=cast.coop, kpi=adopted, dataset="actividades", inputs={"llamadas": InputBinding("count()", "Fecha")}
        )
    assert "Falta de dónde sale «Días laborables del periodo» (dias_laborables)" in err.value.messages[0]
    assert not Kpi.objects.filter(slug="llamadas").exists()  # nothing written


def test_a_kpi_not_from_the_catalogue_or_without_a_formula_is_refused(cast):
    with pytest.raises(ValidationError) as err:
        template_bind(coop=cast.coop, kpi=cast.kpi, dataset="ventas", inputs={})
    assert err.value.messages == ["«Ventas cerradas por mes» no viene del catálogo."]


def test_an_error_says_which_input_it_is_about(adopted, cast):
    with pytest.raises(ValidationError) as err:
        template_bind(
            coop=cast.coop,
            kpi=adopted,
            dataset="actividades",
            inputs={
                "llamadas": InputBinding("sum(Precio)"),
                "dias_laborables": InputBinding("count_distinct(Fecha)"),
            },
        )
    assert err.value.message_dict["llamadas.measure"][0].startswith(
        "«Llamadas a clientes»: La columna «Precio» no existe"
    )
    assert not Kpi.objects.filter(slug="llamadas").exists()
