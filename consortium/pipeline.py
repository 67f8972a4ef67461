"""The composition root: one call and a partner pool in, a scored consortium out.

Every command goes through here to load a pool (``load_pool``: the pool-name rule, the
snapshot, the embedder) and to build a fitted ``ConsortiumBuilder`` (``build``). The
builder follows scikit-learn's shape: ``__init__`` stores the stages and settings,
``fit`` embeds the call and the pool once, then ``suggest`` (search), ``score`` (a given
consortium) and ``fill`` (who would strengthen it) reuse that work. The stages it
composes are passed in: an embedder, a solver, the rules.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import numpy as np

from consortium.calls.topic import Call
from consortium.embed.embedder import CachedEmbedder, default_embedder
from consortium.embed.pool_index import PoolIndex
from consortium.embed.snapshot import Snapshot
from consortium.partners.model import Partner
from consortium.partners.participation import proposable_by_default
from consortium.partners.pool import resolve_partners
from consortium.rank.relevance import LearnedRelevance, Relevance
from consortium.report import ConsortiumReport, Fitted, alternative, consortium_report
from consortium.score.coverage import ScoreWeights, term_weights
from consortium.score.diversity import Attributes, build_terms
from consortium.search.alternatives import alternatives
from consortium.search.fill import FillReport, rank_candidates
from consortium.search.problem import Problem, SearchConfig
from consortium.search.rules import Rules, constraints, eligible_mask
from consortium.search.sizes import typical_size
from consortium.search.solvers import GreedySolver, Solver


class ConsortiumBuilder:
    """Embeds a call and a pool, then suggests or scores consortia."""

    def __init__(self, embedder: CachedEmbedder | None = None,
                 weights: ScoreWeights = ScoreWeights(),
                 config: SearchConfig | None = None, pool_name: str = "",
                 third_countries: bool = False, rules: Rules = Rules(),
                 solver: Solver | None = None, relevance: Relevance | None = None) -> None:
        self.embedder = embedder
        self.weights = weights
        self.config = config
        self.pool_name = pool_name
        self.third_countries = third_countries
        self.rules = rules
        self.solver = solver
        self.relevance = relevance

    def fit(self, call: Call, partners: Sequence[Partner],
            snapshot: Snapshot | None = None) -> ConsortiumBuilder:
        """``snapshot``: where the pool's passages and vectors are kept between runs."""
        embedder = self.embedder if self.embedder is not None else default_embedder()
        self.typical_ = typical_size(call)
        chosen = list(partners)
        index = PoolIndex(chosen, embedder, snapshot)
        match = index.match(call)
        relevance = (self.relevance if self.relevance is not None
                     else LearnedRelevance()).fit(call, index, match.S)
        problem = Problem(
            S=match.S,
            weights=np.array([r.weight for r in call.requirements], dtype=np.float32),
            terms=build_terms(Attributes.of(chosen), term_weights(self.weights)),
            constraints=constraints(call, chosen, self.rules), score_weights=self.weights,
            relevance=relevance.search_weights())
        self.eligible_ = eligible_mask([p.country for p in chosen])
        self.proposable_ = np.array([proposable_by_default(p.kind) for p in chosen], bool)
        self.fitted_ = Fitted(call, chosen, match, problem, self.weights, self.pool_name,
                              embedder.model_id, embedder.stats, self.rules.topic_conditions,
                              relevance)
        return self

    @property
    def partners_(self) -> list[Partner]:
        return self.fitted_.partners

    def _indices(self, refs: Sequence[str]) -> list[int]:
        index = {id(p): i for i, p in enumerate(self.partners_)}
        return [index[id(p)] for p in resolve_partners(self.partners_, list(refs))]

    def _outside(self) -> list[int]:
        """Partners left out unless asked for: those outside the Member States and
        Associated Countries (most calls fund them only by exception), and EU bodies,
        international organisations and funders (rarely ordinary beneficiaries)."""
        out = ~self.proposable_ if self.third_countries else ~(self.eligible_ & self.proposable_)
        return np.flatnonzero(out).tolist()

    def suggest(self, include: Sequence[str] = (), exclude: Sequence[str] = (),
                n_alternatives: int = 0) -> ConsortiumReport:
        inc, exc = self._indices(include), self._indices(exclude)
        # A partner named with --include stays in even from outside.
        exc = sorted(set(exc) | (set(self._outside()) - set(inc)))
        f = self.fitted_
        # The size asked for, else the topic's typical one, read at search time: a copy of
        # a fitted builder given another size (the web page's Size field) searches with it.
        config = self.config if self.config is not None else SearchConfig(
            min_size=self.typical_.low, max_size=self.typical_.high)
        solution = (self.solver or GreedySolver()).solve(f.problem, inc, exc, config)
        report = consortium_report(f, solution.members, included=inc)
        report.search = solution.info()
        if self.config is None:
            report.notes.append(f"Size: {self.typical_.basis}; --size (on the web page: "
                                "Size) overrides.")
        if n_alternatives:
            others = alternatives(f.problem, solution.members, n_alternatives, inc, exc,
                                  config)
            report.alternatives = [alternative(f, m, solution.members) for m in others]
        return report

    def score(self, members: Sequence[str], coordinator: str | None = None) -> ConsortiumReport:
        """Report on a given consortium (the reviewer's view)."""
        chosen = list(dict.fromkeys(self._indices(members)))
        lead = self._indices([coordinator])[0] if coordinator else None
        report = consortium_report(self.fitted_, chosen, included=[], coordinator=lead)
        report.review = True            # titled for a reviewer, not "Draft ... suggested"
        return report

    def fill(self, members: Sequence[str], top: int = 10) -> FillReport:
        """Rank outside partners by what they add on the consortium's weak requirements."""
        chosen = list(dict.fromkeys(self._indices(members)))
        f = self.fitted_
        relevance = f.relevance
        reward = relevance.search_weights(chosen) if relevance is not None else None
        return rank_candidates(f.call, f.partners, f.match, self.weights, chosen,
                               self._outside(), top, reward,
                               lambda j: relevance.reasons(j, chosen) if relevance else [])


@dataclass(frozen=True)
class PoolInputs:
    """What the command line names of a pool: registry, projects, model, cache."""

    partners: str | None = None
    projects: str | None = None
    model: str | None = None
    cache_dir: str | None = None
    progress: bool = True
    backend: str | None = None     # embedding runtime: torch (default) or onnx


@dataclass
class LoadedPool:
    partners: list[Partner]
    snapshot: Snapshot | None
    embedder: CachedEmbedder
    name: str                      # how reports name the pool
    size: int                      # organisations before any filter

    def index(self) -> PoolIndex:
        return PoolIndex(self.partners, self.embedder, self.snapshot)


def warn_languages(partners: list[Partner], model_id: str) -> None:
    """Members who describe themselves in another language rank low under an English-only
    model: say so once, as a ``LanguageNotice`` the CLI prints as one line."""
    from consortium.embed.embedder import english_only
    from consortium.partners.language import LanguageNotice, english_only_warning

    if english_only(model_id):
        message = english_only_warning(partners)
        if message:
            warnings.warn(LanguageNotice(message), stacklevel=3)


def load_pool(source: PoolInputs,
              keep: Callable[[list[Partner]], list[Partner]] | None = None) -> LoadedPool:
    """Read the pool (the bundled CORDIS pool by default), keep what ``keep`` keeps, and
    set up the embedder behind the cache."""
    from consortium.embed.seed import seed_cache
    from consortium.embed.snapshot import open_pool
    from consortium.errors import InputError
    from consortium.resources import cache_dir, default_pool

    path = Path(source.partners) if source.partners else default_pool()
    sizes: list[int] = []

    def counted(pool: list[Partner]) -> list[Partner]:
        sizes.append(len(pool))
        return keep(pool) if keep is not None else pool

    cache = cache_dir(source.cache_dir)
    chosen, snapshot = open_pool(path, source.projects, cache, counted)
    if not chosen:
        raise InputError(path, "no partner in the pool passes the filters")
    embedder = default_embedder(source.model, cache, progress=source.progress,
                                backend=source.backend)
    seed_cache(embedder)  # the shipped vectors of the default pool, for the default model
    warn_languages(chosen, embedder.model_id)
    name = path.parent.name if source.partners is None else str(path)
    return LoadedPool(chosen, snapshot, embedder, name, sizes[0] if sizes else len(chosen))


@dataclass(frozen=True)
class Settings:
    """How the builder searches: everything but the inputs and the embedder."""

    weights: ScoreWeights = field(default_factory=ScoreWeights)
    config: SearchConfig | None = None      # None: the typical size for the call
    third_countries: bool = False
    rules: Rules = field(default_factory=Rules)
    solver: Solver | None = field(default=None, compare=False)


def build(call: str, source: PoolInputs, calls_dir: str | None = None,
          settings: Settings = Settings(), warn: Callable[[str], None] | None = None,
          option: str | None = None) -> ConsortiumBuilder:
    """Load the call and the pool the command line names and fit a builder on them;
    ``warn`` hears what the call reader noticed; ``option`` keeps one of the topic's
    options."""
    from consortium.calls.folder import find_call

    topic = find_call(call, calls_dir, option, warn)
    pool = load_pool(source)
    options: dict[str, Any] = {f.name: getattr(settings, f.name) for f in fields(settings)}
    builder = ConsortiumBuilder(embedder=pool.embedder, pool_name=pool.name, **options)
    return builder.fit(topic, pool.partners, pool.snapshot)
