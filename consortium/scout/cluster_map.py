"""The cross-cluster map: per topic, which clusters cover which requirements.

Clusters joining forces need to see where each one is strong and where another fills its
gaps, before anyone searches for a consortium. A cluster is treated as one pooled partner:
its score on a requirement is its best member's, so the map says "FI covers R3 through
VTT" and "NL + DE together reach 0.52, 0.06 more than DE alone". It also names the
facilities of each cluster that serve the topic's validation asks (issue #24): the test
range a demonstration needs may sit in another cluster than the expertise.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from itertools import combinations
from typing import Any

import numpy as np

from consortium.calls.topic import Call
from consortium.embed.embedder import EmbedStats
from consortium.errors import InputError
from consortium.score.coverage import ScoreWeights
from consortium.score.facilities import validation_facilities
from consortium.score.levels import COVERED, GAP, best_level, cell_levels, rule_numbers
from consortium.score.levels import names as level_names
from consortium.scout.scouting import PoolIndex, weights_of

MAX_COMBINED = 12   # clusters beyond this are mapped but not combined (C(12,3) = 220)


@dataclass
class ClusterCell:
    cluster: str
    score: float
    level: str
    member: str                 # the cluster's best member for this requirement


@dataclass
class RequirementMap:
    id: str
    text: str
    weight: float
    best_cluster: str
    reached_by: list[str]       # clusters at least partially covering it
    cells: list[ClusterCell]    # one per cluster, in ``ClusterMap.clusters`` order


@dataclass
class ClusterSummary:
    cluster: str
    members: int
    coverage: float             # as if the whole cluster were one partner
    covered: int                # requirements at "covered"
    unique: list[str]           # requirements no other cluster reaches (partial or better)
    leads: list[str]            # requirements where it scores best of all clusters
    top_members: list[str]      # members that are best for most requirements
    # its facilities serving the topic's validation asks: "NMTR: R4 — Maritime test range"
    facilities: list[str] = field(default_factory=list)


@dataclass
class Combination:
    clusters: list[str]
    coverage: float
    gain: float                 # over the best single cluster in the combination


@dataclass
class TopicMap:
    call_id: str
    title: str
    deadline: str
    clusters: list[ClusterSummary]
    requirements: list[RequirementMap]
    combinations: list[Combination]


@dataclass
class ClusterMap:
    pool: str
    pool_size: int
    clusters: list[str]
    untagged: int
    model: str
    thresholds: dict[str, float]
    topics: list[TopicMap]
    embedding: EmbedStats = field(default_factory=EmbedStats)
    skipped: list[str] = field(default_factory=list)  # topics left out, and why

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def cluster_groups(index: PoolIndex, only: Sequence[str] = ()) -> dict[str, list[int]]:
    """Cluster tag -> member indices; a partner with two tags counts for both."""
    groups: dict[str, list[int]] = {}
    for i, partner in enumerate(index.partners):
        for tag in partner.clusters:
            groups.setdefault(tag, []).append(i)
    if only:
        folded = {t.casefold(): t for t in groups}
        missing = [t for t in only if t.casefold() not in folded]
        if missing:
            raise InputError(", ".join(missing), "no partner has this cluster tag; the "
                             f"pool's tags are {', '.join(sorted(groups)) or 'none'}")
        groups = {folded[t.casefold()]: groups[folded[t.casefold()]] for t in only}
    if len(groups) < 2:
        raise InputError(", ".join(groups) or "the pool", "a cluster map needs partners "
                         "from at least 2 clusters (tag registries with `partners import "
                         "--cluster TAG` or a 'cluster' column)")
    return dict(sorted(groups.items()))


def _coverage(best: np.ndarray, weights: np.ndarray) -> float:
    total = float(weights.sum())
    return float(best @ weights) / total if total > 0 else 0.0


def map_topic(call: Call, index: PoolIndex, groups: dict[str, list[int]],
              weights: ScoreWeights = ScoreWeights(), n_combinations: int = 3) -> TopicMap:
    match = index.match(call)
    S = match.S
    codes = cell_levels(match, [r.text for r in call.requirements], weights)
    w = weights_of(call)
    names = list(groups)
    best = np.zeros((len(names), S.shape[0]), np.float32)      # cluster x requirement
    level = np.zeros((len(names), S.shape[0]), np.int8)
    who = np.zeros((len(names), S.shape[0]), np.intp)
    for c, members in enumerate(groups.values()):
        cols = np.asarray(members, dtype=np.intp)
        best[c] = S[:, cols].max(axis=1)
        level[c], who[c] = best_level(codes, S, cols)
    reach = level != GAP
    label = [p.label for p in index.partners]
    requirements = []
    for r, req in enumerate(call.requirements):
        lv = level_names(level[:, r])
        requirements.append(RequirementMap(
            id=req.id, text=req.text, weight=req.weight,
            best_cluster=names[int(best[:, r].argmax())],
            reached_by=[names[c] for c in range(len(names)) if reach[c, r]],
            cells=[ClusterCell(names[c], round(float(S[r, who[c, r]]), 4), lv[c],
                               label[int(who[c, r])]) for c in range(len(names))]))
    summaries = []
    counted = w > 0
    for c, name in enumerate(names):
        mine = who[c][counted]
        tops = sorted(set(mine.tolist()), key=lambda i: (-int((mine == i).sum()), label[i]))
        summaries.append(ClusterSummary(
            cluster=name, members=len(groups[name]),
            coverage=round(_coverage(best[c], w), 4),
            covered=int(((level[c] == COVERED) & counted).sum()),
            unique=[req.id for r, req in enumerate(call.requirements)
                    if counted[r] and reach[c, r] and reach[:, r].sum() == 1],
            leads=[req.id for r, req in enumerate(call.requirements)
                   if counted[r] and int(best[:, r].argmax()) == c],
            top_members=[label[i] for i in tops[:3]],
            facilities=validation_facilities(match, call.requirements, index.partners,
                                             groups[name], weights.partial)))
    return TopicMap(call_id=call.id, title=call.title, deadline=call.deadline,
                    clusters=summaries, requirements=requirements,
                    combinations=_combinations(names, best, w, n_combinations))


def _combinations(names: list[str], best: np.ndarray, w: np.ndarray,
                  keep: int) -> list[Combination]:
    """The best pairs and trios of clusters by the coverage they reach together."""
    single = [_coverage(best[c], w) for c in range(len(names))]
    out: list[Combination] = []
    n = min(len(names), MAX_COMBINED)
    for size in (2, 3):
        found = []
        for combo in combinations(range(n), size):
            cov = _coverage(best[list(combo)].max(axis=0), w)
            found.append(Combination([names[c] for c in combo], round(cov, 4),
                                     round(cov - max(single[c] for c in combo), 4)))
        found.sort(key=lambda x: (-x.coverage, -x.gain, x.clusters))
        out.extend(found[:keep])
    return out


def cluster_map(calls: Sequence[Call], index: PoolIndex, only: Sequence[str] = (),
                pool: str = "", weights: ScoreWeights = ScoreWeights(),
                done: Callable[[], None] | None = None) -> ClusterMap:
    """Map every topic in ``calls`` over the clusters tagged in the index's pool;
    ``done`` hears of each topic mapped (for a progress bar)."""
    groups = cluster_groups(index, only)
    topics = []
    for call in calls:
        topics.append(map_topic(call, index, groups, weights))
        if done is not None:
            done()
    return ClusterMap(
        pool=pool, pool_size=len(index.partners), clusters=list(groups),
        untagged=sum(1 for p in index.partners if not p.clusters),
        model=index.embedder.model_id,
        thresholds=rule_numbers(weights),
        topics=topics, embedding=index.embedder.stats)
