"""An id written into a page (an anchor, a form value, an address) never gets a thousands point: 1000, not «1.000»."""

import re

import pytest

from tests.test_templates_csp import TEMPLATES

# {{ cycle.pk }}, {{ t.key }}, {{ kpi.objective_id }}… printed as they are: Spanish number formatting turns 1000 into 1.000
LOCALISED_ID = re.compile(r"\{\{\s*\w+\.[\w.]*?(?:\bpk|\bkey|_id)\s*(?:\|(?!.*unlocalize)[^}]*)?\}\}")


def test_the_scan_catches_what_it_looks_for():
    assert LOCALISED_ID.search('<a href="?ciclo={{ cycle.pk }}">') and LOCALISED_ID.search(
        'id="g-{{ group.key|default:0 }}"'
    )
    assert not LOCALISED_ID.search('{{ cycle.pk|unlocalize }} {{ key_name.title }} {{ box_id }} {% url "x" kpi.pk %}')


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: str(t.relative_to(t.parents[2])))
def test_ids_are_printed_without_localisation(template):
    found = LOCALISED_ID.findall(template.read_text(encoding="utf-8"))
    assert not found, f"add |unlocalize (and {{% load l10n %}}): {found}"


def test_a_kpi_numbered_above_a_thousand_keeps_its_anchor_on_the_board(as_viewer, cast):
    from rumbo.kpis.models import Kpi

    Kpi.objects.create(pk=123456, cooperative=cast.coop, slug="grande", name="Grande", area="ventas", frequency="month")
    text = as_viewer.get(f"/c/{cast.coop.slug}/").text
    assert 'id="kpi-123456"' in text and "/c/coop-a/indicadores/123456/" in text
