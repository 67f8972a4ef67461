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

from consortium.calls.topic import Call
from consortium.embed.embedder import CachedEmbedder, EmbedStats, default_embedder
from consortium.embed.pool_index import PoolIndex
from consortium.embed.snapshot import Snapshot
from consortium.errors import SearchError
from consortium.partners.countries import country_name, is_associated, is_member_state
from consortium.partners.pool import Partner, resolve_partners
from consortium.score.conditions import CONDITION_PRACTITIONERS, ConditionCheck, check_conditions
from consortium.score.coverage import (
    Eligibility,
    ScoreWeights,
    best_members,
    coverage,
    eligibility,
    levels,
    term_weights,
)
from consortium.score.diversity import Attributes, Diversity, build_terms, describe
from consortium.search.constraints import AtLeast, AtMostPer, Constraint, values_to_ints
from consortium.search.fill import FillReport
from consortium.search.greedy import (
    Problem,
    SearchConfig,
    alternatives,
    coverage_value,
    objective,
)


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
    # projects whose text is this member's evidence for some requirement, best match first
    track_record: list[str] = field(default_factory=list)


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
    scores: list[float] = field(default_factory=list)  # per member, in ``members`` order


@dataclass(frozen=True)
class Rules:
    """Constraints a user adds on top of the call's eligibility rule."""

    max_per_country: int | None = None
    min_countries: int | None = None
    require_types: tuple[str, ...] = ()
    topic_conditions: bool = True   # enforce the call's required practitioner conditions
    min_clusters: int | None = None  # members from at least N clusters (registry tags)
    experienced_coordinator: bool = False  # a member that has coordinated an EU project
    max_per_organisation: int | None = None  # entities sharing one legal name




@dataclass
class Alternative:
    members: list[str]            # labels
    member_ids: list[str]
    objective: float
    coverage: float
    differs_from_best: int        # members not in the best consortium


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
    single_points: list[str] = field(default_factory=list)  # reached by one member only
    redundant: list[str] = field(default_factory=list)  # members whose loss lowers no best score
    constraints: list[str] = field(default_factory=list)   # the rules the search enforced
    alternatives: list[Alternative] = field(default_factory=list)
    conditions: list[ConditionCheck] = field(default_factory=list)  # the call's conditions
    search: dict[str, Any] = field(default_factory=dict)   # method, candidates, bound, gap

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _organisation_key(name: str) -> str:
    """Entities of one organisation share a legal name up to case and punctuation
    (CORDIS lists some bodies under several ids)."""
    return " ".join("".join(ch if ch.isalnum() else " " for ch in name.casefold()).split())


def attributes(partners: Sequence[Partner]) -> Attributes:
    """What the diversity terms read of each partner."""
    return Attributes(
        country=[p.country for p in partners], org_type=[p.org_type for p in partners],
        sme=[p.sme for p in partners], practitioner=[p.practitioner for p in partners],
        coordinated=[p.coordinated for p in partners], cluster=[p.cluster for p in partners])


class ConsortiumBuilder:
    """Embeds a call and a pool, then suggests or scores consortia."""

    def __init__(self, embedder: CachedEmbedder | None = None,
                 weights: ScoreWeights = ScoreWeights(),
                 config: SearchConfig = SearchConfig(), pool_name: str = "",
                 third_countries: bool = False, rules: Rules = Rules(),
                 exact: bool = False, time_limit: float = 60.0) -> None:
        self.embedder = embedder
        self.weights = weights
        self.config = config
        self.pool_name = pool_name
        self.third_countries = third_countries
        self.rules = rules
        self.exact = exact
        self.time_limit = time_limit

    def fit(self, call: Call, partners: Sequence[Partner],
            snapshot: Snapshot | None = None) -> ConsortiumBuilder:
        """``snapshot``: where the pool's passages and vectors are kept between runs."""
        embedder = self.embedder if self.embedder is not None else default_embedder()
        self.embedder_ = embedder
        self.call_ = call
        self.partners_ = list(partners)
        index = PoolIndex(self.partners_, embedder, snapshot)
        self.passages_, self.sources_ = index.passages, index.sources
        self.S_, self.evidence_ = index.similarity(call)
        self.problem_ = self._problem()
        return self

    def _problem(self) -> Problem:
        country = values_to_ints([p.country for p in self.partners_])
        return Problem(
            S=self.S_,
            weights=np.array([r.weight for r in self.call_.requirements], dtype=np.float32),
            terms=build_terms(attributes(self.partners_), term_weights(self.weights)),
            constraints=self._constraints(country),
            score_weights=self.weights,
        )

    def _constraints(self, country: np.ndarray) -> list[Constraint]:
        """The call's eligibility rule plus the user's rules, as search constraints."""
        # Look each country up once: a 23k-organisation pool has ~150 countries.
        codes = sorted({p.country for p in self.partners_})
        ms = {c: is_member_state(c) for c in codes}
        ok = {c: ms[c] or is_associated(c) for c in codes}
        self.eligible_ = np.array([ok[p.country] for p in self.partners_], dtype=bool)
        member_state = np.array([ms[p.country] for p in self.partners_], dtype=bool)
        rules: list[Constraint]
        if self.call_.action_type.strip().upper() == "CSA":
            rules = [AtLeast("eligibility: 1 entity in a Member State or Associated Country",
                             self.eligible_)]
        else:
            rules = [AtLeast("eligibility: 3 entities from 3 different Member States or "
                             "Associated Countries", self.eligible_, 3, country, 3,
                             "add partners from more eligible countries"),
                     AtLeast("eligibility: 1 entity in an EU Member State", member_state)]
        rules.extend(self._condition_constraints(country))
        r = self.rules
        if r.max_per_country:
            rules.append(AtMostPer(f"at most {r.max_per_country} partners per country",
                                   country, r.max_per_country))
        if r.min_countries:
            rules.append(AtLeast(f"at least {r.min_countries} countries",
                                 np.ones(len(country), bool), 0, country, r.min_countries))
        for kind in r.require_types:
            mask = np.array([p.org_type == kind for p in self.partners_], dtype=bool)
            rules.append(AtLeast(f"at least one partner of type {kind}", mask, 1,
                                 hint=f"the pool has {int(mask.sum())} of type {kind}"))
        if r.min_clusters:
            tagged = np.array([bool(p.cluster) for p in self.partners_], dtype=bool)
            n_tags = len({p.cluster for p in self.partners_ if p.cluster})
            rules.append(AtLeast(
                f"members from at least {r.min_clusters} clusters", tagged, 0,
                values_to_ints([p.cluster for p in self.partners_]), r.min_clusters,
                f"the pool has {n_tags} cluster tags; tag registries with "
                "`partners import --cluster TAG`"))
        if r.max_per_organisation:
            rules.append(AtMostPer(
                f"at most {r.max_per_organisation} entities per organisation (same name)",
                values_to_ints([_organisation_key(p.name) for p in self.partners_]),
                r.max_per_organisation))
        if r.experienced_coordinator:
            mask = np.array([p.coordinated > 0 for p in self.partners_], dtype=bool)
            rules.append(AtLeast("a coordinator with a track record (a member that has "
                                 "coordinated an EU project)", mask, 1,
                                 hint=f"the pool has {int(mask.sum())} such partners"))
        return rules

    def _condition_constraints(self, country: np.ndarray) -> list[Constraint]:
        """Required topic conditions ("at least 2 Police Authorities from 2 countries")
        that the partners' practitioner categories can be checked against."""
        from consortium.calls.conditions import strongest

        if not self.rules.topic_conditions:
            return []
        categories = np.array([p.practitioner for p in self.partners_])
        out: list[Constraint] = []
        for cond in strongest([c for c in self.call_.conditions if c.required]):
            wanted = CONDITION_PRACTITIONERS.get(cond.role)
            if wanted is None or cond.option:
                continue
            mask = (categories != "") if not wanted else np.isin(categories, list(wanted))
            out.append(AtLeast(
                f"topic condition: {cond.summary()}", mask, cond.min_entities or 1,
                country if cond.min_countries else None, cond.min_countries or 0,
                f"the pool has {int(mask.sum())} partners of that kind; tag practitioners "
                "in the registry or use --no-conditions"))
        return out

    def _indices(self, refs: Sequence[str]) -> list[int]:
        index = {id(p): i for i, p in enumerate(self.partners_)}
        return [index[id(p)] for p in resolve_partners(self.partners_, list(refs))]

    def suggest(self, include: Sequence[str] = (), exclude: Sequence[str] = (),
                n_alternatives: int = 0) -> ConsortiumReport:
        inc, exc = self._indices(include), self._indices(exclude)
        if not self.third_countries:
            # Partners outside the Member States and Associated Countries are left out
            # unless named with --include: most calls fund them only by exception.
            outside = np.flatnonzero(~self.eligible_).tolist()
            exc = sorted(set(exc) | (set(outside) - set(inc)))
        members, search_info = self._search(inc, exc)
        report = self.report(members, included=inc)
        report.search = search_info
        if n_alternatives:
            others = alternatives(self.problem_, members, n_alternatives, inc, exc,
                                  self.config)
            report.alternatives = [self._alternative(m, members) for m in others]
        return report

    def _search(self, inc: list[int], exc: list[int]) -> tuple[list[int], dict[str, Any]]:
        """Greedy + swaps (default) or the exact MILP, with the gap to an upper bound."""
        from consortium.search.greedy import check, gap, penalised, prepare, search_bounded

        p, cfg = self.problem_, self.config
        cand = prepare(p, inc, exc, cfg)
        if self.exact:
            from consortium.search.exact import (
                solve,  # scipy.optimize: 0.6 s to import, only when asked
            )

            result = solve(p, cand, inc, cfg, time_limit=self.time_limit)
            if not result.members:
                raise SearchError(f"the exact solver found no consortium: {result.status}")
            members, bound, method, kind = result.members, result.bound, (
                "exact (MILP, HiGHS)" + ("" if result.optimal else ", stopped at time limit")
            ), "proven"
        else:
            members, bound = search_bounded(p, inc, exc, cfg)
            method, kind = "greedy + swaps", "submodular"
        check(p, members, cfg)
        value = penalised(p, members, cfg)
        return members, {"method": method, "candidates": int(cand.size),
                         "value": round(value, 4), "bound": round(bound, 4),
                         "bound_kind": kind, "gap": round(gap(value, bound), 4)}

    def _alternative(self, members: list[int], best: list[int]) -> Alternative:
        return Alternative(
            members=[self.partners_[i].label for i in members],
            member_ids=[self.partners_[i].id for i in members],
            objective=round(objective(self.problem_, members), 4),
            coverage=round(coverage_value(self.problem_, members), 4),
            differs_from_best=len(set(members) - set(best)))

    def score(self, members: Sequence[str], coordinator: str | None = None) -> ConsortiumReport:
        """Report on a given consortium (the reviewer's view)."""
        chosen = list(dict.fromkeys(self._indices(members)))
        lead = self._indices([coordinator])[0] if coordinator else None
        return self.report(chosen, included=[], coordinator=lead)

    def fill(self, members: Sequence[str], top: int = 10) -> FillReport:
        """Rank outside partners by what they add on the consortium's weak requirements."""
        from consortium.search.fill import rank_candidates

        chosen = list(dict.fromkeys(self._indices(members)))
        outside = [] if self.third_countries else np.flatnonzero(~self.eligible_).tolist()
        return rank_candidates(self, chosen, outside, top)

    def report(self, members: Sequence[int], included: Sequence[int],
               coordinator: int | None = None) -> ConsortiumReport:
        call, w = self.call_, self.weights
        best, who = best_members(self.S_, members)
        lv = levels(best, w)
        chosen = [self.partners_[i] for i in members]
        if coordinator is None:
            coordinator = self._coordinator(members, included)
        order = sorted(members, key=lambda k: (k != coordinator, list(members).index(k)))
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
                evidence_source=self.sources_[passage], also=also,
                scores=[round(float(self.S_[r, k]), 4) for k in order]))
        member_reports = []
        for no, i in enumerate(order, 1):
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
                projects=[x.citation for x in recent], track_record=self._track_record(i)))
        checks = check_conditions(call.conditions, chosen)
        div = describe(attributes(chosen), [len(p.projects) for p in chosen],
                       term_weights(w))
        return ConsortiumReport(
            call_id=call.id, call_title=call.title, call_source=call.source,
            action_type=call.action_type, deadline=call.deadline, pool=self.pool_name,
            pool_size=len(self.partners_), model=self.embedder_.model_id,
            members=member_reports, requirements=requirements,
            coverage=round(coverage(best, self.problem_.weights), 4), diversity=div,
            eligibility=self._eligibility(chosen, checks),
            conditions=checks,
            objective=round(objective(self.problem_, list(members)), 4),
            gaps=[req.id for req, level in zip(call.requirements, lv) if level == "gap"],
            thresholds={"covered": w.covered, "partial": w.partial},
            embedding=self.embedder_.stats,
            constraints=[c.name for c in self.problem_.constraints],
            notes=["Partners are assumed to be independent legal entities; check "
                   "affiliations before submission."],
            single_points=[req.id for r, req in enumerate(call.requirements) if lv[r] != "gap"
                           and int((self.S_[r, list(members)] >= w.partial).sum()) == 1],
            redundant=[self.partners_[i].label for i in self._redundant(members, best)],
        )

    def _track_record(self, i: int, limit: int = 5) -> list[str]:
        """Projects behind this member's matches: a proposal cites relevant work, not
        merely recent work."""
        rows = np.argsort(-self.S_[:, i], kind="stable")
        found: list[str] = []
        for r in rows:
            source = self.sources_[int(self.evidence_[r, i])]
            if self.S_[r, i] >= self.weights.partial and source != "profile" \
                    and source not in found:
                found.append(source)
        return found[:limit]

    def _redundant(self, members: Sequence[int], best: np.ndarray) -> list[int]:
        """Members without whom no requirement's best similarity drops: they add no
        coverage the others do not (they may still add diversity)."""
        if len(members) < 2:
            return []
        return [i for i in members
                if bool(np.all(best_members(self.S_, [k for k in members if k != i])[0]
                               >= best - 1e-6))]

    def _eligibility(self, chosen: list[Partner], checks: list[ConditionCheck]) -> Eligibility:
        """The general rule, then every required topic condition that is not met."""
        result = eligibility([p.country for p in chosen], self.call_.action_type)
        unmet = [c for c in checks if c.required and c.status == "not met"]
        if unmet and self.rules.topic_conditions:
            result.eligible = False
            result.reasons.extend(f"topic condition {c.condition}: {c.message}" for c in unmet)
        return result

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


def build(inputs: Inputs, builder: ConsortiumBuilder | None = None) -> ConsortiumBuilder:
    """Load the call and the pool named by ``inputs`` and fit ``builder`` (configured by
    the caller; its embedder defaults to the shipped model behind the cache) on them."""
    from pathlib import Path

    from consortium.calls.folder import resolve_call
    from consortium.calls.topic import load_call
    from consortium.embed.snapshot import open_pool
    from consortium.resources import bundled_dir, cache_dir, default_pool

    calls_dir = Path(inputs.calls_dir) if inputs.calls_dir else bundled_dir("calls")
    call = load_call(resolve_call(inputs.call, calls_dir))
    pool_path = Path(inputs.partners) if inputs.partners else default_pool()
    cache = cache_dir(inputs.cache_dir)
    partners, snapshot = open_pool(pool_path, inputs.projects, cache)
    builder = builder if builder is not None else ConsortiumBuilder()
    if builder.embedder is None:
        builder.embedder = default_embedder(inputs.model, cache, progress=inputs.progress)
    if not builder.pool_name:
        builder.pool_name = pool_path.parent.name if inputs.partners is None else str(pool_path)
    return builder.fit(call, partners, snapshot)
