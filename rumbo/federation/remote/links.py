"""The member's side of a federation on another Rumbo: the link, the KPIs shared through it, and one push to it.

A push sends exactly what `contributions_of_link` returns (the sharing screen shows the same):
every KPI shared through the link, by its catalogue template, with all its values in the
template's unit, and nothing else. The federation replaces this member's contributions with it,
so a push is complete on its own: an install that was offline catches up with its next push,
and a template no longer listed leaves the federation's statistics.
"""

import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rumbo.accounts import access
from rumbo.accounts.models import User
from rumbo.federation.comparable import check_comparable, template_of
from rumbo.federation.models import LinkStatus, RemoteBand, RemoteLink, Share
from rumbo.federation.remote import client
from rumbo.federation.services.federations import KEY_PREFIX, require_admin
from rumbo.federation.services.sharing import Push, push_of
from rumbo.kpis.models import Kpi
from rumbo.orgs.models import Cooperative
from rumbo.orgs.selectors import local_units_of
from rumbo.outbound import private_allowed

BACKOFF = (1, 5, 30, 120, 720)  # times the first wait (a minute): then the worker's daily pass takes over


def first_wait() -> int:
    return settings.RUMBO_FEDERATION_RETRY_SECONDS


def clean_url(url: str) -> str:
    url = url.strip().rstrip("/")
    if url.endswith(client.PUSH_PATH):
        url = url[: -len(client.PUSH_PATH)]
    if not url.startswith(("http://", "https://")) or len(url) > 300:
        raise ValidationError({"url": _("Escriba la dirección de la federación, como https://red.ejemplo.org.")})
    return url


@transaction.atomic
def link_connect(
    *, cooperative: Cooperative, url: str, key: str, user: User | None, membership: access.Acting | None = None
) -> RemoteLink:
    """Link the cooperative to a federation on another Rumbo with the member key it issued (a new key replaces the old).

    A private or local address is refused unless the operator allows it, as a webhook's is.
    """
    require_admin(cooperative, user, membership)
    url, key = clean_url(url), key.strip()
    refusal = client.address_refusal(url, allow_private=private_allowed())
    if refusal:
        raise ValidationError({"url": _(refusal)})
    if not key.startswith(KEY_PREFIX) or len(key) > 100:
        raise ValidationError({"key": _("Esa no es una clave de miembro de una federación (empieza por «rfm_»).")})
    link = RemoteLink.objects.select_for_update().filter(cooperative=cooperative, url=url).first()
    if link is None:
        return RemoteLink.objects.create(cooperative=cooperative, url=url, key=key)
    if link.key != key:
        link.key, link.status, link.attempts, link.last_error, link.pending = key, LinkStatus.NEW, 0, "", True
        link.save(update_fields=["key", "status", "attempts", "last_error", "pending"])
    return link


def open_link_shares(cooperative: Cooperative, link: RemoteLink) -> list[Share]:
    return list(
        Share.objects.filter(cooperative=cooperative, link=link, stopped_at__isnull=True)
        .select_related("kpi")
        .order_by("kpi__name", "pk")
    )


def contributions_of_link(cooperative: Cooperative, link: RemoteLink) -> Push:
    """Exactly what the next push through this link sends: the shared KPIs' values, in the template's unit (three queries).

    The same rows a push to a federation on this install carries (`services.sharing.push_of`).
    """
    if link.cooperative_id != cooperative.pk:
        raise ValidationError(_("Este enlace no es de «%(coop)s».") % {"coop": cooperative.name})
    return push_of(open_link_shares(cooperative, link), local=local_units_of(cooperative))


def _mark_pending(link: RemoteLink) -> None:
    RemoteLink.objects.filter(pk=link.pk).update(pending=True)
    from rumbo.federation.remote.tasks import enqueue_link_push

    transaction.on_commit(lambda: enqueue_link_push(link.pk), robust=True)


def link_push_queue(*, link: RemoteLink) -> None:
    """«Enviar ahora»: mark the link pending and queue its push once this request's writes are committed."""
    _mark_pending(link)


@transaction.atomic
def link_share_start(
    *, kpi: Kpi, link: RemoteLink, user: User | None, membership: access.Acting | None = None
) -> Share:
    """Share one KPI with the federation of this link; its values go out with the next push (queued now)."""
    coop = kpi.cooperative
    require_admin(coop, user, membership)
    if link.cooperative_id != coop.pk:
        raise ValidationError(_("Este enlace no es de «%(coop)s».") % {"coop": coop.name})
    t = template_of(kpi)
    check_comparable(kpi, t, local_units_of(coop))
    taken = Share.objects.filter(link=link, stopped_at__isnull=True, kpi__template_slug=t.slug).first()
    if taken is not None:
        if taken.kpi_id == kpi.pk:
            return taken
        raise ValidationError(
            _("«%(kpi)s» ya se comparte con esta red: recibe un solo indicador por plantilla.")
            % {"kpi": taken.kpi.name}
        )
    share = Share.objects.create(cooperative=coop, link=link, kpi=kpi)
    _mark_pending(link)
    return share


@transaction.atomic
def link_share_stop(*, share: Share, user: User | None, membership: access.Acting | None = None) -> Share:
    """Stop sharing a KPI with a federation on another Rumbo: the push queued now no longer lists it, and the federation removes it."""
    require_admin(share.cooperative, user, membership)
    share = Share.objects.select_for_update(of=("self",)).select_related("kpi").get(pk=share.pk)
    if share.stopped_at is None:
        share.stopped_at = timezone.now()
        share.save(update_fields=["stopped_at"])
    link = RemoteLink.objects.filter(shares__pk=share.pk).first()
    if link is not None:
        RemoteBand.objects.filter(link=link, template_slug=share.kpi.template_slug).delete()
        _mark_pending(link)
    return share


@dataclass(frozen=True)
class Pushed:
    link: RemoteLink
    ok: bool
    sent: int  # values sent
    seconds: float
    error: str = ""
    retry_at: datetime | None = None


def link_push(*, link_id: int, now: datetime | None = None) -> Pushed | None:
    """Send the link's push now; on failure, when to try again. The HTTP call runs outside any transaction."""
    link = RemoteLink.objects.select_related("cooperative").filter(pk=link_id).first()
    if link is None:
        return None
    now = now or timezone.now()
    push = contributions_of_link(link.cooperative, link)
    started = time.monotonic()
    answer = client.send(link.url, link.key, push.as_json(), allow_private=private_allowed())
    seconds = time.monotonic() - started
    if answer.ok:
        with transaction.atomic():
            _bands_keep(link, push, answer.body, now)
            RemoteLink.objects.filter(pk=link.pk).update(
                status=LinkStatus.OK,
                pending=False,
                attempts=0,
                last_push_at=now,
                last_attempt_at=now,
                next_attempt_at=None,
                last_error="",
                federation_name=str(answer.body.get("federation", {}).get("name", link.federation_name))[:200],
            )
        link.refresh_from_db()
        return Pushed(link, True, len(push.rows), seconds)
    attempts = link.attempts + 1
    retry_at = None
    if answer.final:
        status = LinkStatus.REFUSED
    else:
        status = LinkStatus.RETRYING
        if attempts <= len(BACKOFF):
            retry_at = now + timedelta(seconds=first_wait() * BACKOFF[attempts - 1])
    RemoteLink.objects.filter(pk=link.pk).update(
        status=status,
        pending=True,
        attempts=min(attempts, 32767),
        last_attempt_at=now,
        next_attempt_at=retry_at,
        last_error=answer.error[:300],
    )
    link.refresh_from_db()
    return Pushed(link, False, len(push.rows), seconds, answer.error, retry_at)


def _number(text: object) -> Decimal | None:
    if text is None:
        return None
    try:
        return Decimal(str(text))
    except ArithmeticError:
        return None


def _bands_keep(link: RemoteLink, push: Push, body: dict, now: datetime) -> None:
    """Keep the bands the federation answered with; drop those of templates no longer shared."""
    RemoteBand.objects.filter(link=link).exclude(template_slug__in=push.templates).delete()
    for item in body.get("bands") or []:
        if not isinstance(item, dict) or item.get("template") not in push.templates:
            continue
        try:
            period = datetime.fromisoformat(str(item["period"])).date()
        except (KeyError, ValueError):
            continue
        RemoteBand.objects.update_or_create(
            link=link,
            template_slug=item["template"],
            period=period,
            defaults={
                "contributors": max(int(item.get("contributors") or 0), 0),
                "median": _number(item.get("median")),
                "p25": _number(item.get("p25")),
                "p75": _number(item.get("p75")),
                "unit": str(item.get("unit") or "")[:40],
                "received_at": now,
            },
        )
