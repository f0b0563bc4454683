"""The demo cooperative's OKRs: the quarter of today, committed and aspirational objectives, one aligned, one slipping."""

from datetime import date

import pytest

from rumbo.demo import load_demo
from rumbo.engine.okrs.okr import quarter_cycle
from rumbo.okrs import selectors
from rumbo.orgs.models import Cooperative
from tests.once import own_copy, written_once

TODAY = date(2026, 11, 27)


def _load_demo():
    load_demo(today=TODAY)
    return Cooperative.objects.get(slug="cafe-del-sur")


@pytest.fixture(scope="module")
def _demo_once(request, django_db_setup, django_db_blocker):
    yield from written_once(request, django_db_blocker, "demo", _load_demo)


@pytest.fixture
def demo(db, _demo_once):
    """The demo cooperative, loaded on TODAY (once for this file)."""
    return own_copy(_demo_once, _load_demo)


def test_the_demo_runs_a_quarter_of_okrs_with_weeks_of_check_ins(demo):
    today, coop = TODAY, demo
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


def test_the_sales_editor_has_check_ins_waiting(demo):
    today, coop = TODAY, demo
    from rumbo.accounts.models import User

    pending = selectors.pending_check_ins(coop, User.objects.get(email="ventas@cafedelsur.coop"), today)
    assert len(pending) == 2
