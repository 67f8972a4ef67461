"""Survivors of search/constraints.py and search/problem.py in the mutation run of
2026-12-03 (#25): several at-most rules together, the codes of an empty pool, the gain of
a candidate a rule forbids, and the precision of the gains on an empty team."""

from __future__ import annotations

import numpy as np

from consortium.search.constraints import AtMostPer, shortfall_after, values_to_ints
from consortium.search.problem import Problem, coverage_gains, gains


def test_every_at_most_rule_forbids_its_candidates() -> None:
    per_country = AtMostPer("per country", np.array([0, 0, 1, 1]), 1)
    per_org = AtMostPer("per organisation", np.array([0, 1, 2, 2]), 1)
    short, allowed = shortfall_after([per_country, per_org], [0, 2], np.array([1, 3]))
    assert allowed.tolist() == [False, False]
    short, allowed = shortfall_after([per_org, per_country], [0], np.array([1, 2]))
    assert allowed.tolist() == [False, True] and short.tolist() == [0, 0]


def test_codes_are_indices_even_for_an_empty_pool() -> None:
    assert values_to_ints([]).dtype == np.intp and values_to_ints([]).size == 0
    assert values_to_ints(["DE", "FR", "DE"]).tolist() == [0, 1, 0]


def test_a_forbidden_candidate_gains_minus_infinity() -> None:
    p = Problem(S=np.array([[0.5, 0.9, 0.7]], dtype=np.float32),
                weights=np.ones(1, dtype=np.float32),
                constraints=[AtMostPer("per country", np.array([0, 0, 1]), 1)])
    gain, _ = gains(p, [0], np.array([1, 2]))
    assert gain[0] == -np.inf and np.isfinite(gain[1])


def test_gains_on_an_empty_team_keep_the_similarities_precision() -> None:
    p = Problem(S=np.array([[0.5, 0.9]], dtype=np.float32), weights=np.ones(1, dtype=np.float32))
    assert coverage_gains(p, [], np.array([0, 1])).dtype == np.float32
