"""«Conectar con una red en otro Rumbo» on «Redes»: the link, its status in plain words, «Enviar ahora» and the consent."""

from decimal import Decimal

import pytest
from django.urls import reverse

from rumbo.federation.models import LinkStatus, RemoteLink, Share
from rumbo.federation.remote.tasks import link_push_task
from rumbo.kpis.services.values import NewValue, values_record_many
from rumbo.orgs.models import Cooperative
from tests.federation.network import MONTHS, VOLUME, catalogue_kpi, person

pytestmark = pytest.mark.django_db
KEY = "rfm_" + "k" * 43
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def coop():
    found = Cooperative.objects.create(slug="miembro", name="Miembro")
    found.admin = person("a@example.org", found)  # type: ignore[attr-defined]
    found.viewer = person("v@example.org", found, role="viewer")  # type: ignore[attr-defined]
    found.kpi = catalogue_kpi(found, VOLUME)  # type: ignore[attr-defined]
    values_record_many([NewValue(found.kpi, MONTHS[0], Decimal("41250.5"))], user=None, source="import")
    return found


def _connect(client, coop, url="https://red.example.org", key=KEY):
    return client.post(reverse("federation:link_add", args=[coop.slug]), {"link-url": url, "link-key": key})


def test_an_admin_connects_with_the_address_and_the_member_key_then_chooses_what_to_share(client, coop):
    client.force_login(coop.admin)
    page = client.get(reverse("federation:networks", args=[coop.slug])).content.decode()
    assert "Conectar con una red en otro Rumbo" in page
    answer = _connect(client, coop)
    assert answer.status_code == 302 and answer["Location"] == reverse("federation:sharing", args=[coop.slug])
    link = RemoteLink.objects.get(cooperative=coop)
    assert (link.url, link.key, link.status) == ("https://red.example.org", KEY, LinkStatus.NEW)
    page = client.get(reverse("federation:networks", args=[coop.slug])).content.decode()
    assert "Sin enviar todavía" in page and "hay cambios que la red aún no recibió" in page and KEY not in page


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("http://red.example.org", KEY),  # not encrypted, and not this machine
        ("ftp://red.example.org", KEY),
        ("https://red.example.org", "rumbo_clave-de-api-1234567890123"),  # an API key, not a member key
        ("https://red.example.org", "rfm_corta"),
    ],
)
def test_an_address_without_https_or_a_key_of_another_shape_is_refused(client, coop, url, key):
    client.force_login(coop.admin)
    assert _connect(client, coop, url, key).status_code == 400
    assert not RemoteLink.objects.exists()


@pytest.mark.usefixtures("private_addresses_allowed")
def test_a_local_address_serves_for_a_federation_on_this_machine(client, coop):
    client.force_login(coop.admin)
    assert _connect(client, coop, "http://127.0.0.1:8123", KEY).status_code == 302
    assert _connect(client, coop, "http://localhost:8123", KEY).status_code == 302
    assert RemoteLink.objects.filter(cooperative=coop).count() == 2


def test_a_local_address_is_refused_unless_the_server_s_operator_allows_it(client, coop, settings):
    settings.RUMBO_ALLOW_PRIVATE_ADDRESSES = False
    client.force_login(coop.admin)
    for url in ("http://127.0.0.1:8123", "http://localhost:8123", "https://192.168.1.20"):
        response = _connect(client, coop, url, KEY)
        assert response.status_code == 400
        assert "la federación está en una red privada o local" in response.content.decode()
    assert not RemoteLink.objects.exists()


def test_a_viewer_neither_connects_nor_sends(client, coop):
    client.force_login(coop.viewer)
    assert _connect(client, coop).status_code == 403
    assert not RemoteLink.objects.exists()


def test_send_now_queues_the_push_and_sends_nothing_within_the_request(
    client, coop, settings, django_capture_on_commit_callbacks
):
    settings.TASKS, settings.RUMBO_ALLOW_PRIVATE_ADDRESSES = DATABASE_QUEUE, True
    from django_tasks_db.models import DBTaskResult

    client.force_login(coop.admin)
    _connect(client, coop, "http://127.0.0.1:9", KEY)  # nobody answers there: a push in the request would fail
    link = RemoteLink.objects.get(cooperative=coop)
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(reverse("federation:link_push", args=[coop.slug]), {"link": link.pk})
    assert answer.status_code == 302
    queued = DBTaskResult.objects.filter(task_path=link_push_task.module_path)
    assert queued.count() == 1 and queued.get().args_kwargs["kwargs"] == {"link_id": link.pk}
    link.refresh_from_db()
    assert (link.status, link.attempts, link.last_attempt_at) == (LinkStatus.NEW, 0, None)


def test_another_cooperatives_link_is_not_found(client, coop):
    other = Cooperative.objects.create(slug="otra", name="Otra")
    link = RemoteLink.objects.create(cooperative=other, url="https://red.example.org", key=KEY)
    client.force_login(coop.admin)
    assert client.post(reverse("federation:link_push", args=[coop.slug]), {"link": link.pk}).status_code == 404
    data = {"link": link.pk, "kpi": coop.kpi.pk, "action": "share"}
    assert client.post(reverse("federation:share_change", args=[coop.slug]), data).status_code == 404


def test_the_consent_page_shares_through_the_link_and_shows_exactly_what_is_sent(client, coop):
    client.force_login(coop.admin)
    _connect(client, coop)
    link = RemoteLink.objects.get(cooperative=coop)
    change = reverse("federation:share_change", args=[coop.slug])
    page = client.get(reverse("federation:sharing", args=[coop.slug])).content.decode()
    assert f'id="enlace-{link.pk}"' in page and f'name="link" value="{link.pk}"' in page
    assert client.post(change, {"link": link.pk, "kpi": coop.kpi.pk, "action": "share"}).status_code == 302
    assert Share.objects.get(link=link, stopped_at__isnull=True).kpi == coop.kpi
    page = client.get(reverse("federation:sharing", args=[coop.slug])).content.decode()
    assert "41.250,5" in page and "Dejar de compartir" in page  # the value as the push carries it
    assert client.post(change, {"link": link.pk, "kpi": coop.kpi.pk, "action": "stop"}).status_code == 302
    assert not Share.objects.filter(link=link, stopped_at__isnull=True).exists()
    assert "41.250,5" not in client.get(reverse("federation:sharing", args=[coop.slug])).content.decode()
