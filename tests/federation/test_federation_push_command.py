"""`rumbo federation push` on a member's Rumbo: link with the member key, share or stop KPIs, push now; the daily pass."""

from decimal import Decimal

import pytest
from click.testing import CliRunner

from rumbo.cli import main
from rumbo.federation.models import Contribution, LinkStatus, RemoteLink
from tests.federation.network import MONTHS
from tests.federation.remote import federation_server, federation_with_keys, free_port, member

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("private_addresses_allowed")]
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def _push(*args: str):
    return CliRunner().invoke(main, ["federation", "push", *args])


def test_the_first_push_links_shares_and_sends_and_the_next_ones_need_no_key():
    port = free_port()
    with federation_server(port) as url:
        federation, (key,) = federation_with_keys(1)
        coop, _admin, kpi, _link = member(0, "https://otra.example.org", key, share=False)
        without_key = _push("--coop", coop.slug, "--url", url)
        assert without_key.exit_code == 1 and "--key" in without_key.output
        first = _push("--coop", coop.slug, "--url", url, "--key", key, "--kpi", kpi.slug)
        assert first.exit_code == 0, first.output
        assert "3 valores de 1 indicador enviados a Red Remota en" in first.output
        held = {c.period: c.value for c in Contribution.objects.filter(member__federation=federation)}
        assert held == {MONTHS[0]: Decimal(100), MONTHS[1]: Decimal(101), MONTHS[2]: Decimal(102)}
        again = _push("--coop", coop.slug, "--url", url + "/")
        assert again.exit_code == 0 and "3 valores" in again.output
        stopped = _push("--coop", coop.slug, "--url", url, "--stop", kpi.slug)
        assert stopped.exit_code == 0 and "0 valores de 0 indicadores" in stopped.output
    assert not Contribution.objects.exists()
    assert RemoteLink.objects.filter(cooperative=coop).count() == 2  # the address given at first, and this one


def test_a_push_to_a_federation_that_does_not_answer_fails_with_the_reason_and_is_retried_later(settings):
    settings.TASKS = DATABASE_QUEUE
    from django_tasks_db.models import DBTaskResult

    _federation, (key,) = federation_with_keys(1)
    coop, _admin, _kpi, link = member(0, f"http://127.0.0.1:{free_port()}", key)
    result = _push("--coop", coop.slug, "--url", link.url)
    assert result.exit_code == 1
    assert "La federación no recibió el envío: Conexión rechazada: la federación no responde." in result.output
    assert "Se reintentará a las" in result.output
    link.refresh_from_db()
    assert (link.status, link.pending, link.attempts) == (LinkStatus.RETRYING, True, 1)
    assert DBTaskResult.objects.filter(args_kwargs__kwargs__link_id=link.pk).count() == 2  # the share's, the retry


def test_an_unknown_kpi_or_a_wrong_key_stops_the_command_with_a_message():
    _federation, (key,) = federation_with_keys(1)
    coop, _admin, _kpi, link = member(0, "https://red.example.org", key, share=False)
    unknown = _push("--coop", coop.slug, "--url", link.url, "--kpi", "no-existe")
    assert unknown.exit_code == 1 and "no tiene ningún indicador «no-existe»" in unknown.output
    wrong = _push("--coop", coop.slug, "--url", link.url, "--key", "rumbo_clave-de-api")
    assert wrong.exit_code == 1 and "rfm_" in wrong.output


def test_a_worker_s_first_look_of_the_day_queues_the_links_still_pending(settings):
    from django_tasks_db.models import DBTaskResult

    from rumbo.cli.worker import refresh_on_a_new_day
    from rumbo.federation.remote.tasks import link_push_task

    settings.TASKS = DATABASE_QUEUE
    _federation, keys = federation_with_keys(3)
    pending = member(0, "https://red.example.org", keys[0])[3]
    sent = member(1, "https://red.example.org", keys[1])[3]
    refused = member(2, "https://red.example.org", keys[2])[3]
    RemoteLink.objects.filter(pk=sent.pk).update(pending=False, status=LinkStatus.OK)
    RemoteLink.objects.filter(pk=refused.pk).update(status=LinkStatus.REFUSED)
    DBTaskResult.objects.all().delete()
    refresh_on_a_new_day(None)
    queued = DBTaskResult.objects.filter(task_path=link_push_task.module_path)
    assert [q.args_kwargs["kwargs"]["link_id"] for q in queued] == [pending.pk]
