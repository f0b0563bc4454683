"""`rumbo`: the one command for running, loading and scripting Rumbo."""

import os
from datetime import datetime
from typing import TYPE_CHECKING, Any, NoReturn

import click

if TYPE_CHECKING:
    from rumbo.orgs.models import Cooperative


def setup_django() -> None:
    """Configure Django for a command; the local data folder keeps the secret key and database."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rumbo.settings")
    os.environ.setdefault("RUMBO_LOCAL", "1")
    import django

    django.setup()
    _migrate_if_needed()


def _migrate_if_needed() -> None:
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        call_command("migrate", interactive=False, verbosity=0)


def fail(message: str) -> NoReturn:
    """Stop with a message in Spanish and a non-zero exit status."""
    raise click.ClickException(message)


class Refused(click.ClickException):
    """The input itself was refused (a file's cells, a date outside the admitted range): status 2, as for a bad option."""

    exit_code = 2


def refuse(message: str) -> NoReturn:
    """Stop because the data given is wrong, with a message in Spanish and exit status 2."""
    raise Refused(message)


def coop_named(slug: str) -> "Cooperative":
    """The cooperative a --coop option names; stop with a message when there is none (call after setup_django)."""
    from rumbo.orgs.models import Cooperative

    coop = Cooperative.objects.filter(slug=slug).first()
    if coop is None:
        fail(f"No existe la cooperativa «{slug}».")
    return coop


class AdmittedDate(click.DateTime):
    """A --date option: AAAA-MM-DD or DD/MM/AAAA, within the range every door of Rumbo admits (1900–2100)."""

    def __init__(self) -> None:
        super().__init__(["%Y-%m-%d", "%d/%m/%Y"])

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> datetime:
        from rumbo.engine.errors import RumboError
        from rumbo.engine.timeline.dates import check_date

        moment = super().convert(value, param, ctx)
        try:
            check_date(moment, value if isinstance(value, str) else None)
        except RumboError as err:
            refuse(str(err))
        return moment


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Rumbo: KPIs y OKRs para cooperativas."""


from rumbo.cli import (  # noqa: E402,F401  (registers the sub-commands)
    base,
    datasets,
    federation,
    imports,
    insight,
    ops,
    reports,
    units,
    worker,
)
