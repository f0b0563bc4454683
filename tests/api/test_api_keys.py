"""Keys read or also write, may be limited to areas like an editor, and leave their changes in the history and activity list."""

import re

from django.urls import reverse

from rumbo.api.models import ApiActivity, ApiToken
from rumbo.api.services import token_create
from rumbo.kpis.models import Measurement
from tests.api.test_api import call
from tests.factories import make_kpi

VALUE = [{"period": "2025-02-01", "value": "12"}]


def test_a_key_limited_to_ventas_writes_ventas_and_is_refused_produccion_by_name(client, cast):
    make_kpi(cast.coop, "produccion_total", "Producción total de café", area="produccion")
    _token, key = token_create(coop=cast.coop, name="Caja", can_write=True, user=cast.admin, areas=["ventas"])
    assert call(client, "post", "/c/coop-a/kpis/ventas_cerradas/values", key, data=VALUE).status_code == 200
    refused = call(client, "post", "/c/coop-a/kpis/produccion_total/values", key, data=VALUE)
    assert refused.status_code == 403 and "Producción" in refused.json()["detail"]
    assert not Measurement.objects.filter(kpi__slug="produccion_total").exists()


def test_a_keys_values_show_in_the_history_as_its_creator_with_the_key_name(client, as_admin, cast, writer):
    call(client, "post", "/c/coop-a/kpis/ventas_cerradas/values", writer, data=VALUE)
    page = as_admin.get(reverse("kpis:kpi_detail", args=[cast.coop.slug, cast.kpi.pk])).content.decode()
    assert "Alicia" in page and "con la clave de API «Contabilidad»" in page


def test_admins_see_each_keys_changes_in_its_activity_list(client, as_admin, cast, writer, reader):
    call(client, "post", "/c/coop-a/kpis/ventas_cerradas/values", writer, data=VALUE)
    call(client, "post", "/c/coop-a/kpis/ventas_cerradas/values", writer, data=[{"period": "2025-02-15", "value": "1"}])
    token = ApiToken.objects.get(name="Contabilidad", can_write=True, prefix=writer[:12])
    assert [a.status for a in ApiActivity.objects.filter(token=token)] == [422, 200]
    page = as_admin.get(reverse("api_token_activity", args=[cast.coop.slug, token.pk])).content.decode()
    assert "Valores de «ventas_cerradas»: 1 nuevos" in page and "rechazado (422)" in page
    assert f"api/{token.pk}/actividad/" in as_admin.get(reverse("api_tokens", args=[cast.coop.slug])).content.decode()


def test_only_an_admin_of_the_keys_cooperative_sees_its_activity(client, cast):
    url = reverse("api_token_activity", args=[cast.coop.slug, cast.api_token.pk])
    client.force_login(cast.editor)
    assert client.get(url).status_code == 403
    client.force_login(cast.outsider)
    assert client.get(url).status_code == 404
    assert client.get(reverse("api_token_activity", args=[cast.other_coop.slug, cast.api_token.pk])).status_code == 404


def test_an_admin_creates_a_key_for_some_areas_in_english(as_admin, cast):
    response = as_admin.post(
        reverse("api_tokens", args=[cast.coop.slug]),
        {"name": "Báscula", "can_write": "on", "areas": ["produccion", "ventas"], "language": "en"},
    )
    assert re.search(r'<code class="key">(rumbo_[^<]+)</code>', response.text)
    token = ApiToken.objects.get(name="Báscula")
    assert (token.areas, token.language) == (["produccion", "ventas"], "en")
    assert "leer y registrar (Producción, Ventas)" in as_admin.get(reverse("api_tokens", args=[cast.coop.slug])).text


def test_the_guide_lists_every_operation_and_is_linked_from_the_keys_page(client, as_admin, cast):
    from tests.api.routes import concrete_operations

    guide = client.get(reverse("api_guide")).content.decode()
    from rumbo.api.views import api

    for path, methods in api.get_openapi_schema()["paths"].items():
        for method in methods:
            assert f"<code>{method.upper()} {path}</code>" in guide
    assert len(concrete_operations(cast)) >= 16 and "cdn" not in guide.lower()
    assert reverse("api_guide") in as_admin.get(reverse("api_tokens", args=[cast.coop.slug])).text


def test_the_activity_list_speaks_english_to_an_english_admin(as_admin, cast, writer):
    from django.test import Client

    from rumbo.accounts.models import User

    call(Client(), "post", "/c/coop-a/kpis/ventas_cerradas/values", writer, data=VALUE, HTTP_ACCEPT_LANGUAGE="en")
    User.objects.filter(pk=cast.admin.pk).update(language="en")
    token = ApiToken.objects.get(prefix=writer[:12])
    page = as_admin.get(reverse("api_token_activity", args=[cast.coop.slug, token.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert "Activity of the key «Contabilidad»" in page.content.decode()
    assert "Values of «ventas_cerradas»: 1 new" in page.content.decode()
