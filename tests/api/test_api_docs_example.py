"""docs/api.md's Python example, run as a client of a running Rumbo: a day's sales pushed from a CSV, the readings read back."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from rumbo.datasets.models import DatasetVersion
from tests.datasets.conftest import csv_bytes

DOC = Path(__file__).resolve().parents[2] / "docs" / "api.md"


def example() -> str:
    [code] = re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)
    return code


def test_the_example_is_about_twenty_lines():
    assert 15 <= len(example().strip().splitlines()) <= 25


@pytest.mark.django_db(transaction=True)
def test_the_example_pushes_a_days_sales_and_prints_the_boards_readings(live_server, tmp_path):
    from tests.conftest import Cast

    cast = Cast()
    from rumbo.api.services import token_create
    from rumbo.datasets.services.loading import dataset_load

    dataset_load(
        coop=cast.coop,
        name="ventas",
        data=csv_bytes([("01/03/2026", "Café tostado 460 g", "120")], header=("Fecha", "Producto", "Importe")),
        filename="ventas.csv",
        user=cast.admin,
    )
    key = token_create(coop=cast.coop, name="Caja", can_write=True, user=cast.admin)[1]
    script, sales = tmp_path / "ventas.py", tmp_path / "ventas-hoy.csv"
    script.write_text(example(), encoding="utf-8")
    sales.write_text("Fecha;Producto;Importe\n02/03/2026;Café tostado 460 g;125,50\n02/03/2026;Miel 500 g;80\n")
    env = {**os.environ, "RUMBO_URL": live_server.url, "RUMBO_KEY": key, "RUMBO_COOP": cast.coop.slug}

    def run():
        return subprocess.run(
            [sys.executable, str(script), str(sales)], env=env, capture_output=True, text=True, timeout=120
        )

    first = run()
    assert first.returncode == 0, first.stderr
    assert "2 ventas del 02/03/2026 guardadas (versión 2)." in first.stdout
    assert (
        "- Ventas cerradas por mes: " in first.stdout and "Ventas cerradas por mes" in first.stdout.split(" · ", 1)[1]
    )
    again = run()
    assert again.stdout.splitlines()[0] == first.stdout.splitlines()[0]
    assert DatasetVersion.objects.get(dataset__name="ventas", number=2).rows == 3
    assert not DatasetVersion.objects.filter(number=3).exists()
