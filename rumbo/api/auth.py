"""Who calls: the bearer key, the cooperative it serves, the language it answers in, and what it may change."""

from dataclasses import dataclass

from django.http import Http404, HttpRequest
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from ninja.security import HttpBearer

from rumbo.accounts.access import Operator
from rumbo.accounts.models import ROLE_RANK, Role
from rumbo.api.errors import ApiProblem
from rumbo.api.models import ApiToken
from rumbo.api.services import digest


class ApiRequest(HttpRequest):
    """A request to a route: `BearerKey` has set `auth` to the key it came with."""

    auth: ApiToken


class BearerKey(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        found = (
            ApiToken.objects.select_related("cooperative", "created_by")
            .filter(key_hash=digest(token), revoked_at__isnull=True)
            .first()
        )
        if found is not None:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
            _speak_the_keys_language(request, found)
            # Another cooperative's address is not found, before its body or parameters are even read.
            match = request.resolver_match
            if match is not None and match.kwargs.get("coop_slug", found.cooperative.slug) != found.cooperative.slug:
                raise Http404
        return found


def _speak_the_keys_language(request: HttpRequest, token: ApiToken) -> None:
    """Without an Accept-Language header, answer in the key's language, else in its creator's."""
    if "HTTP_ACCEPT_LANGUAGE" in request.META:
        return
    language = token.language or (token.created_by.language if token.created_by else "")
    if language:
        translation.activate(language)
        request.LANGUAGE_CODE = language


@dataclass(frozen=True)
class KeyActor(Operator):
    """A key acting in its cooperative, with the role its access gives it.

    A key that writes acts as an editor of its areas, or as an admin when it names none; a key
    that only reads acts as a viewer. What only an admin may do (a federation's members, a
    cooperative's consent to share) takes a key that writes every area.
    """

    def allows(self, role: str) -> bool:
        return ROLE_RANK[Role(self.role)] >= ROLE_RANK[Role(role)]

    def can_edit_area(self, area: str) -> bool:
        return not self.areas or area in self.areas


def actor_of(token: ApiToken) -> KeyActor:
    areas = tuple(token.areas or ())
    role = Role.VIEWER if not token.can_write else Role.EDITOR if areas else Role.ADMIN
    return KeyActor(f"api key {token.pk}", role=role, areas=areas, cooperative_id=token.cooperative_id)


def token_for(request: HttpRequest, coop_slug: str) -> ApiToken:
    """The key's cooperative must be the one in the path: any other is simply not found."""
    token: ApiToken = request.auth  # type: ignore[attr-defined]
    if token.cooperative.slug != coop_slug:
        raise Http404
    return token


def admin_for(request: HttpRequest, coop_slug: str) -> ApiToken:
    """The key, when it acts as its organisation's admin (it writes, in every area); 403 for any other key."""
    token = token_for(request, coop_slug)
    if not actor_of(token).allows(Role.ADMIN):
        raise ApiProblem(
            403,
            _(
                "Solo una clave que registra en todas las áreas, como quien administra «%(org)s», puede ver esto o hacerlo."
            )
            % {"org": token.cooperative.name},
        )
    return token


def writer_for(request: HttpRequest, coop_slug: str) -> ApiToken:
    """The key, when it may change data (403 for a key that only reads)."""
    token = token_for(request, coop_slug)
    if not token.can_write:
        raise ApiProblem(
            403,
            _(
                "Esta clave solo puede leer; pida a quien administra la cooperativa una clave que pueda registrar valores."
            ),
        )
    return token
