"""A member's install pushing to its federation on another Rumbo over real HTTP: after each change, retried, caught up."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from rumbo.federation.models import Contribution, Figure, LinkStatus, RemoteBand
from rumbo.federation.remote import client
from rumbo.federation.remote.links import (
    BACKOFF,
    contributions_of_link,
    link_connect,
    link_push,
    link_share_stop,
)
from rumbo.federation.remote.selectors import remote_position
from rumbo.federation.remote.tasks import enqueue_pending, link_push_task
from rumbo.federation.services.federations import member_key_issue
from rumbo.kpis.services.values import NewValue, values_record_many
from rumbo.orgs.models import Cooperative
from tests.federation.network import MONTHS, VOLUME, person
from tests.federation.remote import federation_server, federation_with_keys, free_port, member

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("private_addresses_allowed")]
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def _values(federation) -> dict:
    return {
        (c.member.name, c.period): c.value
        for c in Contribution.objects.filter(member__federation=federation).select_related("member")
    }


def test_linking_takes_a_member_key_and_an_address_from_an_admin_only():
    _federation, (key,) = federation_with_keys(1)
    coop = Cooperative.objects.create(slug="miembro", name="Miembro")
    admin, viewer = person("a@example.org", coop), person("v@example.org", coop, role="viewer")
    with pytest.raises(ValidationError):
        link_connect(cooperative=coop, url="https://red.example.org", key="rumbo_clave-de-api", user=admin)
    with pytest.raises(ValidationError):
        link_connect(cooperative=coop, url="ftp://red.example.org", key=key, user=admin)
    with pytest.raises(PermissionDenied):
        link_connect(cooperative=coop, url="https://red.example.org", key=key, user=viewer)
    link = link_connect(cooperative=coop, url="https://red.example.org/api/v1/federation/push/", key=key, user=admin)
    assert (link.url, link.status, link.pending) == ("https://red.example.org", LinkStatus.NEW, True)
    again = link_connect(cooperative=coop, url="https://red.example.org", key=key + "x", user=admin)
    assert again.pk == link.pk and again.key == key + "x"


def test_each_change_of_a_shared_kpi_is_pushed_and_the_band_kept_for_the_kpi_page():
    port = free_port()
    with federation_server(port) as url:
        federation, keys = federation_with_keys(3)
        members = [member(i, url, keys[i]) for i in range(3)]
        coop, admin, kpi, link = members[0]
        link.refresh_from_db()
        assert (link.status, link.pending, link.federation_name) == (LinkStatus.OK, False, "Red Remota")
        assert len(_values(federation)) == 9 and _values(federation)[("Cooperativa remota 0", MONTHS[0])] == 100
        values_record_many([NewValue(kpi, MONTHS[2], Decimal(150))], user=admin, source="api", overwrite=True)
        assert _values(federation)[("Cooperativa remota 0", MONTHS[2])] == 150  # pushed after the write, at once
        link_push(link_id=link.pk)  # the band published after everyone's last push
    band = RemoteBand.objects.get(link=link, period=MONTHS[2])
    figure = Figure.objects.get(federation=federation, template_slug=VOLUME, period=MONTHS[2])
    assert (band.contributors, band.median, band.p25, band.p75) == (3, figure.median, figure.p25, figure.p75)
    position = remote_position(coop, kpi)
    assert position is not None and position.period == MONTHS[2] and position.contributors == 3
    assert position.band == "bottom" and position.median == figure.median and position.unit == "kg"
    # Nothing but the KPI's numbers left the member: no note, no name, no person.
    sent = str(contributions_of_link(coop, link).as_json())
    assert "no sale" not in sent and "Miembro" not in sent and "admin" not in sent


def test_an_unreachable_federation_is_tried_again_with_a_growing_wait_then_by_the_daily_pass(settings):
    settings.TASKS = DATABASE_QUEUE
    from django_tasks_db.models import DBTaskResult

    _federation, (key,) = federation_with_keys(1)
    _coop, _admin, _kpi, link = member(0, f"http://127.0.0.1:{free_port()}", key)
    now = timezone.now()
    waits = []
    for attempt in range(1, len(BACKOFF) + 2):
        done = link_push(link_id=link.pk, now=now)
        assert not done.ok and done.error == client.REFUSED and done.link.attempts == attempt
        waits.append(None if done.retry_at is None else done.retry_at - now)
    assert waits == [timedelta(seconds=60 * n) for n in BACKOFF] + [None]
    link.refresh_from_db()
    assert (link.status, link.pending, link.last_error) == (LinkStatus.RETRYING, True, client.REFUSED)
    DBTaskResult.objects.all().delete()
    assert enqueue_pending() == 1
    assert enqueue_pending() == 0  # one waits already
    (queued,) = DBTaskResult.objects.filter(task_path=link_push_task.module_path)
    assert queued.args_kwargs["kwargs"] == {"link_id": link.pk}


def test_a_failed_push_queues_its_retry_for_later_and_the_member_catches_up_when_the_federation_is_back(settings):
    settings.TASKS = DATABASE_QUEUE
    from django_tasks_db.models import DBTaskResult

    port = free_port()
    federation, (key,) = federation_with_keys(1)
    _coop, admin, kpi, link = member(0, f"http://127.0.0.1:{port}", key)
    assert DBTaskResult.objects.filter(task_path=link_push_task.module_path).count() == 1  # queued by the share
    result = link_push_task.call(link_id=link.pk)  # what the worker runs: the federation is offline
    assert result["status"] == LinkStatus.RETRYING
    retry = DBTaskResult.objects.filter(
        task_path=link_push_task.module_path, run_after__gt=timezone.now(), run_after__year__lt=3000
    ).get()
    assert timedelta(seconds=50) < retry.run_after - timezone.now() <= timedelta(seconds=60)
    values_record_many(
        [NewValue(kpi, MONTHS[1], Decimal(777))], user=admin, source="api", overwrite=True
    )  # changed while offline
    with federation_server(port):
        assert link_push_task.call(link_id=link.pk)["status"] == LinkStatus.OK  # the retry, when its time comes
    assert _values(federation) == {
        ("Cooperativa remota 0", MONTHS[0]): 100,
        ("Cooperativa remota 0", MONTHS[1]): 777,
        ("Cooperativa remota 0", MONTHS[2]): 102,
    }
    link.refresh_from_db()
    assert (link.status, link.pending, link.attempts, link.last_error) == (LinkStatus.OK, False, 0, "")
    assert enqueue_pending() == 0


def test_a_refused_key_is_not_tried_again_until_a_new_key_is_given():
    port = free_port()
    with federation_server(port) as url:
        federation, (key,) = federation_with_keys(1)
        renewed = member_key_issue(federation=federation, name="Cooperativa remota 0", user=None).key
        coop, admin, _kpi, link = member(0, url, key)
        link.refresh_from_db()
        assert link.status == LinkStatus.REFUSED and "clave de miembro" in link.last_error
        assert link.next_attempt_at is None and enqueue_pending() == 0
        assert not Contribution.objects.exists()
        link = link_connect(cooperative=coop, url=url, key=renewed, user=admin)
        assert link_push(link_id=link.pk).ok
    assert len(_values(federation)) == 3


def test_a_kpi_no_longer_shared_leaves_the_federation_with_the_next_push():
    port = free_port()
    with federation_server(port) as url:
        federation, keys = federation_with_keys(3)
        members = [member(i, url, keys[i]) for i in range(3)]
        assert Figure.objects.get(federation=federation, template_slug=VOLUME, period=MONTHS[0]).contributors == 3
        coop, admin, kpi, link = members[0]
        share = link.shares.get(stopped_at__isnull=True)
        link_share_stop(share=share, user=admin)
    assert ("Cooperativa remota 0", MONTHS[0]) not in _values(federation)
    assert len(_values(federation)) == 6
    figure = Figure.objects.filter(federation=federation, template_slug=VOLUME, period=MONTHS[0]).first()
    assert figure is None or (figure.contributors == 2 and figure.median is None)
    assert not RemoteBand.objects.filter(link=link).exists()
    assert remote_position(coop, kpi) is None
    assert contributions_of_link(coop, link).templates == ()


def test_a_shared_kpi_in_the_bin_leaves_the_federation_and_comes_back_with_it():
    from rumbo.bin.services import bin_delete, bin_restore

    port = free_port()
    with federation_server(port) as url:
        federation, keys = federation_with_keys(3)
        members = [member(i, url, keys[i]) for i in range(3)]
        _coop, admin, kpi, _link = members[0]
        bin_delete(row=kpi, user=admin)
        assert ("Cooperativa remota 0", MONTHS[0]) not in _values(federation) and len(_values(federation)) == 6
        bin_restore(row=kpi, user=admin)
        assert _values(federation)[("Cooperativa remota 0", MONTHS[0])] == 100
