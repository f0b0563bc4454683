"""The signature check in docs/webhooks.md accepts a real delivery and refuses a changed body, secret or old timestamp."""

import re
import time
from pathlib import Path

import pytest

from rumbo.hooks.services.webhooks import webhook_create, webhook_ping

DOC = Path(__file__).resolve().parents[2] / "docs" / "webhooks.md"


def _check():
    block = re.search(r"<!-- verify:.*?-->\n```python\n(.*?)```", DOC.read_text(), re.S).group(1)
    space: dict = {}
    exec(compile(block, str(DOC), "exec"), space)
    return space["rumbo_signature_ok"]


@pytest.mark.django_db
def test_the_documented_check_accepts_rumbo_s_signature_and_nothing_else(
    cast, receiver, django_capture_on_commit_callbacks
):
    webhook = webhook_create(coop=cast.coop, user=cast.admin, url=receiver.url, events=["value.arrived"])
    with django_capture_on_commit_callbacks(execute=True):
        webhook_ping(webhook=webhook)
    (got,) = receiver.received
    ok = _check()
    assert ok(webhook.secret, got.headers, got.body)
    assert not ok(webhook.secret, got.headers, got.body.replace(b"ping", b"pong"))
    assert not ok("whsec_another", got.headers, got.body)
    assert not ok(webhook.secret, got.headers, got.body, tolerance=-1)  # any age is too old
    stale = {**got.headers, "X-Rumbo-Timestamp": str(int(time.time()) - 3600)}
    assert not ok(webhook.secret, stale, got.body)
