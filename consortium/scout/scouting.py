"""Scouting and the call radar: partners ranked for a topic, topics ranked for a pool.

"Who among our members fits this topic?" (``scout``) and "which topics fit us?"
(``radar``) rank single partners or a small core, not an eligible consortium, so they
work on a one-country member list; ``PoolIndex`` embeds the pool once for all topics.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from consortium.calls.topic import Call
from consortium.embed.embedder import EmbedStats
from consortium.embed.pool_index import PoolIndex
from consortium.errors import InputError
from consortium.partners.countries import normalise_country
from consortium.partners.duplicates import identity_key
from consortium.partners.model import Partner
from consortium.rank.relevance import LearnedRelevance, Relevance
from consortium.score.coverage import ScoreWeights
from consortium.score.levels import cell_levels, names, rule_numbers
from consortium.search.greedy import greedy
from consortium.search.problem import Problem, SearchConfig

MIN_CORE_GAIN = 0.01   # a core member must add at least this much coverage


def weights_of(call: Call) -> np.ndarray:
    return np.array([r.weight for r in call.requirements], dtype=np.float32)


def greedy_core(S: np.ndarray, weights: np.ndarray, start: Sequence[int] = (),
                candidates: Sequence[int] | None = None, size: int = 4,
                min_gain: float = MIN_CORE_GAIN) -> list[int]:
    """The few partners that together cover most of a topic: the search's greedy on
    coverage alone (no diversity, no constraints); a pick adding less than ``min_gain``
    is not worth naming."""
    pool = np.asarray(candidates if candidates is not None else range(S.shape[1]),
                      dtype=np.intp)
    if float(weights.sum()) <= 0 or pool.size == 0:
        return list(start)
    return greedy(Problem(S=S, weights=weights), list(start), pool,
                  SearchConfig(min_size=1, max_size=size, min_gain=min_gain))


def distinct_labels(partners: Sequence[Partner], members: Sequence[int]) -> list[str]:
    """Labels, with the id added where two members share one (CORDIS lists some
    organisations under several ids), so "VTT, VTT" never reads as a mistake."""
    labels = [partners[i].label for i in members]
    return [f"{label} ({partners[i].id})" if labels.count(label) > 1 else label
            for label, i in zip(labels, members)]


# --- filters ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PartnerFilter:
    """Which partners a scout considers; empty fields let everyone through."""

    countries: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    sme: bool = False
    clusters: tuple[str, ...] = ()

    def describe(self) -> list[str]:
        out = []
        if self.countries:
            out.append("country " + ", ".join(self.countries))
        if self.types:
            out.append("type " + ", ".join(self.types))
        if self.sme:
            out.append("SMEs only")
        if self.clusters:
            out.append("cluster " + ", ".join(self.clusters))
        return out

    def apply(self, partners: Sequence[Partner]) -> list[Partner]:
        countries = set()
        for value in self.countries:
            code = normalise_country(value)
            if code is None:
                raise InputError(value, "unknown country (give an ISO code such as DE or "
                                 "a name such as Germany)")
            countries.add(code)
        types = {t.upper() for t in self.types}
        tags = {t.casefold() for t in self.clusters}
        tests = {"country": lambda p: not countries or p.country in countries,
                 "type": lambda p: not types or p.org_type in types,
                 "sme": lambda p: not self.sme or p.sme is True,
                 "cluster": lambda p: not tags or any(t.casefold() in tags for t in p.clusters)}
        kept = [p for p in partners if all(test(p) for test in tests.values())]
        if partners and not kept:
            empty = [f"--{name} leaves none" for name, test in tests.items()
                     if not any(test(p) for p in partners)] or ["together they leave none"]
            known = ", ".join(sorted({t for p in partners for t in p.clusters}))
            raise InputError("; ".join(self.describe()), "no partner in the pool passes the "
                             f"filters ({', '.join(empty)}); the pool's cluster tags: "
                             f"{known or 'none (tagged example pools: partners/clusters/)'}")
        return kept


def cluster_members(partners: Sequence[Partner], tag: str) -> list[int]:
    """Indices of the partners carrying ``tag`` (case-insensitive); an unknown tag is an
    error that lists the tags the pool has."""
    wanted = tag.strip().casefold()
    found = [i for i, p in enumerate(partners) if any(t.casefold() == wanted
                                                       for t in p.clusters)]
    if not found:
        known = sorted({t for p in partners for t in p.clusters})
        hint = (f"the pool's tags are {', '.join(known)}" if known else "no partner in the "
                "pool has a cluster tag; import a registry with --cluster TAG")
        raise InputError(tag, f"no partner has cluster tag '{tag}'; {hint}")
    return found


# --- scout --------------------------------------------------------------------------------


@dataclass
class Evidence:
    requirement: str
    score: float
    level: str
    text: str
    source: str


@dataclass
class ScoutRow:
    rank: int
    id: str
    name: str
    short_name: str
    country: str
    org_type: str
    cluster: str
    practitioner: str
    sme: bool | None
    fit: float                  # coverage of the topic by this partner alone
    covered: list[str]          # requirement ids at "covered"
    partial: list[str]          # ... at "partial"
    evidence: list[Evidence]    # its best matches, best first
    score: float = 0.0          # the learned ranker's score, what the rows are sorted by
    why: list[str] = field(default_factory=list)   # what lifted it ("3 relevant projects")
    also_ids: list[str] = field(default_factory=list)  # the same legal entity, other ids


@dataclass
class ScoutReport:
    call_id: str
    call_title: str
    action_type: str
    deadline: str
    pool: str
    pool_size: int
    considered: int
    filters: list[str]
    model: str
    thresholds: dict[str, float]
    requirements: list[dict[str, Any]]
    partners: list[ScoutRow]
    embedding: EmbedStats = field(default_factory=EmbedStats)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def scout(call: Call, index: PoolIndex, top: int = 20, pool: str = "",
          pool_size: int | None = None, filters: Sequence[str] = (),
          weights: ScoreWeights = ScoreWeights(), n_evidence: int = 3,
          relevance: Relevance | None = None) -> ScoutReport:
    """Rank the index's partners for ``call`` by the learned relevance (track record,
    text and keyword fit; ``rank.relevance``), showing how much each covers alone."""
    match = index.match(call)
    S, evidence = match.S, match.evidence
    w = weights_of(call)
    total = float(w.sum()) or 1.0
    fit = (w @ S) / total if S.size else np.zeros(len(index.partners))
    counted = w > 0
    ranker = (relevance if relevance is not None else LearnedRelevance()).fit(call, index, S)
    learned = ranker.scores()
    order = sorted(range(len(index.partners)), key=lambda j: (-float(learned[j]),
                                                              -float(fit[j])))
    # One legal entity under two ids (CORDIS renumbers; two files spell it two ways) is
    # one row, its other ids named: a cluster manager must not see VTT twice.
    shown: dict[str, list[int]] = {}
    for j in order:
        entity = identity_key(index.partners[j].name, index.partners[j].country)
        if entity not in shown and len(shown) == top:
            break
        shown.setdefault(entity, []).append(j)
    # Only the rows shown are levelled (on a 23k-organisation store, all took 1.3 s).
    codes = cell_levels(match, [r.text for r in call.requirements], weights,
                        columns=[js[0] for js in shown.values()])
    rows: list[ScoutRow] = []
    for rank, (j, *twins) in enumerate(shown.values(), 1):
        p = index.partners[j]
        col = S[:, j]
        lv = names(codes[:, j])
        best = [r for r in np.argsort(-col, kind="stable") if counted[r]][:n_evidence]
        rows.append(ScoutRow(
            rank=rank, id=p.id, name=p.name, short_name=p.short_name, country=p.country,
            org_type=p.org_type, sme=p.sme, cluster=p.cluster, practitioner=p.practitioner,
            fit=round(float(fit[j]), 4),
            covered=[call.requirements[r].id for r in range(len(lv))
                     if lv[r] == "covered" and counted[r]],
            partial=[call.requirements[r].id for r in range(len(lv))
                     if lv[r] == "partial" and counted[r]],
            evidence=[Evidence(call.requirements[r].id, round(float(col[r]), 4), lv[r],
                               index.passages[int(evidence[r, j])],
                               index.sources[int(evidence[r, j])]) for r in best],
            score=round(float(learned[j]), 4), why=ranker.reasons(j),
            also_ids=[index.partners[k].id for k in twins]))
    return ScoutReport(
        call_id=call.id, call_title=call.title, action_type=call.action_type,
        deadline=call.deadline, pool=pool, pool_size=pool_size or len(index.partners),
        considered=len(index.partners), filters=list(filters),
        model=index.embedder.model_id,
        thresholds=rule_numbers(weights),
        requirements=[{"id": r.id, "section": r.section, "text": r.text, "weight": r.weight}
                      for r in call.requirements],
        partners=rows, embedding=index.embedder.stats)


# --- radar inputs (the radar itself: scout.radar) -----------------------------------------


def budget_text(call: Call) -> str:
    """EUR millions as the portal states them: "6.0 M", "3.0–4.0 M", or ""."""
    lo, hi = call.budget_min, call.budget_max
    if lo is not None and hi is not None and lo != hi:
        return f"{lo / 1e6:.1f}–{hi / 1e6:.1f} M"
    value = hi if hi is not None else lo
    return "" if value is None else f"{value / 1e6:.1f} M"


def select_calls(calls: Sequence[Call], open_after: str | None = None,
                 only: Sequence[str] = ()) -> tuple[list[Call], list[str]]:
    """Topics whose id contains one of ``only`` and whose deadline is on or after
    ``open_after`` (ISO date); a topic without a deadline cannot be shown to be open."""
    wanted = [s.casefold() for s in only]
    kept, skipped = [], []
    for call in calls:
        if wanted and not any(s in call.id.casefold() for s in wanted):
            continue
        if open_after and not call.deadline:
            skipped.append(f"{call.id}: no deadline in the topic text")
            continue
        if open_after and call.deadline < open_after:
            continue
        if not call.requirements:
            skipped.append(f"{call.id}: no requirements")
            continue
        kept.append(call)
    return kept, skipped


def load_topics(source: str | None, only: Sequence[str] = ()) -> tuple[list[Call], list[str]]:
    """Topics from a calls folder (default: the bundled one) or one file of any format
    ``consortium calls`` reads (the portal JSON of open topics included)."""
    from consortium.calls.folder import list_calls
    from consortium.calls.formats import read_topics
    from consortium.resources import bundled_dir

    path = Path(source) if source else bundled_dir("calls")
    if path.is_dir():
        return list_calls(path, only=only), []
    if not path.exists():
        raise InputError(path, "no such calls folder or topic file")
    result = read_topics([path], only=tuple(only))
    return result.calls, list(result.skipped)
