"""Whatever arrives in the value-entry forms, Rumbo saves a number or answers with a clean Spanish error: never a server error."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from rumbo.kpis.forms import PeriodValueForm, ValueForm
from rumbo.kpis.models import Measurement
from rumbo.kpis.services.values import value_record
from tests.fuzz import examples

# Hypothesis' default on every run, fewer where an example is a page; `make fuzz` draws ten times more.
FORMS = settings(deadline=None)
SERVICE = settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
PAGES = settings(max_examples=examples(50), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

TYPED = st.one_of(
    st.text(max_size=60),
    st.text(alphabet="0123456789.,-+−() %\u00a0", max_size=25),
    st.sampled_from(
        ["1.234,56", "12,5", "45 %", "-3", "1e5", "NaN", "9" * 41, "\x00", "99999999999999", "0,0000001", ""]
    ),
)
DATES = st.one_of(
    st.dates().map(date.isoformat),
    st.text(max_size=20),
    st.sampled_from(["2025-02-01", "01/02/2025", "9999-12-01", "0001-01-01"]),
)
VERSIONS = st.one_of(st.none(), st.integers(min_value=-(2**70), max_value=2**70).map(str), st.text(max_size=12))


def _only_strings(errors):
    for field, messages in errors.items():
        assert all(isinstance(m, str) and m for m in messages), (field, messages)


@FORMS
@given(value=TYPED, note=st.text(max_size=600), version=VERSIONS)
def test_the_my_updates_form_never_crashes(value, note, version):
    form = ValueForm({"value": value, "note": note, "version": version or ""})
    if form.is_valid():
        assert form.cleaned_data["value"] is None or isinstance(form.cleaned_data["value"], Decimal)
    else:
        _only_strings(form.errors)


@FORMS
@given(period=DATES, value=TYPED, version=VERSIONS)
def test_the_kpi_page_form_never_crashes(period, value, version):
    form = PeriodValueForm({"period": period, "value": value, "note": "", "version": version or ""})
    if not form.is_valid():
        _only_strings(form.errors)


@SERVICE
@given(period=st.dates(), value=TYPED, version=st.one_of(st.none(), st.integers(min_value=-5, max_value=2**63)))
@example(period=date(2025, 2, 1), value="1.234,5", version=None)
@example(period=date(9999, 12, 1), value="1", version=None)
@example(period=date(1, 1, 1), value="1", version=None)
def test_the_service_saves_a_number_or_says_why_in_spanish(cast, period, value, version):
    with transaction.atomic():
        try:
            result = value_record(kpi=cast.kpi, period=period, value=value, user=cast.editor, version=version)
        except ValidationError as err:
            assert err.messages and all(isinstance(m, str) for m in err.messages)
        else:
            assert abs(result.measurement.value) < Decimal("1e14")
        transaction.set_rollback(True)


@PAGES
@given(period=DATES, value=TYPED, version=VERSIONS, note=st.text(max_size=100))
@example(period="2025-02-01", value="12,5", version=None, note="")
def test_the_kpi_page_answers_saved_or_a_form_with_the_reason(as_editor, cast, period, value, version, note):
    url = reverse("kpis:kpi_value_add", args=[cast.coop.slug, cast.kpi.pk])
    with transaction.atomic():
        response = as_editor.post(url, {"period": period, "value": value, "version": version or "", "note": note})
        assert response.status_code in (302, 400)
        if response.status_code == 400:
            assert 'role="alert"' in response.content.decode()
        transaction.set_rollback(True)


@PAGES
@given(value=TYPED, version=VERSIONS, note=st.text(max_size=100))
def test_my_updates_answers_saved_or_a_form_with_the_reason(as_editor, cast, value, version, note):
    url = reverse("kpis:my_updates", args=[cast.coop.slug])
    prefix = f"k{cast.kpi.pk}"
    with transaction.atomic():
        before = Measurement.objects.count()
        response = as_editor.post(
            url, {f"{prefix}-value": value, f"{prefix}-version": version or "", f"{prefix}-note": note}
        )
        assert response.status_code in (200, 302, 400)
        if response.status_code != 302:
            assert Measurement.objects.count() == before
            assert 'role="alert"' in response.content.decode() or not (value.strip() or note.strip())
        transaction.set_rollback(True)
