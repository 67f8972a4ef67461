"""Gap filling: who would best strengthen an existing consortium.

A coordinator with a consortium half-built asks which organisation to add. Candidates
are ranked by the weighted coverage they add on the requirements the consortium does
not yet cover (level below "covered"), with the evidence for each improvement, and
the topic conditions they would help meet.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from consortium.calls.topic import Call
from consortium.embed.pool_index import Match
from consortium.partners.model import Partner
from consortium.score.conditions import checked_conditions, qualifies
from consortium.score.coverage import (
    ScoreWeights,
    best_members,
    coverage,
    coverage_gains,
)
from consortium.score.levels import COVERED, best_level, cell_levels


@dataclass
class Improvement:
    requirement: str
    text: str
    before: float
    after: float
    evidence: str
    evidence_source: str


@dataclass
class FillCandidate:
    rank: int
    id: str
    label: str
    name: str
    country: str
    org_type: str
    sme: bool | None
    practitioner: str
    gain: float                  # weighted coverage added on the weak requirements
    improves: list[Improvement]
    gain_all: float = 0.0        # weighted coverage added over all requirements
    conditions: list[str] = field(default_factory=list)  # unmet conditions it counts for
    fit: float = 0.0             # the learned ranker's reward given the consortium (0..1)
    why: list[str] = field(default_factory=list)  # the ranker's reasons, in words


@dataclass
class FillReport:
    call_id: str
    call_title: str
    consortium: list[str]
    coverage: float
    weak: list[str]              # requirement ids below "covered" (with a weight)
    candidates: list[FillCandidate]
    # For each unmet required topic condition, the best partners that would count for it.
    for_conditions: dict[str, list[FillCandidate]] = field(default_factory=dict)


def rank_candidates(call: Call, partners: Sequence[Partner], match: Match,
                    weights: ScoreWeights, members: Sequence[int], outside: Sequence[int],
                    top: int, reward: np.ndarray | None = None,
                    reasons: Callable[[int], list[str]] = lambda j: []) -> FillReport:
    """Candidates by weighted gain on the weak requirements plus the learned reward
    (``reward``: 0..1 per partner, given the consortium, as the search adds it with
    ``weights.relevance``; ties: gain on all requirements), and, for every unmet required
    condition, the best partners that would count for it. Coverage alone would rank a
    partner who shares one lucky passage above one who has worked with the coordinator
    on the topic's subject for years."""
    S = match.S
    req_weights = np.array([r.weight for r in call.requirements], dtype=np.float32)
    best, _ = best_members(S, members)
    level, _ = best_level(cell_levels(match, [r.text for r in call.requirements], weights,
                                      columns=members), S, members)
    weak = (level != COVERED) & (req_weights > 0)
    banned = set(members) | set(outside)
    cand = np.array([j for j in range(S.shape[1]) if j not in banned], dtype=np.intp)
    gain = coverage_gains(S, req_weights, best, cand, only=weak)
    overall = coverage_gains(S, req_weights, best, cand)
    fit = np.clip(reward[cand], 0.0, 1.0) if reward is not None else np.zeros(cand.size)
    order = np.lexsort((-overall, -(gain + weights.relevance * fit)))
    unmet = [cond for cond, check in checked_conditions(
        call.conditions, [partners[i] for i in members])
        if check.status == "not met" and check.required]

    def candidate(rank: int, k: int) -> FillCandidate:
        j = int(cand[k])
        partner = partners[j]
        improves = []
        # Its evidence: the weak requirements it raises; else any it raises; else the one
        # it matches best (a candidate is never listed without the text behind it).
        rows = next((rs for rs in (np.flatnonzero(weak & (S[:, j] > best)),
                                   np.flatnonzero(S[:, j] > best)) if rs.size),
                    np.array([int(np.argmax(S[:, j]))] if S.shape[0] else [], dtype=np.intp))
        for r in rows:
            text, source = match.passage(int(r), j)
            improves.append(Improvement(
                call.requirements[r].id, call.requirements[r].text, round(float(best[r]), 4),
                round(float(S[r, j]), 4), text, source))
        improves.sort(key=lambda i: i.before - i.after)
        return FillCandidate(
            rank, partner.id, partner.label, partner.name, partner.country, partner.org_type,
            partner.sme, partner.practitioner, round(float(gain[k]), 4), improves,
            round(float(overall[k]), 4),
            [c.summary() for c in unmet if qualifies(partner, c.role)],
            round(float(fit[k]), 4), reasons(j))

    by_condition = {}
    for c in unmet:
        fits = [int(k) for k in order if qualifies(partners[int(cand[k])], c.role)]
        by_condition[c.summary()] = [candidate(i, k) for i, k in enumerate(fits[:top], 1)]
    return FillReport(call.id, call.title, [partners[i].label for i in members],
                      round(coverage(best, req_weights), 4),
                      [q.id for q, w in zip(call.requirements, weak) if w],
                      [candidate(rank, int(k)) for rank, k in enumerate(order[:top], 1)],
                      by_condition)
