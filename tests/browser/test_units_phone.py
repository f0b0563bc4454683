"""«Unidades propias» on a 360-px phone, with the sharing screen that converts latas into kg and the federation's board
that follows its network indicators: nothing scrolls sideways, axe-core finds no WCAG 2.2 AA violation, es and en."""

from decimal import Decimal

import pytest
from django.urls import reverse

from rumbo.federation.services.sharing import share_start
from rumbo.kpis.services.values import NewValue, values_record_many
from rumbo.orgs.models import LocalUnit
from rumbo.orgs.services import local_unit_save
from tests.browser.phone_walk import axe_violations, measure, open_all_details, open_page, signed_in_phone
from tests.federation.network import MONTHS, VOLUME, catalogue_kpi, join
from tests.federation.screens import built


def _latas_member(net):
    join(net, 5)
    coop, admin, member = net.coops[5], net.admins[5], net.members[5]
    local_unit_save(cooperative=coop, name="lata", definition="12,5 kg", user=admin)
    local_unit_save(cooperative=coop, name="saco de pergamino de la cosecha", definition="46,5 kg", user=admin)
    kpi = catalogue_kpi(coop, VOLUME, unit="latas")
    values_record_many(
        [NewValue(kpi, p, Decimal(8 * (m + 1))) for m, p in enumerate(MONTHS)], user=admin, source="import"
    )
    share_start(kpi=kpi, member=member, user=admin)
    return coop, admin, kpi


def _check(page, url, language, findings, violations):
    open_all_details(page, "details")
    found = measure(page, url)
    if found.overflow:
        findings.append(found)
    violations += [(language, url, v) for v in axe_violations(page)]


@pytest.mark.browser
def test_own_units_the_converted_preview_and_the_network_board_fit_a_phone_and_pass_axe(
    live_server, transactional_db, browser
):
    net = built(5)
    coop, admin, kpi = _latas_member(net)
    unit = LocalUnit.objects.get(cooperative=coop, key="lata")
    settings_url = reverse("orgs:settings", args=[coop.slug])
    member_urls = [
        settings_url,
        reverse("orgs:unit_edit", args=[coop.slug, unit.pk]),
        reverse("federation:sharing", args=[coop.slug]),
        reverse("kpis:kpi_detail", args=[coop.slug, kpi.pk]),
    ]
    org = net.federation.cooperative.slug
    federation_urls = [reverse("kpis:board", args=[org]), reverse("federation:figures_index", args=[org])]
    findings, violations = [], []
    for user, urls in ((admin, member_urls), (net.fed_admin, federation_urls)):
        for language in ("es", "en"):
            user.language = language
            user.save(update_fields=["language"])
            context, page = signed_in_phone(browser, live_server.url, user)
            for url in urls:
                assert open_page(page, url) is not None, url
                _check(page, url, language, findings, violations)
            if user == admin:  # a refused unit: the page again with the reason under the field
                page.goto(live_server.url + settings_url)
                page.fill("#id_unidad-name", "bono")
                page.fill("#id_unidad-definition", "5 USD")
                page.locator("form[action$='/unidades/'] button").click()
                page.wait_for_load_state("load")
                assert page.locator("#id_unidad-definition ~ .error").count() == 1
                _check(page, settings_url + " (rechazada)", language, findings, violations)
            context.close()
    assert findings == [] and violations == []
