"""The `rumbo` command on a fresh data folder, as an operator would call it."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from rumbo.cli import main
from tests.ops.scratch import migrated_sqlite

pytestmark = pytest.mark.slow  # real processes or long runs: a parallel run starts this file first

RUMBO = [str(Path(sys.executable).with_name("rumbo"))]


def operator(data_dir, **env):
    """The environment of an operator's shell: the data folder, no key, no database address of the test run."""
    environment = {**os.environ, "RUMBO_DATA_DIR": str(data_dir), **env}
    environment.pop("SECRET_KEY", None)
    environment.pop("DATABASE_URL", None)
    environment.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return environment


def run(args, data_dir, **env):
    return subprocess.run(RUMBO + args, capture_output=True, text=True, env=operator(data_dir, **env), timeout=120)


def test_a_fresh_data_folder_gets_a_database_a_cooperative_and_a_user(tmp_path):
    created = run(["coop", "create", "cafe-norte", "--name", "Café del Norte"], tmp_path)
    assert created.returncode == 0, created.stderr
    user = run(["user", "create", "ana@example.org", "--coop", "cafe-norte", "--role", "editor"], tmp_path)
    assert user.returncode == 0, user.stderr
    assert "Contraseña:" in user.stdout
    assert (tmp_path / "rumbo.sqlite3").exists() and (tmp_path / "secret_key").exists()


def test_bad_input_exits_non_zero_with_a_spanish_message(tmp_path):
    migrated_sqlite(tmp_path / "rumbo.sqlite3")  # migrated and empty; migrating a new folder: the test above
    result = run(["user", "create", "ana@example.org", "--coop", "no-existe"], tmp_path)
    assert result.returncode != 0 and "No existe la cooperativa «no-existe»" in result.stderr


def test_a_command_that_computes_nothing_starts_without_numpy_or_polars(tmp_path):
    """numpy and polars cost half of a command's start: they load where a forecast or a dataset is computed, not in
    Django's start (the apps' ready) nor in a command that only writes rows."""
    migrated_sqlite(tmp_path / "rumbo.sqlite3")
    code = (
        "import sys; from rumbo.cli import main; "
        "main(['coop', 'create', 'cafe-norte', '--name', 'Café del Norte'], standalone_mode=False); "
        "print(sorted({'numpy', 'polars', 'pandas', 'statsmodels'} & set(sys.modules)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=operator(tmp_path),
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "[]", result.stdout


@pytest.mark.django_db
def test_the_demo_loads_a_cooperative_with_every_kind_of_kpi():
    from rumbo.kpis.models import Kpi, Measurement

    result = CliRunner().invoke(main, ["demo"])
    assert result.exit_code == 0, result.output
    assert "gerencia@cafedelsur.coop" in result.output
    assert "red@redcafedelsur.coop" in result.output  # the admin of its network, «Red Café del Sur»
    kpis = Kpi.objects.filter(cooperative__slug="cafe-del-sur")
    assert kpis.count() >= 20
    assert set(kpis.values_list("area", flat=True)) == {
        "gerencia",
        "finanzas",
        "legal",
        "ventas",
        "marketing",
        "produccion",
        "transporte",
        "almacenamiento",
    }
    for field, values in [
        ("nature", {"quantitative", "qualitative"}),
        ("indicator", {"leading", "lagging"}),
        ("kind", {"kpi", "metric"}),
        ("direction", {"up", "down", "band"}),
    ]:
        assert set(kpis.values_list(field, flat=True)) == values
    for name in [
        "Producción total de café",
        "Ingresos totales",
        "Tasa de supervivencia de los árboles",
        "Nivel de endeudamiento",
        "Tasa de retención de socios",
        "Calidad del café",
        "Llamadas a clientes por día",
        "Ventas cerradas por mes",
    ]:
        assert kpis.filter(name=name).exists(), name
    assert Measurement.objects.filter(kpi__cooperative__slug="cafe-del-sur").dates("period", "month").count() >= 36


def test_without_a_secret_key_a_production_server_refuses_to_start(tmp_path):
    env = {**os.environ, "RUMBO_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "rumbo.settings"}
    for name in ("SECRET_KEY", "DEBUG", "RUMBO_LOCAL"):
        env.pop(name, None)
    result = subprocess.run(
        [sys.executable, "-c", "import rumbo.wsgi"], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.returncode != 0 and "SECRET_KEY no está definida" in result.stderr


def test_the_deploy_check_is_clean_with_production_settings(tmp_path):
    migrated_sqlite(tmp_path / "rumbo.sqlite3")
    result = run(
        ["manage", "check", "--deploy", "--fail-level", "WARNING"],
        tmp_path,
        SECRET_KEY="x" * 20 + "-production-secret-key-with-enough-entropy-0123456789",
        RUMBO_HTTPS="1",
        ALLOWED_HOSTS="rumbo.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
