"""The ranker's features for every organisation of a pool and one topic, as pure numpy.

Each feature answers a question a proposal writer asks of a candidate: does its best
*project* fit (not one lucky passage), how many distinct relevant projects does it have
(breadth), did it lead them or hold a large share of their budget (the key partner, not
a minor participant sharing the project's text), does the keyword search agree, how
much collaborative experience does it have, here and recently, and — when a consortium
is being built — has it worked with its members. Text features see every project but
the topic's own (``TopicSignals.masked``); experience and network features see only
projects of calls before the topic's year (``History.visible(before=...)``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

from consortium.rank.history import COLLABORATIVE_MIN, History
from consortium.rank.lexical import reciprocal_rank_fusion
from consortium.rank.network import Network

TYPES = ("HES", "REC", "PRC", "PUB", "OTH")
RELEVANT_TOP = 100        # a topic's "relevant projects": its 100 best-matching ones
NO_HISTORY_YEARS = 10.0   # years since the last project, for an organisation with none
FEATURES = (
    "coverage", "best_project", "top3_projects", "relevant_projects",
    "relevant_coordinated", "relevant_share", "bm25", "fusion",
    "experience", "experience_coordinated", "experience_programme", "years_since_last",
    *(f"type_{t}" for t in TYPES), "eligible",
    "with_members", "co_members", "co_members_recent", "adamic_adar",
)


@dataclass
class TopicSignals:
    """What the text says about one topic against the pool."""

    coverage: np.ndarray            # N: single-partner coverage (today's ranking)
    project_relevance: np.ndarray   # J: weighted mean over requirements of best passage
    bm25: np.ndarray                # N: keyword score
    year: int = 0                   # the topic's call year (0: unknown, nothing is hidden)
    programme: str = ""             # its programme part (HORIZON-CL3, ...)
    masked: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.intp))


def without_record(history: History, masked: np.ndarray) -> np.ndarray:
    """N booleans: organisations with no project left to read. Ranked last, as the
    embedding ranks them: under the evaluation's masking an organisation whose every
    project was masked is almost surely in the topic's consortium, a signal a learned
    model would otherwise pick up, and one no real topic gives (a newcomer is unknown,
    not promising)."""
    visible = history.visible(masked).astype(np.float64)
    return np.asarray(history.incidence @ visible).ravel() == 0


def _row_top(matrix: sp.csr_matrix, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Per row, the maximum and the mean of the ``k`` largest stored values (missing
    values count as 0)."""
    m = matrix.tocsr()
    m.eliminate_zeros()
    rows = np.repeat(np.arange(m.shape[0]), np.diff(m.indptr))
    order = np.lexsort((-m.data, rows))
    rank = np.arange(order.size) - m.indptr[rows[order]]
    top = rank < k
    total = np.bincount(rows[order][top], weights=m.data[order][top], minlength=m.shape[0])
    first = rank == 0
    best = np.zeros(m.shape[0])
    best[rows[order][first]] = m.data[order][first]
    return best, total / k


def text_features(history: History, signals: TopicSignals) -> dict[str, np.ndarray]:
    visible = history.visible(signals.masked)
    relevance = np.where(visible, np.asarray(signals.project_relevance, dtype=np.float64), 0.0)
    per_project = history.incidence.multiply(relevance[None, :]).tocsr()
    best, top3 = _row_top(per_project, 3)
    ranked = np.sort(relevance[relevance > 0])[::-1]
    floor = ranked[min(RELEVANT_TOP, ranked.size) - 1] if ranked.size else np.inf
    relevant = (relevance >= floor) & (relevance > 0)
    rel = relevant.astype(np.float64)
    bm25 = np.asarray(signals.bm25, dtype=np.float64)
    return {
        "coverage": np.asarray(signals.coverage, dtype=np.float64),
        "best_project": best, "top3_projects": top3,
        "relevant_projects": np.log1p(history.incidence @ rel),
        "relevant_coordinated": np.log1p(history.coordinating @ rel),
        "relevant_share": history.share @ rel,
        "bm25": np.log1p(np.maximum(bm25, 0.0)),
        "fusion": reciprocal_rank_fusion(signals.coverage, bm25) * 60.0,
    }


def experience_features(history: History, signals: TopicSignals) -> dict[str, np.ndarray]:
    before = history.visible(signals.masked, before=signals.year)
    collaborative = before & (history.beneficiaries >= COLLABORATIVE_MIN)
    here = collaborative & (history.programme == signals.programme)
    last = history.incidence.multiply(np.where(before, history.year, 0)[None, :]).max(axis=1)
    last = np.asarray(last.todense()).ravel().astype(np.float64)
    year = float(signals.year or (history.year.max() + 1))
    since = np.where(last > 0, np.clip(year - last, 0.0, NO_HISTORY_YEARS), NO_HISTORY_YEARS)
    return {
        "experience": np.log1p(history.incidence @ collaborative.astype(np.float64)),
        "experience_coordinated": np.log1p(history.coordinating
                                           @ collaborative.astype(np.float64)),
        "experience_programme": np.log1p(history.incidence @ here.astype(np.float64)),
        "years_since_last": since,
    }


def profile_features(org_type: Sequence[str], eligible: np.ndarray) -> dict[str, np.ndarray]:
    types = np.asarray(org_type)
    out = {f"type_{t}": (types == t).astype(np.float64) for t in TYPES}
    out["eligible"] = np.asarray(eligible, dtype=np.float64)
    return out


def feature_matrix(history: History, signals: TopicSignals, org_type: Sequence[str],
                   eligible: np.ndarray, network: Network | None = None,
                   members: Sequence[int] = ()) -> np.ndarray:
    """N x len(FEATURES), in the order of ``FEATURES``."""
    values = {**text_features(history, signals), **experience_features(history, signals),
              **profile_features(org_type, eligible)}
    net = network if network is not None else Network(history)
    values.update(net.features(members, signals.year, signals.masked))
    return np.column_stack([values[name] for name in FEATURES]).astype(np.float32)
