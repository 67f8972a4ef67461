"""The call radar: topics ranked for one member, one cluster or the whole pool.

A cluster manager reads it to choose which topics to mobilise members for. Fit is the
coverage a core of members reaches (``fit_means`` says which); with ``rank_by=
"facilities"`` topics are ranked instead by how well the subject's facilities serve
their validation requirements (``score.facilities.facility_fit``, issue #24), so a
cluster that shares test ranges sees the topics that need them first.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from consortium.calls.topic import Call
from consortium.embed.embedder import EmbedStats
from consortium.embed.pool_index import PoolIndex
from consortium.errors import InputError
from consortium.partners.pool import resolve_partners
from consortium.rank.relevance import LearnedRelevance
from consortium.score.coverage import ScoreWeights, coverage_of
from consortium.score.facilities import facility_fit
from consortium.score.levels import best_level, cell_levels, names, rule_numbers
from consortium.scout.scouting import (
    budget_text,
    cluster_members,
    distinct_labels,
    greedy_core,
    weights_of,
)

RANK_BY = ("coverage", "facilities")


@dataclass
class RadarRow:
    rank: int
    call_id: str
    title: str
    action_type: str
    deadline: str
    budget: str
    fit: float                 # what the ranking sorts by (see RadarReport.fit_means)
    core_coverage: float
    core: list[str]            # labels of the core members, first = strongest
    core_ids: list[str]
    uncovered: list[str]       # "R3 (partial)", "R7 (gap)": not covered by the core
    n_requirements: int
    # How well the subject's facilities serve the topic's validation asks (0..1), and
    # which ones they serve: "R4 (NMTR)".
    facility_fit: float = 0.0
    facilities: list[str] = field(default_factory=list)
    n_validation: int = 0
    # For a member: where the learned ranker puts it among the pool for this topic (1 =
    # the partner it would propose first); 0 for a cluster or the whole pool.
    pool_rank: int = 0


@dataclass
class RadarReport:
    subject: str               # "member X", "cluster FI" or "the whole pool"
    fit_means: str
    pool: str
    pool_size: int
    model: str
    thresholds: dict[str, float]
    rows: list[RadarRow]
    skipped: list[str] = field(default_factory=list)
    embedding: EmbedStats = field(default_factory=EmbedStats)
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def radar(calls: Sequence[Call], index: PoolIndex, member: str | None = None,
          cluster: str | None = None, core_size: int = 4, pool: str = "",
          weights: ScoreWeights = ScoreWeights(),
          done: Callable[[], None] = lambda: None, rank_by: str = "coverage") -> RadarReport:
    """Rank ``calls`` for one member, one cluster or the whole pool of ``index``.

    A member's fit is its own coverage of the topic, and its core is the member plus the
    pool's partners who complement it best. A cluster's (or the pool's) fit is the
    coverage its best core of ``core_size`` members reaches. With ``rank_by="facilities"``
    topics are sorted by the facility fit of the member, the whole cluster or the pool
    first (see the module docstring). ``done`` hears of each topic.
    """
    if rank_by not in RANK_BY:
        raise InputError("--rank-by", f"'{rank_by}' is not one of {', '.join(RANK_BY)}")
    partners = index.partners
    start: list[int] = []
    candidates: list[int] | None = None
    if member:
        (chosen,) = resolve_partners(partners, [member])
        start = [next(i for i, p in enumerate(partners) if p is chosen)]
        subject, fit_means = f"member {chosen.label} ({chosen.country})", \
            "the member's own coverage of the topic"
    elif cluster:
        candidates = cluster_members(partners, cluster)
        subject = f"cluster {cluster} ({len(candidates)} members)"
        fit_means = f"coverage by the cluster's best {core_size} members"
    else:
        subject, fit_means = "the whole pool", f"coverage by the pool's best {core_size}"
    owners = start or candidates or list(range(len(partners)))
    rows = []
    for call in calls:
        rows.append(_row(call, index, start, candidates, owners, core_size, weights))
        done()
    if rank_by == "facilities":
        fit_means += "; ranked by how well its facilities serve the validation asks"
        rows.sort(key=lambda r: (-r.facility_fit, -r.fit, r.call_id))
    else:
        rows.sort(key=lambda r: (-r.fit, r.call_id))
    for rank, row in enumerate(rows, 1):
        row.rank = rank
    return RadarReport(subject=subject, fit_means=fit_means, pool=pool,
                       pool_size=len(partners), model=index.embedder.model_id,
                       thresholds=rule_numbers(weights),
                       rows=rows, embedding=index.embedder.stats)


def _row(call: Call, index: PoolIndex, start: list[int], candidates: list[int] | None,
         owners: list[int], core_size: int, weights: ScoreWeights) -> RadarRow:
    """One topic's row: the core's fit and gaps, then the facility fit of ``owners``."""
    partners = index.partners
    match = index.match(call)
    S = match.S
    w = weights_of(call)
    core = greedy_core(S, w, start, candidates, core_size)
    lv = names(best_level(cell_levels(match, [r.text for r in call.requirements],
                                      weights, columns=core), S, core)[0])
    core_cov = coverage_of(S, w, core)
    row = RadarRow(
        rank=0, call_id=call.id, title=call.title, action_type=call.action_type,
        deadline=call.deadline, budget=budget_text(call),
        fit=round(coverage_of(S, w, start) if start else core_cov, 4),
        core_coverage=round(core_cov, 4),
        core=distinct_labels(partners, core), core_ids=[partners[i].id for i in core],
        uncovered=[f"{req.id} ({level})" for req, level in zip(call.requirements, lv)
                   if level != "covered" and req.weight > 0],
        n_requirements=sum(1 for r in call.requirements if r.weight > 0))
    row.facility_fit, row.facilities, row.n_validation = facility_fit(
        match, call.requirements, owners, [p.label for p in partners], weights.partial)
    if start:  # a member: would the model that learned from funded consortia pick it?
        learned = LearnedRelevance().fit(call, index, S).scores()
        row.pool_rank = 1 + int((learned > learned[start[0]]).sum())
    return row
