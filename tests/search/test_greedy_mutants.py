"""Survivors of search/greedy.py in the mutation run of 2026-12-03 (#25): the candidate
pool's pruning (no test gave ``per_requirement`` below the pool size), the refill and
swap rules at their limits, the greedy's steps and the submodular bound's arithmetic."""

from __future__ import annotations

import numpy as np
import pytest

from consortium.errors import SearchError
from consortium.score.coverage import ScoreWeights
from consortium.search.constraints import AtLeast, AtMostPer
from consortium.search.greedy import (
    _best_refill,
    candidate_pool,
    greedy,
    greedy_swaps,
    local_search,
    search,
    submodular_bound,
)
from consortium.search.problem import Problem, SearchConfig, coverage_gains, objective

PLAIN = ScoreWeights(diversity=0.0, relevance=1.0)


def bare(S: list[list[float]], weights: list[float] | None = None, **kw) -> Problem:
    """A problem with no diversity terms: every gain is coverage (and relevance)."""
    arr = np.array(S, dtype=np.float64)
    w = np.ones(arr.shape[0]) if weights is None else np.array(weights, dtype=np.float64)
    return Problem(S=arr, weights=w, score_weights=kw.pop("score_weights", PLAIN), **kw)


def top_k(S: np.ndarray, k: int) -> set[int]:
    return {int(j) for row in S for j in np.argsort(-row, kind="stable")[:k]}


def test_the_pool_is_each_requirements_top_k_exactly() -> None:
    rng = np.random.default_rng(7)
    S = rng.random((12, 30))
    pool = candidate_pool(bare(S.tolist()), [], [], 2)
    assert set(pool.tolist()) == top_k(S, 2) and pool.dtype == np.intp
    assert pool.tolist() == sorted(pool.tolist())
    assert set(candidate_pool(bare(S.tolist()), [], [], 3).tolist()) == top_k(S, 3)


def test_the_pool_keeps_the_100_partners_the_ranker_puts_first() -> None:
    rng = np.random.default_rng(3)
    S = rng.random((2, 150))
    rel = rng.permutation(150) / 150
    pool = candidate_pool(bare(S.tolist(), relevance=rel), [], [], 1)
    assert set(pool.tolist()) == top_k(S, 1) | set(np.argsort(-rel)[:100].tolist())


def test_the_pool_keeps_three_best_of_an_at_least_mask_outside_the_exclusions() -> None:
    # requirement 0 is won by partner 0; the mask holds 2..7 with rising scores elsewhere
    S = np.zeros((2, 10))
    S[0, 0] = 1.0
    S[1, 2:8] = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6]
    S[1, 8] = 0.9            # outside the mask, best of requirement 1
    mask = np.zeros(10, bool)
    mask[2:8] = True
    cap = AtMostPer("per country", np.arange(10), 1)
    p = bare(S.tolist(), constraints=[cap, AtLeast("a type", mask, 1)])
    assert set(candidate_pool(p, [], [], 1).tolist()) == {0, 8, 7, 6, 5}
    # the best of the mask excluded: the next three stand in for it
    assert set(candidate_pool(p, [], [7], 1).tolist()) == {0, 8, 6, 5, 4}
    two = AtLeast("two of the type", mask, 2)
    p2 = bare(S.tolist(), constraints=[two])
    assert set(candidate_pool(p2, [], [], 1).tolist()) == {0, 8, 7, 6, 5, 4, 3, 2}


def test_the_pool_keeps_three_best_of_every_value_of_every_constraint() -> None:
    S = np.zeros((1, 12))
    S[0, 0] = 1.0
    S[0, 1:11] = np.linspace(0.1, 0.5, 10)   # partner 10 best, 1 worst
    by = np.array([0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 3])
    everyone = np.ones(12, bool)
    first = AtLeast("any partner", np.zeros(12, bool) | (by == 3), 1)
    spread = AtLeast("three countries", everyone, 3, by, 3)
    p = bare(S.tolist(), constraints=[first, spread])
    # by value: 0 -> {0}; 1 -> best three of 1..5; 2 -> best three of 6..10; 3 -> {11}
    assert set(candidate_pool(p, [], [], 1).tolist()) == {0, 3, 4, 5, 8, 9, 10, 11}


def test_a_search_with_every_partner_excluded_names_the_rule() -> None:
    p = bare([[1.0, 0.5, 0.2]], constraints=[AtLeast("at least one partner", np.ones(3, bool))])
    assert candidate_pool(p, [], [0, 1, 2], 3).dtype == np.intp
    with pytest.raises(SearchError, match="cannot be met with this pool and size: at least one"):
        search(p, exclude=[0, 1, 2], cfg=SearchConfig(min_size=1, max_size=2))


def test_greedy_stops_when_the_candidates_run_out_without_repeating_one() -> None:
    p = bare([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]])
    cfg = SearchConfig(min_size=5, max_size=5, min_gain=0.0)
    assert sorted(greedy(p, [], np.arange(3), cfg)) == [0, 1, 2]


def test_greedy_adds_partners_above_the_minimum_while_they_bring_min_gain() -> None:
    p = bare([[1.0, 0.0, 0.0], [0.0, 0.5, 0.0], [0.0, 0.0, 0.25]], weights=[1, 1, 1])
    exact = float(coverage_gains(p, [0, 1], np.array([2]))[0])
    cfg = SearchConfig(min_size=1, max_size=3, min_gain=exact)
    assert greedy(p, [], np.arange(3), cfg) == [0, 1, 2]   # 2 brings min_gain exactly
    above = SearchConfig(min_size=1, max_size=3, min_gain=exact * 1.01)
    assert greedy(p, [], np.arange(3), above) == [0, 1]


def test_refill_takes_a_newcomer_never_a_member() -> None:
    p = bare([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])
    cfg = SearchConfig(min_gain=0.0)
    assert _best_refill(p, [0, 1], np.arange(3), 1, cfg, 0) == [0, 1, 2]
    assert _best_refill(p, [1, 2], np.arange(3), 1, cfg, 0) == [1, 2, 0]   # free[0] wins


def test_refill_admits_min_gain_exactly_and_refuses_less_unless_it_closes_a_gap() -> None:
    p = bare([[1.0, 0.0, 0.0], [0.0, 0.5, 0.25]])
    exact = float(coverage_gains(p, [0], np.array([2]))[0])
    rest, cand = [0], np.array([0, 2])
    assert _best_refill(p, rest, cand, 1, SearchConfig(min_gain=exact), 0) == [0, 2]
    assert _best_refill(p, rest, cand, 1, SearchConfig(min_gain=exact * 1.01), 0) is None
    # a newcomer that adds no coverage joins only if it closes a gap
    gap = AtLeast("partner 2", np.array([False, False, True]))
    nothing = bare([[1.0, 0.0, 0.0]], constraints=[gap])
    assert _best_refill(nothing, rest, cand, 1, SearchConfig(min_gain=0.1), 1) == [0, 2]
    assert _best_refill(nothing, [0, 1], np.array([0, 1]), 0, SearchConfig(), 0) is None


def test_refill_refuses_a_team_further_from_the_rules() -> None:
    need = AtLeast("partner 2", np.array([False, False, True]))
    p = bare([[1.0, 0.5, 0.0]], constraints=[need])
    assert _best_refill(p, [0], np.array([0, 1]), 1, SearchConfig(min_gain=0.0), 0) is None
    assert _best_refill(p, [0], np.array([0, 1]), 1, SearchConfig(min_gain=0.0), 1) == [0, 1]


def test_swaps_go_on_pass_after_pass_with_single_swaps() -> None:
    # start [0, 1] is worst; each single swap brings one of the strong partners 2, 3
    p = bare([[0.1, 0.0, 1.0, 0.0], [0.0, 0.1, 0.0, 1.0]])
    cfg = SearchConfig(min_size=2, max_size=2, pair_swaps=False, min_gain=0.0)
    assert sorted(local_search(p, [0, 1], set(), np.arange(4), cfg)) == [2, 3]


def test_a_single_swap_is_tried_when_one_member_is_free() -> None:
    p = bare([[1.0, 0.0, 0.0], [0.0, 0.1, 1.0]])
    cfg = SearchConfig(min_size=2, max_size=2, min_gain=0.0)
    assert sorted(local_search(p, [0, 1], {0}, np.arange(3), cfg)) == [0, 2]


def test_swaps_keep_the_team_when_a_swap_only_ties() -> None:
    # partners 1 and 2 are twins: trading one for the other changes nothing
    p = bare([[1.0, 0.0, 0.0], [0.0, 0.5, 0.5]])
    cfg = SearchConfig(min_size=2, max_size=2, pair_swaps=False, min_gain=0.0)
    assert local_search(p, [0, 2], set(), np.arange(3), cfg) == [0, 2]


def test_the_steps_run_from_the_included_partners_to_the_swapped_team() -> None:
    p = bare([[0.1, 0.0, 1.0, 0.0, 0.0], [0.0, 0.1, 0.0, 1.0, 0.0],
              [0.0, 0.0, 0.0, 0.0, 0.7]])
    cfg = SearchConfig(min_size=3, max_size=3)
    start = greedy(p, [0], np.arange(5), cfg)
    members, _, steps = greedy_swaps(p, np.arange(5), [0], cfg)
    assert len(start) == 3 and start[0] == 0
    assert steps == [start[:1], start[:2], start[:3], members]


def test_submodular_bound_by_hand() -> None:
    # member 0 covers requirement 0 (0.4) and has relevance 1; free gains .3 .2 .1 and
    # partner 4's relevance .5: sorted .5 .3 .2 .1
    S = [[1, 0, 0, 0, 0], [0, 1, 0, 0, 0], [0, 0, 1, 0, 0], [0, 0, 0, 1, 0]]
    p = bare(S, weights=[4, 3, 2, 1], relevance=np.array([1.0, 0, 0, 0, 0.5]))
    assert objective(p, [0]) == pytest.approx(1.4)
    cfg = SearchConfig(min_size=1, max_size=2, min_gain=0.003)
    assert submodular_bound(p, [[0]], cfg) == pytest.approx(1.4 + 0.8 - 0.003)


def test_submodular_bound_of_a_full_or_nearly_full_set() -> None:
    p = bare([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]])
    cfg = SearchConfig(min_size=3, max_size=3, min_gain=0.01)
    assert submodular_bound(p, [[0, 1, 2]], cfg) == pytest.approx(1.0)
    assert submodular_bound(p, [[0, 1]], cfg) == pytest.approx(1.0)
