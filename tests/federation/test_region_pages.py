"""Regions on the federation's pages and in `rumbo federation stats`; each suppressed figure says why, and how many
contributors a trimmed figure rests on."""

import csv
import io
from decimal import Decimal

import pytest
from click.testing import CliRunner
from django.urls import reverse
from django.utils import translation

from rumbo.cli import main
from rumbo.federation.models import Figure, Member, Region
from rumbo.federation.reasons import reasons_said, resting_on
from rumbo.federation.services.figures import figures_recompute
from rumbo.federation.services.regions import member_region_set, region_add
from rumbo.federation.services.sharing import share_start
from rumbo.kpis.services.values import NewValue, values_record_many
from tests.federation import network
from tests.federation.screens import built, fed_person
from tests.federation.test_network_pages import count_queries, figures_url, members_url
from tests.federation.test_regions import regions_of

pytestmark = pytest.mark.django_db


def stats(net, *args: str) -> list[dict[str, str]]:
    result = CliRunner().invoke(
        main, ["federation", "stats", "--federation", net.federation.cooperative.slug, "--kpi", network.VOLUME, *args]
    )
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.output)))


def test_the_admin_defines_regions_and_puts_members_in_them_on_the_members_page(client):
    net = built(6)
    client.force_login(net.fed_admin)
    slug = net.federation.cooperative.slug
    assert client.post(reverse("federation:region_add", args=[slug]), {"region-name": "Norte"}).status_code == 302
    refused = client.post(reverse("federation:region_add", args=[slug]), {"region-name": "norte"})
    assert refused.status_code == 400 and "Ya hay una región «norte» en la red." in refused.content.decode()
    norte = Region.objects.get(federation=net.federation)
    page = client.get(members_url(net)).content.decode()
    assert "Norte" in page and "Sin región" in page and "solo se publica cuántas envían su cifra" in page
    url = reverse("federation:member_region", args=[slug])
    assert client.post(url, {"member": net.members[0].pk, "region": norte.pk}).status_code == 302
    assert Member.objects.get(pk=net.members[0].pk).region == norte
    assert client.post(url, {"member": net.members[0].pk, "region": ""}).status_code == 302
    assert Member.objects.get(pk=net.members[0].pk).region is None
    renamed = client.post(reverse("federation:region_rename", args=[slug]), {"region": norte.pk, "name": "Zona norte"})
    assert renamed.status_code == 302 and Region.objects.get(pk=norte.pk).name == "Zona norte"
    assert client.post(reverse("federation:region_remove", args=[slug]), {"region": norte.pk}).status_code == 302
    assert not Region.objects.exists()


def test_a_region_or_member_of_another_federation_is_not_found(client):
    net, other = built(5), network.build(5, prefix="b")
    theirs = region_add(federation=other.federation, name="Ajena", user=other.fed_admin)
    client.force_login(net.fed_admin)
    slug = net.federation.cooperative.slug
    assert client.post(reverse("federation:region_remove", args=[slug]), {"region": theirs.pk}).status_code == 404
    url = reverse("federation:member_region", args=[slug])
    assert client.post(url, {"member": net.members[0].pk, "region": theirs.pk}).status_code == 404
    assert client.post(url, {"member": other.members[0].pk, "region": ""}).status_code == 404
    assert client.get(figures_url(net) + "?region=ajena").status_code == 404
    assert Region.objects.filter(pk=theirs.pk).exists()


@pytest.mark.parametrize("role", ["fed_editor", "fed_viewer"])
def test_only_the_federations_admins_change_its_regions(client, role):
    net = built(5)
    norte = region_add(federation=net.federation, name="Norte", user=net.fed_admin)
    client.force_login(getattr(net, role))
    slug = net.federation.cooperative.slug
    assert client.post(reverse("federation:region_add", args=[slug]), {"region-name": "Sur"}).status_code == 403
    url = reverse("federation:member_region", args=[slug])
    assert client.post(url, {"member": net.members[0].pk, "region": norte.pk}).status_code == 403
    assert client.post(reverse("federation:region_remove", args=[slug]), {"region": norte.pk}).status_code == 403
    assert Region.objects.count() == 1 and not Member.objects.filter(region__isnull=False).exists()


def test_the_figures_page_shows_a_region_chosen_in_its_selector_and_each_regions_latest_period(client):
    net = built(10)
    made = regions_of(net, {"Norte": range(5), "Costa": range(5, 7)})
    client.force_login(net.fed_viewer)
    page = client.get(figures_url(net)).content.decode()
    assert "Toda la red" in page and "Región Norte" in page and "Por región, último periodo" in page
    assert "?region=norte" in page and "menos de 5 cooperativas" in page  # the Costa's summary
    norte = client.get(figures_url(net) + "?region=norte").content.decode()
    # Norte's five members sell 100, 400, 900, 1.600 and 2.500 kg in January (plus the month's number after).
    assert "5.500 kg" in norte and "Total de la región" in norte
    costa = client.get(figures_url(net) + "?region=costa").content.decode()
    assert "Menos de 5 cooperativas: solo 2 enviaron su cifra." in costa
    assert "«Costa» tiene 2 cooperativas activas" in costa
    assert Figure.objects.filter(region=made["Costa"], median__isnull=False).count() == 0


def test_the_figures_page_reads_as_many_rows_with_regions_whatever_the_members(client):
    net = built(10)
    regions_of(net, {"Norte": range(5), "Sur": range(5, 10)})
    client.force_login(net.fed_admin)
    pages = [members_url(net), figures_url(net), figures_url(net) + "?region=norte"]
    before = [count_queries(client, url) for url in pages]
    for i in range(10, 14):
        network.join(net, i)
        member_region_set(member=net.members[i], region=Region.objects.get(slug="sur"), user=net.fed_admin)
    assert [count_queries(client, url) for url in pages] == before


def test_a_total_hidden_by_dominance_says_so_precisely(client):
    net = network.build(6, values=lambda i, m: Decimal(100000 if i == 0 else 10 + i))
    viewer = fed_person(net, "viewer")
    f = Figure.objects.get(
        federation=net.federation, region__isnull=True, template_slug=network.VOLUME, period=network.MONTHS[0]
    )
    assert f.reasons == ["dominance", "p_percent"] and f.total is None and f.median is not None
    client.force_login(viewer)
    page = client.get(figures_url(net)).content.decode()
    assert "El total no se publica: una o dos cooperativas dominan la suma." in page
    assert "El total no se publica: con él se podría estimar de cerca la cifra de la mayor cooperativa." in page
    viewer.language = "en"
    viewer.save(update_fields=["language"])
    english = client.get(figures_url(net), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "The total is not published: one or two cooperatives dominate the sum." in english


def test_a_newcomers_months_say_on_how_many_cooperatives_their_figures_rest(client):
    net = built(8)
    network.join(net, 8)
    kpi = network.catalogue_kpi(net.coops[8], network.VOLUME)
    values_record_many([NewValue(kpi, network.MONTHS[-1], Decimal(9000))], user=None, source="import")
    share_start(kpi=kpi, member=net.members[8], user=net.admins[8])
    figures_recompute(federation=net.federation, template_slug=network.VOLUME)
    client.force_login(net.fed_viewer)
    page = client.get(figures_url(net)).content.decode()
    assert "cifras con 8 de 9 cooperativas" in page
    rows = stats(net, "--detail")
    assert list(rows[0]) == ["period", "contributors", "median", "p25", "p75", "total", "used", "reasons"]
    assert (rows[-1]["contributors"], rows[-1]["used"], rows[-1]["reasons"]) == ("9", "8", "")


def test_stats_of_a_region_keep_the_documented_columns():
    net = built(12)
    regions_of(net, {"Norte": range(6), "Costa": range(6, 9)})
    network_rows, norte = stats(net), stats(net, "--region", "Norte")
    assert list(norte[0]) == ["period", "contributors", "median", "p25", "p75", "total"]
    assert [r["contributors"] for r in norte] == ["6"] * 3 and [r["contributors"] for r in network_rows] == ["12"] * 3
    assert norte[0]["total"] == str(sum(100 * (i + 1) ** 2 for i in range(6)))
    costa = stats(net, "--region", "costa", "--detail")
    assert costa[0] == {
        "period": "2025-01-01",
        "contributors": "3",
        "median": "",
        "p25": "",
        "p75": "",
        "total": "",
        "used": "0",
        "reasons": "threshold",
    }
    unknown = CliRunner().invoke(
        main,
        [
            "federation",
            "stats",
            "--federation",
            net.federation.cooperative.slug,
            "--kpi",
            network.VOLUME,
            "--region",
            "Sur",
        ],
    )
    assert unknown.exit_code != 0 and "no tiene una región «Sur»" in unknown.output and "«Costa»" in unknown.output


@pytest.mark.parametrize(
    "reasons, fields, expected",
    [
        (["threshold"], {"contributors": 3}, ["menos de 5 cooperativas"]),
        (["differencing"], {"contributors": 9}, ["se podría deducir por diferencia"]),
        (
            ["dominance", "differencing"],
            {"contributors": 9},
            ["se podría deducir por diferencia", "una o dos cooperativas dominan el total"],
        ),
        (["dominance"], {"contributors": 9, "median": 1}, ["una o dos cooperativas dominan el total"]),
        (["p_percent"], {"contributors": 9, "median": 1}, ["la mayor cooperativa se podría estimar"]),
        (["differencing"], {"contributors": 9, "median": 1}, ["se podría deducir por diferencia"]),
        ([], {"contributors": 9, "median": 1, "total": 5}, []),
        (None, {"contributors": 9, "median": 1}, ["no publicable"]),  # kept before the reasons were
    ],
)
def test_each_reason_is_said_in_a_few_words(reasons, fields, expected):
    figure = Figure(reasons=reasons, **fields)
    said = reasons_said(figure, k=5, what="El total", total_shown=True)
    assert [s.short for s in said] == expected


def test_a_figure_resting_on_all_its_contributors_says_nothing_of_it():
    assert resting_on(Figure(contributors=9, used=9), "es") == ""
    assert resting_on(Figure(contributors=9, used=0), "es") == ""
    assert resting_on(Figure(contributors=1001, used=1000), "es") == "con 1.000 de 1.001 cooperativas"
    with translation.override("en"):
        assert resting_on(Figure(contributors=1001, used=1000), "en") == "on 1,000 of 1,001 cooperatives"


def test_a_script_puts_members_in_regions_and_reads_a_regions_statistics():
    net = built(6)
    slug = net.federation.cooperative.slug

    def region(*args: str):
        return CliRunner().invoke(main, ["federation", "region", "--federation", slug, *args])

    for i in range(5):
        done = region("--member", net.coops[i].slug, "--region", "Montaña")
        assert done.exit_code == 0 and "queda en la región «Montaña»" in done.output
    assert Region.objects.get().members.count() == 5
    assert [r["contributors"] for r in stats(net, "--region", "montana")] == ["5"] * 3  # published at once
    assert region("--member", net.members[0].name, "--none").exit_code == 0
    assert [r["total"] for r in stats(net, "--region", "Montaña")] == ["", "", ""]  # four: only the count
    assert region("--member", "Nadie", "--region", "Montaña").exit_code != 0
    refused = region("--member", net.coops[1].slug)
    assert refused.exit_code != 0 and "--region" in refused.output
