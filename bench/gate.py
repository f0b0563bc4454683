"""What the gate of every signed-in page costs: the session, the person and their memberships, through the ORM and
as rumbo/accounts/gate.py reads them (plain SQL), in microseconds per request.

A person in three cooperatives, in a throwaway SQLite data folder, or in a throwaway `test_…`
database on the PostgreSQL server of DATABASE_URL:

    .venv/bin/python bench/gate.py
    DATABASE_URL=postgresql://postgres@127.0.0.1:5544/rumbo .venv/bin/python bench/gate.py
"""

import sys
import timeit
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "support"))
from django_bench import bench_database

RUNS = 2000


def main():
    with bench_database() as connection:
        from django.contrib.auth.backends import ModelBackend
        from django.contrib.sessions.backends.db import SessionStore as DjangoSessionStore

        from rumbo.accounts.gate import PersonBackend, SessionStore, memberships_at_gate
        from rumbo.accounts.models import Membership, User
        from rumbo.orgs.models import Cooperative

        person = User.objects.create_user("ana", email="ana@example.org", password="x")
        for n in range(3):
            coop = Cooperative.objects.create(name=f"Cooperativa {n}", slug=f"coop-{n}")
            Membership.objects.create(user=person, cooperative=coop, role="editor", areas=["finanzas"] if n else [])
        session = SessionStore()
        session["_auth_user_id"] = str(person.pk)
        session.create()
        key = session.session_key

        reads = {
            "sesión": (lambda: DjangoSessionStore(key).load(), lambda: SessionStore(key).load()),
            "persona y sus 3 membresías": (
                lambda: list(
                    Membership.objects.select_related("cooperative").filter(user=ModelBackend().get_user(person.pk))
                ),
                lambda: memberships_at_gate(PersonBackend().get_user(person.pk)),
            ),
        }
        print(f"Puerta de cada página en {connection.vendor}, µs por lectura (la mejor de 3 rondas de {RUNS}):")
        print(f"{'lectura':<28} {'ORM':>8} {'SQL':>8}")
        totals = [0.0, 0.0]
        for label, ways in reads.items():
            spent = [min(timeit.repeat(way, number=RUNS, repeat=3)) / RUNS * 1e6 for way in ways]
            totals = [t + s for t, s in zip(totals, spent, strict=True)]
            print(f"{label:<28} {spent[0]:>8.0f} {spent[1]:>8.0f}")
        print(f"{'total':<28} {totals[0]:>8.0f} {totals[1]:>8.0f}")


if __name__ == "__main__":
    main()
