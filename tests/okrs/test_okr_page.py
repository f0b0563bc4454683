"""The OKR page of a cycle: objectives with score, colour, story and slipping key results, at a glance on a phone."""

from datetime import date, timedelta
from decimal import Decimal

from django.urls import reverse

from rumbo.kpis.models import Kpi, Measurement
from rumbo.okrs.models import CheckIn, Cycle, KeyResult, OkrObjective


def url(cast, **params):
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return reverse("okrs:page", args=[cast.coop.slug]) + (f"?{query}" if query else "")


def test_a_viewer_sees_the_current_cycle_with_scores_colours_and_stories(as_viewer, cast):
    cast.key_result.current = Decimal(30)
    cast.key_result.save()
    page = as_viewer.get(url(cast)).content.decode()
    assert "Trimestre en curso" in page and "Ampliar la venta directa" in page
    assert "Nuevos compradores" in page and "30 · meta 50 (partió de 10)" in page
    assert 'class="grade grade-' in page and ("Rojo: bajo" in page or "Amarillo: a medias" in page)
    assert "Ampliar la venta directa: " in page  # the objective's own sentence


def test_the_outsider_gets_404_and_sees_nothing(as_outsider, cast):
    assert as_outsider.get(url(cast)).status_code == 404


def test_a_key_result_behind_pace_is_flagged(as_viewer, cast):
    page = as_viewer.get(url(cast)).content.decode()
    elapsed = (date.today() - cast.okr_cycle.start).days / (cast.okr_cycle.end - cast.okr_cycle.start).days
    if elapsed > 0.1:  # on the quarter's first days nothing is expected yet
        assert "Detrás del ritmo" in page


def test_another_cycle_is_chosen_in_the_address_and_filters_by_area_apply(as_viewer, cast):
    old = Cycle.objects.create(
        cooperative=cast.coop, name="Cosecha pasada", start=date(2024, 10, 1), end=date(2025, 9, 30)
    )
    OkrObjective.objects.create(cooperative=cast.coop, cycle=old, title="Acopiar más", area="produccion")
    OkrObjective.objects.create(cooperative=cast.coop, cycle=old, title="Vender más", area="ventas")
    page = as_viewer.get(url(cast, ciclo=old.pk, area="produccion")).content.decode()
    assert "Cosecha pasada" in page and "Acopiar más" in page and "Vender más" not in page
    assert "Ampliar la venta directa" not in page


def test_only_slipping_objectives_when_asked(as_viewer, cast):
    calm = OkrObjective.objects.create(cooperative=cast.coop, cycle=cast.okr_cycle, title="Sin prisa")
    KeyResult.objects.create(objective=calm, title="Listo", kind="milestone", done=True)
    page = as_viewer.get(url(cast, atrasados=1)).content.decode()
    assert "Sin prisa" not in page


def test_without_a_cycle_the_admin_is_offered_the_current_quarter(as_admin, cast):
    Cycle.objects.all().delete()
    page = as_admin.get(url(cast)).content.decode()
    assert "Empezar el ciclo «Trimestre" in page


def test_the_page_costs_the_same_queries_for_few_or_many_objectives(as_viewer, cast, django_assert_max_num_queries):
    kpis = [
        Kpi.objects.create(cooperative=cast.coop, slug=f"k{n}", name=f"K {n}", area="ventas", frequency="month")
        for n in range(3)
    ]
    for kpi in kpis:
        Measurement.objects.create(kpi=kpi, period=cast.okr_cycle.start, value=5)

    def add(n):
        for i in range(n):
            objective = OkrObjective.objects.create(
                cooperative=cast.coop, cycle=cast.okr_cycle, title=f"O {i}", owner=cast.admin
            )
            for j in range(5):
                kr = KeyResult.objects.create(
                    objective=objective,
                    title=f"KR {j}",
                    baseline=0,
                    target=10,
                    kpi=kpis[j % 3] if j < 3 else None,
                )
                CheckIn.objects.create(key_result=kr, date=cast.okr_cycle.start + timedelta(days=j), confidence=5)

    add(2)
    with django_assert_max_num_queries(20) as few:
        assert as_viewer.get(url(cast)).status_code == 200
    add(12)
    with django_assert_max_num_queries(len(few.captured_queries)):
        as_viewer.get(url(cast))
