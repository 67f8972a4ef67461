"""Properties of the scores that a reviewer relies on, checked with hypothesis."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from consortium.score.coverage import ScoreWeights, best_members, coverage, term_weights
from consortium.score.diversity import Attributes, build_terms, describe, diversity_value

COUNTRIES = ["DE", "FR", "PL", "EL", "NO", "UK", "US", "UA"]
TYPES = ["HES", "REC", "PRC", "PUB", "OTH"]


@st.composite
def pools(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, Attributes]:
    n = draw(st.integers(2, 12))
    r = draw(st.integers(1, 8))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    S = rng.random((r, n)).astype(np.float32)
    weights = rng.choice([0.0, 0.5, 0.8, 1.0], size=r).astype(np.float32)
    weights[0] = 1.0  # at least one requirement counts
    attrs = Attributes(
        country=[COUNTRIES[i] for i in rng.integers(0, len(COUNTRIES), n)],
        org_type=[TYPES[i] for i in rng.integers(0, len(TYPES), n)],
        sme=[bool(x) for x in rng.random(n) < 0.4],
        practitioner=["police" if x else "" for x in rng.random(n) < 0.3],
        coordinated=rng.integers(0, 3, n).tolist(),
        cluster=[["", "HSD", "SAFE"][i] for i in rng.integers(0, 3, n)])
    return S, weights, attrs


def subset(attrs: Attributes, idx: list[int]) -> Attributes:
    return Attributes(*[[list(getattr(attrs, f))[i] for i in idx] for f in
                        ("country", "org_type", "sme", "practitioner", "coordinated",
                         "cluster")])


@settings(max_examples=150, deadline=None)
@given(pools(), st.data())
def test_adding_a_partner_never_lowers_coverage_or_diversity(pool, data) -> None:
    S, weights, attrs = pool
    n = S.shape[1]
    members = data.draw(st.lists(st.integers(0, n - 1), min_size=1, max_size=n, unique=True))
    extra = data.draw(st.integers(0, n - 1).filter(lambda j: j not in members))
    before = coverage(best_members(S, members)[0], weights)
    after = coverage(best_members(S, [*members, extra])[0], weights)
    assert after >= before - 1e-7
    terms = build_terms(attrs, term_weights(ScoreWeights()))
    assert (diversity_value(terms, np.array([*members, extra]))
            >= diversity_value(terms, np.array(members)) - 1e-12)


@settings(max_examples=150, deadline=None)
@given(pools(), st.randoms(use_true_random=False))
def test_scores_do_not_depend_on_partner_order(pool, random) -> None:
    S, weights, attrs = pool
    members = list(range(S.shape[1]))
    shuffled = members[:]
    random.shuffle(shuffled)
    assert coverage(best_members(S, members)[0], weights) == coverage(
        best_members(S, shuffled)[0], weights)
    w = term_weights(ScoreWeights())
    one = describe(subset(attrs, members), [1] * len(members), w)
    two = describe(subset(attrs, shuffled), [1] * len(members), w)
    assert one.score == two.score and one.terms == two.terms


@settings(max_examples=150, deadline=None)
@given(pools(), st.data())
def test_scores_stay_in_their_ranges(pool, data) -> None:
    S, weights, attrs = pool
    n = S.shape[1]
    members = data.draw(st.lists(st.integers(0, n - 1), min_size=1, max_size=n, unique=True))
    value = coverage(best_members(S, members)[0], weights)
    assert 0.0 <= value <= 1.0
    d = describe(subset(attrs, members), [0] * len(members), term_weights(ScoreWeights()))
    assert 0.0 <= d.score <= 1.0 + 1e-9
    assert all(0.0 <= v <= 1.0 for v in d.terms.values())
    assert 0.0 < d.largest_country_share <= 1.0 and 0.0 <= d.sme_share <= 1.0
