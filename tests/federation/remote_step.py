"""Steps of the two-server test run inside one site's process (its own data folder and database): `python -m tests.federation.remote_step serve`."""

import json
import os
import sys
from datetime import date
from decimal import Decimal


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rumbo.settings")
    from rumbo.cli import setup_django

    setup_django()


def members(count: str) -> None:
    """Cooperatives m0…m{count-1}, each with an admin and its volume KPI with three months of values."""
    from rumbo.kpis.services.values import NewValue, values_record_many
    from rumbo.orgs.models import Cooperative
    from tests.federation.network import MONTHS, VOLUME, catalogue_kpi, person

    made = {}
    for i in range(int(count)):
        coop = Cooperative.objects.create(slug=f"m{i}", name=f"Miembro {i}")
        person(f"admin-m{i}@example.org", coop)
        kpi = catalogue_kpi(coop, VOLUME)
        rows = [NewValue(kpi, p, Decimal(100 * (i + 1) + m), note="Nota privada") for m, p in enumerate(MONTHS)]
        values_record_many(rows, user=None, source="import")
        made[coop.slug] = kpi.slug
    print(json.dumps(made))


def value(coop_slug: str, kpi_slug: str, period: str, number: str) -> None:
    """A new value, as a person or the API would write it: the worker of this site pushes it afterwards."""
    from rumbo.kpis.models import Kpi
    from rumbo.kpis.services.values import NewValue, values_record_many

    kpi = Kpi.objects.get(cooperative__slug=coop_slug, slug=kpi_slug)
    values_record_many(
        [NewValue(kpi, date.fromisoformat(period), Decimal(number))], user=None, source="api", overwrite=True
    )


def link(coop_slug: str) -> None:
    from rumbo.federation.models import RemoteLink

    found = RemoteLink.objects.get(cooperative__slug=coop_slug)
    bands = {f"{b.template_slug} {b.period}": [b.contributors, str(b.median)] for b in found.bands.all()}
    print(
        json.dumps(
            {
                "status": found.status,
                "pending": found.pending,
                "attempts": found.attempts,
                "error": found.last_error,
                "bands": bands,
            }
        )
    )


def contributions() -> None:
    """What the federation holds: member, template, period and value of every contribution."""
    from rumbo.federation.models import Contribution

    rows = Contribution.objects.select_related("member").order_by("member__name", "template_slug", "period")
    print(json.dumps([[c.member.name, c.template_slug, c.period.isoformat(), str(c.value)] for c in rows]))


def command(*args: str) -> None:
    """`rumbo ARGS` run in this process: the same command, without paying for a start-up at each poll."""
    from rumbo.cli import main

    main.main(list(args), prog_name="rumbo")


STEPS = {"members": members, "value": value, "link": link, "contributions": contributions, "rumbo": command}


def main(args: list[str]) -> None:
    STEPS[args[0]](*args[1:])


if __name__ == "__main__":
    _setup()
    if sys.argv[1:] == ["serve"]:
        from tests.ops.scratch import serve

        serve(main)
    else:
        main(sys.argv[1:])
