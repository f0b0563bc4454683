"""A cooperative's consent through its admin key: what it shares, sharing and stopping, and exactly what is sent."""

from decimal import Decimal

import pytest
from click.testing import CliRunner
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rumbo.api.models import ApiActivity
from rumbo.cli import main
from rumbo.federation import selectors
from rumbo.federation.models import Contribution, Figure, Share
from rumbo.federation.services.federations import member_invite
from rumbo.federation.services.sharing import contributions_of
from rumbo.kpis.services.values import NewValue, values_record_many
from rumbo.orgs.models import Cooperative
from tests.api.federation import call, cast, keys_of, problem_of
from tests.factories import make_kpi
from tests.federation.network import MONTHS, ON_TIME, VOLUME, catalogue_kpi, person
from tests.once import per_file

pytestmark = pytest.mark.django_db
SHARES = "/c/coop-0/networks/red-cafe/shares"
SENT = "/c/coop-0/networks/red-cafe/sent"


def _network():
    """The network; coop-0 also keeps its on-time payments (a ratio) and a KPI of its own, shared with nobody yet."""
    found = cast(5)
    coop = found.net.coops[0]
    on_time = catalogue_kpi(coop, ON_TIME, slug="pago-a-tiempo")
    values_record_many(
        [
            NewValue(on_time, p, Decimal(80 + m), numerator=Decimal(80 + m), denominator=Decimal(100))
            for m, p in enumerate(MONTHS)
        ],
        user=None,
        source="import",
    )
    make_kpi(coop, "propio", "Indicador propio", unit="kg")
    return found


_net_once, net = per_file("net", _network)


def stop_path(net, slug: str | None = None) -> str:
    return f"{SHARES}/{slug or net.net.kpi(0).slug}/stop"


def test_the_consent_list_is_the_sharing_screens(client, net):
    body = call(client, "get", SHARES, net.member["admin"]).json()
    choices = selectors.sharing_choices(net.net.coops[0], net.net.members[0])
    assert [(c["kpi"], c["shared"], c["refusal"]) for c in body["items"]] == [
        (c.kpi.slug, c.share is not None, c.refusal) for c in choices
    ]
    volume = next(c for c in body["items"] if c["template"] == VOLUME)
    assert volume["shared"] and volume["since"] is not None and volume["refusal"] == ""
    own = next(c for c in body["items"] if c["kpi"] == "propio")
    assert (own["template"], own["shared"]) == (None, False) and "no viene de una plantilla del catálogo" in own[
        "refusal"
    ]
    shared = call(client, "get", SHARES, net.member["admin"], {"shared": "true"}).json()
    assert [c["template"] for c in shared["items"]] == [VOLUME]


def test_what_is_sent_is_exactly_the_push(client, net):
    body = call(client, "get", SENT, net.member["admin"]).json()
    push = contributions_of(net.net.coops[0], net.net.members[0])
    assert body["templates"] == list(push.templates) == [VOLUME]
    assert [
        (r["template"], r["period"], Decimal(r["value"]), r["numerator"], r["denominator"], r["unit"])
        for r in body["rows"]
    ] == [(r.template_slug, r.period.isoformat(), r.value, None, None, r.unit) for r in push.rows]
    assert len(body["rows"]) == len(MONTHS) and body["withheld"] == []
    assert "Nota confidencial" not in str(body) and "Secreta" not in str(body)


def test_sharing_a_kpi_sends_its_values_as_the_command_line_does(client, net):
    response = call(client, "post", SHARES, net.member["admin"], {"kpi": "pago-a-tiempo"})
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["kpi"], body["template"], body["federation"], body["stopped_at"]) == (
        "pago-a-tiempo",
        ON_TIME,
        "red-cafe",
        None,
    )
    assert body["values"] == len(MONTHS)
    assert Share.objects.filter(kpi__slug="pago-a-tiempo", stopped_at__isnull=True).count() == 1
    sent = call(client, "get", SENT, net.member["admin"]).json()
    assert sent["templates"] == sorted([VOLUME, ON_TIME])
    ratio = [r for r in sent["rows"] if r["template"] == ON_TIME]
    assert [(Decimal(r["numerator"]), Decimal(r["denominator"])) for r in ratio] == [
        (Decimal(80 + m), Decimal(100)) for m in range(len(MONTHS))
    ]
    assert Contribution.objects.filter(member=net.net.members[0], template_slug=ON_TIME).count() == len(MONTHS)
    assert ApiActivity.objects.get(status=201).summary == "«pago-a-tiempo» compartido con «red-cafe»"

    # The command line shares the same way: the same share, the same values sent.
    coop = net.net.coops[1]
    on_time = catalogue_kpi(coop, ON_TIME, slug="pago-a-tiempo")
    values_record_many(
        [NewValue(on_time, p, Decimal(70), numerator=Decimal(70), denominator=Decimal(100)) for p in MONTHS],
        user=None,
        source="import",
    )
    args = ["federation", "share", "--coop", "coop-1", "--federation", "red-cafe", "--kpi", "pago-a-tiempo"]
    assert f"{len(MONTHS)} valores enviados" in CliRunner().invoke(main, args).output
    assert Contribution.objects.filter(member=net.net.members[1], template_slug=ON_TIME).count() == len(MONTHS)


def test_stopping_takes_the_figures_out_at_once_as_the_command_line_does(client, net):
    before = Figure.objects.get(federation=net.net.federation, template_slug=VOLUME, period=MONTHS[0])
    assert before.contributors == 5 and before.median is not None
    response = call(client, "post", stop_path(net), net.member["admin"])
    assert response.status_code == 200, response.content
    assert response.json()["stopped_at"] is not None and response.json()["values"] == 0
    assert not Contribution.objects.filter(member=net.net.members[0]).exists()
    after = Figure.objects.get(federation=net.net.federation, template_slug=VOLUME, period=MONTHS[0])
    assert (after.contributors, after.median, after.total) == (4, None, None)
    assert call(client, "get", SENT, net.member["admin"]).json() == {"templates": [], "rows": [], "withheld": []}

    args = [
        "federation",
        "share",
        "--coop",
        "coop-1",
        "--federation",
        "red-cafe",
        "--kpi",
        net.net.kpi(1).slug,
        "--stop",
    ]
    assert "ya no se comparte" in CliRunner().invoke(main, args).output
    assert not Contribution.objects.filter(member=net.net.members[1]).exists()
    assert Figure.objects.get(federation=net.net.federation, template_slug=VOLUME, period=MONTHS[0]).contributors == 3


@pytest.mark.parametrize(
    "body, field, words",
    [
        ({"kpi": "nada"}, "kpi", "La cooperativa no tiene ningún indicador «nada»."),
        ({"kpi": "propio"}, None, "no viene de una plantilla del catálogo"),
        ({}, "kpi", "Falta «kpi»."),
        ({"kpi": ["volumen"]}, "kpi", "«kpi» debe ser un texto."),
    ],
)
def test_a_share_that_cannot_be_is_a_422_in_spanish(client, net, body, field, words):
    problem = problem_of(call(client, "post", SHARES, net.member["admin"], body), 422)
    assert words in problem["detail"]
    assert [e["field"] for e in problem["errors"]] == ([field] if field else [])
    assert Share.objects.filter(cooperative=net.net.coops[0]).count() == 1


def test_the_same_template_twice_and_a_stop_of_nothing_are_refused(client, net):
    second = catalogue_kpi(net.net.coops[0], VOLUME, slug="volumen-2")
    problem = problem_of(call(client, "post", SHARES, net.member["admin"], {"kpi": second.slug}), 422)
    assert "ya se comparte con esta red" in problem["detail"]
    problem = problem_of(call(client, "post", stop_path(net, "pago-a-tiempo"), net.member["admin"]), 422)
    assert problem["detail"] == "«Pagos a socios a tiempo» no se comparte con «Red Café»."
    english = call(client, "post", stop_path(net, "pago-a-tiempo"), net.member["admin"], HTTP_ACCEPT_LANGUAGE="en")
    assert "no se comparte" not in problem_of(english, 422)["detail"]
    problem_of(call(client, "post", stop_path(net, "nada"), net.member["admin"]), 404)


@pytest.mark.parametrize("role", ["area", "reader"])
def test_only_the_cooperatives_admin_key_sees_or_changes_its_consent(client, net, role):
    key = net.member[role]
    for path in (SHARES, SENT):
        assert (
            "como quien administra «Cooperativa Secreta 0»" in problem_of(call(client, "get", path, key), 403)["detail"]
        )
    refusal = "solo puede leer" if role == "reader" else "como quien administra «Cooperativa Secreta 0»"
    for path, body in ((SHARES, {"kpi": "pago-a-tiempo"}), (stop_path(net), None)):
        assert refusal in problem_of(call(client, "post", path, key, body), 403)["detail"]
    assert Share.objects.filter(cooperative=net.net.coops[0], stopped_at__isnull=True).count() == 1


def test_outsiders_the_federation_and_cooperatives_that_are_not_members_get_404(client, net):
    nueva = Cooperative.objects.create(slug="nueva", name="Nueva")
    member_invite(federation=net.net.federation, cooperative=nueva, user=None)  # invited, not yet a member
    nueva_key = keys_of(nueva, person("eva@nueva.org", nueva))["admin"]
    for slug, key in (
        ("coop-0", net.outsider),
        ("coop-0", net.fed["admin"]),
        ("nueva", nueva_key),
        ("red-cafe", net.fed["admin"]),
    ):
        for method, path, body in (
            ("get", SHARES, None),
            ("get", SENT, None),
            ("post", SHARES, {"kpi": "pago-a-tiempo"}),
            ("post", stop_path(net), None),
        ):
            problem_of(call(client, method, path.replace("coop-0", slug), key, body), 404)
    assert Share.objects.filter(cooperative=net.net.coops[0], stopped_at__isnull=True).count() == 1


@pytest.mark.parametrize("path", [SHARES, SENT])
def test_the_consent_and_the_push_take_the_same_queries_whatever_the_number_of_kpis(client, net, path):
    def queries() -> int:
        with CaptureQueriesContext(connection) as seen:
            assert call(client, "get", path, net.member["admin"], {"limit": 200}).status_code == 200
        return len(seen)

    before = queries()
    for slug in ("cartera_vencida", "socios_que_entregan"):
        kpi = catalogue_kpi(net.net.coops[0], slug)
        call(client, "post", SHARES, net.member["admin"], {"kpi": kpi.slug})
    for i in range(4):
        make_kpi(net.net.coops[0], f"propio-{i}", f"Propio {i}")
    assert queries() == before
