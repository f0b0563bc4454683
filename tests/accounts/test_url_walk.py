"""Every cooperative URL, walked with every member of the cast: nobody sees another cooperative's data."""

import pytest
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

# Which object of cooperative A fills the `pk` of each URL; a new URL with a pk must be added here.
PK_OBJECT = {
    "kpis:kpi_detail": "kpi",
    "kpis:kpi_value_add": "kpi",
    "kpis:offline_value": "kpi",
    "kpis:kpi_edit": "kpi",
    "kpis:kpi_remove": "kpi",
    "kpis:objective_edit": "objective",
    "kpis:initiative_edit": "initiative",
    "member_change": "admin_membership",
    "invitation_remove": "invitation",
    "kpis:value_remove": "measurement",
    "kpis:objective_remove": "objective",
    "bin:kpis": "kpi",
    "bin:objectives": "objective",
    "bin:okr_objectives": "okr_objective",
    "bin:datasets": "dataset",
    "api_token_remove": "api_token",
    "api_token_activity": "api_token",
    "okrs:review": "okr_cycle",
    "okrs:objective_detail": "okr_objective",
    "okrs:objective_edit": "okr_objective",
    "okrs:objective_remove": "okr_objective",
    "okrs:objective_restore": "okr_objective",
    "okrs:key_result_create": "okr_objective",
    "okrs:key_result_edit": "key_result",
    "okrs:key_result_remove": "key_result",
    "okrs:check_in": "key_result",
    "okrs:offline_check_in": "key_result",
    "okrs:improve_kpi": "kpi",
    "choosing:make_metric": "kpi",
    "datasets:dataset_detail": "dataset",
    "datasets:dataset_retype": "dataset",
    "datasets:dataset_remove": "dataset",
    "datasets:dataset_restore": "dataset",
    "datasets:metric_detail": "kpi",
    "datasets:metric_define": "kpi",
    "datasets:template_bind": "kpi",
    "imports:preview": "value_import",
    "imports:commit": "value_import",
    "imports:file": "value_import",
    "insight:initiative_detail": "initiative",
    "insight:initiative_kpi_watch": "initiative",
    "insight:initiative_kpi_unwatch": "initiative",
    "insight:lead_pair": "kpi",
    "hooks:webhook": "webhook",
    "hooks:webhook_secret": "webhook",
    "hooks:webhook_pause": "webhook",
    "hooks:webhook_test": "webhook",
    "hooks:webhook_remove": "webhook",
    "orgs:unit_edit": "local_unit",
    "orgs:unit_remove": "local_unit",
}
# The federation's own pages: a cooperative has none (404 for everyone); tests/federation/test_federation_walk.py
# walks them in a federation with every role.
FEDERATION_PAGES = {
    "federation:members",
    "federation:member_invite",
    "federation:member_key",
    "federation:member_remove",
    "federation:member_region",
    "federation:region_add",
    "federation:region_rename",
    "federation:region_remove",
    "federation:settings",
    "federation:figures_index",
    "federation:figures",
}
# The catalogue template that fills the `slug` of a URL (one of the cast editor's area, Ventas).
TEMPLATE_SLUG = "ventas_cerradas_mes"


def coop_url_names(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from coop_url_names(pattern, ns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield namespace + pattern.name


def url_kwargs(name) -> set[str] | None:
    """The keyword arguments a cooperative URL takes, or None for URLs outside cooperatives."""
    for kwargs in ({"coop_slug": "x"}, {"coop_slug": "x", "pk": 1}, {"coop_slug": "x", "slug": "x"}):
        try:
            reverse(name, kwargs=kwargs)
            return set(kwargs)
        except NoReverseMatch:
            pass
    return None


def coop_urls(cast, coop_slug):
    # API routes answer to keys, not sessions: tests/api/test_api_walk.py walks every one with every kind of key.
    names = sorted(n for n in set(coop_url_names()) if url_kwargs(n) and not n.startswith("api:"))
    assert len(names) >= 10
    for name in names:
        kwargs = {"coop_slug": coop_slug}
        if "pk" in url_kwargs(name):
            assert name in PK_OBJECT, f"Add {name} to PK_OBJECT so the walk covers it."
            kwargs["pk"] = getattr(cast, PK_OBJECT[name]).pk
        if "slug" in url_kwargs(name):
            kwargs["slug"] = TEMPLATE_SLUG
        yield name, reverse(name, kwargs=kwargs)


@pytest.mark.django_db
def test_the_outsider_gets_404_on_every_url_of_another_cooperative(as_outsider, cast):
    for name, url in coop_urls(cast, cast.coop.slug):
        for method in ("get", "post"):
            response = getattr(as_outsider, method)(url)
            assert response.status_code == 404, f"{method.upper()} {name} {url} gave {response.status_code}"


@pytest.mark.django_db
def test_an_anonymous_visitor_is_sent_to_log_in(client, cast):
    for name, url in coop_urls(cast, cast.coop.slug):
        response = client.get(url)
        assert response.status_code == 302 and "/cuenta/entrar/" in response["Location"], name


@pytest.mark.django_db
def test_a_viewer_cannot_write_anywhere(as_viewer, cast):
    from rumbo.kpis.models import Kpi, Measurement

    before = (Kpi.objects.count(), Measurement.objects.count())
    for name, url in coop_urls(cast, cast.coop.slug):
        response = as_viewer.post(
            url, {"value": "12", "title": "x", "name": "x", "email": "z@example.org", "role": "admin"}
        )
        assert response.status_code in (403, 405), f"POST {name} gave {response.status_code}"
    assert (Kpi.objects.count(), Measurement.objects.count()) == before


@pytest.mark.django_db
def test_an_editor_cannot_manage_people(as_editor, cast):
    assert as_editor.get(reverse("members", args=[cast.coop.slug])).status_code == 403
    response = as_editor.post(
        reverse("member_change", args=[cast.coop.slug, cast.viewer_membership.pk]), {"role": "admin"}
    )
    assert response.status_code == 403
    cast.viewer_membership.refresh_from_db()
    assert cast.viewer_membership.role == "viewer"


@pytest.mark.django_db
def test_ids_of_another_cooperative_are_not_found_from_ones_own(as_outsider, cast):
    url = reverse("kpis:kpi_detail", args=[cast.other_coop.slug, cast.kpi.pk])
    assert as_outsider.get(url).status_code == 404
    assert (
        as_outsider.get(reverse("kpis:kpi_detail", args=[cast.other_coop.slug, cast.other_kpi.pk])).status_code == 200
    )


# Pages that change an object: the Ventas editor opening them for something of Producción is told why not.
CHANGE_PAGES = {
    "kpis:kpi_edit",
    "okrs:objective_edit",
    "okrs:key_result_create",
    "okrs:key_result_edit",
    "okrs:check_in",
    "datasets:metric_define",
    "datasets:template_bind",
}
READ_PAGES = {"kpis:kpi_detail", "okrs:objective_detail", "datasets:dataset_detail", "datasets:metric_detail"}


@pytest.mark.django_db
def test_the_ventas_editor_reads_produccion_but_its_change_pages_say_why_not(as_editor, cast):
    from tests.accounts.test_roles_walk import PRODUCCION
    from tests.accounts.test_service_areas import Produccion

    world = Produccion(cast)
    for name in sorted(CHANGE_PAGES | READ_PAGES):
        url = reverse(name, kwargs={"coop_slug": cast.coop.slug, "pk": getattr(world, PRODUCCION[PK_OBJECT[name]]).pk})
        response = as_editor.get(url)
        if name in READ_PAGES:
            assert response.status_code == 200, f"GET {name} gave {response.status_code}"
        else:
            assert response.status_code == 403 and "Producción" in response.content.decode(), (
                f"GET {name} gave {response.status_code}"
            )
