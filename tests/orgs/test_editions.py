"""Every write to a cooperative's data makes a new edition of it, so no page kept for the old one is shown again."""

import ast
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import models, transaction

from rumbo.kpis.models import Measurement, Target
from rumbo.kpis.services.values import NewValue, value_record, values_record_many
from rumbo.orgs import editions
from rumbo.orgs.models import Edition

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2] / "rumbo"


def test_every_model_reaches_its_cooperative_or_is_named_outside():
    for model in editions.followed():
        path = getattr(model, "cooperative_via", None)
        if path is None:
            assert model._meta.label == "orgs.Cooperative" or any(
                f.name == "cooperative" for f in model._meta.fields
            ), f"{model._meta.label}: no `cooperative` field and no `cooperative_via`"
            continue
        current: type[models.Model] = model
        for name in path.split("."):
            field = current._meta.get_field(name)
            assert field.is_relation, f"{model._meta.label}.cooperative_via: {name} is no relation"
            current = field.related_model
        assert any(f.name == "cooperative" for f in current._meta.fields), (model._meta.label, path)


def test_the_rows_written_in_bulk_are_written_only_inside_one_edition():
    """A model without signals (`written_in_bulk`) is created or deleted only in modules that open `one_edition`."""
    bulk = {m.__name__ for m in editions.followed() if getattr(m, "written_in_bulk", False)}
    assert bulk == {"KpiForecast", "LeadCheck", "InitiativeImpact"}
    for path in ROOT.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text())
        writes = [
            node
            for node in ast.walk(tree)
            if isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in {"create", "bulk_create", "delete", "update", "save", "get_or_create"}
            and any(name in ast.unparse(node.func.value) for name in bulk)
        ]
        if writes:
            assert "one_edition(" in path.read_text(), f"{path.relative_to(ROOT)} writes {bulk} outside one_edition"


def test_a_value_saved_makes_a_new_edition_and_a_refused_one_does_not(cast):
    before = editions.current(cast.coop.pk)
    assert before is not None  # the cooperative's own creation made the first
    value_record(kpi=cast.kpi, period=date(2025, 3, 1), value=Decimal(40), user=cast.admin)
    after = editions.current(cast.coop.pk)
    assert after != before
    with pytest.raises(RuntimeError), transaction.atomic():
        value_record(kpi=cast.kpi, period=date(2025, 4, 1), value=Decimal(41), user=cast.admin)
        raise RuntimeError("rolled back")
    assert editions.current(cast.coop.pk) == after


def test_rows_reached_through_their_parents_renew_their_cooperative_only(cast):
    other = editions.current(cast.other_coop.pk)
    before = editions.current(cast.coop.pk)
    Target.objects.create(kpi=cast.kpi, start=date(2026, 1, 1), end=date(2026, 12, 31), value=Decimal(10))
    assert editions.current(cast.coop.pk) != before
    assert editions.current(cast.other_coop.pk) == other


def test_a_batch_of_values_makes_as_many_editions_for_two_values_as_for_twelve(cast):
    def added(months):
        count = Edition.objects.count()
        values_record_many(
            [NewValue(cast.kpi, date(year, m, 1), "5") for m in months], user=cast.admin, source="import"
        )
        return Edition.objects.count() - count

    year = 2023
    two = added([1, 2])
    year = 2024
    assert added(range(1, 13)) == two
    assert Measurement.objects.filter(kpi=cast.kpi, period__year=2024).count() == 12


def test_a_new_name_renews_every_cooperative_of_the_person_and_signing_in_none(cast):
    before = editions.current(cast.coop.pk)
    cast.viewer.save(update_fields=["last_login"])
    assert editions.current(cast.coop.pk) == before
    cast.viewer.first_name = "Otra"
    cast.viewer.save()
    assert editions.current(cast.coop.pk) != before


def test_pruning_keeps_the_newest_edition_of_each_cooperative(cast):
    for _ in range(3):
        editions.renew([cast.coop.pk, cast.other_coop.pk])
    newest = {pk: editions.current(pk) for pk in (cast.coop.pk, cast.other_coop.pk)}
    assert editions.prune() > 0
    assert {pk: editions.current(pk) for pk in newest} == newest
    assert Edition.objects.filter(cooperative_id__in=newest).count() == 2
