"""One bar of signal: a value form sent while the phone believes it is online is kept on the phone when no answer comes."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from rumbo.demo import load_demo
from rumbo.kpis.models import Measurement, SentEntry
from rumbo.kpis.services.values import value_remove
from rumbo.okrs.models import CheckIn, KeyResult
from tests.browser.test_offline_phone import (
    CHECK_IN_KR,
    COOP,
    a_phone,
    fill_row,
    installed,
    kpi,
    offline_history,
    visit,
)


def no_post_gets_through(route):
    return route.abort("connectionrefused") if route.request.method == "POST" else route.fallback()


@pytest.mark.browser
def test_a_value_whose_request_does_not_get_through_is_kept_on_the_phone_and_stored_once_later(
    live_server, transactional_db, browser
):
    load_demo()
    new_buyers = kpi("Clientes nuevos adquiridos")
    value_remove(measurement=new_buyers.measurements.get(period="2026-10-01"), user=None)
    context, page = a_phone(browser, live_server.url)
    installed(page)
    url = f"{COOP}/indicadores/{new_buyers.pk}/"
    visit(page, url)
    context.route("**/*", no_post_gets_through)  # the phone believes it is online; nothing sent arrives
    page.fill("#id_period", "2026-10-01")
    page.fill("#id_value", "17")
    page.get_by_role("button", name="Guardar", exact=True).click()
    expect(page.locator(".outbox")).to_contain_text("pendiente de enviar")
    expect(page.locator(".offline-note")).to_contain_text("lo guardamos en el teléfono")
    assert page.url.endswith(url)  # no error page: the person stays on the KPI
    assert not SentEntry.objects.exists()
    assert not new_buyers.measurements.filter(period="2026-10-01").exists()

    context.unroute("**/*", no_post_gets_through)  # the signal gets through again: the page sends it
    expect(page.locator(".outbox")).to_be_hidden(timeout=30_000)
    assert SentEntry.objects.count() == 1
    measurement = Measurement.objects.get(kpi=new_buyers, period="2026-10-01")
    assert measurement.value == Decimal("17")
    assert len(offline_history(measurement)) == 1
    context.close()


@pytest.mark.browser
def test_updates_stored_whose_answer_is_lost_are_not_stored_twice_when_the_phone_sends_them_again(
    live_server, transactional_db, browser
):
    load_demo()
    calls, orders = kpi("Llamadas a clientes por día"), kpi("Valor medio del pedido")
    context, page = a_phone(browser, live_server.url)
    installed(page)
    visit(page, f"{COOP}/actualizaciones/")  # the service worker in charge before any route: none is missed
    answers = []

    def answer_lost(route):
        if route.request.method != "POST":
            return route.fallback()
        answers.append(
            route.fetch(max_redirects=0).status
        )  # Rumbo stores both values; the answer never reaches the phone
        return route.abort("connectionreset")

    page.route("**/actualizaciones/", answer_lost)
    fill_row(page, calls.name, "23")
    fill_row(page, orders.name, "1.300")
    page.get_by_role("button", name="Guardar todo").click()
    expect(page.locator(".offline-note")).to_have_text("Se enviaron los valores guardados sin conexión.")
    expect(page.locator(".outbox")).to_be_hidden(timeout=30_000)  # sent again through the offline door: found
    assert answers == [302]
    assert SentEntry.objects.count() == 2
    for which, value in ((calls, Decimal("23")), (orders, Decimal("1300"))):
        measurement = Measurement.objects.get(kpi=which, period="2026-11-01")
        assert measurement.value == value
        assert [h.value for h in measurement.history.all()].count(value) == 1  # stored once
        assert offline_history(measurement) == []  # by the form, as typed online
    context.close()


@pytest.mark.browser
def test_with_signal_a_value_and_a_check_in_show_the_same_page_and_messages_as_before(
    live_server, transactional_db, browser
):
    load_demo()
    new_buyers = kpi("Clientes nuevos adquiridos")
    value_remove(measurement=new_buyers.measurements.get(period="2026-10-01"), user=None)
    key_result = KeyResult.objects.get(title=CHECK_IN_KR)
    context, page = a_phone(browser, live_server.url)
    installed(page)
    url = f"{COOP}/indicadores/{new_buyers.pk}/"
    page.goto(url)
    page.fill("#id_period", "2026-10-01")
    page.fill("#id_value", "abc")
    page.get_by_role("button", name="Guardar", exact=True).click()
    expect(page.locator("p.error").first).to_be_visible()  # the form with its errors, as before
    page.fill("#id_period", "2026-10-01")
    page.fill("#id_value", "18")
    page.get_by_role("button", name="Guardar", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("Valor guardado.")
    assert page.url.endswith(url)
    assert Measurement.objects.get(kpi=new_buyers, period="2026-10-01").value == Decimal("18")
    assert SentEntry.objects.count() == 1  # with the phone's entry id
    assert page.locator(".outbox").is_hidden()

    page.goto(f"{COOP}/okr/resultados/{key_result.pk}/seguimiento/")
    page.fill("#id_value", "80")
    page.fill("#id_confidence", "6")
    page.fill("#id_comment", "con una raya de señal")
    page.get_by_role("button", name="Guardar seguimiento").click()
    expect(page.locator(".messages")).to_contain_text("Seguimiento guardado.")
    assert page.url.endswith(f"{COOP}/okr/objetivos/{key_result.objective_id}/")
    assert CheckIn.objects.filter(key_result=key_result, comment="con una raya de señal").count() == 1
    page.go_back()
    expect(page.locator("h1")).to_have_text("Seguimiento semanal")
    context.close()


@pytest.mark.browser
def test_without_javascript_the_value_form_still_saves(live_server, transactional_db, browser):
    load_demo()
    new_buyers = kpi("Clientes nuevos adquiridos")
    value_remove(measurement=new_buyers.measurements.get(period="2026-10-01"), user=None)
    context, page = a_phone(browser, live_server.url, java_script_enabled=False)
    page.goto(f"{COOP}/indicadores/{new_buyers.pk}/")
    page.fill("#id_period", "2026-10-01")
    page.fill("#id_value", "19")
    page.get_by_role("button", name="Guardar", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("Valor guardado.")
    assert Measurement.objects.get(kpi=new_buyers, period="2026-10-01").value == Decimal("19")
    assert not SentEntry.objects.exists()
    context.close()


@pytest.mark.browser
def test_a_form_left_without_answer_for_15_seconds_is_kept_and_the_late_arrival_is_stored_once(
    live_server, transactional_db, browser
):
    load_demo()
    new_buyers = kpi("Clientes nuevos adquiridos")
    value_remove(measurement=new_buyers.measurements.get(period="2026-10-01"), user=None)
    context, page = a_phone(browser, live_server.url)
    installed(page)
    page.clock.install()  # the page's own clock: its 15 seconds pass at once, the rest at the usual pace
    visit(page, f"{COOP}/indicadores/{new_buyers.pk}/")  # the service worker in charge before any route: none is missed
    held = []

    def hold_the_form(route):
        if route.request.method != "POST":
            return route.fallback()
        if route.request.url.endswith("/valor/") and not held:
            return held.append(route)  # no answer: the phone waits, then keeps the value
        return route.abort("connectionrefused")

    context.route("**/*", hold_the_form)
    page.fill("#id_period", "2026-10-01")
    page.fill("#id_value", "21")
    page.get_by_role("button", name="Guardar", exact=True).click()
    for _ in range(600):  # the form leaves, through the service worker, and is held
        if held:
            break
        page.wait_for_timeout(50)
    assert held  # no answer comes
    page.clock.fast_forward(15_000)
    expect(page.locator(".outbox")).to_contain_text("pendiente de enviar")
    assert not new_buyers.measurements.filter(period="2026-10-01").exists()
    assert held[0].fetch(max_redirects=0).status == 302  # the form arrives late, after the phone gave up: stored
    context.unroute("**/*", hold_the_form)
    expect(page.locator(".outbox")).to_be_hidden(timeout=30_000)  # sent again from the phone: found
    measurement = Measurement.objects.get(kpi=new_buyers, period="2026-10-01")
    assert measurement.value == Decimal("21")
    assert measurement.history.count() == 1 and offline_history(measurement) == []
    assert SentEntry.objects.count() == 1
    context.close()
