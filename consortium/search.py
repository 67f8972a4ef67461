"""The search stage: pick a consortium that maximises coverage + diversity.

Greedy selection on the monotone submodular objective, then swap local search. Every
marginal gain is computed for all candidates at once over arrays, so a step over a few
hundred candidates costs one matrix operation. Eligibility is a hard constraint: while
a consortium is not yet eligible, candidates that bring it closer are preferred; swaps
never make it less eligible.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from .errors import SearchError
from .score import ScoreWeights

GROUP_INDEX = {"research": 0, "industry": 1, "public": 2, "other": 3}


@dataclass
class Problem:
    """Everything the search needs, as arrays indexed by partner."""

    S: np.ndarray                  # R x N similarity, >= 0
    weights: np.ndarray            # R requirement weights
    country: np.ndarray            # N country codes as ints
    group: np.ndarray              # N type-group ints (GROUP_INDEX)
    sme: np.ndarray                # N bools
    eligible_country: np.ndarray   # N bools: Member State or Associated Country
    member_state: np.ndarray       # N bools
    score_weights: ScoreWeights = field(default_factory=ScoreWeights)
    min_countries: int = 3         # 1 for CSA

    @property
    def n(self) -> int:
        return int(self.S.shape[1])


@dataclass(frozen=True)
class SearchConfig:
    min_size: int = 6
    max_size: int = 10
    min_gain: float = 0.003        # stop adding above min_size when a partner adds less
    per_requirement: int = 30      # candidates kept per requirement (pruning)
    max_passes: int = 20


def objective(p: Problem, members: Sequence[int]) -> float:
    """coverage + diversity_weight * diversity, as the search sees it."""
    m = np.asarray(members, dtype=np.intp)
    if m.size == 0:
        return 0.0
    w = p.score_weights
    cov = float(p.S[:, m].max(axis=1) @ p.weights) / float(p.weights.sum())
    countries = len(set(p.country[m].tolist()))
    groups = len({g for g in p.group[m].tolist() if g != GROUP_INDEX["other"]})
    smes = int(p.sme[m].sum())
    div = (w.countries * min(countries, w.country_cap) / w.country_cap
           + w.types * groups / 3 + w.sme * min(smes, w.sme_cap) / w.sme_cap)
    return cov + w.diversity * div


def deficit(p: Problem, members: Sequence[int]) -> int:
    """How far the member set is from eligibility (0 = eligible)."""
    m = np.asarray(members, dtype=np.intp)
    eligible = set(p.country[m][p.eligible_country[m]].tolist()) if m.size else set()
    missing = max(0, p.min_countries - len(eligible))
    has_ms = bool(p.member_state[m].any()) if m.size else False
    return missing + (0 if has_ms or p.min_countries <= 1 else 1)


def gains(p: Problem, members: Sequence[int], cand: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Objective gain and resulting eligibility deficit of adding each candidate."""
    w = p.score_weights
    m = np.asarray(members, dtype=np.intp)
    cov_gain = coverage_gains(p, members, cand)
    countries = set(p.country[m].tolist())
    groups = {g for g in p.group[m].tolist() if g != GROUP_INDEX["other"]}
    smes = int(p.sme[m].sum()) if m.size else 0
    new_country = ~np.isin(p.country[cand], list(countries)) if countries else np.ones(
        cand.size, bool)
    new_group = ~np.isin(p.group[cand], [*groups, GROUP_INDEX["other"]])
    div_gain = (w.countries / w.country_cap * (new_country & (len(countries) < w.country_cap))
                + w.types / 3 * new_group
                + w.sme / w.sme_cap * (p.sme[cand] & (smes < w.sme_cap)))
    eligible = set(p.country[m][p.eligible_country[m]].tolist()) if m.size else set()
    adds_country = p.eligible_country[cand] & ~np.isin(p.country[cand], list(eligible))
    missing = np.maximum(0, p.min_countries - len(eligible) - adds_country.astype(int))
    has_ms = (bool(p.member_state[m].any()) if m.size else False) | p.member_state[cand]
    after = missing + np.where(has_ms | (p.min_countries <= 1), 0, 1)
    return cov_gain + w.diversity * div_gain, after


def candidate_pool(p: Problem, include: Sequence[int], exclude: Sequence[int],
                   per_requirement: int) -> np.ndarray:
    """Partners in some requirement's top list (others cannot win a requirement), plus
    partners that can make a consortium eligible when few countries are in the lists."""
    k = min(per_requirement, p.n)
    top = np.argpartition(-p.S, k - 1, axis=1)[:, :k] if k < p.n else np.tile(
        np.arange(p.n), (p.S.shape[0], 1))
    chosen = set(top.ravel().tolist()) | set(include)
    # The best partner of every eligible country, so eligibility is always reachable.
    score = p.S.max(axis=0)
    for country in np.unique(p.country[p.eligible_country]):
        idx = np.flatnonzero((p.country == country) & p.eligible_country)
        idx = idx[~np.isin(idx, list(exclude))]
        if idx.size:
            chosen.add(int(idx[score[idx].argmax()]))
    chosen -= set(exclude)
    return np.array(sorted(chosen), dtype=np.intp)


def coverage_gains(p: Problem, members: Sequence[int], cand: np.ndarray) -> np.ndarray:
    """Coverage-only gain of adding each candidate."""
    m = np.asarray(members, dtype=np.intp)
    cur = p.S[:, m].max(axis=1) if m.size else np.zeros(p.S.shape[0], dtype=p.S.dtype)
    return (np.maximum(p.S[:, cand], cur[:, None]) - cur[:, None]).T @ p.weights / float(
        p.weights.sum())


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
        gain, after = gains(p, members, free)
        eligible_now = deficit(p, members) == 0
        if len(members) >= cfg.min_size and eligible_now:
            useful = coverage_gains(p, members, free) >= cfg.min_gain
            if not useful.any():
                break
            gain = np.where(useful, gain, -np.inf)
        best_deficit = after.min()
        pick = np.flatnonzero(after == best_deficit)
        members.append(int(free[pick[gain[pick].argmax()]]))
    return members


def swap(p: Problem, members: list[int], fixed: set[int], cand: np.ndarray,
         cfg: SearchConfig) -> list[int]:
    """Replace one member at a time by the candidate that raises the objective most."""
    members = list(members)
    value, current_deficit = objective(p, members), deficit(p, members)
    for _ in range(cfg.max_passes):
        improved = False
        for pos, out in enumerate(list(members)):
            if out in fixed:
                continue
            rest = members[:pos] + members[pos + 1:]
            free = cand[~np.isin(cand, members)]
            if free.size == 0:
                continue
            gain, after = gains(p, rest, free)
            # As in greedy: a newcomer must add coverage, unless it fixes eligibility.
            relevant = coverage_gains(p, rest, free) >= cfg.min_gain
            ok = (after <= current_deficit) & (relevant | (after < current_deficit))
            if not ok.any():
                continue
            base = objective(p, rest)
            j = np.flatnonzero(ok)[gain[ok].argmax()]
            new_deficit = int(after[j])
            if base + gain[j] > value + 1e-9 or new_deficit < current_deficit:
                members = [*rest[:pos], int(free[j]), *rest[pos:]]
                value, current_deficit = objective(p, members), new_deficit
                improved = True
        if not improved:
            break
    return members


def search(p: Problem, include: Sequence[int] = (), exclude: Sequence[int] = (),
           cfg: SearchConfig = SearchConfig()) -> list[int]:
    """Best consortium found, as partner indices; raises SearchError if none is eligible."""
    if cfg.min_size < 1 or cfg.min_size > cfg.max_size:
        raise SearchError(f"size range {cfg.min_size}..{cfg.max_size} is empty; "
                          "give MIN..MAX with 1 <= MIN <= MAX")
    clash = set(include) & set(exclude)
    if clash:
        raise SearchError("a partner is both included and excluded; drop one of the options")
    if len(set(include)) > cfg.max_size:
        raise SearchError(f"{len(set(include))} partners are included but the size is at "
                          f"most {cfg.max_size}; raise --size")
    cand = candidate_pool(p, include, exclude, cfg.per_requirement)
    members = greedy(p, include, cand, cfg)
    members = swap(p, members, set(include), cand, cfg)
    if len(members) < cfg.min_size:
        raise SearchError(f"the pool has only {len(members)} usable partners after "
                          f"exclusions; at least {cfg.min_size} are needed (lower --size)")
    if deficit(p, members) > 0:
        raise SearchError(
            "no eligible consortium within the size range: the rule needs partners from "
            f"{p.min_countries} different Member States/Associated Countries including a "
            "Member State (add partners from more countries or raise --size)")
    return members
