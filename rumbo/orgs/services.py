"""Creating and configuring cooperatives."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from rumbo.orgs.models import Cooperative


@transaction.atomic
def cooperative_create(*, slug: str, name: str, harvest_start_month: int = 10, fiscal_year_start_month: int = 1) -> Cooperative:
    if slugify(slug) != slug:
        raise ValidationError(_("El identificador «%(slug)s» solo puede tener minúsculas, números y guiones.") % {"slug": slug})
    if Cooperative.objects.filter(slug=slug).exists():
        raise ValidationError(_("Ya existe una cooperativa con el identificador «%(slug)s».") % {"slug": slug})
    coop = Cooperative(slug=slug, name=name.strip(), harvest_start_month=harvest_start_month, fiscal_year_start_month=fiscal_year_start_month)
    coop.full_clean()
    coop.save()
    return coop
