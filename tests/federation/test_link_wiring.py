"""The remote members' wiring: one open share per link and KPI in the database, and changes marking the link pending."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from rumbo.federation.models import RemoteLink, Share
from rumbo.federation.remote.links import link_connect, link_share_start
from rumbo.kpis.services.values import NewValue, values_record_many
from rumbo.orgs.models import Cooperative
from tests.federation.network import MONTHS, VOLUME, catalogue_kpi, person

pytestmark = pytest.mark.django_db
KEY = "rfm_" + "a" * 40


def _linked():
    coop = Cooperative.objects.create(slug="miembro", name="Miembro")
    admin = person("a@example.org", coop)
    kpi = catalogue_kpi(coop, VOLUME)
    link = link_connect(cooperative=coop, url="https://red.example.org", key=KEY, user=admin)
    return coop, admin, kpi, link


def test_the_database_keeps_one_open_share_per_link_and_kpi():
    coop, admin, kpi, link = _linked()
    link_share_start(kpi=kpi, link=link, user=admin)
    with pytest.raises(IntegrityError), transaction.atomic():
        Share.objects.create(cooperative=coop, link=link, kpi=kpi)
    Share.objects.filter(link=link).update(stopped_at=timezone.now())
    assert Share.objects.create(cooperative=coop, link=link, kpi=kpi).link_id == link.pk  # shared again after stopping


def test_a_value_written_to_a_kpi_shared_through_a_link_marks_the_link_pending():
    _coop, admin, kpi, link = _linked()
    link_share_start(kpi=kpi, link=link, user=admin)
    RemoteLink.objects.filter(pk=link.pk).update(pending=False)
    values_record_many([NewValue(kpi, MONTHS[0], Decimal(10))], user=admin, source="import")
    link.refresh_from_db()
    assert link.pending
