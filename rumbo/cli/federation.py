"""`rumbo federation`: create a federation, join it, share KPIs with it, issue member keys, set regions, read statistics."""

import sys
from typing import TYPE_CHECKING

import click

from rumbo.cli import coop_named, fail, main, setup_django

if TYPE_CHECKING:
    from rumbo.federation.models import Federation


def _federation(slug: str) -> "Federation":
    from rumbo.federation.selectors import federation_named

    found = federation_named(slug)
    if found is None:
        fail(f"No existe la federación «{slug}».")
    return found


@main.group()
def federation() -> None:
    """Federaciones: redes de cooperativas que comparan sus indicadores sin exponer las cifras de ninguna."""


@federation.command("create")
@click.argument("slug")
@click.option("--name", required=True, help="Nombre de la federación.")
@click.option(
    "--min-contributors",
    default=5,
    show_default=True,
    type=click.IntRange(min=3),
    help="Mínimo de cooperativas detrás de cada cifra publicada (nunca menos de 3).",
)
def create(slug: str, name: str, min_contributors: int) -> None:
    """Crear una federación (una organización cuyos miembros son cooperativas)."""
    setup_django()
    from django.core.exceptions import ValidationError

    from rumbo.federation.services.federations import federation_create

    try:
        created = federation_create(slug=slug, name=name, min_contributors=min_contributors)
    except ValidationError as err:
        fail(" ".join(err.messages))
    click.echo(f"Federación creada: {created.cooperative.name} ({created.cooperative.slug})")


@federation.command("join")
@click.option("--federation", "federation_slug", required=True, help="Identificador de la federación.")
@click.option("--coop", "coop_slug", required=True, help="Identificador de la cooperativa.")
def join(federation_slug: str, coop_slug: str) -> None:
    """Unir una cooperativa de esta instalación: la invitación y la aceptación de su administración."""
    setup_django()
    from django.core.exceptions import ValidationError
    from django.db import transaction

    from rumbo.federation.models import Member, MemberStatus
    from rumbo.federation.services.federations import invitation_accept, member_invite

    fed = _federation(federation_slug)
    coop = coop_named(coop_slug)
    try:
        with transaction.atomic():
            member = Member.objects.filter(federation=fed, cooperative=coop).first()
            if member is not None and member.status == MemberStatus.ACTIVE:
                fail(f"«{coop.name}» ya es miembro de {fed.cooperative.name}.")
            if member is None or member.status != MemberStatus.INVITED:
                member = member_invite(federation=fed, cooperative=coop, user=None)
            invitation_accept(member=member, user=None)
    except ValidationError as err:
        fail(" ".join(err.messages))
    click.echo(f"{coop.name} es miembro de {fed.cooperative.name}.")


@federation.command("share")
@click.option("--coop", "coop_slug", required=True, help="Identificador de la cooperativa.")
@click.option("--federation", "federation_slug", required=True, help="Identificador de la federación.")
@click.option("--kpi", "kpi_slug", required=True, help="Nombre corto del indicador de la cooperativa.")
@click.option("--stop", is_flag=True, help="Dejar de compartirlo: sus cifras salen de las estadísticas al instante.")
def share(coop_slug: str, federation_slug: str, kpi_slug: str, stop: bool) -> None:
    """Compartir un indicador del catálogo con la federación (o dejar de hacerlo)."""
    setup_django()
    from django.core.exceptions import ValidationError
    from django.db import transaction

    from rumbo.federation.models import Member, MemberStatus, Share
    from rumbo.federation.services.sharing import contributions_of, share_start, share_stop
    from rumbo.federation.tasks import push_here
    from rumbo.kpis.models import Kpi

    fed = _federation(federation_slug)
    coop = coop_named(coop_slug)
    kpi = Kpi.objects.filter(cooperative=coop, slug=kpi_slug).first()
    if kpi is None:
        fail(f"La cooperativa «{coop.slug}» no tiene ningún indicador «{kpi_slug}».")
    member = Member.objects.filter(federation=fed, cooperative=coop, status=MemberStatus.ACTIVE).first()
    if member is None:
        fail(f"«{coop.name}» no es miembro activo de {fed.cooperative.name}.")
    try:
        if stop:
            found = Share.objects.filter(member=member, kpi=kpi, stopped_at__isnull=True).first()
            if found is None:
                fail(f"«{kpi.name}» no se comparte con {fed.cooperative.name}.")
            share_stop(share=found, user=None)
            click.echo(f"«{kpi.name}» ya no se comparte con {fed.cooperative.name}; sus cifras salieron de la red.")
            return
        with transaction.atomic():
            share_start(kpi=kpi, member=member, user=None)
            push_here(coop.pk, publish_now=True)  # no worker to wait for: the figures are published now
    except ValidationError as err:
        fail(" ".join(err.messages))
    sent = [row for row in contributions_of(coop, member).rows if row.template_slug == kpi.template_slug]
    click.echo(f"«{kpi.name}» se comparte con {fed.cooperative.name}: {len(sent)} valores enviados.")


@federation.command("key")
@click.option("--federation", "federation_slug", required=True, help="Identificador de la federación.")
@click.option("--member", "name", required=True, help="Nombre de la cooperativa miembro en otra instalación.")
def key(federation_slug: str, name: str) -> None:
    """Emitir la clave de un miembro en otra instalación de Rumbo (se muestra una sola vez)."""
    setup_django()
    from django.core.exceptions import ValidationError

    from rumbo.federation.services.federations import member_key_issue

    fed = _federation(federation_slug)
    try:
        issued = member_key_issue(federation=fed, name=name, user=None)
    except ValidationError as err:
        fail(" ".join(err.messages))
    click.echo(issued.key)


@federation.command("region")
@click.option("--federation", "federation_slug", required=True, help="Identificador de la federación.")
@click.option(
    "--member", "member_name", required=True, help="Nombre del miembro, o identificador de su cooperativa aquí."
)
@click.option("--region", "region_name", help="La región del miembro; la red la crea si no la tiene todavía.")
@click.option("--none", "no_region", is_flag=True, help="Dejar al miembro sin región.")
def region(federation_slug: str, member_name: str, region_name: str | None, no_region: bool) -> None:
    """Poner a un miembro en una región de la red (o en ninguna); las cifras se publican de nuevo."""
    setup_django()
    from django.core.exceptions import ValidationError
    from django.db import transaction
    from django.db.models import Q

    from rumbo.federation.models import Member
    from rumbo.federation.selectors import region_named
    from rumbo.federation.services.regions import member_region_set, region_add

    if no_region == (region_name is not None):
        fail("Diga la región con --region, o --none para dejar al miembro sin región.")
    fed = _federation(federation_slug)
    member = (
        Member.objects.filter(federation=fed).filter(Q(name=member_name) | Q(cooperative__slug=member_name)).first()
    )
    if member is None:
        fail(f"{fed.cooperative.name} no tiene ningún miembro «{member_name}».")
    try:
        with transaction.atomic():
            chosen = None
            if region_name is not None:
                chosen = region_named(fed, region_name) or region_add(federation=fed, name=region_name, user=None)
            member_region_set(member=member, region=chosen, user=None, publish_now=True)
    except ValidationError as err:
        fail(" ".join(err.messages))
    where = f"en la región «{chosen.name}»" if chosen is not None else "sin región"
    click.echo(f"«{member.name}» queda {where}; las cifras de la red se publicaron de nuevo.")


@federation.command("stats")
@click.option("--federation", "federation_slug", required=True, help="Identificador de la federación.")
@click.option("--kpi", "template_slug", required=True, help="Plantilla del catálogo (p. ej. volumen_vendido).")
@click.option("--region", "region_name", help="Las cifras de esta región de la red (su nombre o identificador).")
@click.option(
    "--detail",
    is_flag=True,
    help="Añadir al final las columnas used (cooperativas en que descansan las cifras) y reasons (por qué se suprime).",
)
@click.option("--format", "fmt", type=click.Choice(["csv"]), default="csv", show_default=True)
def stats(federation_slug: str, template_slug: str, region_name: str | None, detail: bool, fmt: str) -> None:
    """Las cifras publicadas de un indicador, periodo a periodo (vacías donde se suprimen).

    «total» es la suma de la red (o de la región); para una razón, la razón de las partes sumadas.
    Con --detail, «used» dice en cuántas cooperativas descansan las cifras (menos que «contributors»
    cuando unas pocas recién llegadas quedan fuera) y «reasons» por qué se suprime algo, separadas
    por espacios: threshold, dominance, p_percent, differencing.
    """
    setup_django()
    from rumbo.federation.exports import statistics_csv
    from rumbo.federation.selectors import region_named, regions, statistics

    fed = _federation(federation_slug)
    region = None
    if region_name is not None:
        region = region_named(fed, region_name)
        if region is None:
            known = ", ".join(f"«{r.name}»" for r in regions(fed)) or "ninguna"
            fail(f"La red no tiene una región «{region_name}». Sus regiones: {known}.")
    found = statistics(fed, template_slug, region)
    if found is None:
        fail(f"«{template_slug}» no es una plantilla del catálogo.")
    click.echo(statistics_csv(found.rows, detail=detail), nl=False)


@federation.command("recompute")
@click.option("--federation", "federation_slug", required=True, help="Identificador de la federación.")
def recompute(federation_slug: str) -> None:
    """Publicar de nuevo todas las cifras de la federación (tras cambiar sus reglas, por ejemplo)."""
    setup_django()
    from rumbo.federation.models import Contribution, Figure
    from rumbo.federation.services.figures import figures_recompute

    fed = _federation(federation_slug)
    slugs = set(Contribution.objects.filter(member__federation=fed).values_list("template_slug", flat=True))
    slugs |= set(Figure.objects.filter(federation=fed).values_list("template_slug", flat=True))
    with click.progressbar(sorted(slugs), label="Publicando", file=sys.stderr) as bar:
        for slug in bar:
            figures_recompute(federation=fed, template_slug=slug)
    click.echo(f"{len(slugs)} indicadores publicados de nuevo.")


# --- Remote members: `rumbo federation push`, run on the member's own Rumbo --------------------------------------


@federation.command("push")
@click.option("--coop", "coop_slug", required=True, help="Identificador de la cooperativa (en esta instalación).")
@click.option("--url", required=True, help="Dirección del Rumbo de la federación, como https://red.ejemplo.org.")
@click.option(
    "--key", "member_key", help="Clave de miembro que emitió la federación (rfm_…); la primera vez, o una nueva."
)
@click.option(
    "--kpi", "kpi_slugs", multiple=True, help="Compartir también este indicador con la federación (repetible)."
)
@click.option("--stop", "stop_slugs", multiple=True, help="Dejar de compartir este indicador (repetible).")
def push(
    coop_slug: str, url: str, member_key: str | None, kpi_slugs: tuple[str, ...], stop_slugs: tuple[str, ...]
) -> None:
    """Enviar ahora los indicadores compartidos a una federación en otro Rumbo (y enlazarla la primera vez).

    Lo mismo hace la tarea en segundo plano después de cada cambio; si la federación no responde,
    se reintenta más tarde y el envío siguiente la pone al día.
    """
    setup_django()
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    from rumbo.federation.models import RemoteLink
    from rumbo.federation.remote.links import (
        clean_url,
        contributions_of_link,
        link_connect,
        link_share_start,
        link_share_stop,
    )
    from rumbo.federation.remote.tasks import push_and_retry
    from rumbo.kpis.models import Kpi

    coop = coop_named(coop_slug)
    link: RemoteLink | None
    try:
        if member_key:
            link = link_connect(cooperative=coop, url=url, key=member_key, user=None)
        else:
            link = RemoteLink.objects.filter(cooperative=coop, url=clean_url(url)).first()
            if link is None:
                fail(f"«{coop.name}» no está enlazada con {url}: la primera vez, dé la clave de miembro con --key.")
        for slug in (*kpi_slugs, *stop_slugs):
            if not Kpi.objects.filter(cooperative=coop, slug=slug).exists():
                fail(f"La cooperativa «{coop.slug}» no tiene ningún indicador «{slug}».")
        for slug in kpi_slugs:
            link_share_start(kpi=Kpi.objects.get(cooperative=coop, slug=slug), link=link, user=None)
        for slug in stop_slugs:
            for found in link.shares.filter(kpi__slug=slug, stopped_at__isnull=True):
                link_share_stop(share=found, user=None)
    except ValidationError as err:
        fail(" ".join(err.messages))
    shared = contributions_of_link(coop, link)
    for withheld in shared.withheld:
        click.echo(f"No se envía «{withheld.kpi_name}»: {withheld.reason}", err=True)
    with click.progressbar(length=len(shared.rows), label="Enviando", file=sys.stderr) as bar:
        done = push_and_retry(link.pk)
        bar.update(len(shared.rows))
    assert done is not None
    if not done.ok:
        later = f" Se reintentará a las {done.retry_at:%H:%M} UTC." if done.retry_at else ""
        fail(f"La federación no recibió el envío: {_(done.error)}.{later}")
    seconds = f"{done.seconds:.2f}".replace(".", ",")
    kpis = len(shared.templates)
    click.echo(
        f"{done.sent} valores de {kpis} {'indicador' if kpis == 1 else 'indicadores'} enviados a "
        f"{done.link.federation_name or url} en {seconds} s."
    )
