"""Facilities first: the handicap on validation rows, and each partner's best facility."""

from __future__ import annotations

import numpy as np

from consortium.calls.topic import Requirement
from consortium.embed.facility_match import (
    NON_FACILITY_FACTOR,
    facility_first,
    facility_mask,
    facility_similarity,
)

REQS = [Requirement("R1", "Scope", "Develop a radar.", kind="scope"),
        Requirement("R2", "Scope", "Validate it at sea.", kind="validation")]
SOURCES = ["profile", "facility", "ACRONYM (H2020 2019)"]
SIMS = np.array([[0.6, 0.5, 0.7],
                 [0.6, 0.5, 0.7]], np.float32)


def test_only_validation_rows_handicap_what_is_not_a_facility() -> None:
    out = facility_first(SIMS, REQS, facility_mask(SOURCES))
    assert out[0].tolist() == SIMS[0].tolist()
    assert np.allclose(out[1], [0.6 * NON_FACILITY_FACTOR, 0.5, 0.7 * NON_FACILITY_FACTOR])
    assert SIMS[1, 0] == np.float32(0.6)  # the input is left as it was


def test_a_pool_without_facilities_is_scored_as_before() -> None:
    out = facility_first(SIMS, REQS, facility_mask(["profile", "profile", "X (FP7 2010)"]))
    assert out is SIMS


def test_best_facility_per_partner_and_none_without_one() -> None:
    # partner 0 owns passages 0 and 1 (a facility); partner 1 owns passage 2 only
    best, evidence = facility_similarity(SIMS, np.array([0, 0, 1]), np.array([0, 1, 2]),
                                         facility_mask(SOURCES), 2)
    assert best[:, 0].tolist() == [0.5, 0.5] and evidence[:, 0].tolist() == [1, 1]
    assert best[:, 1].tolist() == [0.0, 0.0] and evidence[:, 1].tolist() == [-1, -1]
