"""A cell that would isolate a few of its members is published without them, not hidden: joins keep the history."""

from hypothesis import given

from rumbo.engine.network.disclosure import DIFFERENCING, DOMINANCE, Cell, Rules, publish
from tests.engine.network.attacker import scenarios


def _network(months: dict[int, dict[str, float]]) -> list[Cell]:
    return [Cell(("network", month), values) for month, values in sorted(months.items(), reverse=True)]


def _values(count: int) -> dict[str, float]:
    return {f"m{i}": 100.0 + 7 * i for i in range(count)}


def test_a_newcomer_is_left_out_of_its_months_and_no_month_disappears():
    """20 members for two years, one joins for the last half year: all 24 months published, over the 20."""
    old = _values(20)
    months = {m: dict(old) | ({"new": 5000.0} if m >= 18 else {}) for m in range(24)}
    published = publish(_network(months), Rules())
    assert all(p.total == sum(old.values()) for p in published)
    assert [p.contributors for p in published] == [21] * 6 + [20] * 18  # the count says who sent a figure
    assert [p.used for p in published] == [20] * 24  # and `used` how many the figures rest on
    assert all("new" not in p.members_used for p in published)


def test_newcomers_enter_the_figures_once_k_of_them_have_joined():
    """k = 5: one member joins in month 10, four more in month 13; from month 13 the five are in."""
    old = _values(12)
    newcomers = {f"n{i}": 50.0 + i for i in range(5)}
    months: dict[int, dict[str, float]] = {}
    for month in range(16):
        here = dict(old)
        if month >= 10:
            here["n0"] = newcomers["n0"]
        if month >= 13:
            here |= newcomers
        months[month] = here
    published = {p.key[1]: p for p in publish(_network(months), Rules())}
    assert all(p.total is not None for p in published.values())  # no month disappears
    for month in range(13):
        assert published[month].total == sum(old.values()) and published[month].used == 12
    for month in range(13, 16):
        assert published[month].total == sum(old.values()) + sum(newcomers.values())
        assert published[month].used == 17


def test_a_member_missing_one_month_hides_only_that_month():
    values = _values(20)
    months = {m: {k: v for k, v in values.items() if not (m == 7 and k == "m3")} for m in range(24)}
    published = {p.key[1]: p for p in publish(_network(months), Rules())}
    assert published[7].total is None and published[7].reasons == (DIFFERENCING,)
    assert all(published[m].total == sum(values.values()) for m in range(24) if m != 7)


def test_a_month_only_some_members_have_sent_yet_is_the_one_hidden():
    values = _values(20)
    months = {m: dict(values) for m in range(24)}
    months[24] = {k: v for k, v in values.items() if k not in {"m0", "m1"}}  # 18 of 20 so far
    published = {p.key[1]: p for p in publish(_network(months), Rules())}
    assert published[24].total is None and published[24].median is None and published[24].used == 0
    assert all(published[m].total == sum(values.values()) for m in range(24))


def test_a_few_members_of_a_group_whose_others_are_outside_are_trimmed():
    """A region whose total is shown; a grouping with 2 of its members and 6 others drops those 2."""
    north = {f"n{i}": 100.0 + i for i in range(8)}
    south = {f"s{i}": 200.0 + i for i in range(6)}
    mixed = {"n0": north["n0"], "n1": north["n1"]} | south
    cells = [Cell(("norte", 1), north), Cell(("sur", 1), south), Cell(("mixto", 1), mixed)]
    norte, sur, mixto = publish(cells, Rules())
    assert norte.total == sum(north.values()) and sur.total == sum(south.values())
    assert mixto.contributors == 8 and mixto.used == 6 and mixto.total == sum(south.values())


def test_a_cell_leaving_a_few_members_of_a_group_outside_is_hidden_not_trimmed():
    north = {f"n{i}": 100.0 + i for i in range(8)}
    most = {k: v for k, v in north.items() if k not in {"n0", "n1"}}  # 6 inside, 2 outside
    big, small = publish([Cell(("norte", 1), north), Cell(("algunos", 1), most)], Rules())
    assert big.total == sum(north.values())
    assert small.total is None and small.used == 0 and small.reasons == (DIFFERENCING,)


def test_a_trimmed_cell_is_checked_again_by_the_primary_rules_on_the_members_it_keeps():
    """With the newcomer the two largest make 83 % of the total; without it 85.5 %: the total is hidden."""
    old = {"big": 1000.0, "a": 60.0, "b": 60.0, "c": 60.0, "d": 60.0}
    months = {m: dict(old) for m in range(5)}
    months[5] = old | {"new": 200.0}
    published = {p.key[1]: p for p in publish(_network(months), Rules())}
    assert published[5].used == 5 and published[5].total is None and published[5].reasons == (DOMINANCE,)
    assert published[5].median == 60.0  # its quartiles are those of the five kept


@given(scenarios())
def test_every_published_figure_rests_on_at_least_k_of_its_own_contributors(scenario):
    for cell, figure in zip(scenario.cells, publish(scenario.cells, scenario.rules)):
        if figure.total is not None or figure.median is not None:
            assert figure.members_used <= set(cell.values)
            assert figure.used == len(figure.members_used) >= scenario.rules.min_contributors
        else:
            assert figure.used == 0


def test_a_newcomer_beside_the_networks_latest_cohort_is_left_out_not_tied_to_it():
    """Ten members from month 0, a cohort of five from month 12, one newcomer from month 15 (bench/federation.py's
    cohort run, small): the newcomer's nine months come before the cohort's three in the order, and the six who
    are new there would enter as one group that the cohort's own months then split. The newcomer, who began
    latest, is left out instead: every month is published."""
    old, cohort = _values(10), {f"c{i}": 500.0 + i for i in range(5)}
    months = {m: dict(old) | (cohort if m >= 12 else {}) | ({"new": 900.0} if m >= 15 else {}) for m in range(24)}
    published = {p.key[1]: p for p in publish(_network(months), Rules())}
    assert all(p.total is not None for p in published.values())
    assert all(published[m].used == 15 and published[m].total == sum((old | cohort).values()) for m in range(12, 24))
    assert [published[m].contributors for m in (11, 12, 15)] == [10, 15, 16]
    assert all("new" not in p.members_used for p in published.values())


def test_newcomers_who_began_in_the_same_month_enter_together_whatever_their_number_beside_a_cohort():
    """Five members of a cohort and five who began later in the same month are two groups of k: all enter."""
    old, cohort = _values(10), {f"c{i}": 500.0 + i for i in range(5)}
    later = {f"l{i}": 700.0 + i for i in range(5)}
    months = {m: dict(old) | (cohort if m >= 12 else {}) | (later if m >= 15 else {}) for m in range(24)}
    published = {p.key[1]: p for p in publish(_network(months), Rules())}
    assert all(p.total is not None and p.used == p.contributors for p in published.values())
