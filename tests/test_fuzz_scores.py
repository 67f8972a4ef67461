"""Property tests of the maths: coverage and the diversity terms stay in [0, 1], and
search results meet the constraints they were given (the parsers' properties are in
``test_fuzz.py``)."""

from __future__ import annotations

import numpy as np
import pytest
from fuzzing import SETTINGS
from hypothesis import given
from hypothesis import strategies as st

from consortium.embed.pool_index import partner_similarity
from consortium.errors import SearchError
from consortium.score.coverage import (
    ScoreWeights,
    best_members,
    coverage,
    term_weights,
)
from consortium.score.diversity import Attributes, build_terms, diversity_value
from consortium.search.constraints import AtLeast, AtMostPer, unmet, values_to_ints
from consortium.search.greedy import search
from consortium.search.problem import SearchConfig


@SETTINGS
@given(seed=st.integers(0, 2**32 - 1), r=st.integers(1, 6), n=st.integers(1, 8),
       dim=st.integers(1, 16), members=st.lists(st.integers(0, 7), max_size=8),
       zero_weights=st.booleans())
def test_coverage_stays_in_unit_interval(seed: int, r: int, n: int, dim: int,
                                         members: list[int], zero_weights: bool) -> None:
    rng = np.random.default_rng(seed)

    def unit(rows: int) -> np.ndarray:
        v = rng.normal(size=(rows, dim)).astype(np.float32)
        return v / np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-12)

    passages = unit(n + 2)
    # A requirement equal to a passage: the cosine is 1 up to float error.
    requirements = np.vstack([passages[:1], unit(r)])
    slot_partner = np.r_[np.arange(n), rng.integers(0, n, 2)]
    order = np.argsort(slot_partner, kind="stable")
    S, _ = partner_similarity(requirements, passages, slot_partner[order],
                              np.arange(n + 2)[order], n)
    # float32 cosines of unit vectors reach 1 + 1.2e-7 (found by this test): the
    # similarities are clipped to [0, 1].
    assert S.min() >= 0 and S.max() <= 1
    weights = np.zeros(r + 1, np.float32) if zero_weights else rng.random(r + 1)
    best, _ = best_members(S, [m for m in members if m < n])
    assert 0.0 <= coverage(best, np.asarray(weights, np.float32)) <= 1.0 + 1e-6  # float sum


@SETTINGS
@given(st.lists(st.tuples(st.sampled_from(["DE", "FR", "EL", "PL", "CY", "US", "UA", "", "XX"]),
                          st.sampled_from(["HES", "REC", "PRC", "PUB", "OTH", ""]),
                          st.sampled_from([True, False, None]),
                          st.sampled_from(["", "police", "first responders"]),
                          st.integers(0, 5), st.sampled_from(["", "HSD", "SAFE", "X"])),
                min_size=1, max_size=12),
       st.data())
def test_diversity_terms_stay_in_unit_interval(pool: list[tuple[str, str, bool | None, str,
                                                                int, str]],
                                               data: st.DataObject) -> None:
    country, org_type, sme, practitioner, coordinated, cluster = map(list, zip(*pool))
    terms = build_terms(Attributes(country, org_type, sme, practitioner, coordinated, cluster),
                        term_weights(ScoreWeights()))
    members = np.array(sorted(set(data.draw(st.lists(st.integers(0, len(pool) - 1))))),
                       dtype=np.intp)
    for term in terms:
        assert 0.0 <= term.value(members) <= 1.0
    assert 0.0 <= diversity_value(terms, members) <= 1.0 + 1e-9


# -------------------------------------------------------------------------------- search

@SETTINGS
@given(seed=st.integers(0, 10_000), n=st.integers(6, 30), low=st.integers(1, 5),
       extra=st.integers(0, 4), per_country=st.one_of(st.none(), st.integers(1, 3)),
       need_group=st.one_of(st.none(), st.integers(0, 3)),
       include=st.lists(st.integers(0, 29), max_size=2),
       exclude=st.lists(st.integers(0, 29), max_size=3))
def test_search_results_satisfy_their_constraints(
        random_problem: object, seed: int, n: int, low: int, extra: int,
        per_country: int | None, need_group: int | None, include: list[int],
        exclude: list[int]) -> None:
    assert callable(random_problem)
    p = random_problem(seed, n=n, r=5)
    if per_country is not None:
        p.constraints.append(AtMostPer("at most per country", p.country, per_country))
    if need_group is not None:
        p.constraints.append(AtLeast("a member of the group", p.group == need_group))
    if seed % 4 == 0:  # a distinct-values rule over another attribute
        p.constraints.append(AtLeast("2 groups", np.ones(n, bool), 2,
                                     values_to_ints([str(g) for g in p.group]), 2))
    inc = sorted({i for i in include if i < n})
    exc = sorted({i for i in exclude if i < n} - set(inc))
    cfg = SearchConfig(min_size=low, max_size=low + extra)
    try:
        members = search(p, inc, exc, cfg)
    except SearchError:
        return
    assert len(set(members)) == len(members)
    assert cfg.min_size <= len(members) <= cfg.max_size
    assert set(inc) <= set(members) and not set(exc) & set(members)
    assert unmet(p.constraints, members) == []


@pytest.mark.parametrize("seed", range(3))
def test_search_property_is_not_vacuous(random_problem: object, seed: int) -> None:
    """The random problems above are mostly solvable, so the property is exercised."""
    assert callable(random_problem)
    p = random_problem(seed, n=30, r=5)
    members = search(p, [], [], SearchConfig(min_size=3, max_size=6))
    assert unmet(p.constraints, members) == []
