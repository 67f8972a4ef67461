"""Evaluation metrics as pure numpy functions over rankings and score samples.

A ranking is an array of organisation indices, best first, covering the whole pool, so
every metric can be read at any cut-off. Relevance is binary (funded or not): the data
says who was funded, not how good each partner was, so graded gains would be invented.
Ties are broken at random by ``rank_from_scores`` with a fixed seed: a baseline that
scores thousands of organisations alike (popularity, keyword search with no matching
word) must not look better or worse through the order the pool happened to be stored in.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def rank_from_scores(scores: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Indices by decreasing score, ties in random order."""
    tiebreak = np.asarray(rng.random(scores.shape[0]))
    return np.lexsort((tiebreak, -np.asarray(scores, dtype=np.float64)))


def _hits(ranking: np.ndarray, gold: np.ndarray, k: int) -> np.ndarray:
    return np.isin(ranking[:k], gold)


def recall_at_k(ranking: np.ndarray, gold: np.ndarray, k: int) -> float:
    """Share of the gold organisations found in the first ``k`` of the ranking."""
    if gold.size == 0:
        return float("nan")
    return float(_hits(ranking, gold, k).sum()) / float(np.unique(gold).size)


def ndcg_at_k(ranking: np.ndarray, gold: np.ndarray, k: int) -> float:
    """Binary-relevance nDCG: rewards finding the gold early, not only within ``k``."""
    n_gold = int(np.unique(gold).size)
    if n_gold == 0:
        return float("nan")
    discounts = 1.0 / np.log2(np.arange(2, k + 2))
    hits = _hits(ranking, gold, k).astype(np.float64)
    dcg = float(hits @ discounts[: hits.size])
    ideal = float(discounts[: min(n_gold, k)].sum())
    return dcg / ideal


def reciprocal_rank(ranking: np.ndarray, targets: np.ndarray) -> float:
    """1 / rank of the best-ranked target (a topic with two projects has two
    coordinators; finding either is what a user looking for a lead needs)."""
    if targets.size == 0:
        return float("nan")
    positions = np.flatnonzero(np.isin(ranking, targets))
    return 1.0 / float(positions[0] + 1) if positions.size else 0.0


def percentile_of(real: float, others: np.ndarray) -> float:
    """Share of ``others`` the real value beats, ties counting half. With one real
    consortium against random ones this is also the AUC of the score as a detector of
    real consortia (Mann-Whitney with one positive)."""
    others = np.asarray(others, dtype=np.float64)
    if others.size == 0:
        return float("nan")
    return float((others < real).sum() + 0.5 * (others == real).sum()) / float(others.size)


def bootstrap_ci(values: Sequence[float] | np.ndarray, rng: np.random.Generator,
                 n_boot: int = 2000, level: float = 0.95) -> tuple[float, float, float]:
    """Mean and percentile-bootstrap interval over topics (topics are the sampling unit:
    organisations within a topic are not independent draws)."""
    data = np.asarray(values, dtype=np.float64)
    data = data[~np.isnan(data)]
    if data.size == 0:
        return float("nan"), float("nan"), float("nan")
    idx = rng.integers(0, data.size, size=(n_boot, data.size))
    means = data[idx].mean(axis=1)
    tail = (1.0 - level) / 2.0
    lo, hi = np.quantile(means, [tail, 1.0 - tail])
    return float(data.mean()), float(lo), float(hi)


def paired_difference_ci(a: Sequence[float] | np.ndarray, b: Sequence[float] | np.ndarray,
                         rng: np.random.Generator, n_boot: int = 2000) \
        -> tuple[float, float, float]:
    """Mean of a - b over the same topics with its bootstrap interval: whether one method
    beats another is a paired question, narrower than comparing two separate intervals."""
    x, y = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    keep = ~(np.isnan(x) | np.isnan(y))
    return bootstrap_ci(x[keep] - y[keep], rng, n_boot)
