"""The federation's members through its own keys: the list with invitations, inviting a cooperative, member keys."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rumbo.api.models import ApiActivity, IdempotentAnswer
from rumbo.federation import selectors
from rumbo.federation.models import Member, MemberStatus
from rumbo.federation.services.federations import member_by_key, member_key_issue
from rumbo.orgs.models import Cooperative
from tests.api.federation import call, cast, problem_of
from tests.federation.network import VOLUME
from tests.once import per_file

pytestmark = pytest.mark.django_db


_net_once, net = per_file("net", lambda: cast(5))


def members_path(net) -> str:
    return f"/c/{net.fed_slug}/federation/members"


def keys_path(net) -> str:
    return f"/c/{net.fed_slug}/federation/member-keys"


def test_the_list_is_what_the_members_page_reads_and_names_no_figure(client, net):
    Cooperative.objects.create(slug="nueva", name="Cooperativa Nueva")
    call(client, "post", members_path(net), net.fed["admin"], {"cooperative": "nueva"})
    body = call(client, "get", members_path(net), net.fed["admin"]).json()
    expected = selectors.members(net.net.federation)
    assert body["count"] == 6 == len(expected)
    assert [(m["id"], m["name"], m["status"], m["templates"]) for m in body["items"]] == [
        (m.pk, m.name, m.status, m.templates) for m in expected
    ]
    first = next(m for m in body["items"] if m["cooperative"] == "coop-0")
    assert (first["name"], first["remote"], first["status"], first["templates"]) == (
        "Cooperativa Secreta 0",
        False,
        "active",
        [VOLUME],
    )
    assert set(first) == {
        "id",
        "name",
        "cooperative",
        "remote",
        "status",
        "invited_at",
        "joined_at",
        "left_at",
        "templates",
    }


def test_the_invitations_are_the_members_whose_status_is_invited(client, net):
    Cooperative.objects.create(slug="nueva", name="Cooperativa Nueva")
    call(client, "post", members_path(net), net.fed["admin"], {"cooperative": "nueva"})
    body = call(client, "get", members_path(net), net.fed["admin"], {"status": "invited"}).json()
    assert [(m["name"], m["cooperative"], m["joined_at"]) for m in body["items"]] == [
        ("Cooperativa Nueva", "nueva", None)
    ]
    problem = problem_of(call(client, "get", members_path(net), net.fed["admin"], {"status": "ausente"}), 422)
    assert problem["errors"][0]["field"] == "status" and "no es válido" in problem["detail"]


def test_an_admin_key_invites_a_cooperative_as_the_members_page_does(client, net):
    Cooperative.objects.create(slug="nueva", name="Cooperativa Nueva")
    response = call(client, "post", members_path(net), net.fed["admin"], {"cooperative": "nueva"})
    assert response.status_code == 201, response.content
    member = Member.objects.get(cooperative__slug="nueva")
    assert member.status == MemberStatus.INVITED and member.federation == net.net.federation
    assert response.json() | {"invited_at": None} == {
        "id": member.pk,
        "name": "Cooperativa Nueva",
        "cooperative": "nueva",
        "remote": False,
        "status": "invited",
        "invited_at": None,
        "joined_at": None,
        "left_at": None,
        "templates": [],
    }
    assert ApiActivity.objects.get(status=201).summary == "Invitación a «Cooperativa Nueva» para la red"


@pytest.mark.parametrize(
    "body, words",
    [
        ({"cooperative": "nadie"}, "No hay ninguna cooperativa con el identificador «nadie» en este Rumbo."),
        ({"cooperative": "coop-1"}, "ya es miembro de Red Café o tiene una invitación pendiente"),
        ({"cooperative": "red-cafe"}, "No hay ninguna cooperativa con el identificador «red-cafe»"),
        ({}, "Falta «cooperative»."),
        ({"cooperative": 5}, "«cooperative» debe ser un texto."),
    ],
)
def test_an_invitation_that_cannot_be_is_a_422_in_spanish(client, net, body, words):
    before = list(Member.objects.values_list("pk", "status"))
    problem = problem_of(call(client, "post", members_path(net), net.fed["admin"], body), 422)
    assert words in problem["detail"]
    assert list(Member.objects.values_list("pk", "status")) == before


def test_an_unknown_cooperative_is_refused_in_english_too(client, net):
    response = call(
        client, "post", members_path(net), net.fed["admin"], {"cooperative": "nadie"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    problem = problem_of(response, 422)
    assert problem["errors"] == [{"loc": ["body", "cooperative"], "field": "cooperative", "message": problem["detail"]}]
    assert "nadie" in problem["detail"] and "No hay" not in problem["detail"]


def test_a_member_key_is_shown_once_works_for_a_push_and_is_kept_nowhere(client, net):
    response = call(client, "post", keys_path(net), net.fed["admin"], {"name": "Cooperativa Lejana"})
    assert response.status_code == 201 and response["Cache-Control"] == "no-store"
    body = response.json()
    member = member_by_key(body["key"])
    assert member is not None and member.name == "Cooperativa Lejana" and member.remote
    assert body["member"]["remote"] is True and body["member"]["cooperative"] is None
    assert body["member"]["status"] == "active"
    assert body["key"] not in ApiActivity.objects.get(status=201).summary
    assert not IdempotentAnswer.objects.exists()


def test_a_key_issued_again_replaces_the_first_as_on_the_command_line(client, net):
    first = member_key_issue(federation=net.net.federation, name="Cooperativa Lejana", user=None).key
    again = call(client, "post", keys_path(net), net.fed["admin"], {"name": "Cooperativa Lejana"}).json()["key"]
    assert member_by_key(first) is None and member_by_key(again).name == "Cooperativa Lejana"
    assert Member.objects.filter(name="Cooperativa Lejana").count() == 1


def test_an_idempotency_key_does_not_replay_a_secret(client, net):
    headers = {"HTTP_IDEMPOTENCY_KEY": "clave-lejana"}
    first = call(client, "post", keys_path(net), net.fed["admin"], {"name": "Lejana"}, **headers).json()["key"]
    second = call(client, "post", keys_path(net), net.fed["admin"], {"name": "Lejana"}, **headers)
    assert "Idempotent-Replayed" not in second
    assert member_by_key(first) is None and member_by_key(second.json()["key"]) is not None
    assert not IdempotentAnswer.objects.exists()
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/c/{coop_slug}/federation/member-keys"]["post"]
    assert "Idempotency-Key" not in [p["name"] for p in operation["parameters"]]
    assert not any(name.startswith("x-") for name in operation)


@pytest.mark.parametrize(
    "body, words",
    [
        ({"name": "   "}, "Escriba el nombre de la cooperativa miembro."),
        ({"name": "x" * 201}, "«name» es demasiado largo: hasta 200 caracteres."),
        ({}, "Falta «name»."),
    ],
)
def test_a_member_key_without_a_proper_name_is_a_422_naming_it(client, net, body, words):
    problem = problem_of(call(client, "post", keys_path(net), net.fed["admin"], body), 422)
    assert [e["field"] for e in problem["errors"]] == ["name"] and problem["detail"] == words
    assert not Member.objects.filter(cooperative__isnull=True).exists()


@pytest.mark.parametrize("role", ["area", "reader"])
def test_only_a_key_that_writes_every_area_sees_or_changes_the_members(client, net, role):
    key = net.fed[role]
    refusal = "solo puede leer" if role == "reader" else "como quien administra «Red Café»"
    problem = problem_of(call(client, "get", members_path(net), key), 403)
    assert "como quien administra «Red Café»" in problem["detail"]
    for path, body in ((members_path(net), {"cooperative": "fuera"}), (keys_path(net), {"name": "Lejana"})):
        assert refusal in problem_of(call(client, "post", path, key, body), 403)["detail"]
    assert Member.objects.count() == 5


def test_a_member_cooperatives_keys_and_an_outsiders_find_no_federation_here(client, net):
    for key in [*net.member.values(), net.outsider]:
        for method, path, body in (
            ("get", members_path(net), None),
            ("post", members_path(net), {"cooperative": "fuera"}),
            ("post", keys_path(net), {"name": "Lejana"}),
        ):
            problem_of(call(client, method, path, key, body), 404)
    # A cooperative is no federation: its own admin key finds none of these routes at its own address.
    for path in ("/c/coop-0/federation/members", "/c/coop-0/federation/member-keys"):
        method = "get" if path.endswith("members") else "post"
        problem_of(call(client, method, path, net.member["admin"], {"name": "x"} if method == "post" else None), 404)
    assert Member.objects.count() == 5


def test_the_list_takes_the_same_queries_whatever_the_number_of_members(client, net):
    def queries() -> int:
        with CaptureQueriesContext(connection) as seen:
            assert call(client, "get", members_path(net), net.fed["admin"], {"limit": 200}).status_code == 200
        return len(seen)

    before = queries()
    for i in range(6):
        member_key_issue(federation=net.net.federation, name=f"Lejana {i}", user=None)
        coop = Cooperative.objects.create(slug=f"invitada-{i}", name=f"Invitada {i}")
        call(client, "post", members_path(net), net.fed["admin"], {"cooperative": coop.slug})
    assert queries() == before
