"""«Adoptar»: a catalogue template becomes the cooperative's KPI, asking only what the cooperative knows."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from rumbo.kpis.models import Kpi, Target


def url(cast, slug):
    return reverse("choosing:adopt", args=[cast.coop.slug, slug])


def post(client, cast, slug, **changes):
    data = {
        "area": "ventas",
        "objective": cast.objective.pk,
        "owner": cast.editor.pk,
        "target_value": "1.250,5",
        "target_start": "2026-01-01",
        "target_end": "2026-12-31",
        **changes,
    }
    return client.post(url(cast, slug), data)


def test_the_form_asks_only_what_the_cooperative_knows(as_editor, cast):
    response = as_editor.get(url(cast, "llamadas_clientes_dia"))
    assert response.status_code == 200
    for name in ("objective", "owner", "target_value", "target_start", "target_end", "initiative"):
        assert f'name="{name}"' in response.text, name
    for name in ("unit", "frequency", "direction", "indicator"):
        assert f'name="{name}"' not in response.text
    assert "Ninguno: queda como métrica" in response.text
    assert 'class="explain"' in response.text  # the "?" beside the objective


def test_adopting_creates_the_kpi_with_the_catalogue_classification(as_editor, cast):
    response = post(as_editor, cast, "llamadas_clientes_dia")
    kpi = Kpi.objects.get(template_slug="llamadas_clientes_dia")
    assert response.status_code == 302 and response["Location"].endswith(f"/indicadores/{kpi.pk}/")
    assert (kpi.name, kpi.kind, kpi.area, kpi.objective, kpi.owner) == (
        "Llamadas a clientes por día",
        "kpi",
        "ventas",
        cast.objective,
        cast.editor,
    )
    assert (kpi.indicator, kpi.nature, kpi.buyer_stage, kpi.direction, kpi.frequency, kpi.aggregation, kpi.unit) == (
        "leading",
        "quantitative",
        "descubrimiento",
        "up",
        "day",
        "ratio",
        "por día",
    )
    assert "Fórmula: Llamadas a clientes ÷ días laborables." in kpi.description
    target = kpi.targets.get()
    assert (target.start, target.end, target.value) == (date(2026, 1, 1), date(2026, 12, 31), Decimal("1250.5"))
    assert kpi.history.first().history_user == cast.editor


def test_a_qualitative_template_brings_its_scale(as_admin, cast):
    post(as_admin, cast, "calidad_cafe", area="produccion", target_value="84")
    kpi = Kpi.objects.get(template_slug="calidad_cafe")
    assert kpi.nature == "qualitative" and kpi.scale_kind and kpi.scale_min is not None and kpi.scale_max is not None


def test_a_single_stage_template_keeps_its_market_stage(as_admin, cast):
    post(as_admin, cast, "entrevistas_clientes", area="marketing", target_value="10")
    assert Kpi.objects.get(template_slug="entrevistas_clientes").market_stage == "pre_pmf"


def test_without_an_objective_it_stays_a_metric_and_needs_no_target(as_editor, cast):
    response = post(as_editor, cast, "llamadas_clientes_dia", objective="", target_value="", owner="")
    assert response.status_code == 302
    kpi = Kpi.objects.get(template_slug="llamadas_clientes_dia")
    assert (kpi.kind, kpi.objective, kpi.targets.count()) == ("metric", None, 0)


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"target_value": "mucho"}, "«mucho» no es un número"),
        ({"target_value": ""}, "Un KPI necesita una meta"),
        ({"target_end": "2025-01-01"}, "la fecha de fin es anterior a la de inicio"),
        ({"target_end": ""}, "Diga desde y hasta cuándo vale la meta"),
        ({"owner": ""}, "Un KPI necesita una persona responsable"),
        ({"target_end": "9999-12-31"}, "La fecha 31/12/9999 está fuera del rango admitido (1900–2100)."),
        ({"target_start": "1899-12-31"}, "La fecha 31/12/1899 está fuera del rango admitido (1900–2100)."),
    ],
)
def test_a_bad_target_gets_a_spanish_message_and_writes_nothing(as_editor, cast, changes, message):
    before = (Kpi.objects.count(), Target.objects.count())
    response = post(as_editor, cast, "llamadas_clientes_dia", **changes)
    assert response.status_code == 400
    assert message in response.text
    assert (Kpi.objects.count(), Target.objects.count()) == before


def test_an_editor_cannot_adopt_outside_their_areas(as_editor, cast):
    assert as_editor.get(url(cast, "multas_sanciones")).status_code == 403
    assert post(as_editor, cast, "multas_sanciones", area="legal").status_code == 403
    response = post(as_editor, cast, "certificaciones_vigentes", area="legal")  # Legal and Ventas: only Ventas offered
    assert response.status_code == 400 and not Kpi.objects.filter(template_slug="certificaciones_vigentes").exists()


def test_a_viewer_cannot_adopt(as_viewer, cast):
    assert post(as_viewer, cast, "llamadas_clientes_dia").status_code == 403
    assert not Kpi.objects.filter(template_slug="llamadas_clientes_dia").exists()


def test_an_unknown_template_is_not_found(as_admin, cast):
    assert as_admin.get(url(cast, "no_existe")).status_code == 404


def test_a_band_template_asks_for_a_range(as_admin, cast):
    response = as_admin.get(url(cast, "dias_inventario"))
    assert 'name="target_low"' in response.text and 'name="target_value"' not in response.text
