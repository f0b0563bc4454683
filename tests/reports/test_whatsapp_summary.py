"""«Copiar resumen» on the board and on an OKR objective: a short text for WhatsApp, shown to select by hand too."""

import html
import re

import pytest
from django.urls import reverse

from rumbo.demo import SLUG, load_demo
from rumbo.engine.status.share import LIMIT
from rumbo.engine.timeline import periods
from rumbo.okrs.models import CheckIn
from tests.reports.helpers import last_month, off_track_last_month


def summary_in(response) -> str:
    found = re.search(r'<textarea id="resumen-[^"]*" readonly[^>]*>(.*?)</textarea>', response.text, re.S)
    assert found, "the summary box is missing"
    return html.unescape(found.group(1))


def test_the_board_offers_its_summary_with_objectives_kpis_needing_attention_and_a_link(as_viewer, cast):
    off_track_last_month(cast)
    response = as_viewer.get(reverse("kpis:board", args=[cast.coop.slug]))
    text = summary_in(response)
    assert len(text) <= LIMIT
    assert text.startswith("*Cooperativa A*\nTablero · situación al ")
    assert "⚠️ Crecer en ventas directas: En riesgo" in text
    month = last_month()
    label = periods.label(month, "month", "es")
    assert f"❌ Llamadas a clientes por día: Fuera de rumbo — 10 llamadas en {label}, 50\u00a0% bajo la meta" in text
    assert text.endswith("Ver el tablero: http://testserver/c/coop-a/")
    assert (
        'data-copy="resumen-tablero"' in response.text and "hidden>" in response.text
    )  # the button waits for its script
    assert "rumbo/share.js" in response.text


def test_the_summary_follows_the_persons_language(as_viewer, cast):
    off_track_last_month(cast)
    cast.viewer.language = "en"
    cast.viewer.save()
    text = summary_in(as_viewer.get(reverse("kpis:board", args=[cast.coop.slug])))
    assert "Llamadas a clientes por día: Off track — 10 llamadas in " in text and "50% below target" in text


def test_an_okr_objective_offers_its_summary_with_its_grade_and_key_results(as_viewer, cast):
    url = reverse("okrs:objective_detail", args=[cast.coop.slug, cast.okr_objective.pk])
    text = summary_in(as_viewer.get(url))
    assert len(text) <= LIMIT and "*Cooperativa A*" in text and "OKR · Trimestre en curso" in text
    assert "Ampliar la venta directa: 0," in text and "Nuevos compradores" in text
    assert text.endswith(f"Ver el objetivo: http://testserver{url}")


def test_a_slipping_key_result_is_named_with_why(as_viewer, cast):
    from datetime import timedelta

    from django.utils import timezone

    today = timezone.localdate()
    for days, confidence in ((20, 8), (1, 2)):
        CheckIn.objects.create(key_result=cast.key_result, date=today - timedelta(days=days), confidence=confidence)
    text = summary_in(as_viewer.get(reverse("okrs:objective_detail", args=[cast.coop.slug, cast.okr_objective.pk])))
    assert "Resultados clave que necesitan atención" in text
    assert re.search(r"Nuevos compradores: 0,\d\d · .*confianza", text, re.I)


def test_the_outsider_gets_no_summary(as_outsider, cast):
    assert as_outsider.get(reverse("kpis:board", args=[cast.coop.slug])).status_code == 404


@pytest.mark.django_db
def test_the_demo_summary_fits_whatsapp_and_names_each_objective(client):
    load_demo()
    from rumbo.accounts.models import User

    client.force_login(User.objects.get(email="consejo@cafedelsur.coop"))
    text = summary_in(client.get(reverse("kpis:board", args=[SLUG])))
    assert len(text) <= LIMIT
    for title in (
        "Aumentar el acopio y la calidad del café",
        "Crecer en ventas directas de café tostado",
        "Fortalecer las finanzas y la base de socios",
    ):
        assert title in text
    attention = text.split("*Necesitan atención*\n")[1].split("\n\n")[0].splitlines()
    assert 2 <= len(attention) <= 3 and all(" — " in line for line in attention)
