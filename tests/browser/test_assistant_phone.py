"""A new cooperative with no KPIs walks «Elegir mis KPI» on a phone and ends with a balanced list with targets."""

from collections import Counter
from pathlib import Path

import pytest
from playwright.sync_api import expect

from rumbo.accounts.models import Membership, User
from rumbo.kpis.models import Kpi, Objective
from rumbo.orgs.models import Cooperative

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
PHONE = {"width": 360, "height": 740}


@pytest.fixture
def browser_context_args(browser_context_args):
    """A phone set to Spanish, as the cooperative's staff use it (dates shown as 31/12/2026)."""
    return {**browser_context_args, "locale": "es-ES"}


@pytest.mark.browser
def test_a_new_cooperative_adopts_a_balanced_list_with_targets_on_a_phone(live_server, page, transactional_db):
    coop = Cooperative.objects.create(slug="miel-del-valle", name="Cooperativa Miel del Valle")
    user = User.objects.create_user(
        username="rosa@mieldelvalle.coop",
        email="rosa@mieldelvalle.coop",
        password="clave-de-prueba-1",
        first_name="Rosa",
    )
    Membership.objects.create(user=user, cooperative=coop, role="admin")
    page.set_viewport_size(PHONE)
    ARTIFACTS.mkdir(exist_ok=True)
    page.goto(f"{live_server.url}/cuenta/entrar/")
    page.fill("#id_username", "rosa@mieldelvalle.coop")
    page.fill("#id_password", "clave-de-prueba-1")
    page.click("button.primary")
    expect(page.locator("header .coop-name")).to_be_visible()

    page.locator("header summary", has_text="Menú").click()
    page.get_by_role("link", name="Elegir mis KPI").click()
    page.get_by_label("Los compradores vuelven y renuevan").check()
    page.get_by_role("button", name="Siguiente").click()
    page.screenshot(path=str(ARTIFACTS / "asistente-telefono-paso-2.png"), full_page=True)
    for area in ("Gerencia", "Ventas", "Marketing", "Producción"):
        page.get_by_label(area, exact=True).check()
    page.get_by_role("button", name="Siguiente").click()
    page.get_by_label("Objetivo 1").fill("Vender más miel envasada en las tiendas de la región")
    page.get_by_text("O elija entre ejemplos").click()
    page.get_by_label("Retener a nuestros socios").check()
    page.screenshot(path=str(ARTIFACTS / "asistente-telefono-paso-3.png"), full_page=True)
    page.get_by_role("button", name="Siguiente").click()
    page.get_by_label("Consideración").check()
    page.get_by_role("button", name="Ver mi lista").click()

    expect(page.get_by_role("heading", name="Vender más miel envasada en las tiendas de la región")).to_be_visible()
    last = page.locator("li.line").last
    last.get_by_text("Cambiar por otro").click()
    last.locator("details.swap button").first.click()
    expect(page.get_by_text("Cambiado por usted en lugar de")).to_be_visible()
    lines = page.locator("li.line")
    count = lines.count()
    assert 4 <= count <= 20
    for box in page.locator("li.line input[name^='t-'], li.line input[name^='lo-']").all():
        box.fill("1.200")
    for box in page.locator("li.line input[name^='hi-']").all():
        box.fill("2.500,5")
    page.screenshot(path=str(ARTIFACTS / "asistente-telefono.png"), full_page=True)
    page.get_by_role("button", name=f"Adoptar estos {count} KPI").click()

    expect(page.locator(".messages")).to_contain_text("Listo: la cooperativa sigue")
    kpis = Kpi.objects.filter(cooperative=coop)
    assert kpis.count() == count
    assert all(k.kind == "kpi" and k.owner == user and k.targets.exists() for k in kpis)
    assert max(Counter(kpis.values_list("area", flat=True)).values()) <= 5
    objectives = Objective.objects.filter(cooperative=coop)
    assert objectives.count() == 2
    for objective in objectives:
        assert set(objective.kpis.values_list("indicator", flat=True)) == {"leading", "lagging"}, objective.title
    page.screenshot(path=str(ARTIFACTS / "asistente-telefono-tablero.png"), full_page=True)
    page.locator("header summary", has_text="Menú").click()
    page.get_by_role("link", name="Calidad").click()
    expect(page.get_by_text("Todo en orden")).to_be_visible()  # the adopted list passes the quality check
