"""A federation's board follows its network indicators: never hidden as plain metrics, and once «Cifras de la red»
leads to their target, owner and objective, they get status, trend and story like any KPI."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from rumbo.kpis.models import Kpi, Objective
from rumbo.kpis.services.definitions import TargetInput, kpi_save
from tests.federation import network
from tests.federation.screens import built
from tests.once import per_file

pytestmark = pytest.mark.django_db


_net_once, net = per_file("net", lambda: built(5))


def _board(client, org, **query) -> str:
    url = reverse("kpis:board", args=[org.slug])
    return client.get(url, query).content.decode()


def _network_kpi(net) -> Kpi:
    return Kpi.objects.get(cooperative=net.federation.cooperative, template_slug=network.VOLUME)


def test_the_federations_board_shows_its_network_indicators_without_asking(client, net):
    org = net.federation.cooperative
    plain = Kpi.objects.create(cooperative=org, slug="visitas", name="Visitas de campo", area="gerencia", kind="metric")
    client.force_login(net.fed_viewer)
    page = _board(client, org)
    assert f'id="kpi-{_network_kpi(net).pk}"' in page and "5.510 kg" in page  # March: the network's total
    assert "Indicador de la red: su meta, responsable y objetivo se fijan desde «Cifras de la red»" in page
    assert f'id="kpi-{plain.pk}"' not in page  # a plain metric of its own stays one click away
    assert "Se oculta 1 métrica que no es KPI" in page
    assert f'id="kpi-{_network_kpi(net).pk}"' in _board(client, org, kind="metric")  # it is still a metric


def test_a_cooperatives_catalogue_metric_stays_hidden_on_its_own_board(client, net):
    client.force_login(net.admins[0])
    page = _board(client, net.coops[0])
    assert f'id="kpi-{net.kpi(0).pk}"' not in page and "Se oculta 1 métrica que no es KPI" in page


def test_cifras_de_la_red_leads_the_admin_to_the_kpi_edit_page_and_not_a_viewer(client, net):
    org, kpi = net.federation.cooperative, _network_kpi(net)
    edit = reverse("kpis:kpi_edit", args=[org.slug, kpi.pk])
    client.force_login(net.fed_admin)
    index = client.get(reverse("federation:figures_index", args=[org.slug])).content.decode()
    assert edit in index and "Sin meta todavía" in index and "Fijar meta, responsable y objetivo de «" in index
    figures = client.get(reverse("federation:figures", args=[org.slug, network.VOLUME])).content.decode()
    assert edit in figures and "Fijar su meta, responsable y objetivo" in figures
    assert client.get(edit).status_code == 200  # the existing KPI edit page, nothing of its own
    client.force_login(net.fed_viewer)
    index = client.get(reverse("federation:figures_index", args=[org.slug])).content.decode()
    assert edit not in index and "Sin meta todavía" in index


def test_with_a_target_owner_and_objective_it_gets_status_trend_and_story_like_any_kpi(client, net):
    org, kpi = net.federation.cooperative, _network_kpi(net)
    objective = Objective.objects.create(cooperative=org, title="Que la red venda más", owner=net.fed_admin)
    kpi.kind, kpi.objective, kpi.owner = "kpi", objective, net.fed_admin
    # The network sold 5.510 kg in March against a target of 6.000 kg a month.
    kpi_save(
        kpi=kpi,
        targets=[TargetInput(start=date(2025, 1, 1), end=date(2025, 3, 31), value=Decimal(18000))],
        user=net.fed_admin,
    )
    client.force_login(net.fed_viewer)
    page = _board(client, org)
    tile = page[page.rindex("<li", 0, page.index(f'id="kpi-{kpi.pk}"')) :]
    tile = tile[: tile.index("</li>")]
    assert "st-at_risk" in tile and "En riesgo" in tile  # status
    assert "Lleva: <strong>16.515 kg</strong> de 18.000 kg" in tile  # target and pace
    assert "<svg" in tile  # its trend line
    assert 'class="story">Volumen vendido: 5.510 kg en marzo 2025; el trimestre cerró en 92\xa0% de la meta.' in tile
    assert "Indicador de la red</p>" in tile  # no longer waiting for a target
    assert "Se oculta" not in page
    index = client.get(reverse("federation:figures_index", args=[org.slug])).content.decode()
    assert "KPI con meta" in index


def test_the_board_asks_as_many_queries_with_one_network_indicator_as_with_three(client, net):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from rumbo.engine.choice.catalog import template
    from rumbo.federation.services.figures import network_kpi_ensure

    def counted() -> int:
        with CaptureQueriesContext(connection) as queries:
            _board(client, net.federation.cooperative)
        return len(queries)

    client.force_login(net.fed_viewer)
    one = counted()
    for slug in (network.ON_TIME, network.OVERDUE):
        network_kpi_ensure(federation=net.federation, template=template(slug))
    assert counted() <= one  # a new edition: the board is read anew, not taken from the kept page
    assert _board(client, net.federation.cooperative).count("Indicador de la red: su meta") == 3
