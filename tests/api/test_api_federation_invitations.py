"""A cooperative's networks through its keys: the invitations it has, and its admin's answer (as `rumbo federation join`)."""

import pytest
from click.testing import CliRunner

from rumbo.accounts.models import Membership, User
from rumbo.api.models import ApiActivity
from rumbo.cli import main
from rumbo.federation import selectors
from rumbo.federation.models import Member, MemberStatus
from rumbo.federation.services.federations import member_invite
from rumbo.orgs.models import Cooperative
from tests.api.federation import call, cast, keys_of, problem_of
from tests.once import per_file

pytestmark = pytest.mark.django_db


def _network():
    """The network, and «nueva», a cooperative its federation has invited, with its three keys."""
    found = cast(5)
    nueva = Cooperative.objects.create(slug="nueva", name="Cooperativa Nueva")
    admin = User.objects.create_user(username="eva@nueva.org", email="eva@nueva.org", password="x")
    Membership.objects.create(user=admin, cooperative=nueva, role="admin")
    member_invite(federation=found.net.federation, cooperative=nueva, user=None)
    found.nueva = keys_of(nueva, admin)  # type: ignore[attr-defined]
    return found


_net_once, net = per_file("net", _network)


def test_a_cooperative_lists_its_networks_and_invitations_as_its_networks_page_does(client, net):
    body = call(client, "get", "/c/nueva/networks", net.nueva["admin"]).json()
    expected = selectors.memberships(Cooperative.objects.get(slug="nueva"))
    assert body["count"] == 1 == len(expected)
    [network] = body["items"]
    assert (network["federation"], network["name"], network["status"], network["joined_at"]) == (
        "red-cafe",
        "Red Café",
        "invited",
        None,
    )
    member_side = call(client, "get", "/c/coop-0/networks", net.member["admin"]).json()["items"]
    assert [(n["federation"], n["status"]) for n in member_side] == [("red-cafe", "active")]


def test_accepting_makes_the_cooperative_a_member_as_join_does(client, net):
    response = call(client, "post", "/c/nueva/networks/red-cafe/accept", net.nueva["admin"])
    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["name"]) == ("active", "Red Café")
    by_api = Member.objects.get(cooperative__slug="nueva")
    assert by_api.status == MemberStatus.ACTIVE and by_api.joined_at is not None
    assert ApiActivity.objects.get(status=200).summary == "Invitación de «Red Café» aceptada"

    # The same job from the command line ends in the same row.
    Cooperative.objects.create(slug="otra", name="Otra")
    assert CliRunner().invoke(main, ["federation", "join", "--federation", "red-cafe", "--coop", "otra"]).exit_code == 0
    by_cli = Member.objects.get(cooperative__slug="otra")
    assert (by_cli.status, by_cli.federation_id) == (by_api.status, by_api.federation_id)
    fed_side = call(client, "get", "/c/red-cafe/federation/members", net.fed["admin"], {"status": "active"}).json()
    assert {"nueva", "otra"} <= {m["cooperative"] for m in fed_side["items"]}


def test_declining_is_seen_by_the_federation(client, net):
    response = call(client, "post", "/c/nueva/networks/red-cafe/decline", net.nueva["admin"])
    assert response.status_code == 200 and response.json()["status"] == "declined"
    assert Member.objects.get(cooperative__slug="nueva").status == MemberStatus.DECLINED
    fed_side = call(client, "get", "/c/red-cafe/federation/members", net.fed["admin"], {"status": "declined"}).json()
    assert [m["cooperative"] for m in fed_side["items"]] == ["nueva"]


@pytest.mark.parametrize("answer", ["accept", "decline"])
def test_an_answer_given_already_is_a_422_in_spanish_and_in_english(client, net, answer):
    call(client, "post", f"/c/nueva/networks/red-cafe/{answer}", net.nueva["admin"])
    problem = problem_of(call(client, "post", "/c/nueva/networks/red-cafe/accept", net.nueva["admin"]), 422)
    assert problem["detail"] == "Esta invitación ya no está pendiente."
    english = call(client, "post", "/c/nueva/networks/red-cafe/decline", net.nueva["admin"], HTTP_ACCEPT_LANGUAGE="en")
    assert "pendiente" not in problem_of(english, 422)["detail"]


def test_a_retry_with_the_same_idempotency_key_answers_as_the_first(client, net):
    first = call(client, "post", "/c/nueva/networks/red-cafe/accept", net.nueva["admin"], HTTP_IDEMPOTENCY_KEY="si-1")
    again = call(client, "post", "/c/nueva/networks/red-cafe/accept", net.nueva["admin"], HTTP_IDEMPOTENCY_KEY="si-1")
    assert (again.status_code, again["Idempotent-Replayed"], again.json()) == (200, "true", first.json())


def test_a_bad_federation_in_the_address_is_a_422_problem(client, net):
    problem = problem_of(call(client, "post", "/c/nueva/networks/red%20caf%C3%A9/accept", net.nueva["admin"]), 422)
    assert problem["errors"][0]["field"] == "federation_slug" and "no es válido" in problem["detail"]


@pytest.mark.parametrize("role", ["area", "reader"])
def test_only_the_cooperatives_admin_key_lists_or_answers(client, net, role):
    key = net.nueva[role]
    assert (
        "como quien administra «Cooperativa Nueva»"
        in problem_of(call(client, "get", "/c/nueva/networks", key), 403)["detail"]
    )
    refusal = "solo puede leer" if role == "reader" else "como quien administra «Cooperativa Nueva»"
    for answer in ("accept", "decline"):
        assert refusal in problem_of(call(client, "post", f"/c/nueva/networks/red-cafe/{answer}", key), 403)["detail"]
    assert Member.objects.get(cooperative__slug="nueva").status == MemberStatus.INVITED


def test_outsiders_and_the_uninvited_get_404(client, net):
    for key in (net.outsider, net.fed["admin"], net.member["admin"]):
        problem_of(call(client, "get", "/c/nueva/networks", key), 404)
        problem_of(call(client, "post", "/c/nueva/networks/red-cafe/accept", key), 404)
    # A cooperative the federation never invited, and a federation that does not exist.
    problem_of(call(client, "post", "/c/fuera/networks/red-cafe/accept", net.outsider), 404)
    problem_of(call(client, "post", "/c/nueva/networks/red-nada/accept", net.nueva["admin"]), 404)
    # A federation is nobody's member: its own key finds no networks.
    problem_of(call(client, "get", "/c/red-cafe/networks", net.fed["admin"]), 404)
    assert Member.objects.get(cooperative__slug="nueva").status == MemberStatus.INVITED
