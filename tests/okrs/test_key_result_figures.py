"""A key result's baseline, target, weight or check-in value its column cannot keep is refused at the form; the OKR pages stay readable."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from rumbo.okrs.models import CheckIn, KeyResult, OkrObjective
from tests.okrs.helpers import objective_form

EDGE = "99999999999999,9999999"


def _pages_still_answer(client, cast, kr=None):
    kr = kr or cast.key_result
    for name, args in [
        ("okrs:page", []),
        ("okrs:alignment", []),
        ("okrs:objective_detail", [cast.okr_objective.pk]),
        ("okrs:key_result_edit", [kr.pk]),
        ("kpis:my_updates", []),
    ]:
        assert client.get(reverse(name, args=[cast.coop.slug, *args])).status_code == 200, name


@pytest.mark.parametrize(
    "field, typed",
    [
        ("target", EDGE),
        ("baseline", "-99999999999999,9999999"),
        ("target", "999999999999999999999999999999"),
        ("weight", EDGE),
    ],
)
def test_the_key_result_form_refuses_a_figure_its_column_cannot_keep(as_editor, cast, field, typed):
    url = reverse("okrs:key_result_edit", args=[cast.coop.slug, cast.key_result.pk])
    data = {"title": "Nuevos compradores", "kind": "number", "baseline": "10", "target": "50", "weight": "1"} | {
        field: typed
    }
    response = as_editor.post(url, data)
    assert response.status_code == 400 and "demasiado grande" in response.content.decode()
    kr = KeyResult.objects.get(pk=cast.key_result.pk)
    assert (kr.baseline, kr.target, kr.weight) == (Decimal(10), Decimal(50), Decimal(1))
    _pages_still_answer(as_editor, cast)
    # And it can still be removed.
    assert as_editor.post(reverse("okrs:key_result_remove", args=[cast.coop.slug, kr.pk])).status_code == 302


def test_the_new_objective_page_refuses_a_key_result_target_at_the_edge(as_editor, cast):
    url = reverse("okrs:objective_create", args=[cast.coop.slug]) + f"?ciclo={cast.okr_cycle.pk}"
    data = objective_form(
        cast, 1, {"title": "Compradores", "kind": "number", "baseline": "0", "target": EDGE, "weight": "1"}
    )
    response = as_editor.post(url, data)
    assert response.status_code == 400 and "demasiado grande" in response.content.decode()
    assert not OkrObjective.objects.filter(title="Vender en la capital").exists()


@pytest.mark.parametrize("typed", [EDGE, "-99999999999999.9999999", "1" + "0" * 20])
def test_a_check_in_value_at_the_edge_is_refused_and_current_stays(as_editor, cast, typed):
    url = reverse("okrs:check_in", args=[cast.coop.slug, cast.key_result.pk])
    response = as_editor.post(url, {"date": timezone.localdate().isoformat(), "value": typed, "confidence": "6"})
    assert response.status_code == 400 and "demasiado grande" in response.content.decode()
    assert not CheckIn.objects.exists()
    assert KeyResult.objects.get(pk=cast.key_result.pk).current is None
    _pages_still_answer(as_editor, cast)


def test_the_largest_figures_that_fit_are_kept_and_the_pages_read_them(as_editor, cast):
    url = reverse("okrs:key_result_edit", args=[cast.coop.slug, cast.key_result.pk])
    data = {
        "title": "Nuevos compradores",
        "kind": "number",
        "baseline": "-99.999.999.999.999,9",
        "target": "99.999.999.999.999,9",
        "weight": "1",
    }
    assert as_editor.post(url, data).status_code == 302
    check_in = reverse("okrs:check_in", args=[cast.coop.slug, cast.key_result.pk])
    response = as_editor.post(
        check_in, {"date": timezone.localdate().isoformat(), "value": "99999999999999,94", "confidence": "6"}
    )
    assert response.status_code == 302
    assert KeyResult.objects.get(pk=cast.key_result.pk).current > Decimal("99999999999999")
    _pages_still_answer(as_editor, cast)
