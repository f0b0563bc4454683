"""An admin on a phone moves a KPI to the Papelera and brings it back with its values."""

from datetime import date, timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
PHONE = {"width": 360, "height": 740}


@pytest.mark.browser
def test_an_admin_restores_a_kpi_from_the_bin_on_a_phone(live_server, page, transactional_db):
    from rumbo.accounts.models import Membership, User
    from rumbo.kpis.models import Kpi, Measurement, Objective
    from rumbo.orgs.models import Cooperative
    from tests.factories import make_kpi

    coop = Cooperative.objects.create(slug="cafe-norte", name="Café del Norte")
    admin = User.objects.create_user(
        username="gerencia@norte.coop", email="gerencia@norte.coop", password="clave-de-prueba-1"
    )
    Membership.objects.create(user=admin, cooperative=coop, role="admin")
    kpi = make_kpi(coop, "acopio", "Acopio de café pergamino", unit="qq", area="produccion")
    Measurement.objects.create(kpi=kpi, period=date(2025, 1, 1), value=120)
    old = Objective.objects.create(cooperative=coop, title="Certificar el café orgánico")
    Objective.all_objects.filter(pk=old.pk).update(deleted_at=timezone.now() - timedelta(days=3))

    page.set_viewport_size(PHONE)
    page.set_default_timeout(90_000)  # a busy test machine; the page itself is light
    page.goto(f"{live_server.url}/cuenta/entrar/")
    page.fill("#id_username", "gerencia@norte.coop")
    page.fill("#id_password", "clave-de-prueba-1")
    page.click("button.primary")
    page.goto(f"{live_server.url}/c/cafe-norte/indicadores/{kpi.pk}/editar/")
    page.get_by_role("button", name="Mover a la papelera").click()
    expect(page.locator(".messages")).to_contain_text("se movió a la papelera")

    page.locator("details.menu summary").click()
    page.get_by_role("link", name="Papelera").click()
    expect(page.locator("h1")).to_have_text("Papelera")
    expect(page.locator("main")).to_contain_text("Certificar el café orgánico")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "papelera-telefono.png"), full_page=True)
    page.locator("li", has_text="Acopio de café pergamino").get_by_role("button", name="Restaurar").click()
    expect(page.locator(".messages")).to_contain_text("volvió al tablero con todos sus valores")
    assert Kpi.objects.get(pk=kpi.pk).measurements.get().value == 120
