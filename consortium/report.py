"""The consortium report: what a proposal writer or reviewer reads of one consortium.

Assembly is kept out of the builder: given what a fitted builder knows (``Fitted``) and
the members, it lays out per-requirement evidence, per-member roles and track records,
diversity, eligibility with the topic conditions, single points of failure and
redundant members. Results are dataclasses; JSON is ``asdict``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from consortium.calls.topic import Call
from consortium.draft.build import build_draft
from consortium.draft.model import Draft
from consortium.embed.embedder import EmbedStats
from consortium.embed.pool_index import Match
from consortium.partners.countries import country_name
from consortium.partners.facilities import FACILITY_SOURCE
from consortium.partners.model import Partner
from consortium.partners.participation import participation_reason
from consortium.rank.relevance import Relevance
from consortium.score.conditions import ConditionCheck, check_conditions
from consortium.score.coverage import (
    Eligibility,
    ScoreWeights,
    best_members,
    coverage,
    eligibility,
    term_weights,
)
from consortium.score.diversity import Attributes, Diversity, describe
from consortium.score.facilities import (
    FacilityUse,
    evidence_source,
    facility_gaps,
    facility_uses,
    unlisted_note,
)
from consortium.score.levels import GAP, PARTIAL, best_level, cell_levels, names, rule_numbers
from consortium.search.problem import Problem, coverage_value, objective


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
    # why the ranker puts it here: "3 relevant projects, coordinated 1; worked with X twice"
    why: list[str] = field(default_factory=list)
    facilities: list[str] = field(default_factory=list)  # its facilities serving the topic


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
    levels: list[str] = field(default_factory=list)    # per member, the cell's level


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
    context: list[ContextUnit] = field(default_factory=list)  # the topic's unscored units
    predecessors: list[Predecessor] = field(default_factory=list)
    draft: Draft | None = None    # Part A, 3.2, work packages, budget, commitments
    review: bool = False          # written for a reviewer (``check``), not a writer
    # whose data the report shows, so only they are attributed: "cordis", "portal"
    sources: list[str] = field(default_factory=lambda: ["cordis", "portal"])
    facilities: list[FacilityUse] = field(default_factory=list)  # where we test (#24)
    facility_gaps: list[str] = field(default_factory=list)  # validation without a facility

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class ContextUnit:
    """A sentence of the topic that is not scored (background, a lead-in, boilerplate,
    a footnote, a condition, a predecessor): shown to the writer, apart."""

    id: str
    section: str
    role: str
    option: str
    text: str


@dataclass
class Predecessor:
    """A topic this one builds on, with the pool's projects funded under it and the pool
    members that took part: they know the work the proposal must build on."""

    topic: str
    projects: list[str]          # citations, "ACRONYM (HORIZON 2022)"
    partners: list[str]          # pool members that took part (labels)
    in_consortium: list[str]     # of those, the ones in this consortium


@dataclass
class Fitted:
    """What a fitted builder knows that a report reads."""

    call: Call
    partners: list[Partner]
    match: Match
    problem: Problem
    weights: ScoreWeights
    pool_name: str
    model: str
    stats: EmbedStats
    topic_conditions: bool = True
    relevance: Relevance | None = None


def alternative(f: Fitted, members: list[int], best: list[int]) -> Alternative:
    return Alternative(
        members=[f.partners[i].display_label for i in members],
        member_ids=[f.partners[i].id for i in members],
        objective=round(objective(f.problem, members), 4),
        coverage=round(coverage_value(f.problem, members), 4),
        differs_from_best=len(set(members) - set(best)))


def consortium_report(f: Fitted, members: Sequence[int], included: Sequence[int],
                      coordinator: int | None = None) -> ConsortiumReport:
    call, w, S = f.call, f.weights, f.match.S
    best, _ = best_members(S, members)
    codes = cell_levels(f.match, [r.text for r in call.requirements], w, columns=members)
    code, who = best_level(codes, S, members)
    lv = names(code)
    uses = facility_uses(f.match, call.requirements, f.partners, members, w.partial)
    chosen = [f.partners[i] for i in members]
    if coordinator is None:
        coordinator = _coordinator(f, members, included)
    order = sorted(members, key=lambda k: (k != coordinator, list(members).index(k)))
    checks = check_conditions(call.conditions, chosen)
    report = ConsortiumReport(
        call_id=call.id, call_title=call.title, call_source=call.source,
        action_type=call.action_type, deadline=call.deadline, pool=f.pool_name,
        pool_size=len(f.partners), model=f.model,
        members=_members(f, order, who, lv, coordinator, included, codes),
        requirements=_requirements(f, members, order, codes, who, lv),
        coverage=round(coverage(best, f.problem.weights), 4),
        diversity=describe(Attributes.of(chosen), [len(p.projects) for p in chosen],
                           term_weights(w)),
        eligibility=_eligibility(f, chosen, checks), conditions=checks,
        objective=round(objective(f.problem, list(members)), 4),
        gaps=[req.id for req, level in zip(call.requirements, lv) if level == "gap"],
        thresholds=rule_numbers(w),
        embedding=f.stats, constraints=[c.name for c in f.problem.constraints],
        notes=["Partners are assumed to be independent legal entities; check "
               "affiliations before submission."]
        + [r for r in (participation_reason(p) for p in chosen) if r],
        single_points=[req.id for r, req in enumerate(call.requirements) if lv[r] != "gap"
                       and int((codes[r, list(members)] >= PARTIAL).sum()) == 1],
        redundant=[f.partners[i].display_label for i in _redundant(S, members, best)],
        context=[ContextUnit(u.id, u.section, u.role, u.option, u.text) for u in call.context],
        predecessors=predecessors(call.predecessors, f.partners, members),
        facilities=uses,
        facility_gaps=facility_gaps(f.match, call.requirements, members, w.partial),
    )
    for m in report.members:
        m.facilities = list(dict.fromkeys(u.facility for u in uses if u.owner_id == m.id))
    report.notes.extend(n for n in [unlisted_note(f.match, call.requirements)] if n)
    report.draft = build_draft(asdict(report), [f.partners[i] for i in order],
                               f.match.requirement_vectors, call.budget_max)
    report.sources = (["cordis"] if report.draft.cordis else []) + (
        ["portal"] if portal_text(call) else [])
    return report


def portal_text(call: Call) -> bool:
    """Whether the topic text is the portal's (a bundled topic, or one read from a portal
    export), not a user's own."""
    from pathlib import Path

    from consortium.resources import bundled_dir

    path = Path(call.source)
    with contextlib.suppress(FileNotFoundError, OSError):
        if bundled_dir("calls").resolve() in path.resolve().parents:
            return True
    return "portal" in path.name.lower() or call.source.startswith("portal")


def predecessors(topics: Sequence[str], partners: Sequence[Partner],
                 members: Sequence[int]) -> list[Predecessor]:
    """The pool's projects under each predecessor topic and who took part in them (only
    read when the topic names predecessors: a lazy pool then reads track records)."""
    out = []
    chosen = set(members)
    for topic in topics:
        wanted = topic.casefold()
        projects: dict[str, str] = {}
        who: list[tuple[int, str]] = []
        for i, partner in enumerate(partners):
            mine = [x for x in partner.projects if x.topic.casefold() == wanted]
            projects.update((x.id, x.citation) for x in mine)
            if mine:
                who.append((i, partner.display_label))
        out.append(Predecessor(topic, sorted(projects.values()), [label for _, label in who],
                               [label for i, label in who if i in chosen]))
    return out


def _requirements(f: Fitted, members: Sequence[int], order: Sequence[int], codes: np.ndarray,
                  who: np.ndarray, lv: list[str]) -> list[RequirementReport]:
    """Each requirement with the evidence that earns its level (the member at the best
    level, highest similarity first) and every member's cell."""
    S, out = f.match.S, []
    for r, req in enumerate(f.call.requirements):
        j = int(who[r])
        text, source = f.match.passage(r, j)
        also = [f.partners[k].display_label for k in members if k != j and codes[r, k] != GAP]
        out.append(RequirementReport(
            id=req.id, section=req.section, text=req.text, weight=req.weight,
            score=round(float(S[r, j]), 4), level=lv[r], partner_id=f.partners[j].id,
            partner=f.partners[j].display_label, evidence=text,
            evidence_source=evidence_source(f.partners[j], text, source), also=also,
            scores=[round(float(S[r, k]), 4) for k in order],
            levels=names(codes[r, list(order)])))
    return out


def _members(f: Fitted, order: Sequence[int], who: np.ndarray, lv: list[str],
             coordinator: int, included: Sequence[int],
             codes: np.ndarray) -> list[MemberReport]:
    out = []
    for no, i in enumerate(order, 1):
        p = f.partners[i]
        covers = [f.call.requirements[r].id for r in range(len(lv))
                  if who[r] == i and lv[r] != "gap"]
        recent = sorted(p.projects, key=lambda x: -(x.start_year or 0))[:5]
        out.append(MemberReport(
            no=no, id=p.id, name=p.name, short_name=p.short_name, country=p.country,
            country_name=country_name(p.country), org_type=p.org_type, sme=p.sme,
            role="coordinator" if i == coordinator else "beneficiary",
            included=i in included, covers=covers, n_projects=len(p.projects),
            coordinated=p.coordinated,
            projects=[x.citation for x in recent],
            track_record=_track_record(f, i, codes),
            why=f.relevance.reasons(i, order) if f.relevance is not None else []))
    return out


def _track_record(f: Fitted, i: int, codes: np.ndarray, limit: int = 5) -> list[str]:
    """Projects behind this member's matches (at least partial): a proposal cites
    relevant work, not merely recent work."""
    S = f.match.S
    found: list[str] = []
    for r in np.argsort(-S[:, i], kind="stable"):
        source = f.match.passage(int(r), i)[1]
        if codes[r, i] != GAP and source not in ("profile", FACILITY_SOURCE) \
                and source not in found:
            found.append(source)
    return found[:limit]


def _redundant(S: np.ndarray, members: Sequence[int], best: np.ndarray) -> list[int]:
    """Members without whom no requirement's best similarity drops: they add no
    coverage the others do not (they may still add diversity)."""
    if len(members) < 2:
        return []
    return [i for i in members
            if bool(np.all(best_members(S, [k for k in members if k != i])[0]
                           >= best - 1e-6))]


def _eligibility(f: Fitted, chosen: list[Partner], checks: list[ConditionCheck]) -> Eligibility:
    """The general rule, then every required topic condition that is not met."""
    result = eligibility([p.country for p in chosen], f.call.action_type)
    unmet = [c for c in checks if c.required and c.status == "not met"]
    if unmet and f.topic_conditions:
        result.eligible = False
        result.reasons.extend(f"topic condition {c.condition}: {c.message}" for c in unmet)
    return result


def _coordinator(f: Fitted, members: Sequence[int], included: Sequence[int]) -> int:
    """The first included partner, else the member with the most coordinations."""
    if included:
        return int(included[0])
    return max(members, key=lambda i: (f.partners[i].coordinated,
                                       len(f.partners[i].projects)))
