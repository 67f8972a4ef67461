"""The score stage: coverage, diversity and eligibility as pure functions over arrays.

Scores are kept separate (coverage in [0, 1], each diversity term in [0, 1]) so reports
can show each one; the search maximises ``coverage + diversity_weight * diversity``.
Every term is monotone and submodular in the member set (a max over members, or a
capped count of distinct values), which is what makes greedy selection near-optimal.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from consortium.partners.countries import is_associated, is_member_state
from consortium.score.diversity import TYPE_GROUP, Diversity

__all__ = ["TYPE_GROUP", "Diversity", "ScoreWeights"]


@dataclass(frozen=True)
class ScoreWeights:
    """Weights and caps of the objective; the README documents the formula."""

    diversity: float = 0.15      # weight of the diversity score against coverage
    # Within diversity: (weight, cap) of each term; the weights sum to 1.
    countries: float = 0.25      # distinct countries ...
    country_cap: int = 6         # ... beyond 6 add nothing
    types: float = 0.30          # triple-helix groups present (research, industry, public) / 3
    sme: float = 0.10
    sme_cap: int = 2
    widening: float = 0.10       # members from widening countries
    widening_cap: int = 1
    practitioners: float = 0.10  # members that are practitioners (police, first responders...)
    practitioner_cap: int = 2
    experience: float = 0.10     # members that have coordinated an EU project
    experience_cap: int = 1
    clusters: float = 0.05       # distinct clusters represented
    cluster_cap: int = 3
    # Levels, chosen on the dev split by scripts/calibrate_thresholds.py (2026-11-22,
    # all-MiniLM-L6-v2): covered separates real funded consortia from random teams
    # best (Youden's J, 0.476), partial is the 10th percentile of real consortia (0.393).
    covered: float = 0.48        # similarity at which a requirement counts as covered
    partial: float = 0.39        # ... as partially covered; below it is a gap


def term_weights(w: ScoreWeights) -> dict[str, tuple[float, int]]:
    """(weight, cap) per diversity term, in the order reports list them."""
    return {"countries": (w.countries, w.country_cap), "types": (w.types, 3),
            "sme": (w.sme, w.sme_cap), "widening": (w.widening, w.widening_cap),
            "practitioners": (w.practitioners, w.practitioner_cap),
            "experience": (w.experience, w.experience_cap),
            "clusters": (w.clusters, w.cluster_cap)}


def partner_similarity(req_vecs: np.ndarray, passage_vecs: np.ndarray,
                       slot_partner: np.ndarray, slot_passage: np.ndarray,
                       n_partners: int) -> tuple[np.ndarray, np.ndarray]:
    """Best passage similarity of every requirement for every partner.

    Passages are stored once (``passage_vecs``) and shared by partners through slots:
    slot k says partner ``slot_partner[k]`` owns passage ``slot_passage[k]``; slots must
    be sorted by partner and every partner must own at least one. Returns ``S`` (R x N,
    cosine similarity, negatives clipped to 0) and ``evidence`` (R x N, index of the
    best passage).
    """
    sims = req_vecs @ passage_vecs.T                      # R x P
    values = sims[:, slot_passage]                        # R x K
    starts = np.flatnonzero(np.r_[True, np.diff(slot_partner) != 0])
    if len(starts) != n_partners:
        raise ValueError("every partner needs at least one passage")
    best = np.maximum.reduceat(values, starts, axis=1)    # R x N
    positions = np.where(values == best[:, slot_partner], np.arange(values.shape[1]),
                         values.shape[1])
    first = np.minimum.reduceat(positions, starts, axis=1)
    evidence = slot_passage[first]
    # Cosines of float32 unit vectors can round a hair above 1; clip to the stated range.
    return np.clip(best, 0.0, 1.0).astype(np.float32), evidence


def best_members(S: np.ndarray, members: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
    """Per requirement: the best similarity among members and which member gives it."""
    cols = np.asarray(members, dtype=np.intp)
    if cols.size == 0:
        return np.zeros(S.shape[0], dtype=np.float32), np.full(S.shape[0], -1)
    sub = S[:, cols]
    arg = sub.argmax(axis=1)
    return sub[np.arange(S.shape[0]), arg], cols[arg]


def coverage(best: np.ndarray, weights: np.ndarray) -> float:
    """Weighted mean of the per-requirement best similarity (facility location)."""
    total = float(weights.sum())
    return float(best @ weights) / total if total > 0 else 0.0


def levels(best: np.ndarray, w: ScoreWeights) -> list[str]:
    return ["covered" if b >= w.covered else "partial" if b >= w.partial else "gap"
            for b in best]


@dataclass
class Eligibility:
    eligible: bool
    rule: str
    reasons: list[str] = field(default_factory=list)


CSA_RULE = "at least 1 legal entity established in an EU Member State or Associated Country"
GENERAL_RULE = ("at least 3 independent legal entities, each established in a different "
                "EU Member State or Associated Country, at least one of them in a Member State")


def eligibility(countries: Sequence[str], action_type: str = "") -> Eligibility:
    """Horizon Europe general admissibility rule for collaborative actions.

    Partners are taken as independent legal entities (one per organisation id); the
    tool cannot see ownership links, and says so in the report. Coordination and
    support actions (CSA) need only one eligible entity.
    """
    if action_type.strip().upper() in {"CSA", "HORIZON-CSA"}:
        ok = any(is_member_state(c) or is_associated(c) for c in countries)
        return Eligibility(ok, CSA_RULE, [] if ok else
                           ["no partner is established in a Member State or Associated Country"])
    eligible = sorted({c for c in countries if is_member_state(c) or is_associated(c)})
    member_states = sorted({c for c in countries if is_member_state(c)})
    reasons: list[str] = []
    if len(eligible) < 3:
        reasons.append(f"only {len(eligible)} distinct Member State/Associated Country "
                       f"countries ({', '.join(eligible) or 'none'}); 3 are needed")
    if not member_states:
        reasons.append("no partner is established in an EU Member State")
    others = sorted({c for c in countries if c not in eligible})
    if others and not reasons:
        reasons.append(f"partners from {', '.join(others)} do not count towards the rule")
    ok = len(eligible) >= 3 and bool(member_states)
    return Eligibility(eligible=ok, rule=GENERAL_RULE, reasons=reasons)
