"""Where a member's push may go: a federation on a private or local address only when the server's operator allows it.

The address of a federation on another Rumbo is typed by an admin of a cooperative, not by the
operator, so the push follows the webhooks' rule (`RUMBO_ALLOW_PRIVATE_ADDRESSES`), checked on the
address the name resolves to when the push is sent.
"""

import pytest
from click.testing import CliRunner
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from rumbo.cli import main
from rumbo.federation.models import Contribution, LinkStatus, RemoteLink
from rumbo.federation.remote import client as push_client
from rumbo.federation.remote.links import link_connect, link_push
from rumbo.orgs.models import Cooperative
from tests.federation.network import person
from tests.federation.remote import federation_server, federation_with_keys, free_port, member
from tests.resolver import resolving

KEY = "rfm_" + "k" * 43


@pytest.fixture
def private_refused(settings):
    settings.RUMBO_ALLOW_PRIVATE_ADDRESSES = False


def test_a_push_to_a_name_on_a_private_network_is_refused_without_reaching_it(monkeypatch):
    asked = resolving(monkeypatch, {"red.example.org": ["192.168.1.10"]})
    answer = push_client.send("https://red.example.org", KEY, {"templates": [], "rows": []}, allow_private=False)
    assert (answer.ok, answer.code, answer.error) == (False, None, push_client.PRIVATE)
    assert not answer.final  # the operator may allow it: the push waits for the next attempt
    assert asked == ["red.example.org"]


@pytest.mark.django_db
@pytest.mark.usefixtures("private_refused")
def test_the_refusal_is_the_link_s_status_on_redes_in_the_reader_s_language(client, monkeypatch):
    _federation, (key,) = federation_with_keys(1)
    coop, admin, _kpi, link = member(0, "https://red.example.org", key)
    resolving(monkeypatch, {"red.example.org": ["10.0.0.5"]})  # the name moved into the office network
    done = link_push(link_id=link.pk)
    assert done is not None and not done.ok and done.retry_at is not None
    link.refresh_from_db()
    assert (link.status, link.pending, link.last_error) == (LinkStatus.RETRYING, True, push_client.PRIVATE)
    client.force_login(admin)
    page = client.get(reverse("federation:networks", args=[coop.slug])).content.decode()
    assert "Reintentando" in page
    assert "Dirección no permitida: la federación está en una red privada o local" in page
    with translation.override("en"):
        assert translation.gettext(push_client.PRIVATE).startswith(
            "Address not allowed: the federation is on a private"
        )


@pytest.mark.django_db
@pytest.mark.usefixtures("private_refused")
@pytest.mark.parametrize("url", ["http://127.0.0.1:8123", "https://10.0.0.7", "https://[::1]", "http://localhost:80"])
def test_linking_a_private_address_is_refused_unless_the_operator_allows_it(url, settings):
    coop = Cooperative.objects.create(slug="miembro", name="Miembro")
    admin = person("a@example.org", coop)
    with pytest.raises(ValidationError) as refused:
        link_connect(cooperative=coop, url=url, key=KEY, user=admin)
    assert refused.value.message_dict["url"] == [push_client.PRIVATE]
    settings.RUMBO_ALLOW_PRIVATE_ADDRESSES = True
    assert link_connect(cooperative=coop, url=url, key=KEY, user=admin).url == url


@pytest.mark.django_db
@pytest.mark.usefixtures("private_refused")
def test_the_push_command_says_why_a_private_address_is_refused():
    coop = Cooperative.objects.create(slug="miembro", name="Miembro")
    done = CliRunner().invoke(
        main, ["federation", "push", "--coop", coop.slug, "--url", "http://127.0.0.1:9", "--key", KEY]
    )
    assert done.exit_code == 1 and "Dirección no permitida" in done.output
    assert not RemoteLink.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_with_the_operator_s_setting_a_push_reaches_a_federation_on_the_office_network(settings, monkeypatch):
    settings.RUMBO_ALLOW_PRIVATE_ADDRESSES = True
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "red.oficina.lan"]  # the federation's Rumbo answers to its name
    port = free_port()
    with federation_server(port):
        federation, (key,) = federation_with_keys(1)
        resolving(monkeypatch, {"red.oficina.lan": ["127.0.0.1"]})
        _coop, _admin, _kpi, link = member(0, f"http://red.oficina.lan:{port}", key)
        done = link_push(link_id=link.pk)
    assert done is not None and done.ok, done and done.error
    assert Contribution.objects.filter(member__federation=federation).count() == 3
