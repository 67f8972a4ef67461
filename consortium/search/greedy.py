"""The search stage: pick a consortium that maximises coverage + diversity.

Greedy selection on the monotone submodular objective, then local search with single
and pair swaps. Every marginal gain is computed for all candidates at once over arrays,
so a step over a thousand candidates costs one matrix operation. Constraints
(``constraints.py``) are hard: while a consortium falls short of one, candidates that
close the gap are preferred; swaps never widen it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from itertools import combinations

import numpy as np

from consortium.errors import SearchError
from consortium.score.coverage import ScoreWeights, coverage_of
from consortium.score.coverage import coverage_gains as score_gains
from consortium.score.diversity import Term, diversity_gain, diversity_value
from consortium.search.constraints import (
    AtLeast,
    Constraint,
    shortfall_after,
    total_shortfall,
    unmet,
)


@dataclass
class Problem:
    """Everything the search needs, as arrays indexed by partner."""

    S: np.ndarray                  # R x N similarity, >= 0
    weights: np.ndarray            # R requirement weights
    terms: list[Term] = field(default_factory=list)        # diversity terms
    constraints: list[Constraint] = field(default_factory=list)
    score_weights: ScoreWeights = field(default_factory=ScoreWeights)

    @property
    def n(self) -> int:
        return int(self.S.shape[1])


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
    """coverage + diversity_weight * diversity, as the search sees it."""
    m = np.asarray(members, dtype=np.intp)
    if m.size == 0:
        return 0.0
    return coverage_value(p, m) + p.score_weights.diversity * diversity_value(p.terms, m)


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
    gain, after, _ = _scored(p, members, cand)
    return gain, after


def _scored(p: Problem, members: Sequence[int],
            cand: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(objective gain, shortfall after, coverage gain) of adding each candidate."""
    m = np.asarray(members, dtype=np.intp)
    cov = coverage_gains(p, members, cand)
    gain = cov + p.score_weights.diversity * diversity_gain(p.terms, m, cand)
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
                   constraints=constraints, score_weights=p.score_weights)


def candidate_pool(p: Problem, include: Sequence[int], exclude: Sequence[int],
                   per_requirement: int) -> np.ndarray:
    """Partners in some requirement's top list (others cannot win a requirement), plus
    the best partners of every at-least constraint, so constraints stay reachable."""
    k = min(per_requirement, p.n)
    top = np.argpartition(-p.S, k - 1, axis=1)[:, :k] if k < p.n else np.tile(
        np.arange(p.n), (p.S.shape[0], 1))
    chosen = set(top.ravel().tolist()) | set(include)
    score = p.S.max(axis=0)
    banned = np.zeros(p.n, bool)
    banned[list(exclude)] = True
    for c in p.constraints:
        if not isinstance(c, AtLeast):
            continue
        idx = np.flatnonzero(c.mask & ~banned)
        if c.by is None:
            chosen.update(idx[np.argsort(-score[idx])[: max(c.count, 1) * 3]].tolist())
            continue
        for value in np.unique(c.by[idx]):  # the best few of every value
            same = idx[c.by[idx] == value]
            chosen.update(same[np.argsort(-score[same])[:3]].tolist())
    chosen -= set(exclude)
    return np.array(sorted(chosen), dtype=np.intp)


def _pick(gain: np.ndarray, after: np.ndarray) -> int:
    """Index of the best candidate: the smallest shortfall first, then the best gain."""
    ok = np.isfinite(gain)
    if not ok.any():
        return -1
    best = after[ok].min()
    pick = np.flatnonzero(ok & (after == best))
    return int(pick[gain[pick].argmax()])


def greedy(p: Problem, include: Sequence[int], cand: np.ndarray, cfg: SearchConfig) -> list[int]:
    """Add the best candidate until the size range or the gains run out.

    Above the minimum size a partner joins only if it covers requirements better by at
    least ``min_gain``: diversity decides between relevant partners but never brings in
    one that adds nothing to the work.
    """
    members = list(dict.fromkeys(include))
    while len(members) < cfg.max_size:
        free = cand[~np.isin(cand, members)]
        if free.size == 0:
            break
        gain, after, cov = _scored(p, members, free)
        if len(members) >= cfg.min_size and deficit(p, members) == 0:
            gain = np.where(cov >= cfg.min_gain, gain, -np.inf)
        j = _pick(gain, after)
        if j < 0:
            break
        members.append(int(free[j]))
    return members


def _best_refill(p: Problem, rest: list[int], cand: np.ndarray, slots: int,
                 cfg: SearchConfig, current_deficit: int) -> list[int] | None:
    """Greedily refill ``slots`` places; None if no admissible newcomer exists."""
    members = list(rest)
    for _ in range(slots):
        free = cand[~np.isin(cand, members)]
        if free.size == 0:
            return None
        gain, after, cov = _scored(p, members, free)
        # A newcomer must add coverage, unless it closes a constraint gap.
        relevant = cov >= cfg.min_gain
        gain = np.where(relevant | (after < deficit(p, members)), gain, -np.inf)
        j = _pick(gain, after)
        if j < 0:
            return None
        members.append(int(free[j]))
    return members if deficit(p, members) <= current_deficit else None


def local_search(p: Problem, members: list[int], fixed: set[int], cand: np.ndarray,
                 cfg: SearchConfig) -> list[int]:
    """Single swaps until none helps, then pair swaps; repeat while anything improves."""
    value, current = objective(p, members), deficit(p, members)
    for _ in range(cfg.max_passes):
        improved = False
        sizes = (1, 2) if cfg.pair_swaps else (1,)
        for size in sizes:
            free_members = [m for m in members if m not in fixed]
            for out in combinations(free_members, size):
                rest = [m for m in members if m not in out]
                new = _best_refill(p, rest, cand, size, cfg, current)
                if new is None or set(new) == set(members):
                    continue
                new_value, new_deficit = objective(p, new), deficit(p, new)
                if new_deficit < current or (new_deficit == current
                                             and new_value > value + 1e-9):
                    members, value, current = new, new_value, new_deficit
                    improved = True
                    break
            if improved:
                break
        if not improved:
            break
    return members


def search(p: Problem, include: Sequence[int] = (), exclude: Sequence[int] = (),
           cfg: SearchConfig = SearchConfig()) -> list[int]:
    """Best consortium found, as partner indices; raises SearchError naming the
    constraint that cannot be met."""
    return _search(p, include, exclude, cfg, with_bound=False)[0]


def search_bounded(p: Problem, include: Sequence[int] = (), exclude: Sequence[int] = (),
                   cfg: SearchConfig = SearchConfig()) -> tuple[list[int], float]:
    """``search`` plus an upper bound on the penalised objective of any consortium drawn
    from the same candidates (``submodular_bound`` over the greedy's steps)."""
    return _search(p, include, exclude, cfg, with_bound=True)


def _search(p: Problem, include: Sequence[int], exclude: Sequence[int], cfg: SearchConfig,
            with_bound: bool) -> tuple[list[int], float]:
    cand = prepare(p, include, exclude, cfg)
    sub, local = restrict(p, cand), np.arange(cand.size)
    position = {int(j): k for k, j in enumerate(cand)}
    fixed = [position[int(j)] for j in include]
    start = greedy(sub, fixed, local, cfg)
    members = local_search(sub, start, set(fixed), local, cfg)
    chosen = [int(cand[k]) for k in members]
    check(p, chosen, cfg)
    if not with_bound:
        return chosen, float("inf")
    steps = [start[:i] for i in range(len(set(fixed)), len(start) + 1)] + [members]
    return chosen, submodular_bound(sub, steps, cfg)


def submodular_bound(p: Problem, sets: Sequence[Sequence[int]], cfg: SearchConfig) -> float:
    """An upper bound on ``penalised`` over every set of min_size..max_size partners.

    Coverage (a weighted maximum per requirement) and the capped diversity counts are
    monotone submodular, so for any set A and any consortium X of k partners
    f(X) <= f(A) + (the k largest gains of adding one partner to A) (Minoux 1978; the
    "online bound" of Leskovec et al. 2007). The bound is the best such value over the
    given sets, typically the greedy's successive steps. Constraints only remove
    consortia, so it bounds the constrained optimum too. It is looser than the LP bound
    of ``exact.py`` (1-6 % above the answer rather than 0.1-1 % on Cluster 3 topics) but
    takes milliseconds instead of importing and running an LP solver.
    """
    best = np.inf
    lam = p.score_weights.diversity
    for chosen in sets:
        members = list(dict.fromkeys(chosen))
        free = np.setdiff1d(np.arange(p.n), members)
        gain = coverage_gains(p, members, free) + lam * diversity_gain(
            p.terms, np.asarray(members, dtype=np.intp), free)
        top = np.concatenate([[0.0], np.cumsum(np.sort(np.maximum(gain, 0.0))[::-1])])
        base = objective(p, members)
        value = max(base + top[min(k, top.size - 1)] - cfg.min_gain * (k - cfg.min_size)
                    for k in range(cfg.min_size, cfg.max_size + 1))
        best = min(best, value)
    return float(best)


def prepare(p: Problem, include: Sequence[int], exclude: Sequence[int],
            cfg: SearchConfig) -> np.ndarray:
    """Check the request is possible at all and return the candidate pool."""
    if cfg.min_size < 1 or cfg.min_size > cfg.max_size:
        raise SearchError(f"size range {cfg.min_size}..{cfg.max_size} is empty; "
                          "give MIN..MAX with 1 <= MIN <= MAX")
    if set(include) & set(exclude):
        raise SearchError("a partner is both included and excluded; drop one of the options")
    if len(set(include)) > cfg.max_size:
        raise SearchError(f"{len(set(include))} partners are included but the size is at "
                          f"most {cfg.max_size}; raise --size")
    if unmet([c for c in p.constraints if not isinstance(c, AtLeast)], list(include)):
        raise SearchError("the included partners already break: " + "; ".join(
            unmet(p.constraints, list(include))))
    cand = candidate_pool(p, include, exclude, cfg.per_requirement)
    for c in p.constraints:
        if isinstance(c, AtLeast) and not c.reachable(cand, cfg.max_size):
            raise SearchError(f"cannot be met with this pool and size: {c.name}"
                              + (f" ({c.hint})" if c.hint else ""))
    return cand


def check(p: Problem, members: list[int], cfg: SearchConfig) -> None:
    if len(members) < cfg.min_size:
        raise SearchError(f"the pool has only {len(members)} usable partners after "
                          f"exclusions; at least {cfg.min_size} are needed (lower --size)")
    broken = unmet(p.constraints, members)
    if broken:
        raise SearchError("no consortium within the size range meets: " + "; ".join(broken)
                          + " (add partners, raise --size or drop exclusions)")


def alternatives(p: Problem, best: list[int], count: int, include: Sequence[int] = (),
                 exclude: Sequence[int] = (), cfg: SearchConfig = SearchConfig(),
                 min_difference: int = 2) -> list[list[int]]:
    """Up to ``count`` more consortia, each differing from every other by at least
    ``min_difference`` members, best first.

    Each is searched with ``min_difference`` members of an earlier consortium excluded,
    trying the pairs whose loss costs least first, so the alternatives stay close to
    the best in quality while being genuinely different.
    """
    found = [best]
    tried: set[frozenset[int]] = set()
    fixed = set(include)
    while len(found) <= count:
        options: list[tuple[float, list[int]]] = []
        for base in found:
            free = [m for m in base if m not in fixed]
            value = penalised(p, base, cfg)
            pairs = sorted(combinations(free, min_difference), key=lambda out: value - penalised(
                p, [m for m in base if m not in out], cfg))
            for out in pairs:
                if frozenset(out) in tried:
                    continue
                tried.add(frozenset(out))
                try:
                    members = search(p, include, [*exclude, *out], cfg)
                except SearchError:
                    continue
                if all(len(set(members) - set(f)) >= min_difference for f in found):
                    options.append((penalised(p, members, cfg), members))
                if len(options) >= 3:
                    break
            if len(options) >= 3:
                break
        if not options:
            break
        options.sort(key=lambda item: -item[0])
        found.append(options[0][1])
    return sorted(found[1:], key=lambda members: -penalised(p, members, cfg))


def gap(value: float, bound: float) -> float:
    """Relative distance to the bound (0 = proven optimal)."""
    if not np.isfinite(bound) or bound <= 0:
        return float("nan")
    return max(0.0, (bound - value) / bound)
