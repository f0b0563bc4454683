"""The one rule that recognises an indicator the cooperative already measures, and two rows that repeat each other."""

import pytest

from rumbo.engine.choice.catalog import template, templates
from rumbo.engine.choice.tracked import (
    Same,
    Tracked,
    abbreviation,
    duplicates,
    name_key,
    same_as_template,
    same_kpi,
    tracked_templates,
    tracking,
)


def kpi(name, slug="", description="", id="1"):
    return Tracked(id=id, name=name, template_slug=slug, description=description)


@pytest.mark.parametrize(
    "name, key",
    [
        ("Producción total de café", "produccion total de cafe"),
        ("  PRODUCCIÓN   total de Café ", "produccion total de cafe"),
        ("Costo por adquisición (CPA)", "costo por adquisicion"),
        ("(CPA)", "cpa"),
    ],
)
def test_a_name_is_read_without_case_accents_spaces_or_a_closing_bracket(name, key):
    assert name_key(name) == key


@pytest.mark.parametrize(
    "name, found",
    [
        ("Entregas a tiempo y completas (OTIF)", "otif"),
        ("OTIF", "otif"),
        ("Abandono de clientes (churn)", "churn"),
        ("Otif", ""),
        ("Café de especialidad (% de kg con 80 puntos o más)", ""),
        ("Ventas", ""),
    ],
)
def test_an_abbreviation_is_a_closing_word_in_brackets_or_a_name_in_capitals(name, found):
    assert abbreviation(name) == found


@pytest.mark.parametrize(
    "row, slug, how",
    [
        (kpi("Acopio de la cosecha", slug="produccion_total_cafe"), "produccion_total_cafe", Same.TEMPLATE),
        (kpi("Producción total de café"), "produccion_total_cafe", Same.NAME),  # the demo's, in qq and monthly
        (kpi("produccion TOTAL de cafe"), "produccion_total_cafe", Same.NAME),
        (kpi("Total coffee production"), "produccion_total_cafe", Same.NAME),
        (kpi("Costo por adquisición"), "cpa", Same.NAME),  # the demo's near-copy of the catalogue's CPA
        (kpi("CAC"), "cac", Same.NAME),
        (kpi("Costo por cliente (CAC)"), "cac", Same.NAME),
        (
            kpi(
                "Lo que nos cuesta un cliente",
                description=f"{template('cac').definition_es} Fórmula: {template('cac').formula_es}",
            ),
            "cac",
            Same.MEASURE,
        ),
    ],
)
def test_a_row_already_measures_a_template_by_its_id_name_abbreviation_or_measure(row, slug, how):
    assert same_as_template(row, template(slug)) is how


@pytest.mark.parametrize(
    "row, slug",
    [
        (kpi("Café acopiado por semana"), "produccion_total_cafe"),  # the leading one, not the same KPI
        (kpi("Costo por adquisición"), "cac"),
        (
            kpi("Satisfacción de los socios", slug="satisfaccion_socios"),
            "satisfaccion_cliente",
        ),  # same formula, other people
        (kpi("Seguridad", description="Inspección mensual de seguridad"), "seguridad_trabajo"),
    ],
)
def test_a_different_indicator_is_not_taken_for_a_tracked_one(row, slug):
    assert same_as_template(row, template(slug)) is None


def test_no_two_templates_of_the_catalogue_are_the_same_for_the_rule():
    rows = [kpi(t.name_es, id=t.slug) for t in templates()]
    found = tracked_templates(templates(), rows)
    assert {slug: row.id for slug, row in found.items()} == {t.slug: t.slug for t in templates()}


def test_the_index_answers_as_the_rule_does_for_each_template():
    rows = [
        kpi("Producción total de café", id="a"),
        kpi("Fiabilidad del equipo", id="b"),
        kpi("Otra", slug="cac", id="c"),
        kpi("Costo por adquisición", id="d"),
        kpi("Ventas", id="e"),
    ]
    expected = {t.slug: tracking(t, rows) for t in templates() if tracking(t, rows) is not None}
    assert tracked_templates(templates(), rows) == expected
    assert {s: r.id for s, r in expected.items()} == {
        "produccion_total_cafe": "a",
        "fiabilidad_equipo": "b",
        "cac": "c",
        "cpa": "d",
    }


def test_two_rows_from_one_template_or_with_one_name_are_duplicates():
    rows = [
        kpi("Fiabilidad del equipo", id="1"),
        kpi("Ventas", id="2"),
        kpi("fiabilidad  del EQUIPO", id="3"),
        kpi("Acopio", slug="produccion_total_cafe", id="4"),
        kpi("Producción total de café", id="5"),
        kpi("Acopio semanal", slug="acopio_semanal", id="6"),
        kpi("Otro acopio", slug="acopio_semanal", id="7"),
    ]
    found = [(row.id, earlier.id, how) for row, earlier, how in duplicates(rows)]
    assert found == [("3", "1", Same.NAME), ("5", "4", Same.NAME), ("7", "6", Same.TEMPLATE)]


def test_a_long_description_repeated_word_for_word_is_the_same_measure_a_short_one_is_not():
    long = "Gasto de la campaña dividido entre clientes conseguidos"
    assert same_kpi(kpi("A", description=long), kpi("B", description=long.upper())) is Same.MEASURE
    assert same_kpi(kpi("A", description="Ventas del mes"), kpi("B", description="Ventas del mes")) is None
