"""What every solver optimises: the problem as arrays, the objective and its gains.

Kept apart from the solvers so the greedy, the MILP, the alternatives and the gap filler
read one definition of the objective (coverage + diversity, less a price per partner
above the minimum size) and one marginal gain, computed for all candidates at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from consortium.score.coverage import ScoreWeights, coverage_of
from consortium.score.coverage import coverage_gains as score_gains
from consortium.score.diversity import Term, diversity_gain, diversity_value
from consortium.search.constraints import (
    AtLeast,
    Constraint,
    shortfall_after,
    total_shortfall,
)


@dataclass
class Problem:
    """Everything the search needs, as arrays indexed by partner."""

    S: np.ndarray                  # R x N similarity, >= 0
    weights: np.ndarray            # R requirement weights
    terms: list[Term] = field(default_factory=list)        # diversity terms
    constraints: list[Constraint] = field(default_factory=list)
    score_weights: ScoreWeights = field(default_factory=ScoreWeights)
    # N in [0, 1]: how high the learned ranker puts each partner (rank.relevance); a
    # modular reward, so partners that real consortia would hold are preferred
    relevance: np.ndarray | None = None

    @property
    def n(self) -> int:
        return int(self.S.shape[1])

    def relevance_gain(self, cand: np.ndarray) -> np.ndarray:
        """What adding each candidate adds through the relevance term."""
        if self.relevance is None:
            return np.zeros(len(cand))
        return self.score_weights.relevance * self.relevance[cand]


@dataclass(frozen=True)
class SearchConfig:
    min_size: int = 6
    max_size: int = 10
    min_gain: float = 0.003        # above min_size a partner must add this much coverage
    per_requirement: int = 30      # candidates kept per requirement (pruning)
    max_passes: int = 20
    pair_swaps: bool = True


def coverage_value(p: Problem, members: Sequence[int] | np.ndarray) -> float:
    return coverage_of(p.S, p.weights, np.asarray(members, dtype=np.intp))


def objective(p: Problem, members: Sequence[int]) -> float:
    """coverage + diversity_weight * diversity (+ relevance_weight * the members'
    relevance), as the search sees it."""
    m = np.asarray(members, dtype=np.intp)
    if m.size == 0:
        return 0.0
    return (coverage_value(p, m) + p.score_weights.diversity * diversity_value(p.terms, m)
            + float(p.relevance_gain(m).sum()))


def penalised(p: Problem, members: Sequence[int], cfg: SearchConfig) -> float:
    """The objective less ``min_gain`` per partner above the minimum size: how
    consortia of different sizes are compared (a partner must earn its place)."""
    return objective(p, members) - cfg.min_gain * (len(members) - cfg.min_size)


def deficit(p: Problem, members: Sequence[int]) -> int:
    """How far the member set is from meeting every at-least constraint (0 = met)."""
    return total_shortfall(p.constraints, members)


def coverage_gains(p: Problem, members: Sequence[int], cand: np.ndarray) -> np.ndarray:
    """Coverage-only gain of adding each candidate."""
    m = np.asarray(members, dtype=np.intp)
    cur = p.S[:, m].max(axis=1) if m.size else np.zeros(p.S.shape[0], dtype=p.S.dtype)
    return score_gains(p.S, p.weights, cur, cand)


def gains(p: Problem, members: Sequence[int], cand: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Objective gain and resulting constraint shortfall of adding each candidate;
    candidates that would break an at-most constraint get gain -inf."""
    gain, after, _ = scored(p, members, cand)
    return gain, after


def scored(p: Problem, members: Sequence[int],
            cand: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(objective gain, shortfall after, coverage gain) of adding each candidate; the
    coverage gain is what a partner must bring above the minimum size: neither
    diversity nor the ranker's preference alone earns a place."""
    m = np.asarray(members, dtype=np.intp)
    cov = coverage_gains(p, members, cand)
    gain = (cov + p.relevance_gain(cand)
            + p.score_weights.diversity * diversity_gain(p.terms, m, cand))
    after, allowed = shortfall_after(p.constraints, members, cand)
    return np.where(allowed, gain, -np.inf), after, cov


def restrict(p: Problem, cand: np.ndarray) -> Problem:
    """The same problem over the candidates only, with contiguous arrays: every gain
    computation then touches a small matrix instead of gathering columns of a big one."""
    constraints: list[Constraint] = []
    for c in p.constraints:
        if isinstance(c, AtLeast):
            constraints.append(replace(c, mask=c.mask[cand],
                                       by=None if c.by is None else c.by[cand]))
        else:
            constraints.append(replace(c, by=c.by[cand]))
    return Problem(S=np.ascontiguousarray(p.S[:, cand]), weights=p.weights,
                   terms=[replace(t, values=t.values[cand]) for t in p.terms],
                   constraints=constraints, score_weights=p.score_weights,
                   relevance=None if p.relevance is None else p.relevance[cand])


def gap(value: float, bound: float) -> float:
    """Relative distance to the bound (0 = proven optimal)."""
    if not np.isfinite(bound) or bound <= 0:
        return float("nan")
    return max(0.0, (bound - value) / bound)
