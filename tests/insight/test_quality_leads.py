"""The quality check flags a leading KPI whose data does not show it leading, from the cached lead check."""

from django.urls import reverse

from rumbo.insight.services.leading import lead_checks_refresh
from tests.insight.helpers import TODAY, leading_pair


def test_a_leading_kpi_that_does_not_lead_is_flagged_and_one_that_leads_is_not(as_viewer, cast):
    _calls, _messages, _sales = leading_pair(cast)
    quality = reverse("choosing:quality", args=[cast.coop.slug])
    assert "se adelante al resultado" not in as_viewer.get(quality).text  # not checked yet: nothing is claimed
    lead_checks_refresh(coop=cast.coop, today=TODAY)
    text = as_viewer.get(quality).text
    assert "Los datos no muestran que «Mensajes por día» se adelante al resultado" in text
    assert "Los datos no muestran que «Llamadas por día»" not in text
