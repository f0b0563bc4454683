"""Without signal on a phone: the board and KPI pages open from their last copy, values typed are kept and sent once."""

import re
import time
from decimal import Decimal

import pytest
from django.db import OperationalError
from playwright.sync_api import expect

from rumbo.accounts.models import User
from rumbo.demo import load_demo
from rumbo.kpis.models import Kpi, Measurement, SentEntry
from rumbo.kpis.services.offline import OFFLINE_DETAIL
from rumbo.kpis.services.values import value_record, value_remove
from rumbo.okrs.models import CheckIn, KeyResult
from tests.browser.phone_walk import axe_violations, measure, signed_in_phone
from tests.browser.test_value_entry import log_in

PHONE = {"width": 360, "height": 740}
COOP = "/c/cafe-del-sur"
EDITOR, PASSWORD = "ventas@cafedelsur.coop", "rumbo-editor-2026"
COPY = re.compile(r"Sin conexión: datos del \d\d/\d\d a las \d\d:\d\d")
CHECK_IN_KR = "Mensajes respondidos el mismo día"
# Every tenth request of a run: the first and seventh are stored but their answer is lost, the fourth never arrives.
DROPPED_AFTER, DROPPED_BEFORE = {0, 6}, {3}


def kpi(name):
    return Kpi.objects.get(cooperative__slug="cafe-del-sur", name=name)


def a_phone(browser, base_url, **options):
    context = browser.new_context(viewport=PHONE, base_url=base_url, locale="es-ES", **options)
    page = context.new_page()
    log_in(page, base_url, EDITOR, PASSWORD)
    return context, page


def kept(page, url):
    """Wait until the page at `url` is in the phone's copy (the service worker keeps what it serves)."""
    page.wait_for_function(
        "(u) => caches.open('rumbo-pages').then(c => c.match(new URL(u, location.href).href)).then(Boolean)", arg=url
    )


def installed(page):
    """Wait until the service worker is installed and in charge of the pages opened from now on."""
    page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")


def visit(page, url):
    page.goto(url)
    kept(page, url)


def outbox_count(page):
    return page.evaluate("() => rumboOutbox.all().then(list => list.length)")


def fill_row(page, name, value):
    page.locator("fieldset.update", has_text=name).locator("input[name$='-value']").fill(value)


def stored_within(done, seconds):
    """Whether `done()` came true within `seconds` (polled; a slow machine only waits longer)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if done():
                return True
        except OperationalError:  # the live server is writing
            pass
        time.sleep(0.2)
    return False


def still_on_the_phone(context):
    """What the phone still holds, for the message of a wait that failed (a page opened now may send it)."""
    page = context.new_page()
    page.goto(f"{COOP}/")
    return page.evaluate("() => rumboOutbox.all().then(l => l.map(e => [e.url, e.status, e.message || '']))")


def fits_and_passes_axe(page, state):
    """The offline state on screen, in the phone walk's terms: nothing spills past 360 px, axe-core finds nothing."""
    finding = measure(page, state)
    assert not finding.overflow, finding.widest
    assert not axe_violations(page), state


def offline_states(browser, base_url, user, board, kpi_url) -> tuple[list[str], list[str]]:
    """The phone walk's offline states: the board and a KPI page opened from their copy, a value waiting to be sent.

    Returns what spills past the screen and what axe-core reports, worded as the walk words them.
    """
    context, page = signed_in_phone(browser, base_url, user, service_workers="allow")
    page.goto(board)
    installed(page)
    visit(page, board)
    visit(page, kpi_url)
    context.set_offline(True)
    spills, violations = [], []

    def check(state):
        finding = measure(page, state)
        if finding.overflow:
            spills.append(f"{state}: {finding.overflow} px wider, {finding.widest}")
        violations.extend(f"{state}: {rule} ×{count} {nodes}" for rule, count, nodes in axe_violations(page))

    page.goto(board)
    expect(page.locator(".offline-state")).to_be_visible()
    check(f"{board} (sin conexión)")
    page.goto(kpi_url)
    page.fill("#id_period", "2026-10-01")
    page.fill("#id_value", "12")
    page.locator("form[data-offline] button.primary").click()
    expect(page.locator(".outbox li")).to_have_count(1)
    check(f"{kpi_url} (sin conexión, un valor pendiente de enviar)")
    context.close()
    return spills, violations


def offline_history(measurement):
    return [h for h in measurement.history.all() if h.source_detail == OFFLINE_DETAIL]


@pytest.mark.browser
def test_pages_open_offline_and_values_typed_there_are_stored_once_with_history(live_server, transactional_db, browser):
    load_demo()
    context, page = a_phone(browser, live_server.url)
    calls, orders = kpi("Llamadas a clientes por día"), kpi("Valor medio del pedido")
    new_buyers = kpi("Clientes nuevos adquiridos")
    value_remove(measurement=new_buyers.measurements.get(period="2026-10-01"), user=None)  # a month still to enter
    key_result_url = f"{COOP}/okr/resultados/{KeyResult.objects.get(title=CHECK_IN_KR).pk}/seguimiento/"
    installed(page)
    visit(page, f"{COOP}/")
    for url in (f"{COOP}/indicadores/{new_buyers.pk}/", f"{COOP}/actualizaciones/", key_result_url):
        visit(page, url)

    context.set_offline(True)
    page.goto(f"{COOP}/")
    expect(page.locator(".offline-state")).to_have_text(COPY)
    expect(page.locator(".tile").first).to_be_visible()
    fits_and_passes_axe(page, "tablero sin conexión")
    page.goto(f"{COOP}/indicadores/{new_buyers.pk}/")
    expect(page.locator(".offline-state")).to_have_text(COPY)
    page.fill("#id_period", "2026-10-01")
    page.fill("#id_value", "14")
    page.get_by_role("button", name="Guardar", exact=True).click()
    expect(page.locator(".outbox")).to_contain_text("pendiente de enviar")
    fits_and_passes_axe(page, "indicador sin conexión, un valor pendiente")

    page.goto(f"{COOP}/actualizaciones/")
    expect(page.locator(".offline-state")).to_have_text(COPY)
    fill_row(page, calls.name, "21,5")
    fill_row(page, orders.name, "1.250")
    page.get_by_role("button", name="Guardar todo").click()
    expect(page.locator(".outbox li")).to_have_count(3)

    page.goto(key_result_url)
    page.fill("#id_value", "85")
    page.fill("#id_confidence", "7")
    page.fill("#id_comment", "sin señal en el beneficio")
    page.get_by_role("button", name="Guardar seguimiento").click()
    expect(page.locator(".outbox li")).to_have_count(4)
    expect(page.locator(".outbox")).to_contain_text("pendiente de enviar")
    assert not SentEntry.objects.exists()
    page.close()

    context.set_offline(False)  # with no page open, the service worker sends them (Background Sync)
    assert stored_within(lambda: SentEntry.objects.count() == 4, seconds=60), still_on_the_phone(context)
    page = context.new_page()
    page.goto(f"{COOP}/actualizaciones/")
    expect(page.locator(".outbox")).to_be_hidden(timeout=15_000)
    assert outbox_count(page) == 0
    assert SentEntry.objects.count() == 4
    for measurement, value in (
        (Measurement.objects.get(kpi=calls, period="2026-11-01"), Decimal("21.5")),
        (Measurement.objects.get(kpi=orders, period="2026-11-01"), Decimal("1250")),
        (Measurement.objects.get(kpi=new_buyers, period="2026-10-01"), Decimal("14")),
    ):
        assert measurement.value == value
        [entry] = offline_history(measurement)  # once, with the time it was typed (before it was sent)
        assert entry.history_date < SentEntry.objects.order_by("received_at").first().received_at
    check_in = CheckIn.objects.get(key_result__title=CHECK_IN_KR, comment="sin señal en el beneficio")
    assert (check_in.value, check_in.confidence) == (Decimal("85"), 7)
    assert [h.history_change_reason for h in check_in.history.all()] == [OFFLINE_DETAIL]
    page.goto(f"{COOP}/indicadores/{new_buyers.pk}/")
    expect(page.locator("table", has_text="enviado sin conexión")).to_be_attached()  # in the folded history
    context.close()


@pytest.mark.browser
def test_a_value_changed_by_someone_else_meanwhile_is_not_overwritten_and_the_person_chooses(
    live_server, transactional_db, browser
):
    load_demo()
    sales = kpi("Ventas cerradas por mes")
    context, page = a_phone(browser, live_server.url)
    page.goto(f"{COOP}/actualizaciones/")
    context.set_offline(True)
    fill_row(page, sales.name, "50")
    page.get_by_role("button", name="Guardar todo").click()
    expect(page.locator(".outbox")).to_contain_text("pendiente de enviar")
    admin = User.objects.get(email="gerencia@cafedelsur.coop")
    value_record(
        kpi=sales, period=sales.measurements.get(period="2026-11-01").period, value="1250", user=admin, version=1
    )

    context.set_offline(False)
    conflict = page.locator(".outbox li.outbox-conflict")
    expect(conflict).to_contain_text("Mientras estaba sin conexión, otra persona guardó 1.250 ventas")
    expect(conflict).to_contain_text("Su valor: 50")
    assert sales.measurements.get(period="2026-11-01").value == Decimal("1250")  # nothing overwritten
    fits_and_passes_axe(page, "conflicto al volver la señal")

    conflict.get_by_role("button", name="Guardar el mío").click()
    expect(page.locator(".outbox")).to_be_hidden()
    measurement = sales.measurements.get(period="2026-11-01")
    assert (measurement.value, measurement.version) == (Decimal("50"), 3)
    assert [h.value for h in measurement.history.order_by("history_id")][-2:] == [Decimal("1250"), Decimal("50")]
    assert len(offline_history(measurement)) == 1
    context.close()


@pytest.mark.browser
def test_signing_out_with_values_queued_warns_first_and_clears_the_phone(live_server, transactional_db, browser):
    load_demo()
    calls = kpi("Llamadas a clientes por día")
    context, page = a_phone(browser, live_server.url)
    installed(page)
    visit(page, f"{COOP}/actualizaciones/")
    context.set_offline(True)
    fill_row(page, calls.name, "33")
    page.get_by_role("button", name="Guardar todo").click()
    expect(page.locator(".outbox")).to_contain_text("pendiente de enviar")
    context.route("**/sin-conexion/", lambda route: route.abort())  # the server stays out of reach: the value waits
    context.set_offline(False)
    warnings = []
    page.once("dialog", lambda dialog: (warnings.append(dialog.message), dialog.accept()))
    page.locator("details.menu > summary").click()
    page.get_by_role("button", name="Salir").click()
    expect(page.locator("#id_username")).to_be_visible()
    assert warnings and "1 valores sin enviar" in warnings[0]
    # No page of the person is left (the login page's own styles and scripts are kept again as it loads).
    assert [name for name in page.evaluate("caches.keys()") if not name.startswith("rumbo-static-")] == []
    page.wait_for_function("() => window.rumboOutbox !== undefined")
    assert page.evaluate("() => rumboOutbox.all()") == []
    assert not SentEntry.objects.exists()
    assert offline_history(calls.measurements.get(period="2026-11-01")) == []
    context.close()


@pytest.mark.browser
def test_a_flaky_network_dropping_three_requests_in_ten_still_stores_each_value_exactly_once(
    live_server, transactional_db, browser
):
    load_demo()
    names = ["Llamadas a clientes por día", "Valor medio del pedido", "Clientes nuevos adquiridos"]
    User.objects.filter(email=EDITOR).update(language="en")  # and in English
    # The page itself sends (no service worker): every request passes through the dropping route.
    context, page = a_phone(browser, live_server.url, service_workers="block")
    page.goto(f"{COOP}/actualizaciones/")
    context.set_offline(True)
    expect(page.locator(".offline-state")).to_have_text(re.compile(r"Offline: data from \d\d/\d\d at \d\d:\d\d"))
    for number, name in enumerate(names, start=40):
        fill_row(page, name, str(number))
    page.locator("form.updates button.primary").click()
    expect(page.locator(".outbox li")).to_have_count(3)
    expect(page.locator(".outbox")).to_contain_text("waiting to be sent")
    fits_and_passes_axe(page, "valores pendientes de enviar")

    seen = {"requests": 0, "after": 0, "before": 0}

    def flaky(route):
        turn = seen["requests"] % 10
        seen["requests"] += 1
        if turn in DROPPED_BEFORE:
            seen["before"] += 1
            return route.abort("internetdisconnected")
        response = route.fetch()
        if turn in DROPPED_AFTER:  # stored by the server, but its answer never reaches the phone
            seen["after"] += 1
            return route.abort("connectionreset")
        return route.fulfill(response=response)

    page.route("**/sin-conexion/", flaky)
    context.set_offline(False)
    expect(page.locator(".outbox")).to_be_hidden(timeout=30_000)
    assert seen["after"] >= 1 and seen["before"] >= 1, seen
    assert SentEntry.objects.count() == 3
    for number, name in enumerate(names, start=40):
        measurement = kpi(name).measurements.get(period="2026-11-01")
        assert measurement.value == number
        assert len(offline_history(measurement)) == 1
    context.close()
