"""Values typed without signal and sent later: stored once by their entry id, never over someone else's change."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import TypeVar
from uuid import UUID

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from rumbo.accounts import access
from rumbo.accounts.models import User
from rumbo.engine.numbers import format_figure
from rumbo.kpis.models import Kpi, Measurement, SentEntry
from rumbo.kpis.services import values
from rumbo.orgs.models import Cooperative

# Kept in the value's source detail (the data's language); the history shows it translated.
OFFLINE_DETAIL = "enviado sin conexión"
# The oldest entry the server takes: one typed longer ago is refused (a phone's clock that far behind is not
# believed either), so an entry id older than this cannot come back and is forgotten (sent_entries_prune).
OLDEST = timedelta(days=60)

T = TypeVar("T")


class AlreadySent(Exception):
    """This entry id was stored before: nothing more is written."""


@dataclass(frozen=True)
class Conflict:
    """The figure someone else stored while the person was offline: shown next to theirs, to choose."""

    message: str
    figure: str
    version: int


def entry_once(*, entry_id: UUID, coop: Cooperative, user: User | None, kind: str, write: Callable[[], T]) -> T:
    """Run `write` and remember `entry_id` in one transaction; raise AlreadySent when it was stored before."""
    return entries_once(entry_ids=[entry_id], coop=coop, user=user, kind=kind, write=write)


def entries_once(
    *, entry_ids: Sequence[UUID], coop: Cooperative, user: User | None, kind: str, write: Callable[[], T]
) -> T:
    """Run `write` and remember `entry_ids` in one transaction; raise AlreadySent when any was stored before.

    The entry id is inserted first: a second send of the same entry waits for the first
    (PostgreSQL's unique index, SQLite's write lock) and then finds it, so a value sent twice
    at the same moment is still stored once. When `write` refuses (raises) or returns a
    Conflict, nothing is kept, the entry ids included: the person chooses and sends it again.
    The ids of a form sent at once («Guardar todo») are stored or found together: the phone
    keeps each row under its own id when the form's answer did not come back.
    """
    with transaction.atomic():
        try:
            with transaction.atomic():
                for entry_id in entry_ids:
                    SentEntry.objects.create(entry_id=entry_id, cooperative=coop, user=user, kind=kind)
        except IntegrityError:
            raise AlreadySent from None
        result = write()
        if isinstance(result, Conflict):
            transaction.set_rollback(True)
        return result


def form_once(
    *, entry_ids: Sequence[UUID], coop: Cooperative, user: User | None, kind: str, write: Callable[[], T]
) -> T | None:
    """A page's form with the phone's entry ids (none without JavaScript): `write` once, or None when the phone
    sent these entries before (a request whose answer was lost, kept on the phone and sent from there)."""
    try:
        return entries_once(entry_ids=entry_ids, coop=coop, user=user, kind=kind, write=write)
    except AlreadySent:
        return None


def entry_ids_read(raws: Sequence[str | None]) -> list[UUID]:
    """The entry ids a page sent with a form (the phone's ids, kept if the answer is lost); malformed ones are left out."""
    ids = []
    for raw in raws:
        try:
            ids.append(UUID(str(raw)))
        except ValueError:
            continue
    return ids


def typed_too_long_ago(raw: str | None) -> bool:
    """Whether the phone says the entry was typed longer ago than the server takes (OLDEST)."""
    when = parse_datetime(raw) if isinstance(raw, str) and raw else None
    if when is None:
        return False
    if timezone.is_naive(when):
        when = timezone.make_aware(when, timezone.get_current_timezone())
    return when < timezone.now() - OLDEST


def sent_entries_prune(now: datetime | None = None) -> int:
    """Forget the entry ids received longer ago than OLDEST; returns how many went (the worker's daily pass).

    An entry id is kept so that the same entry sent again is stored once. A resend carries the
    time the entry was typed, which came before its first arrival: once that arrival is older
    than OLDEST, so is the entry, and the doors refuse it (typed_too_long_ago) before looking
    for its id. Such an id can never be asked for again.
    """
    oldest = (now or timezone.now()) - OLDEST
    deleted, _ = SentEntry.objects.filter(received_at__lt=oldest).delete()
    return deleted


def entered_time(raw: str | None) -> datetime:
    """When the phone says the entry was typed, within the last 60 days and not in the future; else now."""
    now = timezone.now()
    when = parse_datetime(raw or "") if isinstance(raw, str) else None
    if when is None:
        return now
    if timezone.is_naive(when):
        when = timezone.make_aware(when, timezone.get_current_timezone())
    return when if now - OLDEST <= when <= now else now


def conflict_of(kpi: Kpi, period: date, seen_version: int | None, entered_at: datetime) -> Conflict | None:
    """The value someone else stored for this period since the person saw the page, or None when there is none."""
    current = Measurement.objects.filter(kpi=kpi, period=period).first()
    if current is None or current.version == (seen_version or 0):
        return None
    lang = "en" if (get_language() or "es")[:2] == "en" else "es"
    figure = " ".join(x for x in (format_figure(current.value, kpi.decimals, lang), kpi.unit) if x)
    if current.updated_at >= entered_at:
        message = _("Mientras estaba sin conexión, otra persona guardó %(figure)s") % {"figure": figure}
    else:
        message = _("Este periodo ya tenía %(figure)s cuando escribió su valor") % {"figure": figure}
    return Conflict(message, figure, current.version)


def offline_value_record(
    *,
    entry_id: UUID,
    kpi: Kpi,
    period: date,
    value: Decimal | str,
    note: str,
    seen_version: int | None,
    entered_at: datetime,
    user: User | None,
    membership: access.Acting | None = None,
) -> Conflict | values.Recorded:
    """Store a value typed offline once: the Conflict when someone else's value is there, else what was recorded.

    A value the person saw (`seen_version`) is replaced; any other is left alone and
    returned to be shown next to theirs. Raises AlreadySent for an entry stored before.
    """
    access.require_area(access.acting(kpi.cooperative_id, user, membership), kpi.area)

    def write() -> Conflict | values.Recorded:
        conflict = conflict_of(kpi, period, seen_version, entered_at)
        if conflict is not None:
            return conflict
        return values.value_record(
            kpi=kpi,
            period=period,
            value=value,
            note=note,
            user=user,
            version=seen_version or None,
            source_detail=OFFLINE_DETAIL,
            membership=membership,
            entered_at=entered_at,
        )

    return entry_once(entry_id=entry_id, coop=kpi.cooperative, user=user, kind="value", write=write)
