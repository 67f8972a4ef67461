"""Gap filling: who would best strengthen an existing consortium.

A coordinator with a consortium half-built asks which organisation to add. Candidates
are ranked by the weighted coverage they add on the requirements the consortium does
not yet cover (level below "covered"), with the evidence for each improvement, and
the topic conditions they would help meet.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from consortium.score.conditions import qualifies
from consortium.score.coverage import best_members, coverage_gains, levels

if TYPE_CHECKING:
    from consortium.pipeline import ConsortiumBuilder


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


def rank_candidates(b: ConsortiumBuilder, members: Sequence[int], outside: Sequence[int],
                    top: int) -> FillReport:
    """Candidates by weighted gain on the weak requirements (ties: gain on all of them),
    plus, for every unmet required condition, the best partners that would count for it."""
    call, p = b.call_, b.problem_
    best, _ = best_members(b.S_, members)
    lv = levels(best, b.weights)
    weak = np.array([level != "covered" and w > 0 for level, w in zip(lv, p.weights)])
    banned = set(members) | set(outside)
    cand = np.array([j for j in range(p.n) if j not in banned], dtype=np.intp)
    gain = coverage_gains(b.S_, p.weights, best, cand, only=weak)
    overall = coverage_gains(b.S_, p.weights, best, cand)
    order = np.lexsort((-overall, -gain))
    report = b.report(list(members), included=[])
    unmet = [c for c in report.conditions if c.status == "not met" and c.required]

    def candidate(rank: int, k: int) -> FillCandidate:
        j = int(cand[k])
        partner = b.partners_[j]
        improves = []
        for r in np.flatnonzero(weak & (b.S_[:, j] > best)):
            passage = int(b.evidence_[r, j])
            improves.append(Improvement(
                call.requirements[r].id, call.requirements[r].text, round(float(best[r]), 4),
                round(float(b.S_[r, j]), 4), b.passages_[passage], b.sources_[passage]))
        improves.sort(key=lambda i: i.before - i.after)
        return FillCandidate(
            rank, partner.id, partner.label, partner.name, partner.country, partner.org_type,
            partner.sme, partner.practitioner, round(float(gain[k]), 4), improves,
            round(float(overall[k]), 4),
            [c.condition for c in unmet if qualifies(partner, _role(c.condition))])

    by_condition = {}
    for c in unmet:
        fits = [int(k) for k in order if qualifies(b.partners_[int(cand[k])], _role(c.condition))]
        by_condition[c.condition] = [candidate(i, k) for i, k in enumerate(fits[:top], 1)]
    return FillReport(call.id, call.title, [b.partners_[i].label for i in members],
                      report.coverage, [q.id for q, w in zip(call.requirements, weak) if w],
                      [candidate(rank, int(k)) for rank, k in enumerate(order[:top], 1)],
                      by_condition)


def _role(summary: str) -> str:
    """The role part of a condition summary ("police authority>=2/2c (required)")."""
    return summary.split(">=")[0].split("<=")[0].split(" (")[0].strip()
