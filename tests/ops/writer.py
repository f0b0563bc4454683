"""A process that keeps entering and editing values while a test backs the site up; also dumps a site's values.

python -m tests.ops.writer write --seconds 60 --stop-file F   (prints one line per committed change)
python -m tests.ops.writer dump                                (prints the values and their history as JSON)
"""

import json
import sys
import time
from datetime import date, timedelta
from pathlib import Path

FIRST = date(2020, 1, 1)


def _site():
    from rumbo.accounts.models import Membership, User
    from rumbo.kpis.models import Kpi
    from rumbo.orgs.models import Cooperative

    coop, _ = Cooperative.objects.get_or_create(slug="escritura", defaults={"name": "Cooperativa Escritura"})
    user = User.objects.filter(email="escribe@example.org").first() or User.objects.create_user(
        username="escribe@example.org", email="escribe@example.org", password="clave-de-prueba-1"
    )
    Membership.objects.get_or_create(user=user, cooperative=coop, defaults={"role": "admin"})
    kpi, _ = Kpi.objects.get_or_create(
        cooperative=coop,
        slug="acopio_diario",
        defaults={"name": "Acopio diario", "area": "produccion", "frequency": "day"},
    )
    return kpi, user


def write(seconds: float, stop_file: Path, limit: int = 5000) -> None:
    from rumbo.kpis.services.values import value_record

    kpi, user = _site()
    print("ready", flush=True)
    deadline = time.monotonic() + seconds
    versions = {}
    for i in range(limit):
        if time.monotonic() > deadline or stop_file.exists():
            break
        # Every third change edits an earlier value, so the backup also has edits and their history.
        if i % 3 == 2:
            period = FIRST + timedelta(days=i // 3)
            value = f"{i},5"
            recorded = value_record(kpi=kpi, period=period, value=value, user=user, version=versions[period])
        else:
            period = FIRST + timedelta(days=len(versions))
            value = str(i)
            recorded = value_record(kpi=kpi, period=period, value=value, user=user)
        versions[period] = recorded.measurement.version
        print(
            f"{period.isoformat()} {recorded.measurement.value.normalize():f} {recorded.measurement.version}",
            flush=True,
        )


def dump() -> None:
    from rumbo.kpis.models import Measurement

    values = {
        m.period.isoformat(): [format(m.value.normalize(), "f"), m.version]
        for m in Measurement.objects.filter(kpi__slug="acopio_diario")
    }
    history = {}
    for h in Measurement.history.filter(
        kpi_id__in=Measurement.objects.filter(kpi__slug="acopio_diario").values("kpi_id")
    ).order_by("history_id"):
        history.setdefault(h.period.isoformat(), []).append(format(h.value.normalize(), "f"))
    json.dump({"values": values, "history": history}, sys.stdout)


if __name__ == "__main__":
    from rumbo.cli import setup_django

    setup_django()
    if sys.argv[1] == "write":
        args = dict(zip(sys.argv[2::2], sys.argv[3::2]))
        write(float(args["--seconds"]), Path(args["--stop-file"]))
    else:
        dump()
