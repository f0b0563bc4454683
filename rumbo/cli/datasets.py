"""Raw datasets and computed metrics from the command line: load, define, print values, recompute."""

import sys
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from rumbo.cli import coop_named, fail, main, setup_django

if TYPE_CHECKING:
    from django.core.exceptions import ValidationError


GRAINS = ["day", "week", "month", "quarter", "year", "harvest"]
GRAIN_WORDS = {
    "day": "día",
    "week": "semana",
    "month": "mes",
    "quarter": "trimestre",
    "year": "año",
    "harvest": "cosecha",
}


def _fail_with(err: "ValidationError") -> NoReturn:
    fail(" ".join(err.messages))


@main.group()
def dataset() -> None:
    """Datos en bruto (registros de ventas, acopio, actividades…)."""


@dataset.command("load")
@click.option("--coop", "coop_slug", required=True, help="Identificador de la cooperativa.")
@click.option("--name", required=True, help="Nombre de los datos, por ejemplo «ventas».")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--append", is_flag=True, help="Agregar las filas a la última versión en lugar de reemplazarla.")
@click.option(
    "--type",
    "types",
    multiple=True,
    metavar="COLUMNA=TIPO",
    help="Forzar el tipo de una columna: número, fecha o texto.",
)
def dataset_load_command(coop_slug: str, name: str, file: Path, append: bool, types: tuple[str, ...]) -> None:
    """Subir un archivo (CSV, XLSX, XLS, ODS) como nueva versión de unos datos y recalcular sus métricas."""
    if not file.is_file():
        fail(f"No existe el archivo «{file}».")
    setup_django()
    from django.core.exceptions import ValidationError

    from rumbo.datasets.services.loading import dataset_load

    overrides = {}
    for item in types:
        column, sep, kind = item.partition("=")
        if not sep:
            fail(f"«{item}» no es COLUMNA=TIPO (por ejemplo «Código=texto»).")
        overrides[column.strip()] = kind.strip()
    coop = coop_named(coop_slug)
    try:
        loaded = dataset_load(
            coop=coop, name=name, data=file.read_bytes(), filename=file.name, append=append, types=overrides
        )
    except ValidationError as err:
        _fail_with(err)
    version = loaded.version
    columns = ", ".join(f"{n} ({_type_word(k)})" for n, k in version.columns)
    click.echo(f"Datos «{version.dataset.name}» versión {version.number}: {version.rows} filas; columnas: {columns}.")
    if loaded.problems:
        click.echo(f"{len(loaded.problems)} celdas no encajaban en su columna y quedaron vacías, por ejemplo:")
        for issue in loaded.problems[:5]:
            click.echo(f"  {issue.located()}")
    written = loaded.recomputed.written
    click.echo(
        f"{len(loaded.recomputed.metrics)} métricas recalculadas: {written.created} valores nuevos, "
        f"{written.updated} cambiados, {written.removed} quitados."
    )


def _type_word(kind: str) -> str:
    return {"number": "número", "date": "fecha", "text": "texto"}.get(kind, kind)


@main.group()
def metric() -> None:
    """Métricas calculadas de datos o con fórmulas."""


@metric.command("define")
@click.option("--coop", "coop_slug", required=True, help="Identificador de la cooperativa.")
@click.option("--name", required=True, help="Nombre o nombre corto del indicador o métrica (se crea si no existe).")
@click.option("--dataset", "dataset_name", help="Datos de los que se calcula.")
@click.option(
    "--measure",
    help="Medida: suma(col), conteo(), distintos(col), promedio, mediana, mínimo, máximo, nuevos, retenidos, perdidos "
    "(o sum, count, count_distinct, mean, median, min, max, new, retained, churned).",
)
@click.option("--date", "date_column", help="Columna de fecha que reparte los registros por periodo.")
@click.option(
    "--grain", type=click.Choice(GRAINS), help="Periodo: day, week, month (por omisión), quarter, year o harvest."
)
@click.option("--where", default="", help="Filtro, por ejemplo: Producto = 'pergamino' y Monto > 0.")
@click.option("--formula", help="Fórmula sobre otras métricas, por ejemplo: ingresos / pedidos.")
def metric_define_command(
    coop_slug: str,
    name: str,
    dataset_name: str | None,
    measure: str | None,
    date_column: str | None,
    grain: str | None,
    where: str,
    formula: str | None,
) -> None:
    """Definir cómo se calcula un indicador o métrica, y calcular sus valores."""
    setup_django()
    from django.core.exceptions import ValidationError

    from rumbo.datasets.services.metrics import metric_define

    coop = coop_named(coop_slug)
    try:
        defined = metric_define(
            coop=coop,
            name=name,
            dataset=dataset_name,
            measure=measure,
            date=date_column,
            grain=grain,
            where=where,
            formula=formula,
        )
    except ValidationError as err:
        _fail_with(err)
    definition, written = defined.definition, defined.recomputed.written
    if definition.is_formula:
        how = f"fórmula {definition.formula}"
    else:
        assert definition.dataset is not None, "a metric that is no formula is computed from a dataset"
        how = f"{definition.measure} de «{definition.dataset.name}» por {definition.date_column}"
    state = "creada" if defined.created else "actualizada"
    click.echo(
        f"Métrica «{defined.kpi.name}» ({defined.kpi.slug}) {state}: {how}, por {GRAIN_WORDS[definition.grain]}."
    )
    click.echo(f"{written.created} valores nuevos, {written.updated} cambiados, {written.removed} quitados.")


@metric.command("values")
@click.option("--coop", "coop_slug", required=True, help="Identificador de la cooperativa.")
@click.option("--name", required=True, help="Nombre o nombre corto del indicador o métrica.")
@click.option("--format", "output_format", type=click.Choice(["csv"]), default="csv", show_default=True)
def metric_values_command(coop_slug: str, name: str, output_format: str) -> None:
    """Escribir los valores de una métrica tal como se calculan: period,value (period = primer día)."""
    setup_django()
    from django.core.exceptions import ValidationError

    from rumbo.datasets.selectors import metric_values
    from rumbo.datasets.services.metrics import kpi_find

    coop = coop_named(coop_slug)
    try:
        kpi = kpi_find(coop, name)
        if kpi is None:
            fail(f"No existe el indicador o métrica «{name}» en {coop.name}.")
        points = metric_values(coop, kpi)
    except ValidationError as err:
        _fail_with(err)
    out = sys.stdout
    out.write("period,value\n")
    for point in points:
        out.write(f"{point.period.isoformat()},{plain(point.value)}\n")


def plain(value: Decimal | float | int | str | None) -> str:
    """A number with a dot and every digit it has, never in exponent form; empty for no value."""
    if value is None:
        return ""
    number = Decimal(value) if not isinstance(value, Decimal) else value
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


@metric.command("recompute")
@click.option("--coop", "coop_slug", required=True, help="Identificador de la cooperativa.")
@click.option("--dataset", "dataset_name", help="Solo las métricas de estos datos (y las fórmulas que las usan).")
def metric_recompute_command(coop_slug: str, dataset_name: str | None) -> None:
    """Recalcular las métricas de la cooperativa desde la última versión de sus datos."""
    setup_django()
    from django.core.exceptions import ValidationError

    from rumbo.datasets.services.loading import dataset_find
    from rumbo.datasets.services.recompute import metrics_recompute

    coop = coop_named(coop_slug)
    found = None
    if dataset_name:
        found = dataset_find(coop, dataset_name)
        if found is None:
            fail(f"No hay datos «{dataset_name}» en {coop.name}.")
    try:
        result = metrics_recompute(coop=coop, dataset=found)
    except ValidationError as err:
        _fail_with(err)
    written = result.written
    click.echo(
        f"{len(result.metrics)} métricas recalculadas: {written.created} valores nuevos, {written.updated} cambiados, {written.removed} quitados."
    )
