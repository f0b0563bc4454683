"""What the weekly digest says to one person about one cooperative, in that person's language.

Everything comes from one cooperative: its board read today and a week ago (the same
reading path as the board), the values recorded in the week, the running OKR cycle, and
what this person owes it (their values and check-ins). A person in two cooperatives gets
two e-mails, so no e-mail ever mixes them.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from rumbo.accounts.models import Membership, User
from rumbo.engine.status.phrases import status_word
from rumbo.engine.status.share import MARKS, Item, reason
from rumbo.engine.vocab import Status
from rumbo.kpis import calendar, readings, selectors
from rumbo.kpis.models import Measurement
from rumbo.kpis.presenters.tiles import lang_of
from rumbo.orgs.models import Cooperative
from rumbo.reports import okrs


def week_of(day: date) -> date:
    """The Monday of the ISO week that holds `day`: the digest's one-per-week key."""
    return day - timedelta(days=day.weekday())


@dataclass
class CoopWeek:
    """A cooperative's week, read once and shared by every person's digest."""

    coop: Cooperative
    today: date
    now: readings.Board
    before: readings.Board
    values_recorded: int
    kpis_updated: int
    _okr: dict = field(default_factory=dict)

    def okr(self, lang: str):
        if lang not in self._okr:
            self._okr[lang] = okrs.okr_section(self.coop, self.today, lang)
        return self._okr[lang]


def coop_week(coop: Cooperative, today: date) -> CoopWeek:
    since = timezone.now() - timedelta(days=7)
    recorded = Measurement.objects.filter(kpi__cooperative=coop, kpi__deleted_at__isnull=True, updated_at__gte=since)
    return CoopWeek(
        coop=coop,
        today=today,
        now=readings.read_board(coop, today=today),
        before=readings.read_board(coop, today=today - timedelta(days=7)),
        values_recorded=recorded.count(),
        kpis_updated=recorded.values("kpi").distinct().count(),
    )


@dataclass(frozen=True)
class Digest:
    subject: str
    text: str
    html: str


def _changes(week: CoopWeek, lang: str) -> dict[str, list[Item]]:
    """KPIs that went off track, into risk, or came back on track since the same day last week."""
    went_off, into_risk, came_back = [], [], []
    for kpi in week.now.kpis:
        if not kpi.is_kpi or kpi.pk not in week.before.readings:
            continue
        now, before = week.now.reading(kpi), week.before.reading(kpi).status
        line = Item(MARKS[now.status], kpi.name, status_word(now, lang), reason(now, lang))
        if now.status == Status.OFF_TRACK and before != Status.OFF_TRACK:
            went_off.append(line)
        elif now.status == Status.AT_RISK and before == Status.ON_TRACK:
            into_risk.append(line)
        elif now.status == Status.ON_TRACK and before in (Status.AT_RISK, Status.OFF_TRACK):
            came_back.append(line)
    return {"went_off": went_off, "into_risk": into_risk, "came_back": came_back}


def _owed(week: CoopWeek, user: User, lang: str) -> tuple[list[Item], list[Item]]:
    """This person's values still missing for their due period, and their key results missing this week's check-in."""
    values = [
        Item("⏱", kpi.name, calendar.label(kpi, period, lang))
        for kpi, period, existing in selectors.due_values(week.coop, user, week.today)
        if existing is None or existing.value is None
    ]
    check_ins = []
    if okrs.available():
        from rumbo.okrs.selectors import pending_check_ins

        for kr, last in pending_check_ins(week.coop, user, week.today):
            when = (
                (_("último: %(day)s") % {"day": date_format(last, "SHORT_DATE_FORMAT")})
                if last
                else _("sin seguimientos")
            )
            check_ins.append(Item("⏱", kr.title, kr.objective.title, when))
    return values, check_ins


def _url(name: str, *args) -> str:
    return settings.SITE_URL + reverse(name, args=args)


def digest_for(week: CoopWeek, membership: Membership) -> Digest:
    """Call inside `translation.override(user.language)`."""
    user, coop = membership.user, week.coop
    lang = lang_of(user.language)
    objectives = [
        Item(MARKS[summary.status], objective.title, status_word(summary, lang), summary.story[lang])
        for objective, summary in week.now.objectives
    ]
    values, check_ins = _owed(week, user, lang)
    section = week.okr(lang)
    context = {
        "coop": coop,
        "user": user,
        "lang": lang,
        "objectives": objectives,
        "changes": _changes(week, lang),
        "values_recorded": week.values_recorded,
        "kpis_updated": week.kpis_updated,
        "okr": section,
        "okr_slipping": [row for row in section.rows if row.slipping] if section else [],
        "owed_values": values,
        "owed_check_ins": check_ins,
        "show_owed": bool(values or check_ins) or membership.allows("editor"),
        "week": date_format(week_of(week.today), "SHORT_DATE_FORMAT"),
        "board_url": _url("kpis:board", coop.slug),
        "updates_url": _url("kpis:my_updates", coop.slug) if membership.allows("editor") else "",
        "profile_url": _url("profile"),
    }
    subject = _("%(coop)s: resumen de la semana del %(day)s") % {"coop": coop.name, "day": context["week"]}
    return Digest(
        subject=" ".join(subject.split()),
        text=render_to_string("reports/email/digest.txt", context),
        html=render_to_string("reports/email/digest.html", context),
    )
