"""Creating and configuring cooperatives: name, months, logo, and the cooperative's own units."""

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from rumbo.accounts import access
from rumbo.accounts.models import Role, User
from rumbo.engine.errors import RumboError
from rumbo.engine.network import units
from rumbo.orgs.logos import logo_png
from rumbo.orgs.models import Cooperative, LocalUnit
from rumbo.orgs.signals import local_units_changed


@transaction.atomic
def cooperative_create(
    *, slug: str, name: str, harvest_start_month: int = 10, fiscal_year_start_month: int = 1
) -> Cooperative:
    if slugify(slug) != slug:
        raise ValidationError(
            _("El identificador «%(slug)s» solo puede tener minúsculas, números y guiones.") % {"slug": slug}
        )
    if Cooperative.objects.filter(slug=slug).exists():
        raise ValidationError(_("Ya existe una cooperativa con el identificador «%(slug)s».") % {"slug": slug})
    coop = Cooperative(
        slug=slug,
        name=name.strip(),
        harvest_start_month=harvest_start_month,
        fiscal_year_start_month=fiscal_year_start_month,
    )
    coop.full_clean()
    coop.save()
    return coop


@transaction.atomic
def cooperative_settings_save(
    *,
    coop: Cooperative,
    name: str,
    fiscal_year_start_month: int,
    harvest_start_month: int,
    logo: bytes | None = None,
    remove_logo: bool = False,
) -> Cooperative:
    """Save the name, the months and the logo; a new logo (the raw upload) or `remove_logo` drops the old file.

    The logo is checked and re-encoded before anything is written: a refused logo or a bad
    value raises ValidationError and leaves the cooperative and its files as they were.
    """
    png = logo_png(logo) if logo is not None else None
    coop = Cooperative.objects.select_for_update().get(pk=coop.pk)
    old_logo = coop.logo.name
    coop.name = name.strip()
    coop.fiscal_year_start_month = fiscal_year_start_month
    coop.harvest_start_month = harvest_start_month
    coop.full_clean(exclude=["logo"])
    if png is not None:
        coop.logo.save(f"{coop.slug}.png", ContentFile(png), save=False)
    elif remove_logo:
        coop.logo = ""
    _save_keeping_files_in_step(coop, old_logo)
    return coop


def _save_keeping_files_in_step(coop: Cooperative, old_logo: str | None) -> None:
    """Save the row; the old logo file goes once the change is committed, the new one if the save fails."""
    storage = coop.logo.storage
    new_logo = coop.logo.name or ""
    try:
        coop.save()
    except Exception:
        if new_logo and new_logo != old_logo:
            storage.delete(new_logo)
        raise
    if old_logo and new_logo != old_logo:
        transaction.on_commit(lambda: storage.delete(old_logo))


def _require_admin(cooperative: Cooperative, user: User | None, membership: access.Acting | None) -> None:
    if not access.acting(cooperative, user, membership).allows(Role.ADMIN):
        raise PermissionDenied(_("Solo un administrador de «%(org)s» puede hacer esto.") % {"org": cooperative.name})


def _tidy(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip())


@transaction.atomic
def local_unit_save(
    *,
    cooperative: Cooperative,
    name: str,
    definition: str,
    user: User | None,
    unit: LocalUnit | None = None,
    membership: access.Acting | None = None,
) -> LocalUnit:
    """Add one of the cooperative's own units («lata» = «12,5 kg»), or change `unit`; admins only.

    The units engine checks it: a name made of words that is not a known unit nor taken, and a
    positive number of a known unit that is not money (never another own unit, so no definition
    goes round in a circle). A change of what it is worth or of its name sends
    `local_units_changed`: the cooperative's networks receive its figures converted anew.
    """
    _require_admin(cooperative, user, membership)
    Cooperative.objects.select_for_update().filter(pk=cooperative.pk).first()  # one change of its units at a time
    rows = list(LocalUnit.objects.filter(cooperative=cooperative))
    if unit is not None and unit.pk not in {row.pk for row in rows}:
        raise ValidationError(_("Esa unidad no es de «%(coop)s».") % {"coop": cooperative.name})
    others = {row.name: row.definition for row in rows if unit is None or row.pk != unit.pk}
    name, definition = _tidy(name), _tidy(definition)
    errors: dict[str, str] = {}
    try:
        key = units.check_local_name(name, others)
    except RumboError as err:
        errors["name"] = err.translated(_)
    try:
        units.check_local_definition(name, definition, others)
    except RumboError as err:
        errors["definition"] = err.translated(_)
    if errors:
        raise ValidationError(errors)
    row = next((r for r in rows if unit is not None and r.pk == unit.pk), None) or LocalUnit(cooperative=cooperative)
    if row.pk is not None and (row.name, row.definition) == (name, definition):
        return row
    # What the engine reads, before and after: a new spelling of the same unit («Lata», «12.5 kg») sends nothing again.
    changed = row.pk is None or units.local_units({row.key: row.definition}) != units.local_units({key: definition})
    row.name, row.key, row.definition = name, key, definition
    row._history_user = user
    row.save()
    if changed:
        local_units_changed.send(sender=LocalUnit, cooperative_id=cooperative.pk)
    return row


@transaction.atomic
def local_unit_remove(*, unit: LocalUnit, user: User | None, membership: access.Acting | None = None) -> None:
    """Remove one of the cooperative's own units; KPIs measured in it are no longer converted (nor sent to a network)."""
    cooperative = unit.cooperative
    _require_admin(cooperative, user, membership)
    row = LocalUnit.objects.select_for_update().filter(pk=unit.pk, cooperative=cooperative).first()
    if row is None:
        return
    row._history_user = user
    row.delete()
    local_units_changed.send(sender=LocalUnit, cooperative_id=cooperative.pk)
