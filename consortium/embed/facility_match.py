"""Facilities first: validation requirements are answered by where a partner tests.

A topic asking for "at-sea demonstrations" is answered by a maritime test range, not by
a project abstract that mentions a demonstration once. In a pool where some partner
lists facilities (``partners.facilities``), a validation requirement (``calls.kinds``)
therefore reads a passage that is not a facility at ``NON_FACILITY_FACTOR`` of its
similarity, so a partner with a matching facility wins the requirement and its facility
is the evidence. A pool without any facility is scored exactly as before.

Apart from that, every partner's best *facility* passage per requirement is kept
(``facility_similarity``) for the reports' "Where we test and demonstrate" table and
its named gaps (``score.facilities``).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from consortium.calls.kinds import VALIDATION
from consortium.calls.topic import Requirement
from consortium.partners.facilities import FACILITY_SOURCE

# A design choice written down, not fitted (no labelled facility data exists yet): a
# 10 % handicap lets a facility at 0.45 beat a project passage at 0.49, but not one at 0.6.
NON_FACILITY_FACTOR = 0.9


def facility_mask(sources: Sequence[str]) -> np.ndarray:
    """Which passages are facilities, by the source every facility passage carries."""
    return np.array([s == FACILITY_SOURCE for s in sources], dtype=bool)


def facility_first(sims: np.ndarray, requirements: Sequence[Requirement],
                   facilities: np.ndarray) -> np.ndarray:
    """``sims`` (R x P) with non-facility passages handicapped on validation rows; the
    same array when the pool lists no facility or the topic asks for no validation."""
    rows = np.array([r.kind == VALIDATION for r in requirements], dtype=bool)
    if not facilities.any() or not rows.any():
        return sims
    out = sims.copy()
    out[np.ix_(rows, ~facilities)] *= NON_FACILITY_FACTOR
    return out


def facility_similarity(sims: np.ndarray, slot_partner: np.ndarray, slot_passage: np.ndarray,
                        facilities: np.ndarray,
                        n_partners: int) -> tuple[np.ndarray, np.ndarray]:
    """Per requirement and partner, the best similarity of the partner's facilities (0
    without one) and which passage that is (-1 without one), R x N each."""
    R = sims.shape[0]
    best = np.zeros((R, n_partners), np.float32)
    evidence = np.full((R, n_partners), -1, np.intp)
    slots = np.flatnonzero(facilities[slot_passage])
    for k in slots:  # facilities are few: a handful per partner that lists any
        j, p = int(slot_partner[k]), int(slot_passage[k])
        better = sims[:, p] > np.where(evidence[:, j] < 0, -np.inf, best[:, j])
        best[better, j] = np.clip(sims[better, p], 0.0, 1.0)
        evidence[better, j] = p
    return best, evidence
