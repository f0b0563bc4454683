"""Keeping a Rumbo safe from the command line: backups, restores and emptying the bin."""

import os
from pathlib import Path

import click

from rumbo.cli import fail, main, setup_django


def _setup_without_migrating() -> None:
    # A backup must capture the database as it is (before an upgrade migrates it), and a
    # restore must not create tables in the database it is about to fill.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rumbo.settings")
    os.environ.setdefault("RUMBO_LOCAL", "1")
    import django

    django.setup()


def _size(n: float) -> str:
    for unit in ("B", "KB", "MB"):
        if n < 1024:
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}".replace(".", ",")
        n /= 1024
    return f"{n:.1f} GB".replace(".", ",")


@main.command()
@click.option(
    "--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Archivo .tar.gz donde guardar la copia."
)
def backup(output: Path | None) -> None:
    """Hacer una copia de seguridad (base de datos y archivos) sin detener Rumbo."""
    _setup_without_migrating()
    from rumbo.ops.backup import BackupError, backup_create, default_backup_name

    try:
        result = backup_create(output=output or Path(default_backup_name()))
    except BackupError as err:
        fail(str(err))
    engine = "SQLite" if result.engine == "sqlite" else "PostgreSQL"
    click.echo(f"Copia guardada en {result.path} ({engine}, {result.files} archivos, {_size(result.size)}).")


class BadArchiveGiven(click.ClickException):
    """The archive is not a sound backup: exit status 2, as for any other wrong argument."""

    exit_code = 2


@main.command()
@click.argument("archive", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--force", is_flag=True, help="Reemplazar los datos que ya haya en la carpeta de datos y en la base de datos."
)
def restore(archive: Path, force: bool) -> None:
    """Restaurar una copia de seguridad en una carpeta de datos vacía (detenga Rumbo antes)."""
    _setup_without_migrating()
    from django.conf import settings

    from rumbo.ops.backup import BackupError, backup_restore
    from rumbo.ops.errors import BadArchive

    try:
        result = backup_restore(archive=archive, force=force)
    except BadArchive as err:
        raise BadArchiveGiven(str(err)) from None
    except BackupError as err:
        fail(str(err))
    click.echo(f"Copia del {result.created_at} restaurada en {settings.DATA_DIR} ({result.files} archivos).")


@main.command()
@click.option(
    "--days", type=click.IntRange(min=0), help="Días en la papelera antes de borrar; por omisión RUMBO_TRASH_DAYS (30)."
)
def purge(days: int | None) -> None:
    """Borrar para siempre lo que lleva en la papelera más días que el plazo de retención."""
    setup_django()
    from django.conf import settings

    from rumbo.bin.services import bin_purge

    days = settings.RUMBO_TRASH_DAYS if days is None else days
    result = bin_purge(days=days)
    click.echo(
        f"Se borraron para siempre {result['kpis']} indicadores, {result['objectives']} objetivos, "
        f"{result['okr_objectives']} objetivos OKR y {result['datasets']} conjuntos de datos (con sus archivos) "
        f"que llevaban más de {days} días en la papelera."
    )


@main.command()
@click.pass_context
def doctor(ctx: click.Context) -> None:
    """Buscar en todas las tablas cifras guardadas que Rumbo no puede leer (fuera de rango); sale con 1 si hay alguna."""
    setup_django()
    from rumbo.ops.doctor import described_line, summary, unreadable_figures

    found = unreadable_figures()
    for figure in found:
        click.echo(described_line(figure))
    click.echo(summary(found))
    ctx.exit(1 if found else 0)
