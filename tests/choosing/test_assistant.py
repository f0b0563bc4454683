"""«Elegir mis KPI»: four questions, then a balanced short list adopted in one step."""

from collections import Counter
from decimal import Decimal
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from rumbo.kpis.models import Kpi, Objective, Target

ANSWERS = [
    ("market_stage", "pmf"),
    ("area", "ventas"),
    ("area", "marketing"),
    ("area", "produccion"),
    ("example", "vender_mas_cafe_tostado"),
    ("example", "subir_rendimiento"),
    ("text", "Dar a conocer nuestra marca de café"),
    ("buyer_stage", "consideracion"),
]


def step_url(cast, step=None, pairs=()):
    query = list(pairs) + ([("step", step)] if step else [])
    return reverse("choosing:assistant", args=[cast.coop.slug]) + (f"?{urlencode(query)}" if query else "")


def list_url(cast, pairs=ANSWERS):
    return reverse("choosing:shortlist", args=[cast.coop.slug]) + f"?{urlencode(list(pairs))}"


def page_lines(response):
    return response.context["plan"].kept


def adopt_data(response, *, value="100", **extra):
    """Everything the list page's form sends, with a target for every line."""
    plan, form = response.context["plan"], response.context["form"]
    data = {"action": "adopt", "start": "2026-01-01", "end": "2026-12-31", **extra}
    for name in form.fields:
        if name.startswith("owner-"):
            data[name] = str(form.initial.get(name) or "")
    for line in plan.kept:
        for field in form.line_fields(line):
            data[field.html_name] = "99.999" if field.html_name.startswith("hi-") else value
    pairs = {}
    for name, v in response.context["hidden"]:
        pairs.setdefault(name, []).append(v)
    return {**pairs, **data}


def test_the_first_step_asks_the_market_stage_with_its_explanation(as_admin, cast):
    response = as_admin.get(step_url(cast))
    assert response.status_code == 200
    assert 'name="market_stage"' in response.text and "Todavía no lo sé" in response.text
    assert 'class="explain"' in response.text and "Etapa de validación de mercado" in response.text


@pytest.mark.parametrize(
    "step, pairs, shown, message",
    [
        ("2", [], "market_stage", "Elija la etapa"),
        ("3", [("market_stage", "pmf")], 'name="area"', "Elija al menos un área"),
        ("4", [("market_stage", "pmf"), ("area", "ventas")], 'name="text"', "al menos un objetivo"),
    ],
)
def test_a_step_left_unanswered_is_asked_again(as_admin, cast, step, pairs, shown, message):
    response = as_admin.get(step_url(cast, step, pairs))
    assert shown in response.text and message in response.text


def test_the_cooperatives_objectives_and_the_examples_are_offered(as_admin, cast):
    response = as_admin.get(step_url(cast, "3", [("market_stage", "pmf"), ("area", "ventas")]))
    assert "Crecer en ventas directas" in response.text
    assert "Aumentar las ventas de café tostado" in response.text


def test_the_buyer_question_is_skipped_without_sales_or_marketing(as_admin, cast):
    pairs = [("market_stage", "pmf"), ("area", "produccion"), ("example", "subir_rendimiento")]
    response = as_admin.get(step_url(cast, "4", pairs))
    assert response.status_code == 302 and "/elegir/lista/" in response["Location"]


def test_an_editor_chooses_only_among_their_areas(as_editor, cast):
    response = as_editor.get(step_url(cast, "2", [("market_stage", "pmf")]))
    assert 'value="ventas"' in response.text and 'value="legal"' not in response.text


def test_the_list_respects_the_limits_and_balances_every_objective(as_admin, cast):
    pairs = [("market_stage", "pmf")] + [
        ("area", a)
        for a in ("gerencia", "finanzas", "legal", "ventas", "marketing", "produccion", "transporte", "almacenamiento")
    ]
    pairs += [
        ("example", e)
        for e in (
            "vender_mas_cafe_tostado",
            "dar_a_conocer_marca",
            "nuevos_compradores_exportacion",
            "fidelizar_compradores",
            "retener_socios",
            "subir_rendimiento",
            "reducir_deuda",
            "entregar_a_tiempo",
        )
    ]
    response = as_admin.get(list_url(cast, pairs))
    lines = page_lines(response)
    assert len(lines) <= 20
    assert max(Counter(line.area for line in lines).values()) <= 5
    plan = response.context["plan"]
    uncovered = {g.objective_id for g in plan.gaps}
    for goal, mine in plan.by_goal():
        if goal.key not in uncovered:
            assert {line.template.indicator.value for line in mine} == {"leading", "lagging"}, goal.title


def test_each_proposal_explains_itself_and_offers_swaps(as_admin, cast):
    response = as_admin.get(list_url(cast))
    assert response.status_code == 200
    assert "Retrospectivo: muestra si se logra" in response.text and "Prospectivo:" in response.text
    assert 'value="swap:' in response.text and 'value="drop:' in response.text


def test_dropping_and_swapping_change_the_list_without_writing(as_admin, cast):
    before = Kpi.objects.count()
    first = as_admin.get(list_url(cast))
    line = page_lines(first)[0]
    data = adopt_data(first, action=f"drop:{line.key}")
    dropped = as_admin.post(list_url(cast, []), data)
    assert dropped.status_code == 200 and line.key not in {x.key for x in page_lines(dropped)}
    other = page_lines(dropped)[0]
    alternative = other.alternatives[0].slug
    swapped = as_admin.post(list_url(cast, []), adopt_data(dropped, action=f"swap:{other.key}>{alternative}"))
    assert any(x.view.slug == alternative for x in page_lines(swapped))
    assert "en lugar de" in swapped.text
    assert Kpi.objects.count() == before


def test_the_whole_list_is_adopted_in_one_step_with_its_targets(as_admin, cast):
    before = Kpi.objects.count()
    response = as_admin.get(list_url(cast))
    lines = page_lines(response)
    adopted = as_admin.post(list_url(cast, []), adopt_data(response, value="1.234,5"))
    assert adopted.status_code == 302 and adopted["Location"].endswith("/c/coop-a/")
    new = Kpi.objects.exclude(template_slug="")
    assert new.count() == len(lines) == Kpi.objects.count() - before
    assert all(k.kind == "kpi" and k.owner == cast.admin and k.template_slug for k in new)
    assert all(t.value == Decimal("1234.5") or t.low == Decimal("1234.5") for t in Target.objects.filter(kpi__in=new))
    objectives = Objective.objects.filter(kpis__in=new).distinct()
    assert objectives.count() == 3 == Objective.objects.count() - 1
    for objective in objectives:
        assert set(objective.kpis.values_list("indicator", flat=True)) == {"leading", "lagging"}, objective.title
    assert Counter(new.values_list("area", flat=True)).most_common(1)[0][1] <= 5


def test_a_line_left_without_a_target_becomes_a_metric_of_its_objective(as_admin, cast):
    response = as_admin.get(list_url(cast))
    data = adopt_data(response)
    blank = page_lines(response)[0]
    for field in response.context["form"].line_fields(blank):
        data[field.html_name] = ""
    as_admin.post(list_url(cast, []), data)
    kpi = Kpi.objects.get(template_slug=blank.view.slug)
    assert kpi.kind == "metric" and kpi.objective is not None and not kpi.targets.exists()


def test_one_bad_target_writes_nothing_and_names_the_kpi(as_admin, cast):
    response = as_admin.get(list_url(cast))
    data = adopt_data(response)
    bad = page_lines(response)[1]
    data[response.context["form"].line_fields(bad)[0].html_name] = "muchos"
    before = (Kpi.objects.count(), Objective.objects.count())
    again = as_admin.post(list_url(cast, []), data)
    assert again.status_code == 400 and "«muchos» no es un número" in again.text
    assert (Kpi.objects.count(), Objective.objects.count()) == before


def test_an_existing_objective_is_reused_not_created_again(as_admin, cast):
    before = Objective.objects.count()
    pairs = [
        ("market_stage", "pmf"),
        ("area", "ventas"),
        ("objective", cast.objective.pk),
        ("text", "crecer en ventas DIRECTAS"),
    ]
    response = as_admin.get(list_url(cast, pairs))
    assert [g.key for g in response.context["plan"].goals] == [f"o{cast.objective.pk}"]
    as_admin.post(list_url(cast, []), adopt_data(response))
    assert Objective.objects.count() == before
    assert cast.objective.kpis.filter(indicator="leading").exists()


def test_an_editor_cannot_create_objectives_through_the_list(as_editor, cast):
    pairs = [("market_stage", "pmf"), ("area", "ventas"), ("text", "Vender más café")]
    response = as_editor.get(list_url(cast, pairs))
    again = as_editor.post(list_url(cast, []), adopt_data(response))
    assert again.status_code == 400 and "Solo administración crea objetivos nuevos" in again.text
    assert not Kpi.objects.exclude(template_slug="").exists()


def test_an_editor_adopts_for_an_existing_objective_of_their_area(as_editor, cast):
    pairs = [("market_stage", "pmf"), ("area", "ventas"), ("objective", cast.objective.pk)]
    response = as_editor.get(list_url(cast, pairs))
    assert as_editor.post(list_url(cast, []), adopt_data(response)).status_code == 302
    assert Kpi.objects.filter(area="ventas").count() > 1


def test_a_viewer_sees_the_list_but_cannot_adopt_it(as_viewer, cast):
    response = as_viewer.get(list_url(cast))
    assert response.status_code == 200 and "Solo quien edita" in response.text and 'name="action"' not in response.text
    assert as_viewer.post(list_url(cast, []), dict(ANSWERS, action="adopt")).status_code == 403


def step_counter(response):
    import re

    return re.search(r"Paso (\d) de (\d):", response.text).groups()


@pytest.mark.parametrize(
    "areas, counted",
    [
        ([("area", "produccion")], ["1", "2", "3", "5"]),  # no buyer question: step 4 is skipped, not uncounted
        ([("area", "ventas"), ("area", "produccion")], ["1", "2", "3", "4", "5"]),
    ],
)
def test_the_step_counter_says_of_5_from_the_first_step_to_the_list(as_admin, cast, areas, counted):
    answers = [
        [],
        [("market_stage", "pmf")],
        [("market_stage", "pmf"), *areas],
        [("market_stage", "pmf"), *areas, ("example", "subir_rendimiento")],
    ]
    seen = [
        step_counter(as_admin.get(step_url(cast, str(n), pairs)))
        for n, pairs in enumerate(answers, start=1)
        if n != 4 or len(areas) > 1
    ]
    seen.append(step_counter(as_admin.get(list_url(cast, answers[-1]))))
    assert [n for n, _of in seen] == counted and {of for _n, of in seen} == {"5"}
