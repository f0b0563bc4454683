"""The network before its regions: `publish(..., tier=...)` decides the network's cells first, as if alone."""

from hypothesis import given

from rumbo.engine.network.disclosure import DIFFERENCING, THRESHOLD, Cell, Rules, order, publish
from tests.engine.network.attacker import coalitions, determined_by_coalition, known_totals, scenarios, solve


def network_first(key) -> int:
    return 0 if key[0] == "network" else 1


@given(scenarios())
def test_the_networks_figures_are_those_it_would_have_without_its_regions(scenario):
    alone = [cell for cell in scenario.cells if cell.key[0] == "network"]
    without = publish(alone, scenario.rules)
    together = publish(scenario.cells, scenario.rules, tier=network_first)
    network = [p for cell, p in zip(scenario.cells, together) if cell.key[0] == "network"]
    assert network == without


@given(scenarios())
def test_no_member_value_can_be_solved_for_when_the_network_goes_first(scenario):
    """The attacker of test_differencing.py, against the network and its regions decided network first."""
    published = publish(scenario.cells, scenario.rules, tier=network_first)
    totals = known_totals(scenario.cells, published)
    assert solve(totals, {}) == {}
    for insider in scenario.values:
        assert solve(totals, {insider: scenario.values[insider]}) == {}
    members = {m for group, _ in totals for m in group}
    for coalition in coalitions(members, min(scenario.rules.min_contributors - 2, len(members))):
        assert determined_by_coalition(totals, coalition) == set()


@given(scenarios())
def test_two_cells_never_differ_by_fewer_than_k_members_when_the_network_goes_first(scenario):
    published = publish(scenario.cells, scenario.rules, tier=network_first)
    shown = [p.members_used for p in published if p.total is not None or p.median is not None]
    k = scenario.rules.min_contributors
    for index, one in enumerate(shown):
        for other in shown[index + 1 :]:
            assert len(one ^ other) == 0 or len(one ^ other) >= k


def test_a_tier_comes_before_the_frequency_of_its_sets():
    five = {m: 100.0 + i for i, m in enumerate("abcde")}
    cells = [Cell(("region:norte", 2), five), Cell(("region:norte", 1), five), Cell(("network", 1), five | {"f": 1.0})]
    assert order(cells) == [0, 1, 2]
    assert order(cells, tier=network_first) == [2, 0, 1]


def test_a_region_and_the_network_that_would_give_away_the_member_in_no_region():
    """Network = norte + sur + one member in no region: the third total would be the difference of the other two."""
    norte = {f"n{i}": 100.0 + i for i in range(5)}
    sur = {f"s{i}": 200.0 + 3 * i for i in range(5)}
    cells = [Cell(("network", 1), norte | sur | {"x": 150.0}), Cell(("norte", 1), norte), Cell(("sur", 1), sur)]
    network, north, south = publish(cells, Rules(), tier=network_first)
    assert network.total == sum((norte | sur).values()) + 150.0 and north.total == sum(norte.values())
    assert south.total is None and south.median is None and south.reasons == (DIFFERENCING,)
    assert south.contributors == 5  # its count stays


def test_a_region_of_fewer_than_k_shows_only_its_count():
    members = {f"m{i}": 100.0 + i for i in range(12)}
    small = {m: members[m] for m in ("m0", "m1", "m2")}
    network, region = publish([Cell(("network", 1), members), Cell(("costa", 1), small)], Rules(), tier=network_first)
    assert network.total is not None
    assert (region.contributors, region.total, region.median, region.p25, region.p75) == (3, None, None, None, None)
    assert region.reasons == (THRESHOLD,) and region.used == 0
