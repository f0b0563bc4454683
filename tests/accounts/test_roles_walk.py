"""Every URL walked with every role: each sees what its role allows, nobody reaches another cooperative's objects."""

import pytest
from django.urls import reverse

from rumbo.kpis.models import Kpi, Measurement
from tests.accounts.test_url_walk import PK_OBJECT, coop_url_names, coop_urls, url_kwargs

# Pages only an admin opens; editors and viewers get 403.
ADMIN_ONLY = {"members", "kpis:trash"}


def _everything(cast):
    from rumbo.accounts.models import Membership

    return (Kpi.all_objects.count(), Measurement.objects.count(), list(Membership.objects.values_list("pk", "role").order_by("pk")))


@pytest.mark.parametrize("who", ["admin", "editor", "viewer"])
def test_every_page_opens_for_members_or_says_why_not(client, cast, who):
    client.force_login(getattr(cast, who))
    for name, url in coop_urls(cast, cast.coop.slug):
        status = client.get(url).status_code
        assert status < 500, f"GET {name} as {who} gave {status}"
        if who != "admin" and name in ADMIN_ONLY:
            assert status == 403, f"GET {name} as {who} gave {status}"
        if who == "admin":
            # 400: a URL that needs parameters (an export) says what is missing; 405: POST only.
            assert status in (200, 302, 400, 405), f"GET {name} as admin gave {status}"


def test_an_editor_cannot_manage_people_or_the_bin(as_editor, cast):
    before = _everything(cast)
    for name in ("members", "member_change", "kpis:trash", "kpis:trash_kpi_restore", "kpis:kpi_remove", "kpis:objective_remove"):
        kwargs = {"coop_slug": cast.coop.slug}
        if "pk" in url_kwargs(name):
            kwargs["pk"] = getattr(cast, PK_OBJECT[name]).pk
        response = as_editor.post(reverse(name, kwargs=kwargs), {"role": "admin", "email": "x@example.org"})
        assert response.status_code == 403, f"POST {name} as editor gave {response.status_code}"
    assert _everything(cast) == before


def test_an_editor_writes_only_in_the_areas_given(as_editor, cast):
    finance = Kpi.objects.create(cooperative=cast.coop, slug="liquidez", name="Liquidez", area="finanzas", frequency="month")
    add_value = as_editor.post(reverse("kpis:kpi_value_add", args=[cast.coop.slug, finance.pk]), {"period": "2025-02-01", "value": "3"})
    assert add_value.status_code == 403
    assert as_editor.get(reverse("kpis:kpi_edit", args=[cast.coop.slug, finance.pk])).status_code == 403
    assert not finance.measurements.exists()
    own_area = as_editor.post(reverse("kpis:kpi_value_add", args=[cast.coop.slug, cast.kpi.pk]), {"period": "2025-02-01", "value": "3"})
    assert own_area.status_code == 302


def test_an_id_from_another_cooperative_is_not_found_under_ones_own(as_outsider, cast):
    """The outsider is admin of B; every URL of B given an id of A's objects answers 404 and changes nothing."""
    before = _everything(cast)
    checked = 0
    for name in sorted(set(coop_url_names())):
        if url_kwargs(name) != {"coop_slug", "pk"}:
            continue
        url = reverse(name, kwargs={"coop_slug": cast.other_coop.slug, "pk": getattr(cast, PK_OBJECT[name]).pk})
        for method in ("get", "post"):
            status = getattr(as_outsider, method)(url, {"value": "1", "period": "2025-02-01", "role": "viewer"}).status_code
            assert status in (404, 405), f"{method.upper()} {name} with another cooperative's id gave {status}"
        checked += 1
    assert checked >= 8
    assert _everything(cast) == before


@pytest.mark.parametrize("name", ["home", "profile", "password_change"])
def test_personal_pages_need_a_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and "/cuenta/entrar/" in response["Location"]
