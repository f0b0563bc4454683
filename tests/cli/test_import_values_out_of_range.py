"""`rumbo import values` refuses a value its column cannot keep, naming its row and column, and writes nothing."""

from datetime import date

import pytest
from click.testing import CliRunner

from rumbo.cli import main
from rumbo.kpis.models import Measurement


@pytest.mark.django_db
@pytest.mark.parametrize(
    "typed", ["99999999999999,9999999", "-99999999999999.9999999", "999999999999999999999999999999"]
)
def test_it_refuses_the_file_and_says_where(cast, tmp_path, typed):
    path = tmp_path / "ventas.csv"
    path.write_text(
        f"Indicador;Periodo;Valor\nVentas cerradas por mes;feb-2025;41,5\nVentas cerradas por mes;mar-2025;{typed}\n"
    )
    result = CliRunner().invoke(main, ["import", "values", "--coop", "coop-a", str(path)])
    assert (result.exit_code != 0 and result.exception is None) or isinstance(result.exception, SystemExit), (
        result.output
    )
    assert "Fila 3, columna C" in result.output and "demasiado grande" in result.output
    assert not Measurement.objects.filter(period__gte=date(2025, 2, 1)).exists()
