"""The site bench/load.py runs against, built and checked inside Django (run with the site's environment).

python bench/support/load_site.py prepare USERS COOPS OUT.json   the demo, copies of it, one editor per person
python bench/support/load_site.py verify SAVED.json               every value the people saved, looked up
"""

import json
import sys
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def prepare(users: int, coops: int, out: Path) -> None:
    sys.path.insert(0, str(ROOT))
    from rumbo.cli import setup_django

    setup_django()
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from rumbo.accounts.models import Membership, User
    from rumbo.demo import load_demo
    from rumbo.kpis.models import Kpi, Measurement, Objective, Target
    from rumbo.orgs.models import Cooperative

    load_demo()
    source = Cooperative.objects.get(slug="cafe-del-sur")
    everyone = [source]
    with transaction.atomic():
        for n in range(1, coops):
            coop = Cooperative.objects.create(
                slug=f"carga-{n}", name=f"Cooperativa de carga {n}", harvest_start_month=10
            )
            objectives = {}
            for o in Objective.objects.filter(cooperative=source):
                objectives[o.pk] = Objective.objects.create(
                    cooperative=coop, title=o.title, description=o.description, area=o.area, position=o.position
                )
            for kpi in Kpi.objects.filter(cooperative=source).prefetch_related("targets", "measurements"):
                targets, values = list(kpi.targets.all()), list(kpi.measurements.all())
                kpi.pk = kpi.id = None
                kpi.cooperative, kpi.objective, kpi.initiative, kpi.owner = (
                    coop,
                    objectives.get(kpi.objective_id),
                    None,
                    None,
                )
                kpi.save()
                Target.objects.bulk_create(
                    Target(kpi=kpi, start=t.start, end=t.end, value=t.value, low=t.low, high=t.high) for t in targets
                )
                Measurement.objects.bulk_create(
                    Measurement(kpi=kpi, period=m.period, value=m.value, note=m.note) for m in values
                )
            everyone.append(coop)
        password = "carga-" + uuid.uuid4().hex[:12]
        hashed = make_password(password)  # once: fifty people need not cost fifty slow hashes here
        people = []
        for i in range(users):
            coop = everyone[i % len(everyone)]
            user = User.objects.create(
                username=f"carga{i}@example.org",
                email=f"carga{i}@example.org",
                password=hashed,
                first_name=f"Persona {i}",
            )
            Membership.objects.create(user=user, cooperative=coop, role="editor")
            people.append({"email": user.email, "coop": coop.slug, "user_id": user.pk})
        for coop in everyone:
            mine = [p for p in people if p["coop"] == coop.slug]
            kpis = list(Kpi.objects.filter(cooperative=coop).order_by("pk"))
            # Each person owns a few numeric KPIs (a value on a 1–5 scale would be refused, rightly).
            numeric = [k for k in kpis if k.nature == "quantitative"]
            for j, kpi in enumerate(numeric):
                owner = mine[j % len(mine)]
                Kpi.objects.filter(pk=kpi.pk).update(owner_id=owner["user_id"])
                if kpi.frequency == "month":
                    owner.setdefault("owned_monthly", []).append(kpi.pk)
            for p in mine:
                p["kpis"] = [k.pk for k in kpis]
    out.write_text(json.dumps({"password": password, "people": people}))


def verify(saved_file: Path) -> None:
    """Every saved value is in the history, and the last one saved for a period is its current value."""
    sys.path.insert(0, str(ROOT))
    from rumbo.cli import setup_django

    setup_django()
    from decimal import Decimal

    from rumbo.kpis.models import Measurement

    saved = json.loads(saved_file.read_text())
    history = {
        (h.kpi_id, h.value): h.period.isoformat() for h in Measurement.history.filter(kpi_id__in={s[0] for s in saved})
    }
    missing, last = [], {}
    for kpi, value, _person, _seq in sorted(saved, key=lambda s: (s[2], s[3])):
        period = history.get((kpi, Decimal(value.replace(",", "."))))
        if period is None:
            missing.append([kpi, value])
        else:
            last[(kpi, period)] = Decimal(value.replace(",", "."))
    current = {
        (m.kpi_id, m.period.isoformat()): m.value for m in Measurement.objects.filter(kpi_id__in={k for k, _ in last})
    }
    overwritten = [[k, p, str(v)] for (k, p), v in last.items() if current.get((k, p)) != v]
    print(
        json.dumps(
            {
                "checked": len(saved),
                "missing": missing[:20],
                "missing_count": len(missing),
                "not_current": overwritten[:20],
                "not_current_count": len(overwritten),
            }
        )
    )


if __name__ == "__main__":
    if sys.argv[1] == "prepare":
        prepare(int(sys.argv[2]), int(sys.argv[3]), Path(sys.argv[4]))
    else:
        verify(Path(sys.argv[2]))
