"""Twenty people entering and editing the same cooperative's values at once, in a process of its own.

    python -m tests.kpis.concurrent_entry     (on the site RUMBO_DATA_DIR / DATABASE_URL point to; prints JSON)

Half the people go through the service, half through the KPI page's form over HTTP. Each
one loads a value (and its version) the way a form does, waits a moment, then saves it.
"""

import json
import random
import sys
import threading
import time
from datetime import date

PEOPLE = 20
ROUNDS = 12
PERIODS = [date(2025, 1, 1), date(2025, 2, 1), date(2025, 3, 1)]
KPIS = 3


def _site():
    from rumbo.accounts.models import Membership, User
    from rumbo.kpis.models import Kpi
    from rumbo.orgs.models import Cooperative

    coop = Cooperative.objects.create(slug="concurrencia", name="Cooperativa Concurrencia")
    kpis = [
        Kpi.objects.create(cooperative=coop, slug=f"k{i}", name=f"Indicador {i}", area="ventas", frequency="month")
        for i in range(KPIS)
    ]
    people = []
    for n in range(PEOPLE):
        user = User.objects.create_user(
            username=f"p{n}@example.org", email=f"p{n}@example.org", password="clave-de-prueba-1"
        )
        Membership.objects.create(user=user, cooperative=coop, role="editor")
        people.append(user)
    return coop, kpis, people


def _person(n, coop, kpis, user, attempts, lock):
    from django.core.exceptions import ValidationError
    from django.db import connection
    from django.test import Client

    from rumbo.kpis.models import Measurement
    from rumbo.kpis.services.values import value_record

    rng = random.Random(n)
    over_http = n % 2 == 1
    client = None
    try:
        if over_http:
            client = Client(raise_request_exception=False)
            client.force_login(user)
        for round_ in range(ROUNDS):
            kpi, period = rng.choice(kpis), rng.choice(PERIODS)
            loaded = Measurement.objects.filter(kpi=kpi, period=period).values_list("version", flat=True).first()
            time.sleep(rng.random() * 0.005)
            value = f"{(n + 1) * 100 + round_},5"
            outcome, message = "saved", ""
            try:
                if over_http:
                    data = {"period": period.isoformat(), "value": value, "note": "", "version": loaded or ""}
                    response = client.post(f"/c/{coop.slug}/indicadores/{kpi.pk}/valor/", data)
                    if response.status_code == 400:
                        outcome, message = "refused", _error_of(response.content.decode())
                    elif response.status_code != 302:
                        outcome, message = "error", f"HTTP {response.status_code}"
                else:
                    value_record(kpi=kpi, period=period, value=value, user=user, version=loaded)
            except ValidationError as err:
                outcome, message = "refused", " ".join(err.messages)
            except Exception as err:
                outcome, message = "error", repr(err)
            with lock:
                attempts.append(
                    {
                        "person": n,
                        "http": over_http,
                        "kpi": kpi.slug,
                        "period": period.isoformat(),
                        "value": value,
                        "loaded": loaded,
                        "outcome": outcome,
                        "message": message,
                    }
                )
    finally:
        connection.close()


def _error_of(html: str) -> str:
    import re

    found = re.search(r'<div class="errors" role="alert">(.*?)</div>', html, re.S)
    return re.sub(r"<[^>]+>", " ", found.group(1)).strip() if found else html[:300]


def run() -> dict:
    from django.db import connection

    from rumbo.kpis.models import Measurement

    started = time.monotonic()
    coop, kpis, people = _site()
    connection.close()
    print(f"site ready in {time.monotonic() - started:.1f} s", file=sys.stderr)
    attempts, lock = [], threading.Lock()
    threads = [
        threading.Thread(target=_person, args=(n, coop, kpis, user, attempts, lock)) for n, user in enumerate(people)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    print(f"{len(attempts)} attempts in {time.monotonic() - started:.1f} s", file=sys.stderr)
    final = {
        f"{m.kpi.slug} {m.period.isoformat()}": [_plain(m.value), m.version]
        for m in Measurement.objects.select_related("kpi").filter(kpi__cooperative=coop)
    }
    history = {}
    for h in Measurement.history.filter(kpi__cooperative=coop).select_related("kpi").order_by("history_id"):
        history.setdefault(f"{h.kpi.slug} {h.period.isoformat()}", []).append([_plain(h.value), h.version])
    return {"attempts": attempts, "final": final, "history": history, "alive": sum(t.is_alive() for t in threads)}


def _plain(value) -> str:
    return format(value.normalize(), "f").replace(".", ",")


if __name__ == "__main__":
    from django.conf import settings

    from rumbo.cli import setup_django

    setup_django()
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher"
    ]  # twenty logins, not a hashing benchmark
    json.dump(run(), sys.stdout)
