"""Twenty people entering and editing one cooperative's values at once: no lost update, no locked database, all in the history."""

import json
from collections import defaultdict

import pytest

from tests.ops.scratch import python, scratch_site

pytestmark = pytest.mark.slow  # real processes or long runs: a parallel run starts this file first

REFUSALS = (
    "Otra persona cambió el valor",
    "ya tiene un valor",
    "Otra persona registró un valor",
    "fue borrado por otra persona",
)


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """One run on a real file database (SQLite) or a scratch PostgreSQL database, in its own process."""
    with scratch_site(tmp_path_factory.mktemp("concurrency")) as site:
        site.update(ALLOWED_HOSTS="testserver", LOG_LEVEL="ERROR")
        result = python("tests.kpis.concurrent_entry", [], site, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout)


def _saved_by_cell(run):
    saved = defaultdict(list)
    for a in run["attempts"]:
        if a["outcome"] == "saved":
            saved[f"{a['kpi']} {a['period']}"].append([a["value"], (a["loaded"] or 0) + 1])
    return {cell: sorted(writes, key=lambda w: w[1]) for cell, writes in saved.items()}


def test_every_person_finished_and_nobody_saw_an_error(run):
    assert run["alive"] == 0 and len(run["attempts"]) == 20 * 12
    errors = [a for a in run["attempts"] if a["outcome"] == "error"]
    assert errors == [], errors[:5]
    assert not any("locked" in a["message"] for a in run["attempts"])


def test_a_stale_edit_is_refused_with_a_spanish_message(run):
    refused = [a for a in run["attempts"] if a["outcome"] == "refused"]
    assert refused, "the people must have collided for the test to mean anything"
    assert {a["http"] for a in refused} == {True, False}
    for a in refused:
        assert any(reason in a["message"] for reason in REFUSALS), a


def test_no_update_is_lost(run):
    for cell, writes in _saved_by_cell(run).items():
        # Each saved change was made on the version before it: one success per version, none skipped.
        assert [version for _, version in writes] == list(range(1, len(writes) + 1)), cell
        assert run["final"][cell] == writes[-1], cell
    assert set(run["final"]) == set(_saved_by_cell(run))


def test_every_saved_change_is_in_the_history(run):
    for cell, writes in _saved_by_cell(run).items():
        assert run["history"][cell] == writes, cell


def test_when_two_people_enter_the_first_value_at_once_the_second_is_told_so(cast, monkeypatch):
    from datetime import date
    from decimal import Decimal

    from django.core.exceptions import ValidationError

    from rumbo.kpis.models import Measurement
    from rumbo.kpis.services.values import value_record

    real = Measurement.objects

    class OtherPersonFirst:
        """The other person's value lands after our look-up found none (PostgreSQL has no row to lock yet)."""

        def select_for_update(self):
            real.create(kpi=cast.kpi, period=date(2025, 2, 1), value=Decimal(7))
            return real.none()

    monkeypatch.setattr(Measurement, "objects", OtherPersonFirst())
    with pytest.raises(ValidationError, match="Otra persona registró un valor de «Ventas cerradas por mes» para"):
        value_record(kpi=cast.kpi, period=date(2025, 2, 1), value="9", user=cast.editor)
    monkeypatch.undo()
    assert not Measurement.objects.filter(kpi=cast.kpi, value=9).exists()
