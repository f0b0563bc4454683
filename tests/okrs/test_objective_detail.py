"""An objective's page: key results with their story, check-in timeline as SVG charts, and the comments."""

import re
from datetime import timedelta

from django.urls import reverse
from django.utils import translation

from rumbo.okrs.models import CheckIn


def url(cast):
    return reverse("okrs:objective_detail", args=[cast.coop.slug, cast.okr_objective.pk])


def test_the_timeline_shows_values_and_confidence_as_charts_with_the_comments(as_viewer, cast):
    start = cast.okr_cycle.start
    CheckIn.objects.create(
        key_result=cast.key_result, date=start, value=12, confidence=7, comment="Primera feria", author=cast.editor
    )
    CheckIn.objects.create(
        key_result=cast.key_result, date=start + timedelta(days=7), value=15, confidence=4, comment="Sin vehículo"
    )
    page = as_viewer.get(url(cast)).content.decode()
    assert page.count('<svg class="chart') == 2  # values and confidence of the key result that has check-ins
    assert "Primera feria" in page and "Sin vehículo" in page and "Beto" in page
    assert 'aria-label="Confianza en «Nuevos compradores» semana a semana, de 0 a 10"' in page
    assert not re.search(r"<[^>]+\sstyle=", page), "the CSP forbids style attributes"


def test_the_outsider_gets_404(as_outsider, cast):
    assert as_outsider.get(url(cast)).status_code == 404


def test_a_viewer_sees_no_edit_buttons_and_the_owner_does(client, cast):
    client.force_login(cast.viewer)
    assert "Registrar seguimiento" not in client.get(url(cast)).content.decode()
    client.force_login(cast.editor)
    assert "Registrar seguimiento" in client.get(url(cast)).content.decode()


def test_an_objective_in_the_bin_is_not_found(as_admin, cast):
    from rumbo.bin.services import bin_delete

    bin_delete(row=cast.okr_objective, user=cast.admin)
    assert as_admin.get(url(cast)).status_code == 404


def test_an_english_reader_gets_the_stories_in_english(client, cast):
    cast.key_result.current = 30
    cast.key_result.save()
    cast.viewer.language = "en"
    cast.viewer.save()
    client.force_login(cast.viewer)
    try:
        page = client.get(url(cast)).content.decode()
    finally:
        translation.activate("es")  # the request left English active in this thread
    assert "“Nuevos compradores” is at 30 (target 50, started at 10)" in page
