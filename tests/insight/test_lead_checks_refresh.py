"""lead_checks_refresh: each leading KPI is checked against its objective's result, cached, and flagged when it does not lead."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from rumbo.insight.models import LeadCheck, LeadPair
from rumbo.insight.services.leading import lead_checks_refresh, lead_pair_choose
from rumbo.kpis.models import Kpi
from rumbo.kpis.services.values import value_record
from tests.insight.helpers import TODAY, leading_pair, monthly_kpi


def refresh(cast, **kwargs):
    return lead_checks_refresh(coop=cast.coop, today=TODAY, **kwargs)


def test_a_leading_kpi_is_checked_against_the_first_lagging_kpi_of_its_objective(cast):
    calls, messages, sales = leading_pair(cast)
    assert refresh(cast).computed == 2
    check = LeadCheck.objects.get(leading=calls)
    assert check.lagging == sales and check.verdict == "leads" and check.lag == 1 and check.leads is True
    assert check.sentence_es == "anticipa con ~1 mes de adelanto (fuerte)" and check.overlap == 48
    assert check.granger_p < check.threshold_p and check.strength == "strong"
    assert LeadCheck.objects.get(leading=messages).leads is False


def test_it_is_kept_until_either_kpi_gets_a_new_value(cast):
    _calls, _messages, sales = leading_pair(cast)
    refresh(cast)
    assert (refresh(cast).computed, refresh(cast).kept) == (0, 2)
    before = set(LeadCheck.objects.values_list("inputs_hash", flat=True))
    value_record(kpi=sales, period=date(2025, 7, 1), value=Decimal(30), note="", user=cast.editor)
    # The new value queued the refresh, which rechecked both leading KPIs (compared with the sales) already.
    assert (refresh(cast).computed, refresh(cast).kept) == (0, 2)
    assert before.isdisjoint(LeadCheck.objects.values_list("inputs_hash", flat=True))


def test_too_little_data_is_said_and_leaves_the_quality_check_silent(cast):
    cast.kpi.delete()  # its objective's result is then «pedidos»
    leading = monthly_kpi(cast, "visitas", count=20, first=date(2023, 11, 1), indicator="leading", target=None)
    monthly_kpi(cast, "pedidos", count=20, first=date(2023, 11, 1))
    refresh(cast)
    check = LeadCheck.objects.get(leading=leading)
    assert check.verdict == "insufficient" and check.leads is None
    assert check.sentence_es.startswith("no hay evidencia suficiente (solo 20 meses de datos")


def test_a_person_can_choose_the_lagging_kpi_and_go_back_to_the_default(cast):
    _calls, messages, sales = leading_pair(cast)
    refresh(cast)
    lead_pair_choose(leading=messages, lagging=cast.kpi, user=cast.editor)
    assert not LeadCheck.objects.filter(leading=messages).exists()  # it said nothing about the new partner
    refresh(cast, kpis=[messages])
    assert LeadCheck.objects.get(leading=messages).lagging == cast.kpi
    assert LeadPair.history.filter(leading_id=messages.pk).count() == 1
    lead_pair_choose(leading=messages, lagging=None, user=cast.editor)
    refresh(cast, kpis=[messages])
    assert LeadCheck.objects.get(leading=messages).lagging == sales


@pytest.mark.parametrize("case", ["itself", "leading", "other_grain", "other_coop", "lagging_first"])
def test_a_wrong_pair_is_refused_in_spanish_and_nothing_is_written(cast, case):
    calls, messages, sales = leading_pair(cast)
    quarterly = Kpi.objects.create(
        cooperative=cast.coop, slug="t", name="Trimestral", area="ventas", frequency="quarter"
    )
    leading, lagging = {
        "itself": (calls, calls),
        "leading": (calls, messages),
        "other_grain": (calls, quarterly),
        "other_coop": (calls, cast.other_kpi),
        "lagging_first": (sales, calls),
    }[case]
    with pytest.raises(ValidationError) as err:
        lead_pair_choose(leading=leading, lagging=lagging, user=cast.editor)
    assert err.value.messages[0].startswith(("Elija", "«", "Solo"))
    assert not LeadPair.objects.exists()


def test_a_kpi_no_longer_leading_loses_its_check(cast):
    calls, _messages, _sales = leading_pair(cast)
    refresh(cast)
    Kpi.objects.filter(pk=calls.pk).update(indicator="lagging")
    refresh(cast)
    assert not LeadCheck.objects.filter(leading=calls).exists()
