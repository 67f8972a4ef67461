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


@dataclass(frozen=True)
class ScoreWeights:
    """Weights and caps of the objective; the README documents the formula."""

    diversity: float = 0.15      # weight of the diversity score against coverage
    relevance: float = 0.05      # per partner, times its learned relevance (0..1, rank.relevance)
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
    # Levels (consortium.score.levels): a logistic model of "judged relevant", designed by
    # leave-one-topic-out over all 609 pairs of tests/data/evidence_pairs and
    # evidence_pairs_fresh (48 topics; 2026-12-03, all-MiniLM-L6-v2; scripts/fit_levels.py).
    # Log-odds = bias + specific similarity, ln(its rank among the pool's passages,
    # capped), share of rare words, each times:
    level_bias: float = -1.74
    level_specific: float = 4.42
    level_rank: float = -0.35
    level_shared: float = 6.95
    covered: float = 0.77        # covered: modelled chance of relevant evidence at least this
    partial_level: float = 0.05  # partial: at least this ("related work to check"); else a gap
    partial: float = 0.39        # facilities: similarity at least this serves a requirement


def term_weights(w: ScoreWeights) -> dict[str, tuple[float, int]]:
    """(weight, cap) per diversity term, in the order reports list them."""
    return {"countries": (w.countries, w.country_cap), "types": (w.types, 3),
            "sme": (w.sme, w.sme_cap), "widening": (w.widening, w.widening_cap),
            "practitioners": (w.practitioners, w.practitioner_cap),
            "experience": (w.experience, w.experience_cap),
            "clusters": (w.clusters, w.cluster_cap)}


def best_members(S: np.ndarray,
                 members: Sequence[int] | np.ndarray) -> tuple[np.ndarray, np.ndarray]:
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


def coverage_of(S: np.ndarray, weights: np.ndarray,
                members: Sequence[int] | np.ndarray) -> float:
    """``coverage`` of a member set: the one formula every stage (search, scout, radar,
    cluster map, evaluation) scores consortia by."""
    return coverage(best_members(S, members)[0], weights)


def coverage_gains(S: np.ndarray, weights: np.ndarray, best: np.ndarray, cand: np.ndarray,
                   only: np.ndarray | None = None) -> np.ndarray:
    """Coverage added by each candidate to a consortium whose per-requirement best is
    ``best``: the marginal gain the greedy search, the scout's core and gap filling
    all rank by. ``only`` (R bools) counts the lift on those requirements alone."""
    total = float(weights.sum())
    if total <= 0:
        return np.zeros(cand.size)
    w = weights if only is None else weights * only
    lift = np.maximum(S[:, cand], best[:, None]) - best[:, None]
    return lift.T @ w / total


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
