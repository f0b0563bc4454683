"""The alignment tree: team objectives under the cooperative objectives they serve."""

from datetime import date

from django.urls import reverse

from rumbo.okrs.models import Cycle, OkrObjective


def test_a_team_objective_hangs_under_its_parent_even_from_a_yearly_cycle(as_viewer, cast):
    start = cast.okr_cycle.start
    year = Cycle.objects.create(
        cooperative=cast.coop, name="Año", start=date(start.year, 1, 1), end=date(start.year, 12, 31)
    )
    annual = OkrObjective.objects.create(cooperative=cast.coop, cycle=year, title="Ser la cooperativa del café tostado")
    cast.okr_objective.parent = annual
    cast.okr_objective.save()
    OkrObjective.objects.create(cooperative=cast.coop, cycle=year, title="Otro del año sin relación")
    page = as_viewer.get(
        reverse("okrs:alignment", args=[cast.coop.slug]) + f"?ciclo={cast.okr_cycle.pk}"
    ).content.decode()
    assert page.index("Ser la cooperativa del café tostado") < page.index("Ampliar la venta directa")
    assert 'class="depth-1"' in page and "Otro del año sin relación" not in page


def test_the_outsider_gets_404(as_outsider, cast):
    assert as_outsider.get(reverse("okrs:alignment", args=[cast.coop.slug])).status_code == 404
