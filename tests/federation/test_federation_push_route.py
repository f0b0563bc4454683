"""POST /api/v1/federation/push: a remote member's signed push, taken in once, answered with the published bands only."""

import json
import time
import uuid
from decimal import Decimal
from types import SimpleNamespace

import pytest

from rumbo.api.views import api
from rumbo.federation.models import Contribution, Figure, Member, ReceivedPush
from rumbo.federation.remote.client import PUSH_PATH
from rumbo.federation.services.federations import member_key_issue, member_leave
from tests.federation.network import MONTHS, ON_TIME, VOLUME
from tests.federation.remote import federation_with_keys, payload, signed

pytestmark = pytest.mark.django_db


def _problem(response, status: int) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    body = response.json()
    assert set(body) == {"title", "status", "detail", "errors"} and body["status"] == status and body["detail"]
    return body


def _contributions(federation) -> dict:
    return {
        (c.member.name, c.template_slug, c.period): c.value
        for c in Contribution.objects.filter(member__federation=federation).select_related("member")
    }


def test_a_signed_push_is_stored_and_answered_with_the_published_bands(client):
    federation, keys = federation_with_keys(3)
    for i in (0, 1):
        assert signed(client, keys[i], payload(i)).status_code == 200
    answer = signed(client, keys[2], payload(2))
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert body["federation"] == {"name": "Red Remota", "slug": "red-remota"}
    assert (body["member"], body["replayed"], body["stored"], body["changed"]) == (
        "Cooperativa remota 2",
        False,
        3,
        [VOLUME],
    )
    (band,) = body["bands"]
    latest = Figure.objects.get(federation=federation, template_slug=VOLUME, period=MONTHS[-1])
    assert band["template"] == VOLUME and band["period"] == MONTHS[-1].isoformat()
    assert band["contributors"] == latest.contributors == 3
    assert Decimal(band["median"]) == latest.median and band["unit"] == "kg"
    assert len(_contributions(federation)) == 9
    assert _contributions(federation)[("Cooperativa remota 1", VOLUME, MONTHS[2])] == Decimal(202)


def test_a_quintal_is_stored_in_the_network_s_unit(client):
    federation, keys = federation_with_keys(3)
    push = payload(0)
    push["rows"][0] |= {"value": "2", "unit": "qq"}
    assert signed(client, keys[0], push).status_code == 200
    stored = Contribution.objects.get(member__federation=federation, period=MONTHS[0]).value
    assert Decimal("90") < stored < Decimal("93")  # two quintales of 100 lb, in kg


@pytest.mark.parametrize(
    "authorization",
    [None, "Bearer rfm_no-es-una-clave", "Bearer rumbo_una-clave-de-api", "Basic dXNlcjpwYXNz"],
)
def test_a_push_without_a_valid_member_key_is_refused_with_a_problem(client, authorization):
    _federation, _keys = federation_with_keys(1)
    body = json.dumps(payload(0)).encode()
    headers = {"HTTP_AUTHORIZATION": authorization} if authorization else {}
    response = client.post(PUSH_PATH, data=body, content_type="application/json", **headers)
    _problem(response, 401)
    assert not Contribution.objects.exists()


def test_a_replaced_key_and_a_departed_member_s_key_no_longer_push(client):
    federation, keys = federation_with_keys(2)
    renewed = member_key_issue(federation=federation, name="Cooperativa remota 0", user=None).key
    _problem(signed(client, keys[0], payload(0)), 401)
    assert signed(client, renewed, payload(0)).status_code == 200
    member_leave(member=Member.objects.get(name="Cooperativa remota 1"), user=None)
    body = _problem(signed(client, keys[1], payload(1)), 401)
    assert "clave de miembro" in body["detail"]
    assert set(Contribution.objects.values_list("member__name", flat=True)) == {"Cooperativa remota 0"}


def test_a_body_changed_after_signing_or_signed_with_another_key_is_refused(client):
    federation, keys = federation_with_keys(2)
    body = json.dumps(payload(0)).encode()
    tampered = body.replace(b'"100"', b'"9999"')
    assert tampered != body
    response = signed(client, keys[0], body=body, push_id="envio-uno-firmado")
    assert response.status_code == 200
    # The same headers over another body: the signature no longer matches.
    from rumbo.federation.remote.client import headers_for

    headers = headers_for(keys[0], body, "envio-dos-firmado", int(time.time()))
    extra = {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items() if k != "Content-Type"}
    problem = _problem(client.post(PUSH_PATH, data=tampered, content_type="application/json", **extra), 401)
    assert problem["errors"][0]["field"] == "X-Rumbo-Signature"
    # Member 1's key with a signature made with member 0's key.
    other = headers_for(keys[0], body, "envio-tres-firmado", int(time.time()))
    other["Authorization"] = f"Bearer {keys[1]}"
    extra = {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in other.items() if k != "Content-Type"}
    _problem(client.post(PUSH_PATH, data=body, content_type="application/json", **extra), 401)
    assert Decimal(9999) not in _contributions(federation).values()
    assert {name for name, *_ in _contributions(federation)} == {"Cooperativa remota 0"}


@pytest.mark.parametrize("offset", [-301, 301, -3600])
def test_a_push_signed_outside_the_five_minute_window_is_refused(client, offset, monkeypatch):
    _federation, keys = federation_with_keys(1)
    now = int(time.time())
    monkeypatch.setattr("rumbo.api.federation.push.time", SimpleNamespace(time=lambda: now))  # however slow the run
    response = signed(client, keys[0], payload(0), timestamp=now + offset)
    problem = _problem(response, 401)
    assert problem["errors"][0]["field"] == "X-Rumbo-Timestamp"
    assert not Contribution.objects.exists() and not ReceivedPush.objects.exists()


def test_a_push_just_inside_the_window_is_taken(client):
    _federation, keys = federation_with_keys(1)
    assert signed(client, keys[0], payload(0), timestamp=int(time.time()) - 240).status_code == 200


def test_the_same_push_twice_has_one_effect_and_the_same_id_with_another_body_is_refused(client):
    _federation, keys = federation_with_keys(3)
    push_id = uuid.uuid4().hex
    first = signed(client, keys[0], payload(0), push_id=push_id)
    assert first.status_code == 200 and first.json()["changed"] == [VOLUME]
    received = Contribution.objects.get(period=MONTHS[0]).received_at
    again = signed(client, keys[0], payload(0), push_id=push_id)  # a retry after a lost answer, signed anew
    assert again.status_code == 200 and again["Idempotent-Replayed"] == "true"
    assert (again.json()["replayed"], again.json()["changed"], again.json()["stored"]) == (True, [], 0)
    assert Contribution.objects.get(period=MONTHS[0]).received_at == received
    assert ReceivedPush.objects.count() == 1
    other = _problem(signed(client, keys[0], payload(0, extra=5), push_id=push_id), 422)
    assert other["errors"][0]["field"] == "Idempotency-Key"
    assert Contribution.objects.get(period=MONTHS[0]).value == Decimal(100)
    # A new push id with the same content writes nothing either: the contributions are already these.
    same = signed(client, keys[0], payload(0))
    assert same.status_code == 200 and same.json()["changed"] == []


def test_a_push_without_its_id_or_with_a_broken_body_is_refused(client):
    _federation, keys = federation_with_keys(1)
    body = json.dumps(payload(0)).encode()
    from rumbo.federation.remote.client import headers_for

    headers = headers_for(keys[0], body, "x", int(time.time()))
    extra = {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items() if k != "Content-Type"}
    _problem(client.post(PUSH_PATH, data=body, content_type="application/json", **extra), 422)
    _problem(signed(client, keys[0], body=b"{no es json"), 400)
    shapeless = _problem(signed(client, keys[0], {"templates": [VOLUME], "rows": [{"period": "ayer"}]}), 422)
    assert "forma" in shapeless["detail"]
    stray = _problem(signed(client, keys[0], {"templates": [], "rows": payload(0)["rows"]}), 422)
    assert VOLUME in stray["detail"]
    assert not Contribution.objects.exists()


def test_a_template_no_longer_listed_leaves_the_statistics_at_once(client):
    federation, keys = federation_with_keys(3)
    for i in range(3):
        assert signed(client, keys[i], payload(i, templates=(VOLUME, ON_TIME))).status_code == 200
    assert Figure.objects.get(federation=federation, template_slug=ON_TIME, period=MONTHS[0]).contributors == 3
    stopped = signed(client, keys[0], payload(0, templates=(VOLUME,)))
    assert stopped.status_code == 200 and stopped.json()["changed"] == [ON_TIME]
    assert [b["template"] for b in stopped.json()["bands"]] == [VOLUME]
    assert not Contribution.objects.filter(member__name="Cooperativa remota 0", template_slug=ON_TIME).exists()
    figure = Figure.objects.filter(federation=federation, template_slug=ON_TIME, period=MONTHS[0]).first()
    assert figure is None or (figure.contributors == 2 and figure.median is None and figure.total is None)
    assert Contribution.objects.filter(member__name="Cooperativa remota 0", template_slug=VOLUME).count() == 3


def test_a_member_reads_only_published_bands_of_what_it_shares(client):
    federation, keys = federation_with_keys(4)
    for i in (1, 2, 3):
        signed(client, keys[i], payload(i, templates=(VOLUME, ON_TIME)))
    answer = signed(client, keys[0], payload(0, templates=(ON_TIME,)))
    assert answer.status_code == 200
    body = answer.json()
    assert [b["template"] for b in body["bands"]] == [ON_TIME]  # the volume is published, but not shared by it
    text = answer.content.decode()
    for band in body["bands"]:  # every figure in the answer is a published one, as the federation keeps it
        figure = Figure.objects.get(federation=federation, template_slug=band["template"], period=band["period"])
        for name in ("median", "p25", "p75"):
            shown = band[name]
            assert (None if shown is None else Decimal(shown)) == getattr(figure, name)
        assert band["contributors"] == figure.contributors == 4
    assert "Cooperativa remota 1" not in text and "Cooperativa remota 2" not in text
    assert "min" not in body["bands"][0] and "max" not in body["bands"][0] and "total" not in body["bands"][0]


def test_with_fewer_members_than_k_the_band_is_suppressed(client):
    _federation, keys = federation_with_keys(2)
    signed(client, keys[0], payload(0))
    body = signed(client, keys[1], payload(1)).json()
    assert all(b["median"] is None and b["p25"] is None and b["p75"] is None for b in body["bands"])
    assert {b["contributors"] for b in body["bands"]} <= {2}


def test_the_push_is_described_in_the_openapi_document():
    operation = api.get_openapi_schema()["paths"]["/api/v1/federation/push"]["post"]
    names = {p["name"] for p in operation["parameters"]}
    assert {"Idempotency-Key", "X-Rumbo-Timestamp", "X-Rumbo-Signature"} <= names
    assert operation["security"] == [{"MemberKey": []}]
    assert "application/problem+json" in operation["responses"][401]["content"]
