from __future__ import annotations

import numpy as np
import pytest

from consortium.errors import SearchError
from consortium.score.coverage import ScoreWeights
from consortium.search.alternatives import alternatives
from consortium.search.constraints import AtLeast, AtMostPer
from consortium.search.greedy import search
from consortium.search.problem import SearchConfig, deficit, gains, objective


def test_gains_match_objective_differences(random_problem) -> None:
    p = random_problem(1)
    members = [0, 5, 9]
    cand = np.arange(10, 40)
    gain, _ = gains(p, members, cand)
    for c, g in zip(cand, gain):
        assert abs(objective(p, [*members, int(c)]) - objective(p, members) - g) < 1e-5


def test_search_respects_size_include_exclude_and_eligibility(random_problem) -> None:
    for seed in range(5):
        p = random_problem(seed)
        cfg = SearchConfig(min_size=4, max_size=6)
        members = search(p, include=[3], exclude=[7, 8], cfg=cfg)
        assert 4 <= len(members) <= 6 and len(set(members)) == len(members)
        assert 3 in members and not {7, 8} & set(members)
        assert deficit(p, members) == 0


def test_search_is_close_to_brute_force_on_small_pools(random_problem) -> None:
    from itertools import combinations

    for seed in range(4):
        p = random_problem(seed, n=12, r=6)
        cfg = SearchConfig(min_size=3, max_size=3, per_requirement=12)
        found = objective(p, search(p, cfg=cfg))
        best = max(objective(p, list(c)) for c in combinations(range(12), 3)
                   if deficit(p, list(c)) == 0)
        assert found >= 0.97 * best


def test_search_picks_the_partner_that_covers_a_requirement(problem) -> None:
    S = np.array([[0.9, 0.1, 0.1, 0.1], [0.1, 0.1, 0.1, 0.8], [0.2, 0.7, 0.1, 0.1]])
    p = problem(S, ["DE", "FR", "IT", "ES"])
    assert set(search(p, cfg=SearchConfig(min_size=3, max_size=3))) == {0, 1, 3}


def test_eligibility_forces_a_third_country(problem) -> None:
    # the two best partners are German; a third country is needed even if weaker
    S = np.array([[0.9, 0.8, 0.2, 0.1], [0.8, 0.9, 0.1, 0.3]])
    p = problem(S, ["DE", "DE", "FR", "IT"])
    members = search(p, cfg=SearchConfig(min_size=2, max_size=3))
    assert deficit(p, members) == 0 and len(members) == 3


def test_unsatisfiable_constraints_are_named(problem) -> None:
    p = problem(np.ones((2, 4)), ["DE", "DE", "FR", "FR"])
    with pytest.raises(SearchError, match="3 countries"):
        search(p, cfg=SearchConfig(min_size=2, max_size=4))
    p = problem(np.ones((2, 4)), ["NO", "IS", "UK", "CH"], ms=set())
    with pytest.raises(SearchError, match="Member State"):
        search(p, cfg=SearchConfig(min_size=3, max_size=4))
    with pytest.raises(SearchError, match="both included and excluded"):
        search(p, include=[1], exclude=[1])


def test_weights_change_the_choice(problem) -> None:
    S = np.array([[0.9, 0.0, 0.5], [0.0, 0.9, 0.5]])
    p = problem(S, ["DE", "FR", "IT"])
    p.weights = np.array([10.0, 1.0], dtype=np.float32)
    p.score_weights = ScoreWeights(diversity=0.0)
    p.constraints = []
    assert search(p, cfg=SearchConfig(min_size=1, max_size=1), include=[])[0] in (0,)


def test_at_most_per_country_and_required_type(random_problem) -> None:
    for seed in range(4):
        p = random_problem(seed)
        p.constraints.append(AtMostPer("at most 1 per country", p.country, 1))
        p.constraints.append(AtLeast("a public body", p.group == 2, 2))
        members = search(p, cfg=SearchConfig(min_size=5, max_size=6))
        assert len(set(p.country[members].tolist())) == len(members)
        assert int((p.group[members] == 2).sum()) >= 2


def test_alternatives_differ_by_two_members_and_stay_eligible(random_problem) -> None:
    p = random_problem(3, n=30)
    cfg = SearchConfig(min_size=5, max_size=5)
    best = search(p, cfg=cfg)
    alts = alternatives(p, best, 3, cfg=cfg)
    assert len(alts) == 3
    everything = [best, *alts]
    for i, a in enumerate(everything):
        assert deficit(p, a) == 0 and len(a) == 5
        for b in everything[i + 1:]:
            assert len(set(a) - set(b)) >= 2
    assert all(objective(p, a) <= objective(p, best) + 1e-9 for a in alts)  # same size


def test_search_close_to_brute_force_with_constraints(random_problem) -> None:
    from itertools import combinations

    for seed in range(3):
        p = random_problem(seed, n=14, r=6)
        p.constraints.append(AtMostPer("at most 1 per country", p.country, 1))
        cfg = SearchConfig(min_size=4, max_size=4, per_requirement=14)
        found = objective(p, search(p, cfg=cfg))
        best = max(objective(p, list(c)) for c in combinations(range(14), 4)
                   if deficit(p, list(c)) == 0
                   and len(set(p.country[list(c)].tolist())) == 4)
        assert found >= 0.97 * best
