"""`rumbo coop units`: a cooperative's own units («lata» = «12,5 kg»), listed, set and removed as its admin would."""

import click

from rumbo.cli import coop_named, fail, setup_django
from rumbo.cli.base import coop


@coop.group("units")
def units_group() -> None:
    """Unidades propias de una cooperativa (una lata = 12,5 kg): con ellas se convierte lo que comparte con su red."""


@units_group.command("list")
@click.option("--coop", "coop_slug", required=True, help="Identificador de la cooperativa.")
def units_list(coop_slug: str) -> None:
    """Listar las unidades propias, una por línea: «nombre = equivalencia»."""
    setup_django()
    from rumbo.orgs.selectors import local_unit_rows

    for row in local_unit_rows(coop_named(coop_slug)):
        click.echo(f"{row.name} = {row.definition}")


@units_group.command("set")
@click.option("--coop", "coop_slug", required=True, help="Identificador de la cooperativa.")
@click.argument("name")
@click.argument("definition")
def units_set(coop_slug: str, name: str, definition: str) -> None:
    """Definir o cambiar una unidad propia: `rumbo coop units set --coop COOP lata "12,5 kg"`."""
    setup_django()
    from django.core.exceptions import ValidationError

    from rumbo.engine.network.units import local_key
    from rumbo.orgs.models import LocalUnit
    from rumbo.orgs.services import local_unit_save

    cooperative = coop_named(coop_slug)
    unit = LocalUnit.objects.filter(cooperative=cooperative, key=local_key(name)).first()
    try:
        saved = local_unit_save(cooperative=cooperative, name=name, definition=definition, user=None, unit=unit)
    except ValidationError as err:
        fail(" ".join(err.messages))
    click.echo(f"{'Unidad cambiada' if unit else 'Unidad definida'}: {saved.name} = {saved.definition}")


@units_group.command("remove")
@click.option("--coop", "coop_slug", required=True, help="Identificador de la cooperativa.")
@click.argument("name")
def units_remove(coop_slug: str, name: str) -> None:
    """Quitar una unidad propia: los indicadores medidos en ella ya no se convierten ni se envían a una red."""
    setup_django()
    from rumbo.engine.network.units import local_key
    from rumbo.orgs.models import LocalUnit
    from rumbo.orgs.services import local_unit_remove

    cooperative = coop_named(coop_slug)
    unit = LocalUnit.objects.filter(cooperative=cooperative, key=local_key(name)).first()
    if unit is None:
        fail(f"«{cooperative.name}» no tiene una unidad propia llamada «{name}».")
    local_unit_remove(unit=unit, user=None)
    click.echo(f"Unidad quitada: {unit.name}")
