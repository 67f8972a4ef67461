from __future__ import annotations

import numpy as np
import pytest

from consortium.errors import SearchError
from consortium.score import ScoreWeights
from consortium.search import Problem, SearchConfig, deficit, gains, objective, search


def problem(S: np.ndarray, countries: list[str], ms: set[str] | None = None,
            groups: list[int] | None = None) -> Problem:
    ms = ms if ms is not None else set(countries)
    codes = {c: i for i, c in enumerate(dict.fromkeys(countries))}
    n = S.shape[1]
    return Problem(S=S.astype(np.float32), weights=np.ones(S.shape[0], dtype=np.float32),
                   country=np.array([codes[c] for c in countries]),
                   group=np.array(groups if groups is not None else [0] * n),
                   sme=np.zeros(n, bool), eligible_country=np.ones(n, bool),
                   member_state=np.array([c in ms for c in countries]))


def random_problem(seed: int, n: int = 40, r: int = 8) -> Problem:
    rng = np.random.default_rng(seed)
    countries = [f"C{int(i)}" for i in rng.integers(0, 8, n)]
    return problem(rng.random((r, n)), countries, groups=rng.integers(0, 4, n).tolist())


def test_gains_match_objective_differences() -> None:
    p = random_problem(1)
    members = [0, 5, 9]
    cand = np.arange(10, 40)
    gain, _ = gains(p, members, cand)
    for c, g in zip(cand, gain):
        assert abs(objective(p, [*members, int(c)]) - objective(p, members) - g) < 1e-5


def test_search_respects_size_include_exclude_and_eligibility() -> None:
    for seed in range(5):
        p = random_problem(seed)
        cfg = SearchConfig(min_size=4, max_size=6)
        members = search(p, include=[3], exclude=[7, 8], cfg=cfg)
        assert 4 <= len(members) <= 6 and len(set(members)) == len(members)
        assert 3 in members and not {7, 8} & set(members)
        assert deficit(p, members) == 0


def test_search_is_close_to_brute_force_on_small_pools() -> None:
    from itertools import combinations

    for seed in range(4):
        p = random_problem(seed, n=12, r=6)
        cfg = SearchConfig(min_size=3, max_size=3, per_requirement=12)
        found = objective(p, search(p, cfg=cfg))
        best = max(objective(p, list(c)) for c in combinations(range(12), 3)
                   if deficit(p, list(c)) == 0)
        assert found >= 0.97 * best


def test_search_picks_the_partner_that_covers_a_requirement() -> None:
    S = np.array([[0.9, 0.1, 0.1, 0.1], [0.1, 0.1, 0.1, 0.8], [0.2, 0.7, 0.1, 0.1]])
    p = problem(S, ["DE", "FR", "IT", "ES"])
    assert set(search(p, cfg=SearchConfig(min_size=3, max_size=3))) == {0, 1, 3}


def test_eligibility_forces_a_third_country() -> None:
    # the two best partners are German; a third country is needed even if weaker
    S = np.array([[0.9, 0.8, 0.2, 0.1], [0.8, 0.9, 0.1, 0.3]])
    p = problem(S, ["DE", "DE", "FR", "IT"])
    members = search(p, cfg=SearchConfig(min_size=2, max_size=3))
    assert deficit(p, members) == 0 and len(members) == 3


def test_unsatisfiable_constraints_are_named() -> None:
    p = problem(np.ones((2, 4)), ["DE", "DE", "FR", "FR"])
    with pytest.raises(SearchError, match="no eligible consortium"):
        search(p, cfg=SearchConfig(min_size=2, max_size=4))
    p = problem(np.ones((2, 4)), ["NO", "IS", "UK", "CH"], ms=set())
    with pytest.raises(SearchError, match="Member State"):
        search(p, cfg=SearchConfig(min_size=3, max_size=4))
    with pytest.raises(SearchError, match="both included and excluded"):
        search(p, include=[1], exclude=[1])


def test_weights_change_the_choice() -> None:
    S = np.array([[0.9, 0.0, 0.5], [0.0, 0.9, 0.5]])
    p = problem(S, ["DE", "FR", "IT"])
    p.weights = np.array([10.0, 1.0], dtype=np.float32)
    p.score_weights = ScoreWeights(diversity=0.0)
    p.min_countries = 1
    assert search(p, cfg=SearchConfig(min_size=1, max_size=1), include=[])[0] in (0,)
