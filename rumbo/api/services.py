"""Creating and revoking API keys."""

import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rumbo.accounts.models import User
from rumbo.api.models import ApiToken
from rumbo.orgs.models import Cooperative


def digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def token_create(*, coop: Cooperative, name: str, can_write: bool, user: User | None) -> tuple[ApiToken, str]:
    """A new key for the cooperative; the plain key is returned once and never stored."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Dé un nombre a la clave, por ejemplo el sistema que la usará.")})
    key = "rumbo_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        cooperative=coop, name=name[:100], can_write=can_write, prefix=key[:12], key_hash=digest(key), created_by=user
    )
    return token, key


@transaction.atomic
def token_revoke(*, token: ApiToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
