"""`rumbo federation`: create, join, share, stop, key and stats, as a script calls them."""

import csv
import io
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from rumbo.cli import main
from rumbo.federation.models import Member, MemberStatus, Share
from rumbo.federation.services.federations import member_by_key
from rumbo.kpis.services.values import NewValue, values_record_many
from rumbo.orgs.models import Cooperative
from tests.factories import make_kpi
from tests.federation.network import MONTHS, VOLUME, catalogue_kpi
from tests.ops.scratch import migrated_sqlite

RUMBO = [str(Path(sys.executable).with_name("rumbo"))]


def rumbo(*args: str) -> str:
    result = CliRunner().invoke(main, ["federation", *args])
    assert result.exit_code == 0, result.output
    return result.output


def refused(*args: str) -> str:
    result = CliRunner().invoke(main, ["federation", *args])
    assert result.exit_code != 0
    return result.output


def _stats(slug: str = "red-cli") -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(rumbo("stats", "--federation", slug, "--kpi", VOLUME, "--format", "csv"))))


@pytest.mark.django_db
def test_a_network_made_shared_read_and_left_from_the_command_line():
    assert "Federación creada: Red CLI (red-cli)" in rumbo("create", "red-cli", "--name", "Red CLI")
    for i in range(6):
        coop = Cooperative.objects.create(slug=f"c{i}", name=f"Cooperativa {i}")
        kpi = catalogue_kpi(coop, VOLUME, slug="volumen")
        values_record_many(
            [NewValue(kpi, p, Decimal(100 * (i + 1) + 10 * m)) for m, p in enumerate(MONTHS)],
            user=None,
            source="import",
        )
        assert "es miembro de Red CLI" in rumbo("join", "--federation", "red-cli", "--coop", f"c{i}")
        out = rumbo("share", "--coop", f"c{i}", "--federation", "red-cli", "--kpi", "volumen")
        assert "3 valores enviados" in out
    assert Member.objects.filter(status=MemberStatus.ACTIVE).count() == 6
    output = rumbo("stats", "--federation", "red-cli", "--kpi", VOLUME, "--format", "csv")
    # the first five's figures were published when the fifth shared: the sixth, alone, is left out until k join
    assert output.splitlines()[:2] == ["period,contributors,median,p25,p75,total", "2025-01-01,6,300,200,400,1500"]
    assert [row["total"] for row in _stats()] == ["1500", "1550", "1600"]

    rumbo("share", "--coop", "c5", "--federation", "red-cli", "--kpi", "volumen", "--stop")
    assert not Share.objects.filter(cooperative__slug="c5", stopped_at__isnull=True).exists()
    assert _stats()[0] == {
        "period": "2025-01-01",
        "contributors": "5",
        "median": "300",
        "p25": "200",
        "p75": "400",
        "total": "1500",
    }
    rumbo("share", "--coop", "c4", "--federation", "red-cli", "--kpi", "volumen", "--stop")
    assert _stats()[0] == {"period": "2025-01-01", "contributors": "4", "median": "", "p25": "", "p75": "", "total": ""}

    key = rumbo("key", "--federation", "red-cli", "--member", "Cooperativa Lejana").strip()
    assert member_by_key(key).name == "Cooperativa Lejana"


@pytest.mark.django_db
def test_the_commands_refuse_with_a_spanish_message():
    rumbo("create", "red-x", "--name", "Red X")
    assert "No existe la federación «nada»" in refused("stats", "--federation", "nada", "--kpi", VOLUME)
    assert "no es una plantilla del catálogo" in refused("stats", "--federation", "red-x", "--kpi", "inventado")
    assert "Ya existe una cooperativa" in refused("create", "red-x", "--name", "Otra")
    coop = Cooperative.objects.create(slug="c", name="C")
    make_kpi(coop, "propio", "Propio", unit="kg")
    assert "no es miembro activo" in refused("share", "--coop", "c", "--federation", "red-x", "--kpi", "propio")
    rumbo("join", "--federation", "red-x", "--coop", "c")
    assert "ya es miembro" in refused("join", "--federation", "red-x", "--coop", "c")
    assert "no viene de una plantilla del catálogo" in refused(
        "share", "--coop", "c", "--federation", "red-x", "--kpi", "propio"
    )
    assert "no se comparte" in refused("share", "--coop", "c", "--federation", "red-x", "--kpi", "propio", "--stop")
    assert "x>=3" in refused("create", "red-y", "--name", "Y", "--min-contributors", "2")


def test_the_installed_command_creates_a_federation_and_a_member_key_in_a_fresh_data_folder(tmp_path):
    env = {**os.environ, "RUMBO_DATA_DIR": str(tmp_path)}
    for name in ("SECRET_KEY", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        env.pop(name, None)
    migrated_sqlite(tmp_path / "rumbo.sqlite3")  # migrated, still empty; migrating it: tests/cli/test_commands.py

    def run(*args: str) -> subprocess.CompletedProcess:
        done = subprocess.run([*RUMBO, *args], capture_output=True, text=True, env=env, timeout=120)
        assert done.returncode == 0, done.stderr
        return done

    run("federation", "create", "red-sur", "--name", "Red del Sur")
    run("coop", "create", "cafe-norte", "--name", "Café del Norte")
    assert (
        "Café del Norte es miembro de Red del Sur"
        in run("federation", "join", "--federation", "red-sur", "--coop", "cafe-norte").stdout
    )
    assert run("federation", "key", "--federation", "red-sur", "--member", "Lejana").stdout.startswith("rfm_")
    stats = run("federation", "stats", "--federation", "red-sur", "--kpi", VOLUME, "--format", "csv")
    assert stats.stdout == "period,contributors,median,p25,p75,total\n"


@pytest.mark.django_db
def test_the_stats_of_a_ratio_give_the_ratio_of_the_summed_parts_as_its_total():
    from tests.federation.network import ON_TIME, build

    net = build(5, slugs=(ON_TIME,))
    first = next(
        csv.DictReader(
            io.StringIO(rumbo("stats", "--federation", net.federation.slug, "--kpi", ON_TIME, "--format", "csv"))
        )
    )
    numerators = sum(2 * (i + 2) * (i + 1) for i in range(5))
    denominators = sum(10 * (i + 2) ** 2 for i in range(5))
    assert first["total"] == str(round(Decimal(numerators) / Decimal(denominators) * 100, 1))
    assert first["contributors"] == "5" and first["median"] and "," not in first["median"]
