"""Running Rumbo and managing cooperatives and people from the command line."""

import hashlib
import os
import secrets
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import click

from rumbo.cli import coop_named, fail, main, setup_django

if TYPE_CHECKING:
    from rumbo.demo import Login


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--workers", default=2, show_default=True, type=int)
@click.option(
    "--demo-if-empty", is_flag=True, help="Cargar la cooperativa de demostración si la base de datos está vacía."
)
@click.option(
    "--task-workers",
    default=1,
    show_default=True,
    type=click.IntRange(min=0),
    help="Procesos para las tareas en segundo plano (pronósticos, resumen); 0 si corren aparte con «rumbo worker».",
)
def serve(host: str, port: int, workers: int, demo_if_empty: bool, task_workers: int) -> None:
    """Servir Rumbo con gunicorn, con un proceso para las tareas en segundo plano."""
    setup_django()
    from django.conf import settings
    from django.core.management import call_command

    from rumbo.orgs.models import Cooperative

    if demo_if_empty and not Cooperative.objects.exists():
        _print_logins(_load_demo())
    call_command("collectstatic", interactive=False, verbosity=0)
    click.echo(f"Rumbo en http://{host}:{port}/  (datos en {settings.DATA_DIR})")
    os.environ["ALLOWED_HOSTS"] = ",".join({*settings.ALLOWED_HOSTS, host})
    os.environ["RUMBO_SERVE_TASK_WORKERS"] = str(task_workers)  # started and stopped by gunicorn's hooks
    gunicorn = [
        sys.executable,
        "-m",
        "gunicorn",
        "rumbo.wsgi",
        "--bind",
        f"{host}:{port}",
        "--workers",
        str(workers),
        "--access-logfile",
        "-",
        "--control-socket",
        str(control_socket(settings.DATA_DIR, port)),
        "--config",
        "python:rumbo.cli.serving",
    ]
    os.execv(sys.executable, gunicorn)


def control_socket(data_dir: Path, port: int) -> Path:
    """This server's own gunicorn control socket: gunicorn's default is one per user, and a second server took it over.

    A Unix socket's path has at most 107 bytes; a data folder deep enough to pass that gets one in the temporary folder, named after it.
    """
    path = Path(data_dir).resolve() / f"gunicorn-{port}.ctl"
    if len(os.fsencode(path)) <= 100:
        return path
    digest = hashlib.sha256(os.fsencode(path)).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"rumbo-{digest}.ctl"


def _load_demo() -> "list[Login]":
    from rumbo.demo import load_demo_with_network

    return load_demo_with_network()


def _print_logins(logins: "list[Login]") -> None:
    click.echo("Cooperativa de demostración cargada. Entradas:")
    for login in logins:
        click.echo(f"  {login.role:<7} {login.email:<28} contraseña: {login.password}")


@main.command()
def demo() -> None:
    """Cargar (o recargar) la cooperativa de demostración «Café del Sur» y su red «Red Café del Sur»."""
    setup_django()
    _print_logins(_load_demo())


@main.group()
def coop() -> None:
    """Cooperativas."""


@coop.command("create")
@click.argument("slug")
@click.option("--name", required=True, help="Nombre de la cooperativa.")
@click.option("--harvest-start-month", default=10, show_default=True, type=click.IntRange(1, 12))
@click.option("--fiscal-year-start-month", default=1, show_default=True, type=click.IntRange(1, 12))
def coop_create(slug: str, name: str, harvest_start_month: int, fiscal_year_start_month: int) -> None:
    """Crear una cooperativa."""
    setup_django()
    from django.core.exceptions import ValidationError

    from rumbo.orgs.services import cooperative_create

    try:
        coop = cooperative_create(
            slug=slug,
            name=name,
            harvest_start_month=harvest_start_month,
            fiscal_year_start_month=fiscal_year_start_month,
        )
    except ValidationError as err:
        fail(" ".join(err.messages))
    click.echo(f"Cooperativa creada: {coop.name} ({coop.slug})")


@main.group()
def user() -> None:
    """Personas."""


@user.command("create")
@click.argument("email")
@click.option("--coop", "coop_slug", required=True, help="Identificador de la cooperativa.")
@click.option("--role", type=click.Choice(["admin", "editor", "viewer"]), default="viewer", show_default=True)
@click.option("--password", help="Contraseña; «-» para escribirla sin que se vea; sin opción se genera una.")
def user_create(email: str, coop_slug: str, role: str, password: str | None) -> None:
    """Crear una persona (o darle un rol en otra cooperativa)."""
    setup_django()
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    from rumbo.accounts.services import membership_grant, user_ensure

    cooperative = coop_named(coop_slug)
    generated = password is None
    if password == "-":
        password = click.prompt("Contraseña", hide_input=True, confirmation_prompt=True)
    password = password or secrets.token_urlsafe(12)
    try:
        validate_password(password)
        user, created = user_ensure(email=email, password=password)
        membership_grant(coop=cooperative, user=user, role=role)
    except ValidationError as err:
        fail(" ".join(err.messages))
    click.echo(f"{'Persona creada' if created else 'Persona existente'}: {user.email} · {role} en {cooperative.name}")
    if created and generated:
        click.echo(f"Contraseña: {password}")


@main.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def manage(args: tuple[str, ...]) -> None:
    """Comandos de administración de Django (migrate, check, shell…)."""
    setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["rumbo manage", *args])
