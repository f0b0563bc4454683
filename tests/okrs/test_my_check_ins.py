"""«Mis actualizaciones» lists the owner's key results waiting for this week's check-in, beside their KPI values."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from rumbo.okrs import selectors
from rumbo.okrs.models import CheckIn


def test_the_owner_sees_the_key_results_without_a_check_in_this_week(as_editor, cast):
    page = as_editor.get(reverse("kpis:my_updates", args=[cast.coop.slug])).content.decode()
    assert (
        "Seguimientos de OKR pendientes" in page and "Nuevos compradores" in page and "sin seguimientos todavía" in page
    )


def test_a_check_in_within_the_week_takes_it_off_the_list(cast):
    today = timezone.localdate()
    on = max(today - timedelta(days=2), cast.okr_cycle.start)
    CheckIn.objects.create(key_result=cast.key_result, date=on, confidence=5)
    pending = [kr for kr, _last in selectors.pending_check_ins(cast.coop, cast.editor, today)]
    assert pending == [cast.kpi_key_result]


def test_someone_who_owns_no_objective_sees_no_okr_section(as_admin, cast):
    page = as_admin.get(reverse("kpis:my_updates", args=[cast.coop.slug])).content.decode()
    assert "Seguimientos de OKR pendientes" not in page
