"""`rumbo export values --coop SLUG --format csv|xlsx [--output FILE]`."""

import pytest
from click.testing import CliRunner

from rumbo.cli import main


def invoke(*args):
    return CliRunner().invoke(main, ["export", "values", *args])


@pytest.mark.django_db
def test_it_writes_the_file_and_says_how_many_values(cast, tmp_path):
    out = tmp_path / "valores.xlsx"
    result = invoke("--coop", "coop-a", "--format", "xlsx", "--output", str(out))
    assert result.exit_code == 0, result.output
    assert result.output == f"Valores exportados: 1 (de 1 indicador) en {out}.\n"
    assert out.read_bytes().startswith(b"PK")


@pytest.mark.django_db
def test_without_an_output_the_file_goes_to_standard_output(cast):
    result = CliRunner().invoke(main, ["export", "values", "--coop", "coop-a", "--format", "csv"])
    assert result.exit_code == 0, result.stderr
    assert (
        result.stdout_bytes
        == "\ufeffIndicador;Periodo;Valor;Nota\r\nVentas cerradas por mes;01/01/2025;35;\r\n".encode()
    )
    assert result.stderr == "Valores exportados: 1 (de 1 indicador).\n"


@pytest.mark.django_db
def test_bad_input_exits_non_zero_in_spanish(cast, tmp_path):
    assert "No existe la cooperativa «x»." in invoke("--coop", "x", "--format", "csv").output
    assert invoke("--coop", "coop-a", "--format", "pdf").exit_code == 2
    unwritable = invoke("--coop", "coop-a", "--format", "csv", "--output", str(tmp_path / "no" / "hay" / "v.csv"))
    assert unwritable.exit_code == 1 and "No se pudo escribir" in unwritable.output


@pytest.mark.django_db
def test_an_export_of_a_new_site_imports_back_without_changes(tmp_path):
    assert CliRunner().invoke(main, ["coop", "create", "cafe-norte", "--name", "Café del Norte"]).exit_code == 0
    empty = invoke("--coop", "cafe-norte", "--format", "csv", "--output", str(tmp_path / "v.csv"))
    assert empty.exit_code == 0, empty.stderr
    assert (tmp_path / "v.csv").read_bytes() == "\ufeffIndicador;Periodo;Valor;Nota\r\n".encode()
    back = CliRunner().invoke(main, ["import", "values", "--coop", "cafe-norte", str(tmp_path / "v.csv"), "--dry-run"])
    assert back.exit_code == 0, back.stderr
    assert "0 valores" in back.stdout
