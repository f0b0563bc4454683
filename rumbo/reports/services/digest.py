"""Sending the weekly digest: once per person, cooperative and ISO week, whoever runs `rumbo digest` and how often.

The send is recorded (`DigestSent`, unique per user, cooperative and week) in the same
transaction as the e-mail goes out: a second run the same week finds the row and sends
nothing, two servers running it at once cannot both send (the second insert fails), and
an e-mail that fails to go leaves no row, so the next run tries again.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from rumbo.accounts.models import Membership
from rumbo.kpis.models import Kpi
from rumbo.orgs.models import Cooperative
from rumbo.reports.digest import coop_week, digest_for, week_of
from rumbo.reports.models import DigestSent


@dataclass
class DigestResult:
    sent: int = 0
    already: int = 0  # sent earlier this week
    errors: list[str] = field(default_factory=list)


def recipients(
    *, week: date, coop: Cooperative | None = None
) -> tuple[defaultdict[Cooperative, list[Membership]], int]:
    """Memberships of people who asked for the digest and have not had this week's, by cooperative."""
    memberships = (
        Membership.objects.filter(user__digest_opt_in=True, user__is_active=True)
        .exclude(user__email="")
        .select_related("user", "cooperative")
        .order_by("cooperative_id", "user_id")
    )
    if coop is not None:
        memberships = memberships.filter(cooperative=coop)
    done = set(DigestSent.objects.filter(week=week).values_list("user_id", "cooperative_id"))
    grouped: defaultdict[Cooperative, list[Membership]] = defaultdict(list)
    for m in memberships:
        if (m.user_id, m.cooperative_id) not in done:
            grouped[m.cooperative].append(m)
    return grouped, len(done)


def digest_send(
    *, today: date | None = None, coop: Cooperative | None = None, connection: BaseEmailBackend | None = None
) -> DigestResult:
    """Send this week's digest to everyone who wants it and has not had it; returns what was done."""
    today = today or timezone.localdate()
    week = week_of(today)
    grouped, already = recipients(week=week, coop=coop)
    result = DigestResult(already=already)
    connection = connection or get_connection()
    for cooperative, members in grouped.items():
        if not Kpi.objects.filter(cooperative=cooperative).exists():
            continue  # nothing to tell yet
        shared = coop_week(cooperative, today)
        for membership in members:
            with translation.override(membership.user.language or "es"):
                digest = digest_for(shared, membership)
            message = EmailMultiAlternatives(
                digest.subject, digest.text, to=[membership.user.email], connection=connection
            )
            message.attach_alternative(digest.html, "text/html")
            try:
                with transaction.atomic():
                    DigestSent.objects.create(user=membership.user, cooperative=cooperative, week=week)
                    message.send()
            except IntegrityError:  # another run sent it meanwhile
                result.already += 1
            except OSError as err:  # the mail server refused or is down: try again next run
                result.errors.append(f"{membership.user.email}: {err}")
            else:
                result.sent += 1
    return result
