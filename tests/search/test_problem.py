"""The problem the solvers share (consortium/search/problem.py): restriction to the
candidates keeps every array aligned, the gap to a bound."""

from __future__ import annotations

import math

import numpy as np
import pytest

from consortium.score.coverage import ScoreWeights
from consortium.search.constraints import AtLeast, AtMostPer
from consortium.search.problem import Problem, SearchConfig, gap, objective, penalised, restrict


def test_restrict_keeps_columns_masks_codes_and_terms_aligned(problem) -> None:
    S = np.array([[0.1, 0.9, 0.3, 0.7], [0.8, 0.2, 0.6, 0.4]])
    p = problem(S, ["DE", "FR", "IT", "DE"], ms={"DE"}, sme=[True, False, False, True])
    p.constraints.append(AtMostPer("at most 1 per country", p.country, 1))
    p.score_weights = ScoreWeights(diversity=0.4)
    cand = np.array([3, 1])
    sub = restrict(p, cand)
    assert np.allclose(sub.S, [[0.7, 0.9], [0.4, 0.2]])
    assert sub.S.flags.c_contiguous and sub.score_weights == p.score_weights
    three, ms, per = sub.constraints
    assert isinstance(three, AtLeast) and isinstance(ms, AtLeast)
    assert ms.mask.tolist() == [True, False]   # DE, FR
    assert three.by is not None and three.by.tolist() == [0, 1]
    assert isinstance(per, AtMostPer) and per.by.tolist() == [0, 1]
    terms = {t.name: t for t in sub.terms}
    assert terms["sme"].values.tolist() == [0, -1]
    # the restricted problem scores a team as the whole problem does
    assert objective(sub, [0, 1]) == pytest.approx(objective(p, [3, 1]))


def test_gap_to_the_bound() -> None:
    assert gap(0.9, 1.0) == pytest.approx(0.1)
    assert gap(0.5, 2.0) == pytest.approx(0.75)
    assert gap(1.2, 1.0) == 0.0          # a value above the bound: proven optimal
    for bound in (0.0, -1.0, float("inf"), float("nan")):
        assert math.isnan(gap(0.5, bound))


def test_penalised_prices_each_partner_above_the_minimum() -> None:
    p = Problem(S=np.array([[0.5, 0.5, 0.5]], np.float32), weights=np.ones(1, np.float32),
                score_weights=ScoreWeights(diversity=0.0))
    cfg = SearchConfig(min_size=1, max_size=3, min_gain=0.01)
    assert penalised(p, [0, 1, 2], cfg) == pytest.approx(0.5 - 0.02)
    assert penalised(p, [0], cfg) == pytest.approx(0.5)
    assert objective(p, []) == 0.0
