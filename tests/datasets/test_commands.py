"""`rumbo dataset load` and `rumbo metric define|values|recompute` on a new cooperative, as a script would call them.

The commands run through the `rumbo` entry point in this process (Click's runner); a fresh data folder
and the real process are tested in tests/cli/test_commands.py.
"""

import csv
import io

import pytest
from click.testing import CliRunner

from rumbo.cli import main
from tests.datasets.conftest import SALES, csv_bytes


def run(args):
    """`rumbo ARGS`: its exit code, standard output and standard error."""
    return CliRunner().invoke(main, args)


@pytest.fixture
def site(db, tmp_path):
    """A new cooperative, its sales loaded and three metrics defined."""
    folder = tmp_path
    sales = folder / "ventas.csv"
    sales.write_bytes(csv_bytes(SALES))
    steps = [
        ["coop", "create", "cafe", "--name", "Café"],
        ["dataset", "load", "--coop", "cafe", "--name", "ventas", str(sales)],
        [
            "metric",
            "define",
            "--coop",
            "cafe",
            "--name",
            "ingresos",
            "--dataset",
            "ventas",
            "--measure",
            "sum(Monto)",
            "--date",
            "Fecha",
        ],
        [
            "metric",
            "define",
            "--coop",
            "cafe",
            "--name",
            "pedidos",
            "--dataset",
            "ventas",
            "--measure",
            "count()",
            "--date",
            "Fecha",
            "--grain",
            "month",
            "--where",
            "Producto = 'pergamino'",
        ],
        ["metric", "define", "--coop", "cafe", "--name", "Valor medio", "--formula", "ingresos / pedidos"],
    ]
    outputs = []
    for args in steps:
        result = run(args)
        assert result.exit_code == 0, result.stderr
        outputs.append(result.stdout)
    return folder, outputs


def values(site, name):
    result = run(["metric", "values", "--coop", "cafe", "--name", name, "--format", "csv"])
    assert result.exit_code == 0, result.stderr
    return list(csv.reader(io.StringIO(result.stdout)))


def test_load_and_define_print_a_short_summary(site):
    _, outputs = site
    assert outputs[1].startswith("Datos «ventas» versión 1: 5 filas; columnas: Fecha (fecha), Cliente (texto)")
    assert "Métrica «ingresos» (ingresos) creada: sum(Monto) de «ventas» por Fecha, por mes." in outputs[2]
    assert "4 valores nuevos" in outputs[2]
    assert "Métrica «Valor medio» (valor_medio) creada: fórmula ingresos / pedidos, por mes." in outputs[4]


def test_values_are_csv_with_iso_periods_dot_decimals_and_empty_where_undefined(site):
    assert values(site, "ingresos") == [
        ["period", "value"],
        ["2024-01-01", "1500.5"],
        ["2024-02-01", "3050.25"],
        ["2024-03-01", "0"],
        ["2024-04-01", "310"],
    ]
    assert values(site, "Valor medio") == [
        ["period", "value"],
        ["2024-01-01", "1500.5"],
        ["2024-02-01", "3050.25"],
        ["2024-03-01", ""],
        ["2024-04-01", ""],
    ]


def test_values_keep_full_precision(site):
    run(["metric", "define", "--coop", "cafe", "--name", "tercio", "--formula", "ingresos / 3"])
    assert values(site, "tercio")[1] == ["2024-01-01", "500.1666666666666666666666667"]


def test_append_recomputes_and_says_so(site):
    folder, _ = site
    more = folder / "mayo.csv"
    more.write_bytes(csv_bytes([("03/05/2024", "Eva", "pergamino", "1", "400")]))
    result = run(["dataset", "load", "--coop", "cafe", "--name", "ventas", str(more), "--append"])
    assert result.exit_code == 0, result.stderr
    assert "versión 2: 6 filas" in result.stdout and "métricas recalculadas" in result.stdout
    assert values(site, "ingresos")[-1] == ["2024-05-01", "400"]
    recompute = run(["metric", "recompute", "--coop", "cafe"])
    assert recompute.exit_code == 0 and "0 valores nuevos, 0 cambiados, 0 quitados" in recompute.stdout


@pytest.mark.parametrize(
    "args, message",
    [
        (["dataset", "load", "--coop", "nadie", "--name", "ventas", "{sales}"], "No existe la cooperativa «nadie»."),
        (["dataset", "load", "--coop", "cafe", "--name", "ventas", "{folder}/no-esta.csv"], "No existe el archivo"),
        (["dataset", "load", "--coop", "cafe", "--name", "fotos", "{folder}/foto.xlsx"], "no es una hoja de cálculo"),
        (
            ["dataset", "load", "--coop", "cafe", "--name", "clientes", "{folder}/clientes.csv"],
            "no tiene ninguna columna de fechas",
        ),
        (
            [
                "metric",
                "define",
                "--coop",
                "cafe",
                "--name",
                "x",
                "--dataset",
                "ventas",
                "--measure",
                "sum(Precio)",
                "--date",
                "Fecha",
            ],
            "La columna «Precio» no existe.",
        ),
        (
            ["metric", "define", "--coop", "cafe", "--name", "bucle", "--formula", "bucle + 1"],
            "La fórmula de «bucle» se usa a sí misma.",
        ),
        (
            ["metric", "define", "--coop", "cafe", "--name", "m", "--formula", "ingreso * 2"],
            "La fórmula usa métricas que no existen: «ingreso».",
        ),
        (
            ["metric", "values", "--coop", "cafe", "--name", "nada", "--format", "csv"],
            "No existe el indicador o métrica «nada»",
        ),
    ],
)
def test_bad_input_exits_non_zero_with_the_spanish_message(site, args, message):
    folder, _ = site
    (folder / "foto.xlsx").write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 100)
    (folder / "clientes.csv").write_bytes(csv_bytes([("Ana", "1")], header=("Cliente", "Monto")))
    args = [a.format(folder=folder, sales=folder / "ventas.csv") for a in args]
    result = run(args)
    assert result.exit_code != 0 and message in result.stderr, result.stderr
