"""The learned-relevance term of the objective: modular, counted by every solver and by
the gains, and able to bring in a partner the ranker puts first."""

from __future__ import annotations

import numpy as np
import pytest

from consortium.calls.topic import Call
from consortium.search.exact import solve
from consortium.search.greedy import candidate_pool, search, submodular_bound
from consortium.search.problem import SearchConfig, objective, penalised, scored
from consortium.search.sizes import typical_size


def with_relevance(problem, rel):
    problem.relevance = np.asarray(rel, dtype=np.float64)
    return problem


def test_gains_include_the_relevance_term(random_problem) -> None:
    p = with_relevance(random_problem(3), np.linspace(1, 0, 40))
    members = [0, 5]
    cand = np.array([1, 2, 30])
    gain, _, work = scored(p, members, cand)
    for k, j in enumerate(cand):
        assert gain[k] == pytest.approx(objective(p, [*members, int(j)]) - objective(p, members),
                                        abs=1e-6)
    assert work[0] - work[2] > 0.04          # partner 1 ranks far above partner 30


def test_a_top_ranked_partner_is_a_candidate_and_gets_chosen(problem) -> None:
    S = np.full((2, 6), 0.5)
    S[:, 5] = 0.0                 # partner 5 covers nothing better than the others
    p = problem(S, ["AA", "BB", "CC", "DD", "EE", "FF"])
    cfg = SearchConfig(min_size=3, max_size=4, per_requirement=2)
    assert 5 not in search(p, (), (), cfg)
    p.relevance = np.array([0, 0, 0, 0, 0, 1.0])
    p.score_weights = type(p.score_weights)(relevance=0.5)
    assert 5 in candidate_pool(p, (), (), 2)
    assert 5 in search(p, (), (), cfg)


def test_the_bound_and_the_exact_solver_count_relevance(random_problem) -> None:
    p = with_relevance(random_problem(5, n=14, r=4), np.linspace(1, 0, 14))
    cfg = SearchConfig(min_size=3, max_size=4)
    chosen = search(p, (), (), cfg)
    assert submodular_bound(p, [chosen[:1], chosen], cfg) >= penalised(p, chosen, cfg) - 1e-9
    exact = solve(p, np.arange(p.n), (), cfg)
    assert exact.value == pytest.approx(penalised(p, exact.members, cfg), abs=1e-6)
    assert exact.value >= penalised(p, chosen, cfg) - 1e-6


def call(**kw) -> Call:
    base = dict(id="HORIZON-CL3-2026-01-FCT-02", title="t", call="", action_type="RIA",
                deadline="", source="s", sections={}, requirements=[])
    base.update(kw)
    return Call(**base)


def test_typical_size_by_budget_then_by_type_of_action() -> None:
    by_budget = typical_size(call(budget_min=4_000_000, budget_max=5_000_000))
    assert (by_budget.low, by_budget.high) == (12, 18)
    assert "RIA of EUR 4-6 M: 12-18 partners" in by_budget.basis
    assert "Cluster 3" in by_budget.basis
    by_type = typical_size(call(action_type="CSA"))
    assert (by_type.low, by_type.high) == (7, 17)
    assert "H2020 Secure Societies CSAs" in by_type.basis
    other = typical_size(call(id="HORIZON-CL5-2024-D3-01-01", action_type=""))
    assert other.low < other.high and "Horizon Europe" in other.basis
