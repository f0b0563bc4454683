"""`rumbo report` (the assembly PDF or the full report) and `rumbo digest` (the weekly e-mail, for cron)."""

from datetime import datetime
from pathlib import Path

import click

from rumbo.cli import AdmittedDate, coop_named, fail, main, setup_django


@main.command("report")
@click.option("--coop", "coop_slug", required=True, help="Identificador de la cooperativa.")
@click.option(
    "--full",
    is_flag=True,
    help="El informe completo (una parte por objetivo, con los gráficos), no la hoja del tablero.",
)
@click.option("--lang", type=click.Choice(["es", "en"]), default="es", show_default=True, help="Idioma del informe.")
@click.option("--date", "as_of", type=AdmittedDate(), help="Situación a este día (AAAA-MM-DD); sin ella, hoy.")
@click.option("--area", "areas", multiple=True, help="Solo esta área (se puede repetir).")
@click.option("--by-area", is_flag=True, help="En el informe completo, una parte por área en lugar de por objetivo.")
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Archivo PDF; sin él, tablero-<coop>-<fecha>.pdf.",
)
def report(
    coop_slug: str,
    full: bool,
    lang: str,
    as_of: datetime | None,
    areas: tuple[str, ...],
    by_area: bool,
    output: Path | None,
) -> None:
    """Generar el PDF «Tablero para la asamblea» (o el informe completo)."""
    setup_django()
    from django.utils import timezone

    from rumbo.kpis.choices import Area
    from rumbo.reports.presenters.assembly import Options
    from rumbo.reports.services.pdfs import assembly_pdf, full_pdf

    coop = coop_named(coop_slug)
    today = timezone.localdate()
    day = as_of.date() if as_of else today
    if day > today:
        fail(f"La fecha {day:%d/%m/%Y} es posterior a hoy: todavía no hay datos de ese día.")
    unknown = [a for a in areas if a not in Area.values]
    if unknown:
        fail(f"Área desconocida: {', '.join(unknown)}. Las áreas son: {', '.join(Area.values)}.")
    options = Options(as_of=day, lang=lang, areas=tuple(areas), group="area" if by_area else "objective")
    rendered = (full_pdf if full else assembly_pdf)(coop=coop, options=options)
    target = output or Path(rendered.filename)
    try:
        target.write_bytes(rendered.data)
    except OSError as err:
        fail(f"No se pudo escribir «{target}»: {err.strerror or err}.")
    pages = "1 página" if rendered.pages == 1 else f"{rendered.pages} páginas"
    click.echo(f"{target}: {pages}, {rendered.kpis_shown} indicadores en el tablero, {len(rendered.data) // 1024} KB.")


@main.command("digest")
@click.option("--coop", "coop_slug", help="Solo esta cooperativa.")
@click.option("--date", "day", type=AdmittedDate(), help="Como si hoy fuera este día (para pruebas).")
@click.option("--queue", is_flag=True, help="Dejarlo en la cola para que lo envíe un proceso «rumbo worker».")
def digest(coop_slug: str | None, day: datetime | None, queue: bool) -> None:
    """Enviar el resumen semanal por correo a quien lo pidió (una vez por semana; para cron)."""
    setup_django()
    from rumbo.reports.services.digest import digest_send

    coop = coop_named(coop_slug) if coop_slug else None
    if queue:
        from rumbo.reports.tasks import digest_send_task

        digest_send_task.enqueue(coop_id=coop.pk if coop else None, day=day.date().isoformat() if day else None)
        click.echo("Resumen semanal en la cola: lo enviará un proceso «rumbo worker».")
        return
    result = digest_send(today=day.date() if day else None, coop=coop)
    for error in result.errors:
        click.echo(f"No se pudo enviar a {error}", err=True)
    click.echo(f"Resúmenes enviados: {result.sent}; ya enviados esta semana: {result.already}.")
    if result.errors:
        fail(f"{len(result.errors)} resúmenes no se pudieron enviar; se intentará de nuevo en la próxima ejecución.")
