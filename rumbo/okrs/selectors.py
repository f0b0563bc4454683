"""Reads of OKR data shared by pages, reports and the API; each costs a fixed number of queries."""

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, Max, OuterRef, Prefetch, QuerySet, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language

from rumbo.accounts import access
from rumbo.accounts.models import User
from rumbo.engine.okrs import okr
from rumbo.kpis.models import Measurement
from rumbo.kpis.services.offline import OFFLINE_DETAIL
from rumbo.okrs import readings
from rumbo.okrs.models import CheckIn, Cycle, KeyResult, OkrObjective
from rumbo.orgs.models import Cooperative


def cycles_of(coop: Cooperative) -> QuerySet[Cycle]:
    return Cycle.objects.filter(cooperative=coop)


def cycle_get(coop: Cooperative, pk: int) -> Cycle:
    return get_object_or_404(cycles_of(coop), pk=pk)


def current_cycle(coop: Cooperative, today: date, cycles: list[Cycle] | None = None) -> Cycle | None:
    """The cycle that holds today, the shortest when several do (the quarter inside the year);
    otherwise the one that started last."""
    cycles = list(cycles_of(coop)) if cycles is None else cycles
    holding = [c for c in cycles if c.start <= today <= c.end]
    if holding:
        return min(holding, key=lambda c: (c.end - c.start, -c.start.toordinal()))
    started = [c for c in cycles if c.start <= today]
    return max(started, key=lambda c: c.start) if started else (min(cycles, key=lambda c: c.start) if cycles else None)


def chosen_cycle(
    coop: Cooperative, raw_pk: str | int | None, today: date, cycles: list[Cycle] | None = None
) -> Cycle | None:
    """The cycle asked for in the address (?ciclo=), or the current one; `cycles` saves a query when already loaded."""
    if raw_pk and str(raw_pk).isdigit():
        if cycles is not None:
            found = next((c for c in cycles if c.pk == int(raw_pk)), None)
            if found is None:
                raise Http404
            return found
        return cycle_get(coop, int(raw_pk))
    return current_cycle(coop, today, cycles)


def objectives_of(coop: Cooperative) -> QuerySet[OkrObjective]:
    return OkrObjective.objects.filter(cooperative=coop).select_related("cycle", "owner", "parent")


def objective_get(coop: Cooperative, pk: int) -> OkrObjective:
    return get_object_or_404(objectives_of(coop), pk=pk)


def objective_get_editable(coop: Cooperative, membership: access.Acting, pk: int) -> OkrObjective:
    """The objective, when `membership` owns it or edits its area: 404 outside the cooperative, 403 otherwise."""
    objective = objective_get(coop, pk)
    access.require_owned(membership, area=objective.area, owner_id=objective.owner_id)
    return objective


def key_result_get(coop: Cooperative, pk: int) -> KeyResult:
    return get_object_or_404(
        KeyResult.objects.select_related("objective__cycle", "objective__owner", "kpi").filter(
            objective__cooperative=coop, objective__deleted_at__isnull=True
        ),
        pk=pk,
    )


def key_result_get_editable(coop: Cooperative, membership: access.Acting, pk: int) -> KeyResult:
    """The key result, when `membership` may change its objective (403 otherwise)."""
    key_result = key_result_get(coop, pk)
    access.require_owned(membership, area=key_result.objective.area, owner_id=key_result.objective.owner_id)
    return key_result


def _with_key_results(queryset: QuerySet[OkrObjective]) -> QuerySet[OkrObjective]:
    return queryset.prefetch_related(Prefetch("key_results", queryset=KeyResult.objects.select_related("kpi")))


def _kpi_measurements(kpi_ids: set[int], cycle: Cycle, as_of: date) -> list[tuple[int, date, Decimal | None]]:
    """(kpi_id, period, value) of every KPI the key results follow, inside the cycle: one query."""
    if not kpi_ids or cycle.is_closed:
        return []
    return list(
        Measurement.objects.filter(
            kpi_id__in=kpi_ids, period__gte=cycle.start, period__lte=min(cycle.end, as_of), value__isnull=False
        ).values_list("kpi_id", "period", "value")
    )


def _key_results_of(objectives: list[OkrObjective]) -> dict[int, list[KeyResult]]:
    grouped: dict[int, list[KeyResult]] = defaultdict(list)
    for kr in KeyResult.objects.filter(objective__in=[o.pk for o in objectives]).select_related("kpi"):
        grouped[kr.objective_id].append(kr)
    return grouped


def _check_ins_of(key_result_ids: Iterable[int]) -> dict[int, list[readings.CheckInRow]]:
    grouped: dict[int, list[readings.CheckInRow]] = defaultdict(list)
    # the reason of its last change: a check-in typed without signal and sent later says so
    last_reason = (
        CheckIn.history.model.objects.filter(id=OuterRef("pk"))
        .order_by("-history_id")
        .values("history_change_reason")[:1]
    )
    rows = (
        CheckIn.objects.filter(key_result_id__in=key_result_ids)
        .annotate(last_reason=Subquery(last_reason))
        .order_by("date", "id")
        .values_list(
            "key_result_id",
            "date",
            "confidence",
            "value",
            "done",
            "comment",
            "author__first_name",
            "author__last_name",
            "author__email",
            "last_reason",
        )
    )
    for kr_id, day, confidence, value, done, comment, first, last, email, reason in rows:
        author = f"{first or ''} {last or ''}".strip() or (email or "")  # as User.__str__ says it
        offline = reason == OFFLINE_DETAIL
        grouped[kr_id].append(readings.CheckInRow(day, confidence, value, done, comment, author, offline))
    return grouped


def scored_objectives(
    coop: Cooperative,
    cycle: Cycle,
    today: date,
    *,
    area: str | None = None,
    queryset: QuerySet[OkrObjective] | None = None,
) -> list[readings.ScoredObjective]:
    """The cycle's objectives with every key result scored, in four queries whatever their number."""
    queryset = objectives_of(coop).filter(cycle=cycle) if queryset is None else queryset
    if area:
        queryset = queryset.filter(area=area)
    objectives = list(queryset)
    key_results = _key_results_of(objectives)
    flat = [kr for krs in key_results.values() for kr in krs]
    as_of = readings.as_of_for(cycle, today)
    measurements = _kpi_measurements({kr.kpi_id for kr in flat if kr.kpi_id}, cycle, as_of)
    return readings.score_objectives(
        objectives, key_results, _check_ins_of([kr.pk for kr in flat]), cycle, as_of, measurements
    )


def scored_objective(coop: Cooperative, pk: int, today: date) -> readings.ScoredObjective:
    objective = objective_get(coop, pk)
    return scored_objectives(coop, objective.cycle, today, queryset=objectives_of(coop).filter(pk=objective.pk))[0]


def reviewed_objectives(coop: Cooperative, cycle: Cycle) -> list[tuple[OkrObjective, okr.ObjectiveReview]]:
    objectives = list(_with_key_results(objectives_of(coop).filter(cycle=cycle)))
    kpi_ids = {kr.kpi_id for o in objectives for kr in o.key_results.all() if kr.kpi_id}
    return readings.review_objectives(objectives, cycle, _kpi_measurements(kpi_ids, cycle, cycle.end))


def overlapping_objectives(coop: Cooperative, cycle: Cycle) -> QuerySet[OkrObjective]:
    """Objectives of every cycle that shares days with this one: the candidates to align with."""
    return objectives_of(coop).filter(cycle__start__lte=cycle.end, cycle__end__gte=cycle.start)


def alignment_tree(coop: Cooperative, cycle: Cycle) -> list[tuple[OkrObjective, int]]:
    """(objective, depth) in tree order: the cycle's objectives under the parents they align with,
    parents from a longer overlapping cycle (a year above its quarters) included."""
    rows = list(overlapping_objectives(coop, cycle).annotate(key_result_count=Count("key_results")))
    by_id = {o.pk: o for o in rows}
    children: dict[int | None, list[OkrObjective]] = {}
    for o in rows:
        parent = o.parent_id if o.parent_id in by_id else None
        children.setdefault(parent, []).append(o)
    in_cycle = {o.pk for o in rows if o.cycle_id == cycle.pk}

    def relevant(o: OkrObjective) -> bool:  # in this cycle, or above something in it
        return o.pk in in_cycle or any(relevant(c) for c in children.get(o.pk, []))

    out: list[tuple[OkrObjective, int]] = []
    seen: set[int] = set()

    def walk(parent_id: int | None, depth: int) -> None:
        for o in children.get(parent_id, []):
            if o.pk in seen or not relevant(o):
                continue
            seen.add(o.pk)
            out.append((o, depth))
            walk(o.pk, depth + 1)

    walk(None, 0)
    return out


def alignment_warnings(coop: Cooperative, cycle: Cycle) -> list[okr.AlignmentWarning]:
    """Too many or too few key results per objective, too many objectives per level, in this cycle."""
    objectives = list(objectives_of(coop).filter(cycle=cycle).annotate(key_result_count=Count("key_results")))
    return okr.alignment_warnings(readings.alignment_nodes(objectives))


def warning_texts(warnings: Iterable[okr.AlignmentWarning]) -> list[str]:
    return [w.text_en if (get_language() or "es")[:2] == "en" else w.text_es for w in warnings]


def parent_of_map(coop: Cooperative) -> Mapping[Hashable, Hashable | None]:
    """Objective id → its parent's id (None at the top), as `okr.validate_parent` reads it."""
    return dict(objectives_of(coop).values_list("pk", "parent_id"))


def pending_check_ins(coop: Cooperative, user: User, today: date) -> list[tuple[KeyResult, date | None]]:
    """The key results of this person's objectives in open cycles running today that miss this week's check-in:
    (key result, date of its last check-in or None)."""
    key_results = (
        KeyResult.objects.filter(
            objective__cooperative=coop,
            objective__owner=user,
            objective__deleted_at__isnull=True,
            objective__cycle__start__lte=today,
            objective__cycle__end__gte=today,
            objective__cycle__closed_at__isnull=True,
        )
        .select_related("objective__cycle", "kpi")
        .annotate(last_check_in=Max("check_ins__date"))
        .order_by("objective__position", "objective_id", "position", "id")
    )
    pending: list[tuple[KeyResult, date | None]] = []
    for kr in key_results:
        every = timedelta(days=kr.objective.cycle.check_in_days)
        if kr.last_check_in is None or today - kr.last_check_in >= every:
            pending.append((kr, kr.last_check_in))
    return pending


def objectives_to_align_with(coop: Cooperative, cycle: Cycle, exclude_pk: int | None = None) -> QuerySet[OkrObjective]:
    queryset = overlapping_objectives(coop, cycle)
    return queryset.exclude(pk=exclude_pk) if exclude_pk else queryset


def counts_by_status(scored: Sequence[readings.ScoredObjective]) -> dict[str, int]:
    return {
        "total": len(scored),
        "slipping": sum(1 for s in scored if s.score.slipping),
        "key_results": sum(len(s.key_results) for s in scored),
    }
