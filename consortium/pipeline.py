"""The pipeline: one call and a partner pool in, a scored consortium report out.

``ConsortiumBuilder`` follows scikit-learn's shape: ``__init__`` stores the stages and
settings, ``fit`` embeds the call and the pool once, then ``suggest`` (search) and
``score`` (a given consortium) reuse that work.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from .calls import Call
from .countries import country_name, is_associated, is_member_state
from .embed import CachedEmbedder, EmbedStats, default_embedder
from .partners import Partner, resolve_partners
from .score import (
    TYPE_GROUP,
    Diversity,
    Eligibility,
    ScoreWeights,
    best_members,
    coverage,
    diversity,
    eligibility,
    levels,
    partner_similarity,
)
from .search import GROUP_INDEX, Problem, SearchConfig, objective, search


@dataclass
class MemberReport:
    no: int
    id: str
    name: str
    short_name: str
    country: str
    country_name: str
    org_type: str
    sme: bool | None
    role: str
    included: bool
    covers: list[str]          # requirement ids this member covers best (not gaps)
    n_projects: int
    coordinated: int
    projects: list[str]        # most recent track-record entries, "ACRONYM (FP 2019)"


@dataclass
class RequirementReport:
    id: str
    section: str
    text: str
    weight: float
    score: float
    level: str
    partner_id: str
    partner: str
    evidence: str
    evidence_source: str
    also: list[str]            # other members at least partially covering it


@dataclass
class ConsortiumReport:
    call_id: str
    call_title: str
    call_source: str
    action_type: str
    deadline: str
    pool: str
    pool_size: int
    model: str
    members: list[MemberReport]
    requirements: list[RequirementReport]
    coverage: float
    diversity: Diversity
    eligibility: Eligibility
    objective: float
    gaps: list[str]
    thresholds: dict[str, float]
    embedding: EmbedStats
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class ConsortiumBuilder:
    """Embeds a call and a pool, then suggests or scores consortia."""

    def __init__(self, embedder: CachedEmbedder | None = None,
                 weights: ScoreWeights = ScoreWeights(),
                 config: SearchConfig = SearchConfig(), pool_name: str = "",
                 third_countries: bool = False) -> None:
        self.embedder = embedder
        self.weights = weights
        self.config = config
        self.pool_name = pool_name
        self.third_countries = third_countries

    def fit(self, call: Call, partners: Sequence[Partner]) -> ConsortiumBuilder:
        embedder = self.embedder if self.embedder is not None else default_embedder()
        self.embedder_ = embedder
        self.call_ = call
        self.partners_ = list(partners)
        texts: dict[str, int] = {}
        self.sources_: list[str] = []
        slot_partner: list[int] = []
        slot_passage: list[int] = []
        for i, partner in enumerate(self.partners_):
            for text, source in partner.sourced_passages():
                if text not in texts:
                    texts[text] = len(texts)
                    self.sources_.append(source)
                slot_partner.append(i)
                slot_passage.append(texts[text])
        self.passages_ = list(texts)
        req_vecs = embedder.embed([r.text for r in call.requirements])
        passage_vecs = embedder.embed(self.passages_)
        self.S_, self.evidence_ = partner_similarity(
            req_vecs, passage_vecs, np.asarray(slot_partner), np.asarray(slot_passage),
            len(self.partners_))
        self.problem_ = self._problem()
        return self

    def _problem(self) -> Problem:
        codes: dict[str, int] = {}
        country = np.array([codes.setdefault(p.country, len(codes)) for p in self.partners_])
        return Problem(
            S=self.S_,
            weights=np.array([r.weight for r in self.call_.requirements], dtype=np.float32),
            country=country,
            group=np.array([GROUP_INDEX[TYPE_GROUP.get(p.org_type, "other")]
                            for p in self.partners_]),
            sme=np.array([bool(p.sme) for p in self.partners_]),
            eligible_country=np.array([is_member_state(p.country) or is_associated(p.country)
                                       for p in self.partners_]),
            member_state=np.array([is_member_state(p.country) for p in self.partners_]),
            score_weights=self.weights,
            min_countries=1 if self.call_.action_type.strip().upper() == "CSA" else 3,
        )

    def _indices(self, refs: Sequence[str]) -> list[int]:
        index = {id(p): i for i, p in enumerate(self.partners_)}
        return [index[id(p)] for p in resolve_partners(self.partners_, list(refs))]

    def suggest(self, include: Sequence[str] = (), exclude: Sequence[str] = ()) -> (
            ConsortiumReport):
        inc, exc = self._indices(include), self._indices(exclude)
        if not self.third_countries:
            # Partners outside the Member States and Associated Countries are left out
            # unless named with --include: most calls fund them only by exception.
            outside = np.flatnonzero(~self.problem_.eligible_country).tolist()
            exc = sorted(set(exc) | (set(outside) - set(inc)))
        members = search(self.problem_, inc, exc, self.config)
        return self.report(members, included=inc)

    def score(self, members: Sequence[str]) -> ConsortiumReport:
        return self.report(self._indices(members), included=[])

    def report(self, members: Sequence[int], included: Sequence[int]) -> ConsortiumReport:
        call, w = self.call_, self.weights
        best, who = best_members(self.S_, members)
        lv = levels(best, w)
        chosen = [self.partners_[i] for i in members]
        coordinator = self._coordinator(members, included)
        requirements = []
        for r, req in enumerate(call.requirements):
            j = int(who[r])
            passage = int(self.evidence_[r, j])
            also = [self.partners_[k].label for k in members
                    if k != j and self.S_[r, k] >= w.partial]
            requirements.append(RequirementReport(
                id=req.id, section=req.section, text=req.text, weight=req.weight,
                score=round(float(best[r]), 4), level=lv[r], partner_id=self.partners_[j].id,
                partner=self.partners_[j].label, evidence=self.passages_[passage],
                evidence_source=self.sources_[passage], also=also))
        member_reports = []
        for no, i in enumerate(sorted(members, key=lambda k: (k != coordinator,
                                                                list(members).index(k))), 1):
            p = self.partners_[i]
            covers = [call.requirements[r].id for r in range(len(best))
                      if who[r] == i and lv[r] != "gap"]
            recent = sorted(p.projects, key=lambda x: -(x.start_year or 0))[:5]
            member_reports.append(MemberReport(
                no=no, id=p.id, name=p.name, short_name=p.short_name, country=p.country,
                country_name=country_name(p.country), org_type=p.org_type, sme=p.sme,
                role="coordinator" if i == coordinator else "beneficiary",
                included=i in included, covers=covers, n_projects=len(p.projects),
                coordinated=p.coordinated,
                projects=[x.citation for x in recent]))
        div = diversity([p.country for p in chosen], [p.org_type for p in chosen],
                        [p.sme for p in chosen], w)
        return ConsortiumReport(
            call_id=call.id, call_title=call.title, call_source=call.source,
            action_type=call.action_type, deadline=call.deadline, pool=self.pool_name,
            pool_size=len(self.partners_), model=self.embedder_.model_id,
            members=member_reports, requirements=requirements,
            coverage=round(coverage(best, self.problem_.weights), 4), diversity=div,
            eligibility=eligibility([p.country for p in chosen], call.action_type),
            objective=round(objective(self.problem_, list(members)), 4),
            gaps=[req.id for req, level in zip(call.requirements, lv) if level == "gap"],
            thresholds={"covered": w.covered, "partial": w.partial},
            embedding=self.embedder_.stats,
            notes=["Partners are assumed to be independent legal entities; check "
                   "affiliations before submission."],
        )

    def _coordinator(self, members: Sequence[int], included: Sequence[int]) -> int:
        """The first included partner, else the member with the most coordinations."""
        if included:
            return int(included[0])
        return max(members, key=lambda i: (self.partners_[i].coordinated,
                                           len(self.partners_[i].projects)))


@dataclass(frozen=True)
class Inputs:
    """What the command line names: a call, a pool, a model and a cache."""

    call: str
    partners: str | None = None
    projects: str | None = None
    calls_dir: str | None = None
    model: str | None = None
    cache_dir: str | None = None
    progress: bool = True


def build(inputs: Inputs, weights: ScoreWeights = ScoreWeights(),
          config: SearchConfig = SearchConfig(), embedder: CachedEmbedder | None = None,
          third_countries: bool = False) -> ConsortiumBuilder:
    """Load the call and the pool named by ``inputs`` and fit a builder on them."""
    from pathlib import Path

    from .calls import load_call, resolve_call
    from .partners import load_partners
    from .resources import bundled_dir, default_pool

    calls_dir = Path(inputs.calls_dir) if inputs.calls_dir else bundled_dir("calls")
    call = load_call(resolve_call(inputs.call, calls_dir))
    pool_path = Path(inputs.partners) if inputs.partners else default_pool()
    partners = load_partners(pool_path, inputs.projects)
    if embedder is None:
        embedder = default_embedder(inputs.model,
                                    Path(inputs.cache_dir) if inputs.cache_dir else None,
                                    progress=inputs.progress)
    pool_name = pool_path.parent.name if inputs.partners is None else str(pool_path)
    return ConsortiumBuilder(embedder, weights, config, pool_name,
                             third_countries).fit(call, partners)
