"""A federation with remote members (each with its member key), and a push signed as a member's install signs it."""

import json
import socket
import time
import uuid
from contextlib import contextmanager
from datetime import date
from decimal import Decimal

from pytest_django.live_server_helper import LiveServer

from rumbo.federation.models import Federation
from rumbo.federation.remote.client import PUSH_PATH, headers_for
from rumbo.federation.remote.links import link_connect, link_share_start
from rumbo.federation.services.federations import federation_create, member_key_issue
from rumbo.kpis.services.values import NewValue, values_record_many
from rumbo.orgs.models import Cooperative
from tests.federation.network import MONTHS, ON_TIME, VOLUME, catalogue_kpi, person


def federation_with_keys(n: int, *, k: int = 3) -> tuple[Federation, list[str]]:
    """A federation (k = `k`) and the keys of `n` remote members, «Cooperativa remota 0…n-1»."""
    federation = federation_create(slug="red-remota", name="Red Remota", min_contributors=k)
    keys = [member_key_issue(federation=federation, name=f"Cooperativa remota {i}", user=None).key for i in range(n)]
    return federation, keys


def payload(i: int, *, templates: tuple[str, ...] = (VOLUME,), months=MONTHS, extra: int = 0) -> dict:
    """Member i's push: its volume 100·(i+1) + m (+ extra) in kg and its on-time payments as a ratio."""
    rows = []
    for slug in templates:
        for m, period in enumerate(months):
            if slug == ON_TIME:
                num, den = Decimal(5 * (i + 2) + m), Decimal(10 * (i + 2))
                rows.append(row(slug, period, num / den * 100, "%", numerator=num, denominator=den))
            else:
                rows.append(row(slug, period, Decimal(100 * (i + 1) + m + extra), "kg"))
    return {"templates": list(templates), "rows": rows}


def row(template: str, period: date, value, unit: str, *, numerator=None, denominator=None) -> dict:
    return {
        "template": template,
        "period": period.isoformat(),
        "value": str(value),
        "numerator": None if numerator is None else str(numerator),
        "denominator": None if denominator is None else str(denominator),
        "unit": unit,
    }


def signed(client, key: str, data: dict | None = None, *, body: bytes | None = None, push_id=None, timestamp=None):
    """POST a push as a member's install does: the key, the timestamp, the push id and the signature."""
    body = body if body is not None else json.dumps(data).encode()
    push_id = push_id or uuid.uuid4().hex
    headers = headers_for(key, body, push_id, int(time.time()) if timestamp is None else timestamp)
    extra = {
        f"HTTP_{name.upper().replace('-', '_')}": value for name, value in headers.items() if name != "Content-Type"
    }
    return client.post(PUSH_PATH, data=body, content_type="application/json", **extra)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def federation_server(port: int):
    """The federation's Rumbo answering on 127.0.0.1:`port` (this test's database), until the block ends."""
    server = LiveServer(f"127.0.0.1:{port}", start=False)
    server._live_server_modified_settings.enable()
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()
        server._live_server_modified_settings.disable()


def member(index: int, url: str, key: str, *, share: bool = True):
    """A cooperative of the member's install, its admin, its volume KPI with three months, linked (and sharing it)."""
    coop = Cooperative.objects.create(slug=f"miembro-{index}", name=f"Miembro {index}")
    admin = person(f"admin-miembro{index}@example.org", coop)
    kpi = catalogue_kpi(coop, VOLUME)
    values_record_many(
        [NewValue(kpi, p, Decimal(100 * (index + 1) + m), note="no sale") for m, p in enumerate(MONTHS)],
        user=admin,
        source="import",
    )
    link = link_connect(cooperative=coop, url=url, key=key, user=admin)
    if share:
        link_share_start(kpi=kpi, link=link, user=admin)
    return coop, admin, kpi, link
