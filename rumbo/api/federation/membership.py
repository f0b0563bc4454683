"""A cooperative's side of its networks: invitations answered, consent per KPI, and exactly what is sent.

As «Redes» and «Compartir con la red», these are for the cooperative's admins: a key that writes
in every area. The routes call the services the screens and `rumbo federation join|share` call.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Path, Query

from rumbo.api.auth import actor_of, admin_for, token_for
from rumbo.api.changes import change
from rumbo.api.errors import ApiProblem
from rumbo.api.federation.network import ADMIN_READ_ERRORS, TAGS
from rumbo.api.federation.schemas import (
    SLUG,
    ConsentOut,
    ConsentPage,
    NetworkOut,
    NetworkPage,
    SentOut,
    SentRowOut,
    ShareIn,
    ShareOut,
    WithheldOut,
)
from rumbo.api.models import ApiToken
from rumbo.api.read_schemas import PageQuery
from rumbo.api.reads import copied, find_kpi, paged
from rumbo.api.routing import router
from rumbo.api.writes import WRITE_ERRORS, refused
from rumbo.federation import selectors
from rumbo.federation.models import Member, MemberStatus, Share
from rumbo.federation.services.federations import invitation_accept, invitation_decline, member_leave
from rumbo.federation.services.sharing import contributions_of, share_start, share_stop
from rumbo.kpis import selectors as kpi_selectors
from rumbo.kpis.models import Kpi
from rumbo.orgs.models import Kind

FEDERATION = Path(..., max_length=60, pattern=SLUG, description="El identificador de la federación.")
KPI = Path(..., max_length=80, pattern=SLUG, description="El nombre corto del indicador de la cooperativa.")


def cooperative_admin(request: HttpRequest, coop_slug: str) -> ApiToken:
    """The key, when it acts as its cooperative's admin (404 for a federation: it is nobody's member, else 403)."""
    if token_for(request, coop_slug).cooperative.kind != Kind.COOPERATIVE:
        raise Http404
    return admin_for(request, coop_slug)


def member_of(token: ApiToken, federation_slug: str, *, active: bool = True) -> Member:
    """The key's cooperative in this federation, as an active member (`active=False`: whatever its status); else 404."""
    found = Member.objects.select_related("federation__cooperative", "cooperative").filter(
        federation__cooperative__slug=federation_slug, cooperative=token.cooperative
    )
    if active:
        found = found.filter(status=MemberStatus.ACTIVE)
    member = found.first()
    if member is None:
        raise Http404
    return member


def network_out(member: Member) -> NetworkOut:
    organisation = member.federation.cooperative
    return NetworkOut(
        federation=organisation.slug,
        name=organisation.name,
        **copied(member, "status", "invited_at", "joined_at", "left_at"),
    )


@router.get("/c/{coop_slug}/networks", response={200: NetworkPage, **ADMIN_READ_ERRORS}, summary="Redes", tags=TAGS)
def network_list(request: HttpRequest, coop_slug: str, paging: Query[PageQuery]) -> NetworkPage:
    """Las federaciones de este Rumbo de que la cooperativa es miembro o que la invitaron; `status` dice cuál.

    Como «Redes»: `invited` espera la respuesta de su administración (`…/accept` o `…/decline`).
    """
    found = selectors.memberships(cooperative_admin(request, coop_slug).cooperative)
    count, page = paged(found, paging)
    return NetworkPage(count=count, limit=paging.limit, offset=paging.offset, items=[network_out(m) for m in page])


def _answer(request: HttpRequest, coop_slug: str, federation_slug: str, *, accept: bool) -> NetworkOut:
    token = cooperative_admin(request, coop_slug)
    member = member_of(token, federation_slug, active=False)
    answer = invitation_accept if accept else invitation_decline
    try:
        member = answer(member=member, user=token.created_by, membership=actor_of(token))
    except (ValidationError, PermissionDenied) as err:
        raise refused(err) from None
    return network_out(member)


@router.post(
    "/c/{coop_slug}/networks/{federation_slug}/accept",
    response={200: NetworkOut, **WRITE_ERRORS},
    summary="Aceptar una invitación",
    tags=TAGS,
)
@change(lambda args, result: _("Invitación de «%(network)s» aceptada") % {"network": result.name})
def invitation_accept_post(request: HttpRequest, coop_slug: str, federation_slug: str = FEDERATION) -> NetworkOut:
    """La administración de la cooperativa acepta la invitación: es miembro desde ahora y elige qué comparte."""
    return _answer(request, coop_slug, federation_slug, accept=True)


@router.post(
    "/c/{coop_slug}/networks/{federation_slug}/decline",
    response={200: NetworkOut, **WRITE_ERRORS},
    summary="Rechazar una invitación",
    tags=TAGS,
)
@change(lambda args, result: _("Invitación de «%(network)s» rechazada") % {"network": result.name})
def invitation_decline_post(request: HttpRequest, coop_slug: str, federation_slug: str = FEDERATION) -> NetworkOut:
    """La administración de la cooperativa rechaza la invitación; la federación ve la respuesta."""
    return _answer(request, coop_slug, federation_slug, accept=False)


@router.post(
    "/c/{coop_slug}/networks/{federation_slug}/leave",
    response={200: NetworkOut, **WRITE_ERRORS},
    summary="Salir de la red",
    tags=TAGS,
)
@change(lambda args, result: _("La cooperativa dejó «%(network)s»") % {"network": result.name})
def network_leave_post(request: HttpRequest, coop_slug: str, federation_slug: str = FEDERATION) -> NetworkOut:
    """La administración de la cooperativa deja la red: deja de compartir todo al instante.

    Como «Salir de la red» en «Redes». Sus aportes se borran de la federación y las cifras en que estaban se publican
    de nuevo sin ellos.
    """
    token = cooperative_admin(request, coop_slug)
    member = member_of(token, federation_slug)
    try:
        member = member_leave(member=member, user=token.created_by, membership=actor_of(token))
    except (ValidationError, PermissionDenied) as err:
        raise refused(err) from None
    return network_out(member)


@router.get(
    "/c/{coop_slug}/networks/{federation_slug}/shares",
    response={200: ConsentPage, **ADMIN_READ_ERRORS},
    summary="Qué indicadores se comparten",
    tags=TAGS,
)
def consent_list(
    request: HttpRequest,
    coop_slug: str,
    paging: Query[PageQuery],
    federation_slug: str = FEDERATION,
    shared: bool | None = Query(None, description="true: solo los que se comparten; false: los que no."),
) -> ConsentPage:
    """Cada indicador de la cooperativa: si se comparte con esta red, desde cuándo, o por qué no se puede.

    Como «Compartir con la red». Solo se comparten indicadores hechos de una plantilla del catálogo, uno por plantilla.
    """
    token = cooperative_admin(request, coop_slug)
    choices = selectors.sharing_choices(token.cooperative, member_of(token, federation_slug))
    found = [c for c in choices if shared is None or (c.share is not None) == shared]
    count, page = paged(found, paging)
    items = [
        ConsentOut(
            kpi=c.kpi.slug,
            name=c.kpi.name,
            template=c.kpi.template_slug or None,
            shared=c.share is not None,
            since=c.share.started_at if c.share else None,
            refusal=c.refusal,
        )
        for c in page
    ]
    return ConsentPage(count=count, limit=paging.limit, offset=paging.offset, items=items)


def share_out(share: Share, member: Member) -> ShareOut:
    """The share, and how many values of its template the push to the network carries from now on."""
    slug = share.kpi.template_slug
    assert member.cooperative is not None
    sent = contributions_of(member.cooperative, member).rows
    return ShareOut(
        kpi=share.kpi.slug,
        template=slug,
        federation=member.federation.cooperative.slug,
        since=share.started_at,
        stopped_at=share.stopped_at,
        values=sum(1 for row in sent if row.template_slug == slug),
    )


@router.post(
    "/c/{coop_slug}/networks/{federation_slug}/shares",
    response={201: ShareOut, **WRITE_ERRORS},
    summary="Compartir un indicador",
    tags=TAGS,
)
@change(
    lambda args, result: (
        _("«%(kpi)s» compartido con «%(network)s»") % {"kpi": result.kpi, "network": result.federation}
    ),
    status=201,
)
def share_post(request: HttpRequest, coop_slug: str, body: ShareIn, federation_slug: str = FEDERATION) -> ShareOut:
    """Comparte un indicador con la red, como `rumbo federation share`: sus valores salen con el próximo envío."""
    token = cooperative_admin(request, coop_slug)
    member = member_of(token, federation_slug)
    kpi = kpi_selectors.kpis_of(token.cooperative).filter(slug=body.kpi).first()
    if kpi is None:
        message = _("La cooperativa no tiene ningún indicador «%(kpi)s».") % {"kpi": body.kpi}
        raise ApiProblem(422, message, [{"loc": ["body", "kpi"], "field": "kpi", "message": message}])
    try:
        share = share_start(kpi=kpi, member=member, user=token.created_by, membership=actor_of(token))
    except (ValidationError, PermissionDenied) as err:
        raise refused(err) from None
    return share_out(share, member)


@router.post(
    "/c/{coop_slug}/networks/{federation_slug}/shares/{kpi_slug}/stop",
    response={200: ShareOut, **WRITE_ERRORS},
    summary="Dejar de compartir un indicador",
    tags=TAGS,
)
@change(
    lambda args, result: (
        _("«%(kpi)s» ya no se comparte con «%(network)s»") % {"kpi": result.kpi, "network": result.federation}
    )
)
def share_stop_post(
    request: HttpRequest, coop_slug: str, federation_slug: str = FEDERATION, kpi_slug: str = KPI
) -> ShareOut:
    """Deja de compartir un indicador: sus cifras salen de las estadísticas de la red al instante."""
    token = cooperative_admin(request, coop_slug)
    member = member_of(token, federation_slug)
    kpi: Kpi = find_kpi(token.cooperative, kpi_slug)
    share = Share.objects.filter(member=member, kpi=kpi, stopped_at__isnull=True).select_related("kpi").first()
    if share is None:
        raise ApiProblem(
            422,
            _("«%(kpi)s» no se comparte con «%(network)s».")
            % {"kpi": kpi.name, "network": member.federation.cooperative.name},
        )
    try:
        share = share_stop(share=share, user=token.created_by, membership=actor_of(token))
    except (ValidationError, PermissionDenied) as err:
        raise refused(err) from None
    return share_out(share, member)


@router.get(
    "/c/{coop_slug}/networks/{federation_slug}/sent",
    response={200: SentOut, **ADMIN_READ_ERRORS},
    summary="Qué se envía a la red",
    tags=TAGS,
)
def sent_detail(request: HttpRequest, coop_slug: str, federation_slug: str = FEDERATION) -> SentOut:
    """Exactamente lo que el próximo envío lleva a la red: los valores de los indicadores compartidos, nada más.

    En la unidad de la plantilla, con numerador y denominador para una razón. Un documento entero, sin páginas: es el
    cuerpo mismo de un envío (`POST /federation/push`).
    """
    token = cooperative_admin(request, coop_slug)
    push = contributions_of(token.cooperative, member_of(token, federation_slug))
    kpi_slugs = {}
    if push.withheld:
        kpi_slugs = dict(Kpi.all_objects.filter(pk__in=[w.kpi_id for w in push.withheld]).values_list("pk", "slug"))
    return SentOut(
        templates=list(push.templates),
        rows=[
            SentRowOut(
                template=r.template_slug,
                **copied(r, "period", "value", "numerator", "denominator", "unit"),
            )
            for r in push.rows
        ],
        withheld=[
            WithheldOut(kpi=kpi_slugs.get(w.kpi_id, ""), template=w.template_slug, reason=w.reason)
            for w in push.withheld
        ],
    )
