"""The demo cooperative shows all three insights with believable results: a lead that leads, one that does not, a campaign that worked."""

from datetime import date

import pytest
from django.urls import reverse

from rumbo.accounts.models import User
from rumbo.demo import load_demo
from rumbo.insight.computing import impacts
from rumbo.insight.models import KpiForecast, LeadCheck
from rumbo.kpis.models import Initiative, Kpi

DEMO_TODAY = date(2026, 11, 20)


@pytest.fixture
def demo(db, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: DEMO_TODAY)
    load_demo(today=DEMO_TODAY)
    return Kpi.objects.filter(cooperative__slug="cafe-del-sur")


def test_the_demo_shows_forecasts_leads_and_the_campaign_effect(demo, client):
    checks = {
        c.leading.name: c for c in LeadCheck.objects.filter(leading__in=demo).select_related("leading", "lagging")
    }
    calls = checks["Llamadas a clientes por día"]
    assert (calls.lagging.name, calls.verdict, calls.lag, calls.strength) == (
        "Ventas cerradas por mes",
        "leads",
        1,
        "strong",
    )
    assert checks["Mensajes enviados a clientes diariamente"].leads is False

    campaign = Initiative.objects.get(cooperative__slug="cafe-del-sur", kind="campana")
    found = {i.kpi.name: i.report for i in impacts.initiative_impacts(campaign, today=DEMO_TODAY)}
    for name in ("Ventas cerradas por mes", "Conversaciones con clientes por campaña publicitaria"):
        assert found[name].verdict == "up" and found[name].relative_low < 0.25 < found[name].relative_high, name

    sales = KpiForecast.objects.get(kpi__name="Ventas cerradas por mes", kpi__in=demo)
    assert sales.model and "Al ritmo actual llegará a ~" in sales.sentence_es
    production = KpiForecast.objects.get(kpi__name="Producción total de café", kpi__in=demo)
    assert all(p["low"] >= 0 for p in production.points) and production.projection["span_end"].endswith("-09-30")

    client.force_login(User.objects.get(email="consejo@cafedelsur.coop"))
    board = client.get(reverse("kpis:board", args=["cafe-del-sur"])).text
    assert board.count("Al ritmo actual llegará a ~") >= 10
    quality = client.get(reverse("choosing:quality", args=["cafe-del-sur"])).text
    assert "Los datos no muestran que «Mensajes enviados a clientes diariamente» se adelante" in quality
    assert "Los datos no muestran que «Llamadas a clientes por día»" not in quality
