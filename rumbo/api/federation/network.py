"""The federation's side: creating a federation, its members and invitations, and keys for members on another Rumbo.

A federation is an organisation, so its key is one of its own API keys (`/c/<federación>/api/`);
what its screens leave to its admins takes a key that writes in every area. The routes call the
services the screens and `rumbo federation` call.
"""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Query

from rumbo.api.auth import actor_of, admin_for, token_for
from rumbo.api.changes import NO_REPLAY, change
from rumbo.api.errors import ApiProblem
from rumbo.api.federation.schemas import (
    STATUS,
    FederationIn,
    InviteIn,
    MemberKeyIn,
    MemberKeyOut,
    MemberOut,
    MemberPage,
    NewFederationOut,
)
from rumbo.api.models import ApiToken
from rumbo.api.read_schemas import PageQuery
from rumbo.api.reads import READ_ERRORS, copied, paged
from rumbo.api.routing import router
from rumbo.api.schemas import Problem
from rumbo.api.writes import WRITE_ERRORS, refused
from rumbo.federation import selectors
from rumbo.federation.models import Federation, Member, MemberStatus
from rumbo.federation.services.federations import federation_create, member_invite, member_key_issue, member_leave

TAGS = ["Federación"]
ADMIN_READ_ERRORS: dict[int, Any] = {**READ_ERRORS, 403: Problem}
STATUS_FILTER = Query(None, description=f"Filtro: {STATUS}")


def federation_of_key(token: ApiToken) -> Federation:
    """The federation the key's organisation is; a cooperative's key has no federation routes (404)."""
    found = selectors.federation_of(token.cooperative)
    if found is None:
        raise Http404
    return found


def federation_admin(request: HttpRequest, coop_slug: str) -> tuple[ApiToken, Federation]:
    """The key and its federation, when the key acts as the federation's admin (404 for a cooperative, else 403)."""
    federation = federation_of_key(token_for(request, coop_slug))
    return admin_for(request, coop_slug), federation


def member_out(member: Member, templates: list[str]) -> MemberOut:
    return MemberOut(
        **copied(member, "id", "name", "remote", "status", "invited_at", "joined_at", "left_at"),
        cooperative=member.cooperative.slug if member.cooperative else None,
        templates=templates,
    )


@router.post(
    "/c/{coop_slug}/federations",
    response={201: NewFederationOut, **WRITE_ERRORS},
    summary="Crear una federación",
    tags=TAGS,
)
@change(lambda args, result: _("Federación «%(name)s» creada") % {"name": result.name}, status=201)
def federation_post(request: HttpRequest, coop_slug: str, body: FederationIn) -> NewFederationOut:
    """Crea una federación, una organización cuyos miembros son cooperativas; quien creó la clave la administra.

    Como `rumbo federation create`. Hace falta una clave que registra en todas las áreas (la de quien administra la
    organización de la clave). Para administrar la federación por la API, cree después una clave en ella
    (`/c/<federación>/api/`).
    """
    token = admin_for(request, coop_slug)
    if token.created_by is None:
        raise ApiProblem(
            403,
            _(
                "Quien creó esta clave ya no está en Rumbo, así que nadie administraría la federación; "
                "cree la federación con una clave suya."
            ),
        )
    try:
        created = federation_create(
            slug=body.slug, name=body.name, user=token.created_by, min_contributors=body.min_contributors
        )
    except ValidationError as err:
        raise refused(err) from None
    admin = token.created_by
    return NewFederationOut(
        slug=created.cooperative.slug,
        name=created.cooperative.name,
        min_contributors=created.min_contributors,
        admin=admin.email or admin.get_username(),
    )


@router.get(
    "/c/{coop_slug}/federation/members",
    response={200: MemberPage, **ADMIN_READ_ERRORS},
    summary="Miembros e invitaciones",
    tags=TAGS,
)
def member_list(
    request: HttpRequest,
    coop_slug: str,
    paging: Query[PageQuery],
    status: MemberStatus | None = STATUS_FILTER,
) -> MemberPage:
    """Las cooperativas de la federación, invitadas o miembros, y qué plantillas comparte cada una; nunca sus cifras.

    Como «Miembros e invitaciones»: solo para quien administra la federación.
    """
    _token, federation = federation_admin(request, coop_slug)
    found = [m for m in selectors.members(federation) if status is None or m.status == status]
    count, page = paged(found, paging)
    items = [member_out(m, getattr(m, "templates", [])) for m in page]
    return MemberPage(count=count, limit=paging.limit, offset=paging.offset, items=items)


@router.post(
    "/c/{coop_slug}/federation/members",
    response={201: MemberOut, **WRITE_ERRORS},
    summary="Invitar a una cooperativa",
    tags=TAGS,
)
@change(lambda args, result: _("Invitación a «%(coop)s» para la red") % {"coop": result.name}, status=201)
def member_invite_post(request: HttpRequest, coop_slug: str, body: InviteIn) -> MemberOut:
    """Invita a una cooperativa de este Rumbo; es miembro cuando su administración acepta (`…/networks/{federación}/accept`)."""
    token, federation = federation_admin(request, coop_slug)
    cooperative = selectors.cooperative_named(body.cooperative)
    if cooperative is None:
        message = _("No hay ninguna cooperativa con el identificador «%(slug)s» en este Rumbo.") % {
            "slug": body.cooperative
        }
        raise ApiProblem(422, message, [{"loc": ["body", "cooperative"], "field": "cooperative", "message": message}])
    try:
        member = member_invite(
            federation=federation, cooperative=cooperative, user=token.created_by, membership=actor_of(token)
        )
    except (ValidationError, PermissionDenied) as err:
        raise refused(err) from None
    return member_out(member, selectors.templates_of(member))


@router.post(
    "/c/{coop_slug}/federation/member-keys",
    response={201: MemberKeyOut, **WRITE_ERRORS},
    summary="Emitir una clave de miembro",
    openapi_extra={NO_REPLAY: True},
    tags=TAGS,
)
@change(
    lambda args, result: _("Clave de miembro para «%(name)s»") % {"name": result.member.name}, status=201, replay=False
)
def member_key_post(request: HttpRequest, coop_slug: str, body: MemberKeyIn) -> MemberKeyOut:
    """La clave de una cooperativa miembro en otro Rumbo, con la que firma sus envíos (`POST /federation/push`).

    Como `rumbo federation key`. La clave se muestra esta sola vez y la respuesta no se guarda: esta operación no
    toma `Idempotency-Key`, y cada llamada emite una clave nueva que reemplaza a la anterior del mismo nombre.
    """
    token, federation = federation_admin(request, coop_slug)
    try:
        issued = member_key_issue(
            federation=federation, name=body.name, user=token.created_by, membership=actor_of(token)
        )
    except (ValidationError, PermissionDenied) as err:
        raise refused(err) from None
    return MemberKeyOut(member=member_out(issued.member, selectors.templates_of(issued.member)), key=issued.key)


@router.post(
    "/c/{coop_slug}/federation/members/{member_id}/remove",
    response={200: MemberOut, **WRITE_ERRORS},
    summary="Retirar a un miembro",
    tags=TAGS,
)
@change(lambda args, result: _("«%(name)s» ya no es miembro de la red") % {"name": result.name})
def member_remove_post(request: HttpRequest, coop_slug: str, member_id: int) -> MemberOut:
    """Retira a una cooperativa de la red, o su invitación: deja de compartir todo al instante.

    Como «Retirar de la red» (o «Retirar la invitación») en «Miembros e invitaciones». Sus aportes se borran y las
    cifras en que estaban se publican de nuevo sin ellos; la clave de un miembro en otro Rumbo deja de valer.
    """
    token, federation = federation_admin(request, coop_slug)
    member = selectors.member_in(federation, member_id)
    if member is None:
        raise Http404
    try:
        member = member_leave(member=member, user=token.created_by, membership=actor_of(token))
    except (ValidationError, PermissionDenied) as err:
        raise refused(err) from None
    return member_out(member, [])
