"""An editor who edits their own objective cannot move it, by area and owner, out of their own reach.

Seen by a tester: the Ventas editor changed their objective's area to Producción and its owner
to someone else, saved, and then got 403 on it.
"""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from rumbo.bin.services import bin_delete
from rumbo.okrs.models import KeyResult, OkrObjective
from rumbo.okrs.services.check_ins import check_in_record
from rumbo.okrs.services.objectives import key_result_delete, key_result_save, objective_save


def edit(client, cast, objective, **changes):
    data = {
        "title": objective.title,
        "type": objective.type,
        "area": objective.area,
        "owner": str(objective.owner_id or ""),
        "parent": "",
        "description": objective.description,
        **changes,
    }
    return client.post(reverse("okrs:objective_edit", args=[cast.coop.slug, objective.pk]), data)


def stored(objective):
    return OkrObjective.objects.values_list("area", "owner_id").get(pk=objective.pk)


def test_seen_moving_ones_objective_to_produccion_and_another_owner_is_refused_on_the_area(as_editor, cast):
    objective = cast.okr_objective  # Ventas, owned by the editor
    response = edit(as_editor, cast, objective, area="produccion", owner=str(cast.admin.pk))
    assert response.status_code == 400
    assert "Con el área Producción y otra persona responsable, usted ya no podría editarlo" in response.text
    assert stored(objective) == ("ventas", cast.editor.pk)
    assert as_editor.get(reverse("okrs:objective_edit", args=[cast.coop.slug, objective.pk])).status_code == 200


def test_handing_an_objective_of_another_area_to_someone_else_is_refused_on_the_owner(as_editor, cast):
    objective = cast.okr_objective
    OkrObjective.objects.filter(pk=objective.pk).update(area="produccion")  # theirs by ownership only
    objective.refresh_from_db()
    response = edit(as_editor, cast, objective, owner=str(cast.admin.pk))
    assert response.status_code == 400
    form = response.context["form"]
    assert "owner" in form.errors and "area" not in form.errors
    assert stored(objective) == ("produccion", cast.editor.pk)


def test_what_keeps_the_objective_within_reach_is_allowed(as_editor, cast):
    objective = cast.okr_objective
    assert edit(as_editor, cast, objective, owner=str(cast.admin.pk)).status_code == 302  # still of Ventas
    assert stored(objective) == ("ventas", cast.admin.pk)
    assert (
        edit(as_editor, cast, objective, area="produccion", owner=str(cast.editor.pk)).status_code == 302
    )  # still their own
    assert stored(objective) == ("produccion", cast.editor.pk)


def test_the_service_refuses_it_whoever_calls_it(cast):
    objective = OkrObjective.objects.get(pk=cast.okr_objective.pk)
    objective.area, objective.owner = "produccion", cast.admin
    with pytest.raises(ValidationError) as raised:
        objective_save(objective=objective, user=cast.editor)
    assert "area" in raised.value.message_dict
    assert stored(objective) == ("ventas", cast.editor.pk)
    assert objective_save(objective=objective, user=cast.admin).objective.area == "produccion"


def test_an_objective_out_of_reach_refuses_every_change_in_the_service(cast):
    objective = cast.okr_objective
    OkrObjective.objects.filter(pk=objective.pk).update(area="produccion", owner=cast.admin)
    objective.refresh_from_db()
    key_result = KeyResult.objects.select_related("objective").get(pk=cast.key_result.pk)
    with pytest.raises(PermissionDenied):
        objective_save(objective=objective, user=cast.editor)
    with pytest.raises(PermissionDenied):
        key_result_save(key_result=KeyResult(objective=objective, title="Otro", target=5, baseline=1), user=cast.editor)
    with pytest.raises(PermissionDenied):
        key_result_delete(key_result=key_result, user=cast.editor)
    with pytest.raises(PermissionDenied):
        check_in_record(key_result=key_result, on=date.today(), confidence=5, value="20", user=cast.editor)
    with pytest.raises(PermissionDenied):
        bin_delete(row=objective, user=cast.editor)
    objective.refresh_from_db()
    assert objective.deleted_at is None and objective.key_results.count() == 2 and not key_result.check_ins.exists()
