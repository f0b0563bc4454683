"""The demo cooperative's OKRs: the quarter of today, committed and aspirational objectives, one aligned, one slipping."""

from datetime import date

from rumbo.demo import load_demo
from rumbo.engine.okrs.okr import quarter_cycle
from rumbo.okrs import selectors
from rumbo.orgs.models import Cooperative


def test_the_demo_runs_a_quarter_of_okrs_with_weeks_of_check_ins(db):
    today = date(2026, 11, 27)
    load_demo(today=today)
    coop = Cooperative.objects.get(slug="cafe-del-sur")
    cycle = selectors.current_cycle(coop, today)
    assert (cycle.start, cycle.end) == (quarter_cycle(today).start, quarter_cycle(today).end)
    scored = selectors.scored_objectives(coop, cycle, today)
    objectives = [s.objective for s in scored]
    assert {o.type for o in objectives} == {"committed", "aspirational"}
    assert any(o.parent_id for o in objectives) and any(o.area for o in objectives)
    krs = [k for s in scored for k in s.key_results]
    assert {k.key_result.kind for k in krs} == {"number", "percent", "milestone"}
    assert {k.key_result.kpi.name for k in krs if k.key_result.kpi} >= {
        "Ventas cerradas por mes",
        "Producción total de café",
    }
    assert all(k.current is not None for k in krs if k.key_result.kpi)
    assert sum(len(k.check_ins) for k in krs) >= 30
    slipping = [k.key_result.title for k in krs if k.score.confidence.falling]
    assert "Nuevos compradores en la capital" in slipping
    assert not selectors.alignment_warnings(coop, cycle)


def test_the_sales_editor_has_check_ins_waiting(db):
    today = date(2026, 11, 27)
    load_demo(today=today)
    coop = Cooperative.objects.get(slug="cafe-del-sur")
    from rumbo.accounts.models import User

    pending = selectors.pending_check_ins(coop, User.objects.get(email="ventas@cafedelsur.coop"), today)
    assert len(pending) == 2
