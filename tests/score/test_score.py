from __future__ import annotations

import numpy as np

from consortium.embed.pool_index import partner_similarity
from consortium.score.coverage import (
    ScoreWeights,
    best_members,
    coverage,
    eligibility,
    term_weights,
)
from consortium.score.diversity import Attributes, describe


def unit(*rows: list[float]) -> np.ndarray:
    a = np.array(rows, dtype=np.float32)
    return a / np.linalg.norm(a, axis=1, keepdims=True)


def test_partner_similarity_takes_best_passage_and_shares_passages() -> None:
    reqs = unit([1, 0, 0], [0, 1, 0])
    passages = unit([1, 0, 0], [0, 1, 0], [1, 1, 0])
    # partner 0 owns passages 0 and 2; partner 1 owns 1 and 2 (a shared project)
    S, ev = partner_similarity(reqs, passages, np.array([0, 0, 1, 1]),
                               np.array([0, 2, 1, 2]), 2)
    assert np.allclose(S, [[1.0, 0.7071], [0.7071, 1.0]], atol=1e-4)
    assert ev.tolist() == [[0, 2], [2, 1]]


def test_negative_similarity_is_clipped() -> None:
    S, _ = partner_similarity(unit([1, 0]), unit([-1, 0]), np.array([0]), np.array([0]), 1)
    assert S[0, 0] == 0.0


def test_coverage_is_weighted_best_over_members() -> None:
    S = np.array([[0.9, 0.1, 0.2], [0.1, 0.5, 0.6]], dtype=np.float32)
    best, who = best_members(S, [0, 1])
    assert best.tolist() == [np.float32(0.9), np.float32(0.5)] and who.tolist() == [0, 1]
    assert coverage(best, np.array([1.0, 1.0])) == np.float32(0.7)
    assert abs(coverage(best, np.array([3.0, 1.0])) - (0.9 * 3 + 0.5) / 4) < 1e-6


def test_diversity_terms_are_capped_and_combined() -> None:
    a = Attributes(country=["DE", "FR", "DE", "PL"], org_type=["HES", "PRC", "PUB", "OTH"],
                   sme=[True, None, False, True], practitioner=["", "police", "", ""],
                   coordinated=[2, 0, 0, 0], cluster=["HSD", "", "HSD", "SAFE"])
    w = ScoreWeights()
    d = describe(a, [3, 0, 1, 0], term_weights(w))
    assert d.n_countries == 3 and d.groups == ["industry", "other", "public", "research"]
    assert d.type_term == 1.0 and d.n_sme == 2 and d.sme_term == 1.0
    assert d.widening == ["PL"] and d.n_widening_members == 1
    assert d.practitioners == {"police": 1} and d.n_experienced == 1 and d.n_newcomers == 2
    assert d.clusters == ["HSD", "SAFE"] and d.largest_country_share == 0.5
    expected = (w.countries * 3 / 6 + w.types * 1 + w.sme * 1 + w.widening * 1
                + w.practitioners * 1 / 2 + w.experience * 1 + w.clusters * 2 / 3)
    assert abs(d.score - expected) < 1e-4
    assert set(d.terms) == {"countries", "types", "sme", "widening", "practitioners",
                            "experience", "clusters"}
    assert all(0 <= v <= 1 for v in d.terms.values())


def test_eligibility_general_rule() -> None:
    assert eligibility(["DE", "FR", "IT"]).eligible
    # associated countries count, but one Member State is needed
    assert eligibility(["NO", "UK", "DE"]).eligible
    result = eligibility(["NO", "UK", "IS"])
    assert not result.eligible and "Member State" in result.reasons[0]
    result = eligibility(["DE", "DE", "US", "FR"])
    assert not result.eligible and "only 2" in result.reasons[0]


def test_eligibility_csa_needs_one_entity() -> None:
    assert eligibility(["DE"], "CSA").eligible
    assert not eligibility(["US"], "CSA").eligible
