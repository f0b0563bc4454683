"""The preview of a values file: each value matched to a KPI and its period, compared with what is stored."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from rumbo.imports.services.values import values_preview
from rumbo.kpis.models import Kpi, Measurement
from tests.imports.helpers import csv, fixture, fixture_kpis, located, xlsx  # noqa: F401  (fixture)

D = date
PERCENT_FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "imports"


def plan(preview):
    return [(v.row, v.kpi.slug, v.period, v.value, v.note, v.action) for v in preview.values]


@pytest.mark.parametrize("name", ["valores_largo.xlsx", "valores_largo.xls"])
def test_a_libreoffice_file_in_the_long_layout_plans_every_value_in_its_kpis_period(cast, fixture_kpis, name):
    preview = values_preview(coop=cast.coop, data=fixture(name), filename=name)
    assert (preview.ok, preview.layout, preview.created, preview.total) == (True, "long", 8, 8)
    assert plan(preview) == [
        (2, "ventas_totales", D(2024, 1, 1), Decimal("12345.5"), "", "create"),
        (3, "ventas_totales", D(2024, 2, 1), Decimal("13100"), "Feria regional", "create"),
        (4, "socios_activos", D(2024, 1, 1), Decimal("312"), "", "create"),
        (5, "socios_activos", D(2024, 4, 1), Decimal("320"), "", "create"),
        (6, "margen_bruto", D(2024, 3, 1), Decimal("23.5"), "estimado", "create"),  # «23,5 %» typed as text
        (7, "kilos_acopiados", D(2023, 10, 1), Decimal("45000"), "", "create"),  # «cosecha 2023/24»
        (8, "kilos_acopiados", D(2024, 10, 1), Decimal("51234.75"), "", "create"),
        (9, "precio_promedio", D(2024, 3, 1), Decimal("185.2"), "", "create"),  # 31/03/2024 closes March
    ]
    assert not Measurement.objects.filter(kpi__in=fixture_kpis.values()).exists()


def test_the_wide_layout_finds_a_kpi_whose_header_carries_its_unit(cast, fixture_kpis):
    Kpi.objects.filter(slug="socios_activos").update(frequency="month")
    preview = values_preview(coop=cast.coop, data=fixture("valores_ancho.ods"), filename="ancho.ods")
    assert preview.ok, located(preview)
    assert {v.kpi.slug for v in preview.values} == {"ventas_totales", "socios_activos", "precio_promedio"}
    assert (preview.created, preview.total) == (10, 10)


def test_stored_values_are_counted_as_changed_or_left_alone(cast):
    Measurement.objects.create(kpi=cast.kpi, period=D(2025, 2, 1), value=Decimal(40))
    data = csv(
        "Indicador;Periodo;Valor\nVentas cerradas por mes;ene-2025;35\nVentas cerradas por mes;feb-2025;41,5\n"
        "Ventas cerradas por mes;mar-2025;12\n"
    )
    preview = values_preview(coop=cast.coop, data=data, filename="v.csv")
    assert [(v.period, v.action, v.old_value) for v in preview.values] == [
        (D(2025, 1, 1), "unchanged", Decimal(35)),
        (D(2025, 2, 1), "update", Decimal(40)),
        (D(2025, 3, 1), "create", None),
    ]
    assert (preview.created, preview.updated, preview.unchanged, preview.failed) == (1, 1, 1, 0)


def test_a_file_without_notes_keeps_the_notes_already_written(cast):
    Measurement.objects.filter(pk=cast.measurement.pk).update(note="feria")
    preview = values_preview(
        coop=cast.coop, data=csv("kpi;periodo;valor\nventas_cerradas;01/01/2025;35\n"), filename="v.csv"
    )
    assert [(v.action, v.note) for v in preview.values] == [("unchanged", "feria")]
    with_notes = values_preview(
        coop=cast.coop, data=csv("kpi;periodo;valor;nota\nventas_cerradas;01/01/2025;35;\n"), filename="v.csv"
    )
    assert [(v.action, v.note) for v in with_notes.values] == [("update", "")]


def test_a_kpi_may_be_named_by_its_short_name_or_without_accents_and_case(cast):
    data = csv("Indicador;Periodo;Valor\nventas_cerradas;feb-2025;1\nVENTAS  CERRADAS POR MES;mar-2025;2\n")
    preview = values_preview(coop=cast.coop, data=data, filename="v.csv")
    assert [v.kpi for v in preview.values] == [cast.kpi, cast.kpi]


def test_an_unknown_kpi_is_one_problem_naming_it_and_the_closest_names(cast):
    data = csv(
        "Indicador;Periodo;Valor\nVentas cerradas x mes;feb-2025;1\nVentas cerradas x mes;mar-2025;2\nLluvia;mar-2025;3\n"
    )
    preview = values_preview(coop=cast.coop, data=data, filename="v.csv")
    assert located(preview) == [
        "Fila 2, columna A (Indicador): «Ventas cerradas x mes» no es un indicador de esta cooperativa; no se importa "
        "ninguna de sus filas. Los nombres más parecidos son: «Ventas cerradas por mes».",
        "Fila 4, columna A (Indicador): «Lluvia» no es un indicador de esta cooperativa; no se importa ninguna de sus "
        "filas. Escriba el nombre como aparece en el tablero, o su nombre corto.",
    ]
    assert preview.values == ()


def test_two_kpis_with_one_name_ask_for_the_short_name(cast):
    Kpi.objects.create(cooperative=cast.coop, slug="ventas_cerradas_2", name="Ventas cerradas por mes", area="ventas")
    preview = values_preview(
        coop=cast.coop, data=csv("kpi;period;value\nVentas cerradas por mes;feb-2025;1\n"), filename="v.csv"
    )
    assert located(preview) == [
        "Fila 2, columna A (kpi): Varios indicadores se llaman «Ventas cerradas por mes»; escriba el nombre corto del "
        "que quiere: ventas_cerradas, ventas_cerradas_2."
    ]


@pytest.mark.parametrize(
    "frequency, period, message",
    [
        ("month", "T1 2025", "«T1 2025» es un trimestre, pero «Ventas cerradas por mes» tiene un valor por mes; escriba "
                             "el periodo así: «enero 2025» o «01/01/2025»."),
        ("month", "15/01/2025", "«15/01/2025» es un día, pero «Ventas cerradas por mes» tiene un valor por mes; escriba "
                                "el periodo así: «enero 2025» o «01/01/2025»."),
        ("quarter", "feb-2025", "«feb-2025» es un mes, pero «Ventas cerradas por mes» tiene un valor por trimestre; "
                                "escriba el periodo así: «T1 2025» o «01/01/2025»."),
        ("year", "2025", "«2025» no coincide con los periodos de «Ventas cerradas por mes», que empiezan el 01/04/2024; "
                         "escriba el periodo así: «ejercicio 2024/25» o «01/04/2024»."),
    ],
)  # fmt: skip
def test_a_period_that_is_not_one_of_the_kpis_says_what_to_write(cast, frequency, period, message):
    cast.coop.fiscal_year_start_month = 4
    cast.coop.save()
    Kpi.objects.filter(pk=cast.kpi.pk).update(frequency=frequency)
    preview = values_preview(
        coop=cast.coop, data=csv(f"Indicador;Periodo;Valor\nventas_cerradas;{period};7\n"), filename="v.csv"
    )
    assert located(preview) == [f"Fila 2, columna B (Periodo): {message}"]


@pytest.mark.parametrize(
    "frequency, cells, period",
    [
        ("month", ["01/03/2025", "31/03/2025", "mar-2025", "marzo de 2025", "2025-03"], D(2025, 3, 1)),
        ("quarter", ["01/04/2025", "30/06/2025", "T2 2025", "2T 2025"], D(2025, 4, 1)),
        ("harvest", ["01/10/2024", "30/09/2025", "2024/25", "cosecha 2024-2025"], D(2024, 10, 1)),
        ("year", ["01/01/2025", "31/12/2025", "2025", "año 2025"], D(2025, 1, 1)),
        ("week", ["03/03/2025", "09/03/2025"], D(2025, 3, 3)),
    ],
)
def test_the_first_or_last_day_or_the_name_of_a_period_all_name_it(cast, frequency, cells, period):
    Kpi.objects.filter(pk=cast.kpi.pk).update(frequency=frequency)
    for cell in cells:
        preview = values_preview(
            coop=cast.coop, data=csv(f"Indicador;Periodo;Valor\nventas_cerradas;{cell};7\n"), filename="v.csv"
        )
        assert [v.period for v in preview.values] == [period], (cell, located(preview))


def test_two_rows_for_one_period_of_a_kpi_are_a_problem_even_when_written_differently(cast):
    data = csv("Indicador;Periodo;Valor\nventas_cerradas;feb-2025;1\nVentas cerradas por mes;28/02/2025;2\n")
    preview = values_preview(coop=cast.coop, data=data, filename="v.csv")
    assert located(preview) == [
        "Fila 3, columna C (Valor): «Ventas cerradas por mes» ya tiene un valor para febrero 2025 en la fila 2; deje uno solo."
    ]


def test_an_editor_gets_a_problem_for_the_kpis_of_other_areas(cast, fixture_kpis):
    data = csv("Indicador;Periodo;Valor\nVentas totales;ene-2024;1\nMargen bruto;ene-2024;2\nMargen bruto;feb-2024;3\n")
    preview = values_preview(coop=cast.coop, data=data, filename="v.csv", user=cast.editor)
    assert located(preview) == [
        "Fila 3, columna A (Indicador): «Margen bruto» es del área Finanzas; usted solo puede cambiar valores de: Ventas. "
        "Quite sus filas o pida a quien administra la cooperativa que lo importe."
    ]
    assert values_preview(coop=cast.coop, data=data, filename="v.csv", user=cast.admin).ok


@pytest.mark.parametrize("name", ["porcentajes.xlsx", "porcentajes.ods"])
def test_a_percentage_formatted_cell_imports_as_the_percentage_people_see(cast, fixture_kpis, name):
    """The rule: 0,45 shown as «45 %» is 45 for a KPI in %; 0,8 without the format stays 0,8; other units keep 0,25."""
    data = (PERCENT_FIXTURES / name).read_bytes() if name.endswith(".ods") else xlsx(
        [("Indicador", "Periodo", "Valor"), ("Margen bruto", D(2024, 1, 1), 0.45), ("Margen bruto", D(2024, 2, 1), 0.8),
         ("Margen bruto", "mar-2024", "12,5 %"), ("Ventas totales", D(2024, 1, 1), 0.25)],
        formats={"C2": "0%", "C5": "0.0%"},
    )  # fmt: skip
    preview = values_preview(coop=cast.coop, data=data, filename=name)
    assert [(v.kpi.slug, v.value) for v in preview.values] == [
        ("margen_bruto", Decimal(45)),
        ("margen_bruto", Decimal("0.8")),
        ("margen_bruto", Decimal("12.5")),
        ("ventas_totales", Decimal("0.25")),
    ]
    assert preview.notices == ()


def test_an_xls_cannot_say_its_formats_so_a_small_percentage_gets_a_notice(cast, fixture_kpis):
    preview = values_preview(coop=cast.coop, data=(PERCENT_FIXTURES / "porcentajes.xls").read_bytes(), filename="p.xls")
    assert [v.value for v in preview.values][:2] == [Decimal("0.45"), Decimal("0.8")]
    assert [n.located() for n in preview.notices] == [
        "Fila 2, columna C (Valor): «Margen bruto» se mide en % y recibe 0,45: en un archivo .xls no se puede saber si "
        "la celda tiene formato de porcentaje, así que se importa 0,45 %. Si quería decir 45 %, escriba 45 o guarde el "
        "archivo como .xlsx."
    ]


def test_a_value_outside_a_qualitative_scale_is_a_problem_of_its_cell(cast):
    Kpi.objects.filter(pk=cast.kpi.pk).update(nature="qualitative", scale_min=1, scale_max=5)
    preview = values_preview(
        coop=cast.coop, data=csv("Indicador;Periodo;Valor\nventas_cerradas;feb-2025;7\n"), filename="v.csv"
    )
    assert located(preview) == ["Fila 2, columna C (Valor): El valor debe estar en la escala de 1 a 5."]


def test_a_kpi_of_another_cooperative_or_in_the_bin_is_unknown(cast):
    Kpi.objects.create(
        cooperative=cast.coop, slug="borrado", name="Borrado", area="ventas", deleted_at="2025-01-01T00:00Z"
    )
    data = csv("Indicador;Periodo;Valor\nAcopio;feb-2025;1\nBorrado;feb-2025;1\n")
    preview = values_preview(coop=cast.coop, data=data, filename="v.csv")
    assert [p.params["name"] for p in preview.problems] == ["Acopio", "Borrado"]


def test_the_preview_reads_in_a_fixed_number_of_queries(cast, django_assert_max_num_queries):
    rows = "".join(f"ventas_cerradas;{m:02d}/2024;{m}\n" for m in range(1, 13))
    with django_assert_max_num_queries(4):
        preview = values_preview(
            coop=cast.coop, data=csv("Indicador;Periodo;Valor\n" + rows), filename="v.csv", user=cast.editor
        )
    assert preview.created == 12


def test_a_file_with_more_values_than_one_import_takes_is_refused_with_the_way_out(cast, monkeypatch):
    from rumbo.imports.services import values

    monkeypatch.setattr(values, "MAX_VALUES", 10)
    rows = "".join(f"ventas_cerradas;{m:02d}/2024;{m}\n" for m in range(1, 13))
    preview = values_preview(coop=cast.coop, data=csv("Indicador;Periodo;Valor\n" + rows), filename="v.csv")
    assert located(preview) == [
        "«v.csv» tiene 12 valores; se importan hasta 10 de una vez. Divida el archivo, o cárguelo como datos en bruto "
        "(Datos) si son registros de ventas, acopio o actividades."
    ]
