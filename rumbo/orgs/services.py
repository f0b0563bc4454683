"""Creating and configuring cooperatives."""

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from rumbo.orgs.logos import logo_png
from rumbo.orgs.models import Cooperative


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
