"""A template's published statistics through the API: the federation's people and its members read what the CLI prints."""

from decimal import Decimal

import pytest
from click.testing import CliRunner
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rumbo.cli import main
from rumbo.federation import selectors
from rumbo.federation.models import Contribution, Member, MemberStatus, Share
from rumbo.federation.services.federations import member_invite, member_leave
from rumbo.federation.services.sharing import share_stop
from rumbo.orgs.models import Cooperative
from tests.api.federation import ROLES, call, cast, keys_of, problem_of
from tests.federation.network import MONTHS, VOLUME, join, person
from tests.once import per_file

pytestmark = pytest.mark.django_db
FED = f"/c/red-cafe/federation/figures/{VOLUME}"
MEMBER = f"/c/coop-0/networks/red-cafe/figures/{VOLUME}"
COLUMNS = ("period", "contributors", "median", "p25", "p75", "total")


_net_once, net = per_file("net", lambda: cast(6))


def stats_by_the_command_line() -> str:
    result = CliRunner().invoke(main, ["federation", "stats", "--federation", "red-cafe", "--kpi", VOLUME])
    assert result.exit_code == 0, result.output
    return result.output


def test_the_json_is_the_statistics_selector_row_for_row(client, net):
    body = call(client, "get", FED, net.fed["reader"]).json()
    found = selectors.statistics(net.net.federation, VOLUME)
    assert (body["federation"], body["template"], body["unit"], body["min_contributors"]) == (
        "red-cafe",
        VOLUME,
        "kg",
        5,
    )
    assert len(body["rows"]) == len(MONTHS)
    for row, expected in zip(body["rows"], found.rows, strict=True):
        assert set(row) == set(COLUMNS)
        assert row["period"] == expected.period.isoformat() and row["contributors"] == expected.contributors == 6
        for column in ("median", "p25", "p75", "total"):
            assert Decimal(row[column]) == getattr(expected, column)


def test_the_csv_is_byte_for_byte_what_rumbo_federation_stats_prints(client, net):
    response = call(client, "get", FED, net.fed["reader"], {"format": "csv"})
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.decode() == stats_by_the_command_line()
    assert response.content.decode().splitlines()[0] == ",".join(COLUMNS)


def test_a_suppressed_cell_is_null_in_json_and_empty_in_csv_as_the_command_line_prints(client, net):
    for i in (4, 5):  # two members stop: four contributors is fewer than k = 5
        share_stop(share=Share.objects.get(member=net.net.members[i], stopped_at__isnull=True), user=None)
    row = call(client, "get", FED, net.fed["admin"]).json()["rows"][0]
    assert row == {
        "period": MONTHS[0].isoformat(),
        "contributors": 4,
        "median": None,
        "p25": None,
        "p75": None,
        "total": None,
    }
    csv = call(client, "get", FED, net.fed["admin"], {"format": "csv"}).content.decode()
    assert csv.splitlines()[1] == f"{MONTHS[0].isoformat()},4,,,," and csv == stats_by_the_command_line()


def test_no_members_figure_is_ever_in_the_answer(client, net):
    own = {c.value for c in Contribution.objects.all()}
    body = call(client, "get", MEMBER, net.member["reader"]).json()
    published = {Decimal(row[c]) for row in body["rows"] for c in ("median", "p25", "p75") if row[c] is not None}
    assert published and not published & own
    assert "Secreta" not in str(body) and "Nota" not in str(body)


@pytest.mark.parametrize("role", ROLES)
def test_every_key_of_the_federation_and_of_a_member_reads_the_same_figures(client, net, role):
    expected = call(client, "get", FED, net.fed["admin"]).json()
    assert call(client, "get", FED, net.fed[role]).json() == expected
    assert call(client, "get", MEMBER, net.member[role]).json() == expected
    csv = call(client, "get", MEMBER, net.member[role], {"format": "csv"}).content.decode()
    assert csv == stats_by_the_command_line()


def test_a_template_nobody_shares_yet_has_no_rows_and_one_outside_the_catalogue_is_404(client, net):
    body = call(client, "get", "/c/red-cafe/federation/figures/cartera_vencida", net.fed["reader"]).json()
    assert body["rows"] == [] and body["template"] == "cartera_vencida"
    problem_of(call(client, "get", "/c/red-cafe/federation/figures/nada", net.fed["reader"]), 404)
    problem_of(call(client, "get", "/c/coop-0/networks/red-cafe/figures/nada", net.member["reader"]), 404)


@pytest.mark.parametrize(
    "path, query, field",
    [
        (FED, {"format": "xlsx"}, "format"),
        ("/c/red-cafe/federation/figures/volumen%20vendido", {}, "template"),
        ("/c/coop-0/networks/red%20cafe/figures/volumen_vendido", {}, "federation_slug"),
    ],
)
def test_a_bad_parameter_is_a_422_problem_in_spanish(client, net, path, query, field):
    key = net.fed["reader"] if path.startswith("/c/red-cafe") else net.member["reader"]
    problem = problem_of(call(client, "get", path, key, query), 422)
    assert problem["errors"][0]["field"] == field and problem["detail"] == f"«{field}» no es válido."
    english = problem_of(call(client, "get", path, key, query, HTTP_ACCEPT_LANGUAGE="en"), 422)
    assert english["detail"] != problem["detail"]


def test_outsiders_and_cooperatives_outside_the_network_get_404(client, net):
    problem_of(call(client, "get", FED, net.outsider), 404)
    problem_of(call(client, "get", MEMBER, net.outsider), 404)
    problem_of(call(client, "get", MEMBER.replace("coop-0", "fuera"), net.outsider), 404)
    problem_of(call(client, "get", MEMBER.replace("coop-0", "red-cafe"), net.fed["admin"]), 404)
    problem_of(call(client, "get", FED.replace("red-cafe", "coop-0"), net.member["admin"]), 404)
    # Invited but not yet a member, and a member that left: no figures.
    nueva = Cooperative.objects.create(slug="nueva", name="Nueva")
    member_invite(federation=net.net.federation, cooperative=nueva, user=None)
    problem_of(
        call(client, "get", MEMBER.replace("coop-0", "nueva"), keys_of(nueva, person("eva@n.org", nueva))["reader"]),
        404,
    )
    member_leave(member=net.net.members[0], user=None)
    assert Member.objects.get(pk=net.net.members[0].pk).status == MemberStatus.LEFT
    problem_of(call(client, "get", MEMBER, net.member["admin"]), 404)


def test_the_figures_take_the_same_queries_whatever_the_number_of_members(client, net):
    def queries() -> tuple[int, int]:
        counted = []
        for path, key in ((FED, net.fed["reader"]), (MEMBER, net.member["reader"])):
            with CaptureQueriesContext(connection) as seen:
                assert call(client, "get", path, key).status_code == 200
            counted.append(len(seen))
        return counted[0], counted[1]

    before = queries()
    for i in range(6, 10):
        join(net.net, i)
    assert Member.objects.filter(status=MemberStatus.ACTIVE).count() == 10
    assert queries() == before
