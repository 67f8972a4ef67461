"""Local search: what only a pair swap finds (consortium/search/greedy.py).

The pool below (found by a seeded scan of small random pools) has one best team of
three, {2, 3, 6} (coverage 0.82). Greedy picks {0, 2, 5} (0.76) and no single swap
improves on it; replacing two members at once reaches the best. A search restricted to
single swaps fails this test.
"""

from __future__ import annotations

from itertools import combinations

import numpy as np

from consortium.score.coverage import ScoreWeights
from consortium.search.greedy import greedy, local_search, search
from consortium.search.problem import Problem, SearchConfig, objective

S = np.array([[0.2, 0.4, 0.9, 0.4, 0.7, 0.5, 0.5],
              [0.9, 0.2, 0.1, 0.3, 0.4, 0.7, 0.9],
              [0.2, 0.3, 0.2, 0.5, 0.3, 0.8, 0.9],
              [0.6, 0.0, 0.5, 0.6, 0.3, 0.4, 0.4],
              [0.2, 0.1, 0.5, 0.8, 0.3, 0.6, 0.0]], dtype=np.float32)
CFG = SearchConfig(min_size=3, max_size=3, per_requirement=7)


def pool() -> Problem:
    """Coverage only: no diversity, no constraints, so the swaps alone decide."""
    return Problem(S=S, weights=np.ones(5, np.float32),
                   score_weights=ScoreWeights(diversity=0.0))


def test_the_best_team_is_unique() -> None:
    p = pool()
    value = {c: objective(p, list(c)) for c in combinations(range(7), 3)}
    best = max(value.values())
    assert [c for c, v in value.items() if abs(v - best) < 1e-9] == [(2, 3, 6)]
    assert abs(best - 0.82) < 1e-6


def test_only_pair_swaps_reach_the_best_team() -> None:
    p = pool()
    assert sorted(search(p, cfg=CFG)) == [2, 3, 6]
    singles = SearchConfig(min_size=3, max_size=3, per_requirement=7, pair_swaps=False)
    single = sorted(search(p, cfg=singles))
    assert single == [0, 2, 5] and abs(objective(p, single) - 0.76) < 1e-6


def test_greedy_alone_stops_short_and_swaps_only_improve() -> None:
    p = pool()
    start = greedy(p, [], np.arange(7), CFG)
    assert len(start) == 3 and objective(p, start) < 0.82 - 1e-6
    improved = local_search(p, list(start), set(), np.arange(7), CFG)
    assert sorted(improved) == [2, 3, 6]
    # a fixed member is never swapped out
    kept = local_search(p, list(start), {start[0]}, np.arange(7), CFG)
    assert start[0] in kept and objective(p, kept) >= objective(p, start)
