"""Every page of the walk, on a 360 × 740 screen: nothing scrolls sideways for any role, and axe-core finds no WCAG 2.2 AA violation in Spanish or English (the pages opened without signal too)."""

import time

import pytest
from playwright.sync_api import expect

from rumbo.accounts.models import Membership
from rumbo.datasets.models import Dataset
from rumbo.demo import SLUG as DEMO_SLUG
from rumbo.demo import load_demo
from rumbo.kpis.models import Kpi
from rumbo.okrs.models import OkrObjective
from tests.browser.phone_walk import (
    PHONE,
    axe_violations,
    measure,
    open_all_details,
    open_page,
    signed_in_phone,
    walk_urls,
)
from tests.browser.test_offline_phone import offline_states
from tests.conftest import Cast

DEMO_BOARD = f"/c/{DEMO_SLUG}/"
CATALOGUE = ("/catalogo/",)


def demo_urls(cast):
    """The demo cooperative's fullest pages (long histories, forecasts, dataset versions), the cast as its members."""
    load_demo()
    coop = Kpi.objects.filter(cooperative__slug=DEMO_SLUG).first().cooperative
    for user, membership in (
        (cast.admin, cast.admin_membership),
        (cast.editor, cast.editor_membership),
        (cast.viewer, cast.viewer_membership),
    ):
        Membership.objects.create(user=user, cooperative=coop, role=membership.role, areas=membership.areas)
    kpis = Kpi.objects.filter(cooperative=coop).order_by("position")
    urls = [DEMO_BOARD, f"/c/{DEMO_SLUG}/okr/", f"/c/{DEMO_SLUG}/datos/"]
    urls += [f"/c/{DEMO_SLUG}/indicadores/{kpi.pk}/" for kpi in kpis[:3]]
    urls += [f"/c/{DEMO_SLUG}/okr/objetivos/{o.pk}/" for o in OkrObjective.objects.filter(cooperative=coop)[:1]]
    urls += [f"/c/{DEMO_SLUG}/datos/{d.pk}/" for d in Dataset.objects.filter(cooperative=coop)[:1]]
    return urls


def demo_kpi_page_of_the_editor():
    """A KPI page of the demo where the cast's editor (of Ventas) may type a value."""
    kpi = Kpi.objects.filter(cooperative__slug=DEMO_SLUG, area="ventas").order_by("position").first()
    return f"/c/{DEMO_SLUG}/indicadores/{kpi.pk}/"


@pytest.mark.browser
def test_every_page_fits_a_phone_and_passes_axe_core_for_every_role_and_language(
    live_server, transactional_db, browser
):
    """One walk (the demo costs seconds to load): overflow for admin, editor and viewer; axe on every page for the
    admin (who sees every page and control) in es and en, and on the demo's fullest pages for the editor and viewer."""
    cast = Cast()
    demo = demo_urls(cast)
    urls = walk_urls(cast, demo)
    started, spills, violations, heights, seen, audited = time.monotonic(), [], [], {}, 0, 0
    loading = auditing = 0.0
    for role, user, language, audited_urls in (
        ("admin", cast.admin, "es", urls),
        ("admin", cast.admin, "en", urls),
        ("editor", cast.editor, "es", demo),
        ("viewer", cast.viewer, "es", demo),
    ):
        user.language = language
        user.save(update_fields=["language"])
        context, page = signed_in_phone(browser, live_server.url, user)
        for url in urls:
            clock = time.monotonic()
            if not open_page(page, url):
                continue
            seen, loading = seen + 1, loading + time.monotonic() - clock
            finding = measure(page, url)
            assert finding.lang == language, url
            heights.setdefault(url, finding.height)
            if url.endswith(CATALOGUE):  # the catalogue's «Más detalles y fuentes», opened
                open_all_details(page, "details.more")
                opened = measure(page, url + " (detalles abiertos)")
                finding = opened if opened.overflow else finding
            if finding.overflow:
                spills.append(f"{role}/{language} {finding.url}: {finding.overflow} px wider, {finding.widest}")
            if url in audited_urls:
                audited, clock = audited + 1, time.monotonic()
                violations += [
                    f"{role}/{language} {url}: {rule} ×{count} {nodes}" for rule, count, nodes in axe_violations(page)
                ]
                auditing += time.monotonic() - clock
        context.close()
    offline = offline_states(browser, live_server.url, cast.editor, DEMO_BOARD, demo_kpi_page_of_the_editor())
    spills, violations = spills + offline[0], violations + offline[1]
    compact_board_on_a_phone_full_tiles_on_a_desktop(browser, live_server.url, cast.viewer)
    a_table_is_reached_by_keyboard_with_a_visible_focus(
        browser, live_server.url, cast.viewer, next(u for u in demo if "/indicadores/" in u)
    )
    print(
        f"\nphone walk: {seen} pages ({audited} through axe) in {time.monotonic() - started:.1f} s"
        f" (loading {loading:.1f} s, axe {auditing:.1f} s);"
        f" tallest: {sorted(heights.items(), key=lambda h: -h[1])[:6]}"
    )
    print("OVERFLOW", len(spills), *spills, sep="\n")
    print("AXE", len(violations), *violations, sep="\n")
    assert seen > 150 and audited > 95
    assert not spills, "\n".join(spills)
    assert not violations, "\n".join(violations)


def compact_board_on_a_phone_full_tiles_on_a_desktop(browser, base_url, user):
    """The board's tiles show status, name and figure on a phone (details on a tap), everything on a desktop."""
    context, page = signed_in_phone(browser, base_url, user)
    page.goto(DEMO_BOARD)
    tile = page.locator(".tile").first
    expect(tile.locator(".badge")).to_be_visible()
    expect(tile.locator("h4 a")).to_be_visible()
    expect(tile.locator(".story")).to_be_hidden()
    tile.locator(".tile-more > summary").click()
    expect(tile.locator(".story")).to_be_visible()
    # The first screen of a phone reaches the objectives and the first tiles, worst first.
    assert page.locator(".objective-cards").bounding_box()["y"] < PHONE["height"]
    page.set_viewport_size({"width": 1280, "height": 800})
    page.reload()
    expect(page.locator(".tile").first.locator(".story")).to_be_visible()
    expect(page.locator(".tile").first.locator(".tile-more > summary")).to_be_hidden()
    context.close()


def a_table_is_reached_by_keyboard_with_a_visible_focus(browser, base_url, user, kpi_url):
    """The chart's data table scrolls in its own box: Tab reaches it, the focus ring shows, arrows scroll it."""
    context, page = signed_in_phone(browser, base_url, user)
    page.goto(kpi_url)
    page.locator("details.chart-data > summary").first.click()
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "(e => [e.className, e.getAttribute('role'), getComputedStyle(e).outlineStyle])(document.activeElement)"
    )
    assert focused == ["table-scroll", "region", "solid"]
    context.close()
