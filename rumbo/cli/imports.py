"""`rumbo import values` and `rumbo export values`: the upload page's import and export, for scripts."""

from pathlib import Path
from typing import TYPE_CHECKING

import click

from rumbo.cli import coop_named, fail, main, refuse, setup_django

if TYPE_CHECKING:
    from rumbo.imports.services.values import ImportResult, ValuePreview


@main.group("import")
def import_group() -> None:
    """Importar datos de hojas de cálculo."""


@import_group.command("values")
@click.option("--coop", "coop_slug", required=True, help="Identificador de la cooperativa.")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Solo mostrar qué se importaría; no guardar nada.")
def import_values(coop_slug: str, file: Path, dry_run: bool) -> None:
    """Importar valores de indicadores desde FILE (.xlsx, .xls, .ods o .csv).

    Si alguna celda del archivo no se puede importar, lo dice con su fila y columna, no
    importa nada y termina con el código 2.
    """
    setup_django()
    from django.utils.translation import gettext as _

    from rumbo.imports.services.values import size_error, value_import_create, values_commit, values_preview

    coop = coop_named(coop_slug)
    if (error := size_error(file.name, file.stat().st_size)) is not None:
        fail(str(error))
    data = file.read_bytes()
    preview = values_preview(coop=coop, data=data, filename=file.name)
    if not preview.ok:
        if not dry_run:
            # kept, as failed, like an upload
            value_import_create(coop=coop, data=data, filename=file.name, preview=preview)
        for problem in preview.problems:
            click.echo(problem.located(_), err=True)
        refuse(f"«{preview.filename}» tiene {_problems(preview.failed)}; no se importó nada.")
    for notice in preview.notices:
        click.echo(f"Aviso: {notice.located(_)}", err=True)
    if dry_run:
        click.echo(f"Prueba de «{preview.filename}»: {_counts(preview)}. No se guardó nada.")
        return
    value_import = value_import_create(coop=coop, data=data, filename=file.name, preview=preview)
    result = values_commit(coop=coop, import_=value_import)
    if not result.ok:
        fail(" ".join(result.errors))  # changed since the preview a moment ago: not the file's fault
    click.echo(f"Importado «{preview.filename}»: {_counts(result)}.")


def _problems(n: int) -> str:
    return "1 problema" if n == 1 else f"{n} problemas"


def _counts(result: "ImportResult | ValuePreview") -> str:
    """'12 valores: 3 nuevos, 1 cambiado, 8 sin cambios'."""

    def n(count: int, one: str, many: str) -> str:
        return f"{count} {one if count == 1 else many}"

    return (
        f"{n(result.total, 'valor', 'valores')}: {n(result.created, 'nuevo', 'nuevos')}, "
        f"{n(result.updated, 'cambiado', 'cambiados')}, {result.unchanged} sin cambios"
    )


@main.group("export")
def export_group() -> None:
    """Exportar datos a hojas de cálculo."""


@export_group.command("values")
@click.option("--coop", "coop_slug", required=True, help="Identificador de la cooperativa.")
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx"]), required=True, help="Formato del archivo.")
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Archivo donde guardar; sin él, a la salida estándar.",
)
def export_values(coop_slug: str, fmt: str, output: Path | None) -> None:
    """Exportar los valores de todos los indicadores (Indicador, Periodo, Valor, Nota)."""
    setup_django()
    from rumbo.imports.services.export import values_export

    result = values_export(coop=coop_named(coop_slug), fmt=fmt)
    summary = (
        f"Valores exportados: {result.values} (de {result.kpis} {'indicador' if result.kpis == 1 else 'indicadores'})"
    )
    if result.unreadable:
        summary += (
            f"; valores ilegibles (fuera del rango que Rumbo puede guardar): {result.unreadable}, con la celda "
            "vacía y una nota; corríjalos o bórrelos (rumbo doctor los lista)"
        )
    if output is None:
        click.echo(result.data, nl=False)  # bytes: written as they are, an .xlsx too
        click.echo(f"{summary}.", err=True)
        return
    try:
        output.write_bytes(result.data)
    except OSError as err:
        fail(f"No se pudo escribir «{output}»: {err.strerror or err}.")
    click.echo(f"{summary} en {output}.")
