"""Creating and changing objectives and key results from the pages: who may, and what a bad row says."""

from decimal import Decimal

from django.urls import reverse

from rumbo.okrs.models import KeyResult, OkrObjective
from tests.okrs.helpers import objective_form


def create_url(cast):
    return reverse("okrs:objective_create", args=[cast.coop.slug]) + f"?ciclo={cast.okr_cycle.pk}"


def form(cast, **extra):
    new_buyers = {"title": "Compradores nuevos", "kind": "number", "baseline": "0", "target": "1.200,5", "weight": "1"}
    sales = {"title": "Ventas del mes", "kind": "number", "kpi": str(cast.kpi.pk), "target": "45", "weight": "2"}
    return objective_form(cast, 3, new_buyers, sales, {"kind": "number", "weight": "1"}) | extra


def test_an_editor_creates_an_objective_with_two_key_results_one_following_a_kpi(as_editor, cast):
    response = as_editor.post(create_url(cast), form(cast))
    objective = OkrObjective.objects.get(title="Vender en la capital")
    assert response.status_code == 302 and response["Location"].endswith(f"/okr/objetivos/{objective.pk}/")
    first, second = objective.key_results.all()
    assert (first.target, second.kpi, second.baseline, second.weight) == (
        Decimal("1200.5"),
        cast.kpi,
        Decimal(35),
        Decimal(2),
    )


def test_a_bad_row_says_which_and_nothing_is_written(as_editor, cast):
    response = as_editor.post(create_url(cast), form(cast, **{"kr-0-target": "0"}))
    assert response.status_code == 400
    assert (
        "Resultado clave 1 («Compradores nuevos»): La meta de «Compradores nuevos» es igual a su línea base (0)"
        in response.content.decode()
    )
    assert not OkrObjective.objects.filter(title="Vender en la capital").exists()


def test_an_editor_cannot_create_an_objective_for_an_area_they_do_not_edit(as_editor, cast):
    response = as_editor.post(create_url(cast), form(cast, area="produccion", owner=str(cast.admin.pk)))
    assert (
        response.status_code == 400 and "Con el área Producción y otra persona responsable" in response.content.decode()
    )
    assert not OkrObjective.objects.filter(title="Vender en la capital").exists()


def test_the_viewer_and_the_outsider_cannot_create(client, cast):
    client.force_login(cast.viewer)
    assert client.post(create_url(cast), form(cast)).status_code == 403
    client.force_login(cast.outsider)
    assert client.get(create_url(cast)).status_code == 404


def test_editing_the_parent_into_a_circle_shows_why(as_admin, cast):
    child = OkrObjective.objects.create(
        cooperative=cast.coop, cycle=cast.okr_cycle, title="Equipo", parent=cast.okr_objective
    )
    url = reverse("okrs:objective_edit", args=[cast.coop.slug, cast.okr_objective.pk])
    response = as_admin.post(
        url, {"title": "Ampliar la venta directa", "type": "committed", "area": "ventas", "parent": str(child.pk)}
    )
    assert response.status_code == 400 and "formaría un círculo" in response.content.decode()


def test_a_key_result_is_added_and_a_weight_of_zero_refused(as_editor, cast):
    url = reverse("okrs:key_result_create", args=[cast.coop.slug, cast.okr_objective.pk])
    response = as_editor.post(
        url, {"title": "Tiendas", "kind": "number", "baseline": "0", "target": "3", "weight": "0"}
    )
    assert (
        response.status_code == 400
        and "El peso de «Tiendas» debe ser mayor que cero; se recibió 0." in response.content.decode()
    )
    response = as_editor.post(url, {"title": "Tiendas", "kind": "milestone", "weight": "1"})
    assert response.status_code == 302 and KeyResult.objects.filter(title="Tiendas", kind="milestone").exists()


def test_an_editor_of_another_area_cannot_touch_the_objective(client, cast):
    cast.okr_objective.area, cast.okr_objective.owner = "produccion", cast.admin
    cast.okr_objective.save()
    client.force_login(cast.editor)
    assert client.get(reverse("okrs:objective_edit", args=[cast.coop.slug, cast.okr_objective.pk])).status_code == 403
    assert client.post(reverse("okrs:key_result_remove", args=[cast.coop.slug, cast.key_result.pk])).status_code == 403
    assert KeyResult.objects.filter(pk=cast.key_result.pk).exists()
