"""Creating and revoking API keys."""

import hashlib
import secrets
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rumbo.accounts.areas import Area
from rumbo.accounts.models import User
from rumbo.api.models import ApiToken, KeyLanguage
from rumbo.orgs.models import Cooperative


def digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def token_create(
    *,
    coop: Cooperative,
    name: str,
    can_write: bool,
    user: User | None,
    areas: Sequence[str] = (),
    language: str = "",
) -> tuple[ApiToken, str]:
    """A new key for the cooperative; the plain key is returned once and never stored.

    `areas` limits what a key that can write may change, as an editor's areas do (none: every area).
    """
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Dé un nombre a la clave, por ejemplo el sistema que la usará.")})
    unknown = sorted(set(areas) - set(Area.values))
    if unknown:
        raise ValidationError({"areas": _("No existen las áreas %(areas)s.") % {"areas": ", ".join(unknown)}})
    if language not in KeyLanguage.values:
        raise ValidationError({"language": _("Elija español o inglés.")})
    key = "rumbo_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        cooperative=coop,
        name=name[:100],
        can_write=can_write,
        areas=sorted(set(areas)),
        language=language,
        prefix=key[:12],
        key_hash=digest(key),
        created_by=user,
    )
    return token, key


@transaction.atomic
def token_revoke(*, token: ApiToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
