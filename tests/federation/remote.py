"""A federation with remote members (each with its member key), and a push signed as a member's install signs it."""

import json
import time
import uuid
from datetime import date
from decimal import Decimal

from rumbo.federation.models import Federation
from rumbo.federation.remote.client import PUSH_PATH, headers_for
from rumbo.federation.services.federations import federation_create, member_key_issue
from tests.federation.network import MONTHS, ON_TIME, VOLUME


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
