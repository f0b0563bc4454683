"""Each cell's own rules, with worked numbers: threshold, (n, k) dominance, p % rule, ratios, quartiles, bands."""

import random

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from rumbo.engine.network.disclosure import (
    DOMINANCE,
    P_PERCENT,
    THRESHOLD,
    Cell,
    Published,
    Rules,
    band,
    dominated,
    p_percent_sensitive,
    publish,
    quantile,
)


def one(values, rules=None, denominators=None, **kwargs):
    return publish([Cell("c", values, denominators)], rules or Rules(), **kwargs)[0]


def members(*values):
    return {f"m{i}": float(v) for i, v in enumerate(values)}


def test_fewer_than_k_contributors_show_only_their_count():
    shown = one(members(10, 20, 30, 40))
    assert shown == Published("c", 4, None, None, None, None, None, (THRESHOLD,))
    assert one(members(10, 20, 30, 40, 50)).total == 150.0


def test_k_is_never_below_three():
    with pytest.raises(ValueError):
        Rules(min_contributors=2)
    assert one(members(10, 20, 30), Rules(min_contributors=3)).median == 20.0


def test_two_largest_over_85_percent_hide_the_total_but_not_the_quartiles():
    # (2, 85): 50 + 40 = 90 of T = 100
    assert dominated([50, 40, 5, 3, 2], 2, 0.85)
    figure = one(members(50, 40, 5, 3, 2))
    assert figure.total is None and DOMINANCE in figure.reasons
    assert figure.median == 13.25  # sorted 2, 3, 5, 40, 50: (3 + 2·5 + 40) / 4
    # 45 + 40 = 85 of 100 is not more than 85 %: published
    assert not dominated([45, 40, 5, 5, 5], 2, 0.85)
    assert one(members(45, 40, 5, 5, 5)).total == 100.0


def test_one_dominant_contributor_under_a_1_60_rule():
    assert dominated([70, 10, 10, 5, 5], 1, 0.60)
    assert not dominated([60, 10, 10, 10, 10], 1, 0.60)


def test_p_percent_rule_with_the_reference_formula():
    # T - x1 - x2 < p/100 · x1: 100, 60 and 9 more -> the second largest knows the largest to within 9 %
    assert p_percent_sensitive([100, 60, 3, 3, 3], 10)
    assert not p_percent_sensitive([100, 60, 4, 3, 3], 10)  # 10 is not below 10
    only_p = Rules(dominance_share=1.0)  # no dominance rule, to see the p % rule act alone
    assert one(members(100, 60, 3, 3, 3), only_p).reasons == (P_PERCENT,)
    assert one(members(100, 60, 4, 3, 3), only_p).total == 170.0


def test_negative_contributions_count_by_their_size():
    assert dominated([-500, 400, 10, 10, 10], 2, 0.85)


def test_a_ratio_is_computed_from_its_summed_parts_and_each_part_is_checked():
    loans = members(100, 200, 300, 400, 500)
    late = members(5, 10, 30, 20, 35)
    figure = one(late, denominators=loans)
    assert figure.total == 100.0
    assert figure.ratio == pytest.approx(100 / 1500)  # not the mean of the five rates
    assert figure.median == pytest.approx((0.05 + 2 * 0.05 + 0.07) / 4)  # rates .05 .05 .05 .07 .1
    dominated_loans = members(100, 200, 300, 400, 9000)
    hidden = one(late, denominators=dominated_loans)
    assert (hidden.total, hidden.ratio, hidden.reasons) == (None, None, (DOMINANCE, P_PERCENT))
    with pytest.raises(ValueError):
        one(late, denominators=members(1, 2, 3, 4))


def test_quartiles_follow_numpy_linear_between_two_contributions():
    ordered = [10.0, 20.0, 30.0, 40.0]
    assert [quantile(ordered, q) for q in (0.25, 0.5, 0.75)] == [17.5, 25.0, 32.5]
    assert [quantile(ordered, q) for q in (0.25, 0.5, 0.75)] == list(np.quantile(ordered, [0.25, 0.5, 0.75]))


def test_a_quartile_that_would_be_one_contribution_is_taken_half_a_rank_either_side():
    # n = 5, median at rank 2 exactly: (x1 + 2 x2 + x3) / 4, never the middle member's own figure
    assert quantile([1.0, 2.0, 10.0, 11.0, 100.0], 0.5) == 8.25
    assert quantile([1.0, 2.0, 10.0, 11.0, 100.0], 0.25) == (1 + 4 + 10) / 4
    with pytest.raises(ValueError):
        quantile([1.0, 2.0], 0.5)


@given(st.integers(3, 60), st.sampled_from([0.25, 0.5, 0.75]))
def test_every_quartile_rests_on_two_contributions_or_more(n, q):
    weights = [quantile([1.0 if i == j else 0.0 for i in range(n)], q) for j in range(n)]
    assert sum(1 for w in weights if w > 0) >= 2
    assert sum(weights) == pytest.approx(1.0)
    if n >= 6:  # from six contributions on, neither the minimum nor the maximum enters a quartile
        assert weights[0] == 0 and weights[-1] == 0


def test_minima_and_maxima_are_never_published():
    figure = one(members(3, 7, 1, 9, 5, 4))
    published = {figure.total, figure.median, figure.p25, figure.p75}
    assert not published & {1.0, 9.0}
    assert not any(hasattr(figure, name) for name in ("minimum", "maximum", "min", "max"))


def test_figures_are_rounded_to_the_display_precision():
    figure = one(members(10.123, 20.456, 30.789, 40.111, 50.999), decimals=1)
    assert (figure.total, figure.median, figure.p25, figure.p75) == (152.5, 30.5, 20.5, 40.5)


@given(st.lists(st.floats(-1e6, 1e6, allow_nan=False), min_size=0, max_size=12), st.randoms(use_true_random=False))
def test_the_same_cells_give_the_same_figures_whatever_the_order_of_members(values, rng):
    cells = [Cell(("network", 1), members(*values)), Cell(("region", 1), members(*values[:7]))]
    shuffled = []
    for cell in cells:
        items = list(cell.values.items())
        rng.shuffle(items)
        shuffled.append(Cell(cell.key, dict(items)))
    assert publish(cells, Rules()) == publish(cells, Rules()) == publish(shuffled, Rules())


def _figure(p25, median, p75):
    return Published("c", 14, None, None, median, p25, p75, ())


def test_band_says_which_quarter_a_member_is_in():
    figure = _figure(10.0, 20.0, 30.0)
    assert [band(v, figure, higher_is_better=True) for v in (35, 30, 25, 20, 15, 10, 5)] == [
        "top",
        "top",
        "upper_middle",
        "upper_middle",
        "lower_middle",
        "lower_middle",
        "bottom",
    ]
    assert [band(v, figure, higher_is_better=False) for v in (5, 15, 25, 35)] == [
        "top",
        "upper_middle",
        "lower_middle",
        "bottom",
    ]
    assert band(25, _figure(None, 20.0, 30.0), higher_is_better=True) is None
    assert band(25, one(members(1, 2, 3)), higher_is_better=True) is None


def test_band_from_published_network_figures():
    values = members(*random.Random(4).sample(range(100, 1000), 14))
    figure = one(values)
    assert figure.contributors == 14
    bands = [band(v, figure, higher_is_better=True) for v in values.values()]
    assert [bands.count(name) for name in ("top", "upper_middle", "lower_middle", "bottom")] == [4, 3, 3, 4]
