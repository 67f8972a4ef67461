from __future__ import annotations

from itertools import combinations

import numpy as np

from consortium.search.constraints import AtMostPer
from consortium.search.exact import solve
from consortium.search.greedy import search, submodular_bound
from consortium.search.problem import SearchConfig, deficit, gap, penalised
from consortium.search.solvers import GreedySolver


def search_bounded(p, include, exclude, cfg):
    solution = GreedySolver().solve(p, include, exclude, cfg)
    return solution.members, solution.bound


def brute_force(p, cfg: SearchConfig) -> float:
    best = -np.inf
    for size in range(cfg.min_size, cfg.max_size + 1):
        for c in combinations(range(p.n), size):
            members = list(c)
            if deficit(p, members) == 0 and not any(
                    isinstance(k, AtMostPer) and k.violated(np.array(members))
                    for k in p.constraints):
                best = max(best, penalised(p, members, cfg))
    return best


def test_milp_finds_the_brute_force_optimum(random_problem) -> None:
    for seed in range(3):
        p = random_problem(seed, n=11, r=5)
        p.constraints.append(AtMostPer("at most 2 per country", p.country, 2))
        cfg = SearchConfig(min_size=3, max_size=4, min_gain=0.01)
        result = solve(p, np.arange(p.n), [], cfg)
        assert result.optimal
        assert abs(result.value - brute_force(p, cfg)) < 1e-6
        assert result.bound >= result.value - 1e-6


def test_lp_bound_is_above_every_consortium_and_gap_is_reported(random_problem) -> None:
    p = random_problem(7, n=30, r=8)
    cfg = SearchConfig(min_size=4, max_size=6)
    cand = np.arange(p.n)
    relaxed = solve(p, cand, [], cfg, relax=True)
    exact = solve(p, cand, [], cfg)
    greedy = penalised(p, search(p, cfg=cfg), cfg)
    assert relaxed.bound >= exact.value - 1e-6 >= greedy - 1e-6
    assert 0 <= gap(greedy, relaxed.bound) < 0.5


def test_included_partner_is_kept(random_problem) -> None:
    p = random_problem(2, n=15, r=5)
    result = solve(p, np.arange(p.n), [14], SearchConfig(min_size=3, max_size=3))
    assert 14 in result.members and len(result.members) == 3


def test_the_submodular_bound_is_never_below_the_brute_force_optimum(random_problem) -> None:
    for seed in range(6):
        p = random_problem(seed, n=10, r=6)
        cfg = SearchConfig(min_size=2, max_size=4, min_gain=0.01 * (seed % 3))
        members, bound = search_bounded(p, [], [], cfg)
        optimum = brute_force(p, cfg)
        assert bound >= optimum - 1e-6
        assert bound >= penalised(p, members, cfg) - 1e-6
        # From the empty set alone it is weaker, never stronger, than over the steps.
        assert submodular_bound(p, [[]], cfg) >= bound - 1e-9


def test_the_submodular_bound_is_tight_when_one_partner_covers_everything(random_problem) -> None:
    p = random_problem(0, n=8, r=4)
    p.S[:] = 0.0
    p.S[:, 3] = 1.0
    p.terms, p.constraints = [], []
    cfg = SearchConfig(min_size=1, max_size=3, min_gain=0.01)
    members, bound = search_bounded(p, [], [], cfg)
    assert members == [3]
    assert gap(penalised(p, members, cfg), bound) == 0.0
