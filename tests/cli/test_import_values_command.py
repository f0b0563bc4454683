"""`rumbo import values --coop SLUG FILE [--dry-run]`: the upload page's import, for scripts."""

from datetime import date
from decimal import Decimal

import pytest
from click.testing import CliRunner

from rumbo.cli import main
from rumbo.imports.models import ValueImport
from rumbo.kpis.models import Kpi, Measurement
from rumbo.orgs.models import Cooperative

GOOD = (
    "Indicador;Periodo;Valor;Nota\nVentas cerradas por mes;ene-2025;35;\nVentas cerradas por mes;feb-2025;41,5;feria\n"
)


def invoke(*args):
    return CliRunner().invoke(main, ["import", "values", *args])


@pytest.mark.django_db
def test_it_imports_a_file_prints_a_summary_and_keeps_the_file(cast, tmp_path):
    path = tmp_path / "ventas.csv"
    path.write_text(GOOD)
    result = invoke("--coop", "coop-a", str(path))
    assert result.exit_code == 0, result.output
    assert result.output == "Importado «ventas.csv»: 2 valores: 1 nuevo, 0 cambiados, 1 sin cambios.\n"
    february = Measurement.objects.get(kpi=cast.kpi, period=date(2025, 2, 1))
    assert (february.value, february.note, february.source, february.source_detail) == (
        Decimal("41.5"),
        "feria",
        "import",
        "ventas.csv",
    )
    kept = ValueImport.objects.get(filename="ventas.csv")
    assert (kept.status, kept.uploaded_by, kept.file.read()) == ("committed", None, GOOD.encode())


@pytest.mark.django_db
def test_a_dry_run_says_what_would_change_and_writes_nothing(cast, tmp_path):
    path = tmp_path / "ventas.csv"
    path.write_text(GOOD)
    result = invoke("--coop", "coop-a", str(path), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "Prueba de «ventas.csv»: 2 valores: 1 nuevo, 0 cambiados, 1 sin cambios. No se guardó nada." in result.output
    assert not Measurement.objects.filter(kpi=cast.kpi, period=date(2025, 2, 1)).exists()
    assert not ValueImport.objects.filter(filename="ventas.csv").exists()


@pytest.mark.django_db
def test_a_file_with_problems_exits_with_status_2_listing_them_in_spanish(cast, tmp_path):
    path = tmp_path / "malo.csv"
    path.write_text("Indicador;Periodo;Valor\nVentas cerradas por mes;feb-2025;n/d\nVentas;mar-2025;3\n")
    result = invoke("--coop", "coop-a", str(path))
    assert result.exit_code == 2
    assert "Fila 2, columna C (Valor): «n/d» no es un número." in result.output
    assert "Fila 3, columna A (Indicador): «Ventas» no es un indicador de esta cooperativa" in result.output
    assert "Error: «malo.csv» tiene 2 problemas; no se importó nada." in result.output
    assert not Measurement.objects.filter(kpi=cast.kpi, period=date(2025, 2, 1)).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("dry_run", [["--dry-run"], []])
def test_a_period_of_the_year_9999_is_refused_with_status_2_and_no_traceback(cast, tmp_path, dry_run):
    path = tmp_path / "ventas.csv"
    path.write_text("Indicador;Periodo;Valor\nVentas cerradas por mes;01/12/9999;35\n")
    result = invoke("--coop", "coop-a", str(path), *dry_run)
    assert result.exit_code == 2 and isinstance(result.exception, SystemExit), result.exception
    assert (
        "Fila 2, columna B (Periodo): La fecha 01/12/9999 está fuera del rango admitido (1900–2100)." in result.output
    )
    assert "Error: «ventas.csv» tiene 1 problema; no se importó nada." in result.output
    assert "Traceback" not in result.output
    assert not Measurement.objects.filter(kpi=cast.kpi, value=35).exclude(period=date(2025, 1, 1)).exists()


@pytest.mark.django_db
def test_an_unknown_cooperative_or_a_file_over_the_limit_is_refused(cast, tmp_path, settings):
    path = tmp_path / "ventas.csv"
    path.write_text(GOOD)
    unknown = invoke("--coop", "no-existe", str(path))
    assert unknown.exit_code == 1 and "No existe la cooperativa «no-existe»." in unknown.output
    settings.RUMBO_UPLOAD_MAX_BYTES = 50
    big = invoke("--coop", "coop-a", str(path))
    assert big.exit_code == 1 and "«ventas.csv» pesa 0,0 MB; el máximo es 0 MB." in big.output


@pytest.mark.django_db
def test_on_a_new_site_it_imports_and_a_second_run_changes_nothing(tmp_path):
    assert CliRunner().invoke(main, ["coop", "create", "cafe-norte", "--name", "Café del Norte"]).exit_code == 0
    Kpi.objects.create(
        cooperative=Cooperative.objects.get(slug="cafe-norte"),
        slug="acopio",
        name="Acopio de café",
        unit="qq",
        area="produccion",
        frequency="month",
    )
    sheet = tmp_path / "acopio.csv"
    sheet.write_text(
        "Indicador;Periodo;Valor\nAcopio de café;ene-2025;1.234,5\nAcopio de café;feb-2025;980\n", encoding="cp1252"
    )
    first = invoke("--coop", "cafe-norte", str(sheet))
    assert first.exit_code == 0, first.stderr
    assert first.stdout == "Importado «acopio.csv»: 2 valores: 2 nuevos, 0 cambiados, 0 sin cambios.\n"
    second = invoke("--coop", "cafe-norte", str(sheet))
    assert second.stdout == "Importado «acopio.csv»: 2 valores: 0 nuevos, 0 cambiados, 2 sin cambios.\n"
    (tmp_path / "rumbo.sqlite3").write_bytes(b"SQLite format 3\x00" + bytes(4080))
    bad = invoke("--coop", "cafe-norte", str(tmp_path / "rumbo.sqlite3"))
    assert bad.exit_code != 0 and "no se importó nada" in bad.stderr
