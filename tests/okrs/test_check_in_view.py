"""The check-in form on a phone: today's value, a confidence from 0 to 10 and a comment."""

from django.urls import reverse
from django.utils import timezone

from rumbo.okrs.models import CheckIn


def url(cast, kr=None):
    return reverse("okrs:check_in", args=[cast.coop.slug, (kr or cast.key_result).pk])


def test_the_owner_checks_in_and_returns_to_the_objective_with_the_new_score(as_editor, cast):
    response = as_editor.post(
        url(cast), {"date": timezone.localdate().isoformat(), "value": "30", "confidence": "6", "comment": "Feria"}
    )
    assert response.status_code == 302
    page = as_editor.get(response["Location"]).content.decode()
    assert "Seguimiento guardado." in page and "«Nuevos compradores» está en 30" in page and "Feria" in page


def test_a_confidence_of_eleven_is_explained_and_not_saved(as_editor, cast):
    response = as_editor.post(url(cast), {"date": timezone.localdate().isoformat(), "value": "30", "confidence": "11"})
    assert response.status_code == 400
    assert "La confianza es un número entero de 0 a 10; «11» no lo es." in response.content.decode()
    assert not CheckIn.objects.exists()


def test_a_key_result_that_follows_a_kpi_asks_no_value(as_editor, cast):
    page = as_editor.get(url(cast, cast.kpi_key_result)).content.decode()
    assert 'name="value"' not in page and "Su valor viene del indicador «Ventas cerradas por mes»" in page


def test_the_viewer_cannot_check_in_and_the_outsider_gets_404(client, cast):
    client.force_login(cast.viewer)
    assert client.post(url(cast), {"confidence": "5"}).status_code == 403
    client.force_login(cast.outsider)
    assert client.get(url(cast)).status_code == 404
