"""POST /c/{coop}/federations: a key that writes in every area creates a federation, and the key's creator runs it."""

import pytest

from rumbo.accounts.models import Membership, Role, User
from rumbo.api.models import ApiActivity, ApiToken, IdempotentAnswer
from rumbo.federation.models import Federation
from rumbo.orgs.models import Cooperative, Kind
from tests.api.federation import call, cast, keys_of, problem_of

pytestmark = pytest.mark.django_db

BODY = {"slug": "red-miel", "name": "Red de la Miel", "min_contributors": 6}


@pytest.fixture
def coop():
    found = Cooperative.objects.create(slug="apicola", name="Cooperativa Apícola")
    user = User.objects.create_user(username="ana@apicola.org", email="ana@apicola.org", password="x")
    Membership.objects.create(user=user, cooperative=found, role="admin")
    found.keys = keys_of(found, user)  # type: ignore[attr-defined]
    found.admin = user  # type: ignore[attr-defined]
    return found


def test_an_admin_key_creates_a_federation_its_creator_administers(client, coop):
    response = call(client, "post", "/c/apicola/federations", coop.keys["admin"], BODY)
    assert response.status_code == 201, response.content
    assert response.json() == {
        "slug": "red-miel",
        "name": "Red de la Miel",
        "min_contributors": 6,
        "admin": "ana@apicola.org",
    }
    federation = Federation.objects.select_related("cooperative").get(cooperative__slug="red-miel")
    assert (federation.cooperative.kind, federation.cooperative.name, federation.min_contributors) == (
        Kind.FEDERATION,
        "Red de la Miel",
        6,
    )
    assert Membership.objects.get(cooperative=federation.cooperative).role == Role.ADMIN
    assert Membership.objects.get(cooperative=federation.cooperative).user == coop.admin
    activity = ApiActivity.objects.get(token__cooperative=coop)
    assert (activity.status, activity.summary) == (201, "Federación «Red de la Miel» creada")


def test_the_default_k_is_five_as_on_the_command_line(client, coop):
    body = {"slug": "red-cli", "name": "Red CLI"}
    assert call(client, "post", "/c/apicola/federations", coop.keys["admin"], body).json()["min_contributors"] == 5


@pytest.mark.parametrize("role, words", [("area", "registra en todas las áreas"), ("reader", "solo puede leer")])
def test_a_key_that_is_not_an_admins_is_refused_and_creates_nothing(client, coop, role, words):
    problem = problem_of(call(client, "post", "/c/apicola/federations", coop.keys[role], BODY), 403)
    assert words in problem["detail"]
    assert not Federation.objects.exists()


def test_an_outsiders_key_gets_404_for_another_cooperatives_address(client, coop):
    found = cast(1)
    problem_of(call(client, "post", "/c/apicola/federations", found.outsider, BODY), 404)
    problem_of(call(client, "post", "/c/apicola/federations", found.member["admin"], BODY), 404)
    assert Federation.objects.count() == 1  # the cast's own


def test_a_key_whose_creator_left_rumbo_creates_no_federation_nobody_would_run(client, coop):
    ApiToken.objects.filter(cooperative=coop).update(created_by=None)
    problem = problem_of(call(client, "post", "/c/apicola/federations", coop.keys["admin"], BODY), 403)
    assert "nadie administraría la federación" in problem["detail"]
    assert not Federation.objects.exists()


@pytest.mark.parametrize(
    "body, field, words",
    [
        ({**BODY, "min_contributors": 2}, "min_contributors", "no es válido"),
        ({"name": "Sin identificador"}, "slug", "Falta «slug»"),
        ({**BODY, "slug": "Red Miel"}, None, "solo puede tener minúsculas, números y guiones"),
        ({**BODY, "slug": "apicola"}, None, "Ya existe una cooperativa con el identificador «apicola»"),
        ({**BODY, "name": "  "}, "name", "no puede estar vacío"),
    ],
)
def test_a_bad_body_is_a_422_problem_in_spanish(client, coop, body, field, words):
    problem = problem_of(call(client, "post", "/c/apicola/federations", coop.keys["admin"], body), 422)
    assert words in problem["detail"], problem
    if field:
        assert [e["field"] for e in problem["errors"]] == [field]
    assert not Federation.objects.exists()


def test_the_refusal_is_in_english_when_asked(client, coop):
    body = {**BODY, "slug": "apicola"}
    problem = problem_of(
        call(client, "post", "/c/apicola/federations", coop.keys["admin"], body, HTTP_ACCEPT_LANGUAGE="en"), 422
    )
    assert "already" in problem["detail"] and "apicola" in problem["detail"]


def test_a_retry_with_the_same_idempotency_key_creates_one_federation(client, coop):
    first = call(client, "post", "/c/apicola/federations", coop.keys["admin"], BODY, HTTP_IDEMPOTENCY_KEY="red-1")
    again = call(client, "post", "/c/apicola/federations", coop.keys["admin"], BODY, HTTP_IDEMPOTENCY_KEY="red-1")
    assert (first.status_code, again.status_code, again["Idempotent-Replayed"]) == (201, 201, "true")
    assert again.json() == first.json()
    assert Federation.objects.count() == 1 and IdempotentAnswer.objects.count() == 1
