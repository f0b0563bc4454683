"""Every URL walked with every role: each sees what its role allows, nobody reaches another cooperative's objects."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from rumbo.kpis.models import Kpi, Measurement
from tests.accounts.test_url_walk import FEDERATION_PAGES, PK_OBJECT, coop_url_names, coop_urls, url_kwargs

# Pages only an admin opens; editors and viewers get 403.
ADMIN_ONLY = {
    "members",
    "bin:trash",
    "hooks:webhooks",
    "hooks:webhook",
    "federation:networks",
    "federation:sharing",
    "federation:link_add",
    "federation:link_push",
    "orgs:settings",
    "orgs:unit_edit",
}


def _everything(cast):
    from rumbo.accounts.models import Membership

    return (
        Kpi.all_objects.count(),
        Measurement.objects.count(),
        list(Membership.objects.values_list("pk", "role").order_by("pk")),
    )


@pytest.mark.parametrize("who", ["admin", "editor", "viewer"])
def test_every_page_opens_for_members_or_says_why_not(client, cast, who):
    client.force_login(getattr(cast, who))
    for name, url in coop_urls(cast, cast.coop.slug):
        status = client.get(url).status_code
        assert status < 500, f"GET {name} as {who} gave {status}"
        if name in FEDERATION_PAGES:  # a cooperative is no federation: not found, or refused before (role, method)
            assert status in (403, 404, 405), f"GET {name} as {who} gave {status}"
            continue
        if who != "admin" and name in ADMIN_ONLY:
            assert status == 403, f"GET {name} as {who} gave {status}"
        if who == "admin":
            # 400: a URL that needs parameters (an export) says what is missing; 405: POST only.
            assert status in (200, 302, 400, 405), f"GET {name} as admin gave {status}"


def test_an_editor_cannot_manage_people_or_the_bin(as_editor, cast):
    before = _everything(cast)
    for name in (
        "members",
        "member_change",
        "bin:trash",
        "bin:kpis",
        "kpis:kpi_remove",
        "kpis:objective_remove",
    ):
        kwargs = {"coop_slug": cast.coop.slug}
        if "pk" in url_kwargs(name):
            kwargs["pk"] = getattr(cast, PK_OBJECT[name]).pk
        response = as_editor.post(reverse(name, kwargs=kwargs), {"role": "admin", "email": "x@example.org"})
        assert response.status_code == 403, f"POST {name} as editor gave {response.status_code}"
    assert _everything(cast) == before


def test_an_editor_writes_only_in_the_areas_given(as_editor, cast):
    finance = Kpi.objects.create(
        cooperative=cast.coop, slug="liquidez", name="Liquidez", area="finanzas", frequency="month"
    )
    add_value = as_editor.post(
        reverse("kpis:kpi_value_add", args=[cast.coop.slug, finance.pk]), {"period": "2025-02-01", "value": "3"}
    )
    assert add_value.status_code == 403
    assert as_editor.get(reverse("kpis:kpi_edit", args=[cast.coop.slug, finance.pk])).status_code == 403
    assert not finance.measurements.exists()
    own_area = as_editor.post(
        reverse("kpis:kpi_value_add", args=[cast.coop.slug, cast.kpi.pk]), {"period": "2025-02-01", "value": "3"}
    )
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
            status = getattr(as_outsider, method)(
                url, {"value": "1", "period": "2025-02-01", "role": "viewer"}
            ).status_code
            assert status in (404, 405), f"{method.upper()} {name} with another cooperative's id gave {status}"
        checked += 1
    assert checked >= 8
    assert _everything(cast) == before


@pytest.mark.parametrize("name", ["home", "profile", "password_change"])
def test_personal_pages_need_a_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and "/cuenta/entrar/" in response["Location"]


# The Producción counterpart of each object of the cast that a URL's pk names (tests.accounts.test_service_areas).
PRODUCCION = {
    "kpi": "kpi",
    "objective": "objective",
    "okr_objective": "okr",
    "key_result": "key_result",
    "dataset": "dataset",
}


def test_an_editor_changes_nothing_of_another_area_through_any_url(as_editor, cast):
    """Every URL that names an object of Producción, posted by the Ventas editor with plausible data: 403, nothing changes."""
    from tests.accounts.test_service_areas import Produccion, snapshot

    world = Produccion(cast)
    before = snapshot()
    data = {
        "value": "12",
        "period": "2025-02-01",
        "title": "x",
        "name": "acopio",
        "area": "ventas",
        "owner": str(cast.editor.pk),
        "confidence": "5",
        "date": "2025-02-01",
        "kind": "number",
        "target": "9",
        "weight": "1",
        "c0": "text",
        "c1": "text",
        "c2": "text",
        "source": "dataset",
        "measure": "count()",
        "date_column": "Fecha",
        "grain": "month",
    }
    refused = []
    for name in sorted(set(coop_url_names())):
        if url_kwargs(name) != {"coop_slug", "pk"} or PK_OBJECT.get(name) not in PRODUCCION:
            continue
        url = reverse(name, kwargs={"coop_slug": cast.coop.slug, "pk": getattr(world, PRODUCCION[PK_OBJECT[name]]).pk})
        status = as_editor.post(url, data).status_code
        # 405: a page that only reads; 404: a restore of something that is not in the bin
        assert status in (403, 405) or (status == 404 and "restore" in name), (
            f"POST {name} as the Ventas editor gave {status}"
        )
        refused += [name] if status == 403 else []
    upload = as_editor.post(
        reverse("datasets:upload", args=[cast.coop.slug]),
        {"name": "acopio", "mode": "replace", "file": SimpleUploadedFile("acopio.csv", world.data)},
    )
    recompute = as_editor.post(reverse("datasets:recompute", args=[cast.coop.slug]))
    assert (upload.status_code, recompute.status_code) == (403, 403)
    assert {
        "kpis:kpi_edit",
        "kpis:kpi_value_add",
        "okrs:objective_edit",
        "okrs:check_in",
        "datasets:dataset_retype",
        "datasets:metric_define",
        "okrs:improve_kpi",
        "insight:lead_pair",
    } <= set(refused)
    assert snapshot() == before


def test_the_same_urls_let_the_editor_work_in_their_own_area(as_editor, cast):
    """The control of the walk above: the Ventas editor's own KPI and objective take the same posts."""
    own_value = as_editor.post(
        reverse("kpis:kpi_value_add", args=[cast.coop.slug, cast.kpi.pk]), {"period": "2025-02-01", "value": "3"}
    )
    own_check_in = as_editor.get(reverse("okrs:check_in", args=[cast.coop.slug, cast.key_result.pk]))
    assert (own_value.status_code, own_check_in.status_code) == (302, 200)
