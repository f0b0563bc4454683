"""A federation's invitation waiting is said to the cooperative's admins on every page, as people's invitations are."""

import pytest
from django.urls import reverse

from rumbo.federation.services.federations import federation_create, member_invite
from rumbo.orgs.models import Cooperative
from tests.federation.network import person

pytestmark = pytest.mark.django_db
NOTICE = "Una red de cooperativas invitó a su cooperativa"


def test_the_admins_see_the_invitation_on_the_board_until_they_answer(client):
    coop = Cooperative.objects.create(slug="miembro", name="Miembro")
    admin, viewer = person("a@example.org", coop), person("v@example.org", coop, role="viewer")
    federation = federation_create(slug="red", name="Red Café", min_contributors=3)
    member = member_invite(federation=federation, cooperative=coop, user=None)
    board = reverse("kpis:board", args=[coop.slug])
    client.force_login(viewer)
    assert NOTICE not in client.get(board).content.decode()
    client.force_login(admin)
    page = client.get(board).content.decode()
    assert NOTICE in page and reverse("federation:networks", args=[coop.slug]) in page
    client.post(reverse("federation:answer", args=[coop.slug]), {"member": member.pk, "answer": "decline"})
    assert NOTICE not in client.get(board).content.decode()
