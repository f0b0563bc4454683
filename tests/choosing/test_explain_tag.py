"""`{% explain %}`: the glossary's short explanation behind an accessible "?", in the reader's language."""

import pytest
from django.template import Context, Template
from django.utils import translation

from rumbo.engine.choice.catalog.glossary import glossary


def render(text):
    return Template("{% load choosing %}" + text).render(Context())


def test_it_renders_a_details_that_works_without_javascript():
    html = render('{% explain "kpi_vs_metrica" %}')
    assert html.startswith('<details class="explain"><summary')
    assert "Explicar: KPI frente a métrica" in html and "no todas las métricas son KPI" in html


def test_it_speaks_english_to_an_english_reader():
    with translation.override("en"):
        html = render('{% explain "kpi_vs_metrica" %}')
    assert "KPI versus metric" in html and "not every metric is a KPI" in html


@pytest.mark.parametrize(
    "key, term", [("leading", "Prospectivo"), ("pmf", "Ajuste producto-mercado"), ("decision", "Decisión")]
)
def test_a_vocabulary_value_finds_the_entry_that_explains_it(key, term):
    assert term in render(f'{{% explain "{key}" %}}')


def test_an_unknown_concept_shows_nothing_rather_than_break_the_page():
    assert render('{% explain "no_existe" %}').strip() == ""


def test_every_glossary_entry_renders():
    for slug in glossary():
        assert 'class="explain"' in render(f'{{% explain "{slug}" %}}'), slug
