"""Coverage, its gains, levels and the eligibility rule at their edges
(consortium/score/coverage.py)."""

from __future__ import annotations

import numpy as np
import pytest

from consortium.score.coverage import (
    CSA_RULE,
    GENERAL_RULE,
    ScoreWeights,
    best_members,
    coverage,
    coverage_gains,
    coverage_of,
    eligibility,
    term_weights,
)

S = np.array([[0.9, 0.1, 0.2], [0.1, 0.5, 0.6], [0.3, 0.3, 0.0]], dtype=np.float32)


def test_best_members_and_an_empty_team() -> None:
    best, who = best_members(S, [1, 2])
    assert best.tolist() == pytest.approx([0.2, 0.6, 0.3]) and who.tolist() == [2, 2, 1]
    # 2 requirements x 3 partners: one value per requirement, float32 like the matrix
    best, who = best_members(S[:2], [])
    assert best.tolist() == [0.0, 0.0] and who.tolist() == [-1, -1]
    assert best.dtype == np.float32


def test_coverage_weights_and_zero_weights() -> None:
    best = np.array([0.9, 0.5, 0.3], dtype=np.float32)
    assert coverage(best, np.array([1.0, 1.0, 2.0])) == pytest.approx((0.9 + 0.5 + 0.6) / 4)
    assert coverage(best, np.zeros(3)) == 0.0
    # weights below 1 in total are still a weighted mean
    assert coverage(best, np.array([0.25, 0.25, 0.0])) == pytest.approx(0.7)
    assert coverage_of(S, np.array([1.0, 0.0, 1.0]), [0]) == pytest.approx((0.9 + 0.3) / 2)
    assert coverage_of(S, np.ones(3), []) == 0.0


def test_gains_are_coverage_differences_and_respect_only() -> None:
    w = np.array([1.0, 2.0, 1.0], dtype=np.float32)
    best = best_members(S, [0])[0]
    gains = coverage_gains(S, w, best, np.array([1, 2]))
    for j, g in zip([1, 2], gains):
        assert g == pytest.approx(coverage_of(S, w, [0, j]) - coverage_of(S, w, [0]))
    # from partner 1's bests (0.1, 0.5, 0.3): partner 0 lifts R1 only, partner 2 R1 and R2
    best1 = best_members(S, [1])[0]
    everything = coverage_gains(S, w, best1, np.array([0, 2]))
    assert everything.tolist() == pytest.approx([0.8 / 4, (0.1 + 2 * 0.1) / 4])
    only = coverage_gains(S, w, best1, np.array([0, 2]), only=np.array([False, True, False]))
    assert only.tolist() == pytest.approx([0.0, 2 * 0.1 / 4])
    small = coverage_gains(S, w / 8, best1, np.array([0, 2]))  # weights summing to 0.5
    assert small.tolist() == pytest.approx(everything.tolist())
    assert coverage_gains(S, np.zeros(3), best, np.array([1, 2])).tolist() == [0.0, 0.0]
    assert coverage_gains(S, w, best, np.array([0])).tolist() == [0.0]


def test_term_weights_pairs_each_term_with_its_cap() -> None:
    w = ScoreWeights()
    assert term_weights(w) == {"countries": (0.25, 6), "types": (0.30, 3), "sme": (0.10, 2),
                               "widening": (0.10, 1), "practitioners": (0.10, 2),
                               "experience": (0.10, 1), "clusters": (0.05, 3)}
    assert sum(weight for weight, _ in term_weights(w).values()) == pytest.approx(1.0)


def test_eligibility_at_three_countries() -> None:
    ok = eligibility(["DE", "FR", "IT"])
    assert ok.eligible and ok.rule == GENERAL_RULE and ok.reasons == []
    two = eligibility(["DE", "FR", "FR"])
    assert not two.eligible
    assert two.reasons == ["only 2 distinct Member State/Associated Country countries "
                           "(DE, FR); 3 are needed"]
    none = eligibility(["US", "CN"])
    assert none.reasons == ["only 0 distinct Member State/Associated Country countries "
                            "(none); 3 are needed", "no partner is established in an EU "
                            "Member State"]
    associated = eligibility(["NO", "IS", "UK"])
    assert not associated.eligible
    assert associated.reasons == ["no partner is established in an EU Member State"]
    # a third country joins but does not count; said only when the rule is met
    extra = eligibility(["DE", "FR", "IT", "US", "CN"])
    assert extra.eligible
    assert extra.reasons == ["partners from CN, US do not count towards the rule"]


@pytest.mark.parametrize("action", ["CSA", " csa ", "HORIZON-CSA"])
def test_csa_needs_one_eligible_entity(action: str) -> None:
    ok = eligibility(["NO", "US"], action)
    assert ok.eligible and ok.rule == CSA_RULE and ok.reasons == []
    refused = eligibility(["US"], action)
    assert not refused.eligible and refused.reasons == [
        "no partner is established in a Member State or Associated Country"]
    assert not eligibility(["NO"], "RIA").eligible
