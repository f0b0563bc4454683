"""The cycle review page: final grades, a reflection per objective, what continues; only an admin closes."""

from django.urls import reverse

from rumbo.okrs.models import Cycle, OkrObjective


def url(cast):
    return reverse("okrs:review", args=[cast.coop.slug, cast.okr_cycle.pk])


def test_the_review_proposes_what_carries_over_and_an_admin_closes_the_cycle(as_admin, cast):
    page = as_admin.get(url(cast)).content.decode()
    assert "Un ciclo nuevo: Trimestre" in page and f'name="o{cast.okr_objective.pk}-carry" id' in page
    data = {
        f"o{cast.okr_objective.pk}-reflection": "Faltó vehículo para visitar a los compradores.",
        f"o{cast.okr_objective.pk}-carry": "on",
        f"k{cast.key_result.pk}-carry": "on",
        "next_cycle": "new",
    }
    response = as_admin.post(url(cast), data, follow=True)
    page = response.content.decode()
    assert "cerrado con sus notas finales" in page and "1 objetivo continúa en «Trimestre" in page
    assert "Faltó vehículo para visitar a los compradores." in page
    assert Cycle.objects.get(pk=cast.okr_cycle.pk).is_closed
    carried = OkrObjective.objects.get(carried_from=cast.okr_objective)
    assert [k.title for k in carried.key_results.all()] == ["Nuevos compradores"]


def test_a_viewer_reads_the_review_but_cannot_close(client, cast):
    client.force_login(cast.viewer)
    assert client.get(url(cast)).status_code == 200
    client.force_login(cast.editor)
    assert client.post(url(cast), {"next_cycle": "new"}).status_code == 403
    assert not Cycle.objects.get(pk=cast.okr_cycle.pk).is_closed
