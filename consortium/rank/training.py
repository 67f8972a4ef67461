"""Fitting and cross-validating the ranker (scripts/train_ranker.py drives this).

One model serves both settings a user meets: ranking the pool for a topic with nobody
chosen yet (cold), and completing a consortium around members already in it (seeded:
the real coordinator, whose partners are the rest of the gold set). Training rows are
every gold organisation plus sampled negatives (the hardest by text, keyword and
experience, and random ones); evaluation always ranks the whole pool. scikit-learn and
LightGBM are imported inside the functions that need them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from consortium.rank.features import FEATURES
from consortium.rank.model import LinearRanker, Ranker, TreeRanker

# Negatives drawn uniformly from the pool: hard negatives (the best by coverage, BM25
# and experience) biased the sample so that the model learned "a high coverage means not
# funded" (dev CV Recall@50 0.101 with 300/200/200 hard + 800 random, 0.154 with 100/50/50
# + 3,000 random, 0.223 with 3,000 random only; the embedding ranking's is 0.197).
HARD_NEGATIVES: dict[str, int] = {}
RANDOM_NEGATIVES = 3000
COORDINATOR_LABEL = 2     # graded relevance: the lead counts more (dev CV: R@50 0.271 -> 0.282)
FOLDS = 5
LGB_PARAMS: dict[str, Any] = {"objective": "lambdarank", "n_estimators": 300,
                              "learning_rate": 0.05, "num_leaves": 15,
                              "min_child_samples": 50, "subsample": 0.8,
                              "subsample_freq": 1, "colsample_bytree": 0.8,
                              "lambdarank_truncation_level": 60, "verbose": -1,
                              "n_jobs": 2, "random_state": 0}


@dataclass
class TaskMatrices:
    """A topic's features (cold and seeded) and its gold set."""

    id: str
    cold: np.ndarray
    seeded: np.ndarray | None
    gold: np.ndarray
    coordinators: np.ndarray
    seeds: np.ndarray

    @staticmethod
    def save(items: list[TaskMatrices], path: Path) -> None:
        arrays: dict[str, Any] = {"ids": np.array([t.id for t in items])}
        for k, t in enumerate(items):
            arrays[f"cold{k}"] = t.cold
            arrays[f"gold{k}"] = t.gold
            arrays[f"coord{k}"] = t.coordinators
            arrays[f"seeds{k}"] = t.seeds
            if t.seeded is not None:
                arrays[f"seeded{k}"] = t.seeded
        np.savez_compressed(path, **arrays)

    @staticmethod
    def load(path: Path) -> list[TaskMatrices]:
        with np.load(path, allow_pickle=False) as data:
            return [TaskMatrices(str(i), data[f"cold{k}"],
                                 data.get(f"seeded{k}", None),
                                 data[f"gold{k}"], data[f"coord{k}"], data[f"seeds{k}"])
                    for k, i in enumerate(data["ids"])]


def no_record_rows(X: np.ndarray) -> np.ndarray:
    """Rows of organisations with nothing left to read (``features.without_record``):
    kept out of training, since under masking they are almost all gold and the product
    ranks them last anyway."""
    empty = np.ones(X.shape[0], dtype=bool)
    for name in ("coverage", "best_project", "bm25", "experience"):
        empty &= X[:, FEATURES.index(name)] == 0
    return np.flatnonzero(empty)


def _candidates(X: np.ndarray, positives: np.ndarray, excluded: np.ndarray,
                rng: np.random.Generator) -> np.ndarray:
    excluded = np.union1d(excluded, no_record_rows(X))
    chosen = [positives]
    for name, count in HARD_NEGATIVES.items():
        chosen.append(np.argsort(-X[:, FEATURES.index(name)])[:count])
    chosen.append(rng.choice(X.shape[0], size=min(RANDOM_NEGATIVES, X.shape[0]),
                             replace=False))
    rows = np.unique(np.concatenate(chosen))
    return rows[~np.isin(rows, excluded)]


def training_rows(items: list[TaskMatrices], seed: int = 0) \
        -> tuple[np.ndarray, np.ndarray, list[int]]:
    """X, y and group sizes (one group per topic and setting)."""
    rng = np.random.default_rng(seed)
    xs, ys, groups = [], [], []
    for t in items:
        settings = [(t.cold, t.gold, np.zeros(0, dtype=np.intp))]
        if t.seeded is not None:
            settings.append((t.seeded, np.setdiff1d(t.gold, t.seeds), t.seeds))
        for X, positives, excluded in settings:
            rows = _candidates(X, positives, excluded, rng)
            xs.append(X[rows])
            label = np.isin(rows, positives).astype(np.int32)
            label[(label > 0) & np.isin(rows, t.coordinators)] = COORDINATOR_LABEL
            ys.append(label)
            groups.append(rows.size)
    return np.vstack(xs), np.concatenate(ys), groups


def fit_ranker(items: list[TaskMatrices], kind: str, seed: int = 0) -> Ranker:
    X, y, groups = training_rows(items, seed)
    if kind == "linear":
        from sklearn.linear_model import LogisticRegression

        mean, scale = X.mean(axis=0), X.std(axis=0)
        scale = np.where(scale > 0, scale, 1.0)
        model = LogisticRegression(C=1.0, max_iter=2000, class_weight="balanced")
        model.fit((X - mean) / scale, (y > 0).astype(np.int32))
        return LinearRanker(FEATURES, mean, scale, model.coef_[0].astype(np.float64),
                            float(model.intercept_[0]))
    import lightgbm

    ranker = lightgbm.LGBMRanker(**LGB_PARAMS)
    ranker.fit(X, y, group=groups)
    return TreeRanker(FEATURES, ranker.booster_.model_to_string())


def _rank_metrics(scores: np.ndarray, gold: np.ndarray, coordinators: np.ndarray,
                  excluded: np.ndarray) -> dict[str, float]:
    scores = scores.astype(np.float64).copy()
    scores[excluded] = -np.inf
    order = np.argsort(-scores, kind="stable")
    found = np.isin(order, gold)
    size = int(gold.size)
    lead = np.flatnonzero(np.isin(order, coordinators))
    return {"recall@size": float(found[:size].sum()) / size,
            "recall@20": float(found[:20].sum()) / size,
            "recall@50": float(found[:50].sum()) / size,
            "recall@100": float(found[:100].sum()) / size,
            "coordinator_mrr": 1.0 / (lead[0] + 1) if lead.size else 0.0}


def evaluate(ranker: Ranker, items: list[TaskMatrices]) -> dict[str, dict[str, list[float]]]:
    from consortium.rank.model import select_columns

    out: dict[str, dict[str, list[float]]] = {"cold": {}, "seeded": {}}
    for t in items:
        runs = [("cold", t.cold, t.gold, np.zeros(0, dtype=np.intp))]
        if t.seeded is not None:
            runs.append(("seeded", t.seeded, np.setdiff1d(t.gold, t.seeds), t.seeds))
        for setting, X, gold, excluded in runs:
            if gold.size == 0:
                continue
            scores = ranker.score(select_columns(X, ranker.features)).astype(np.float64)
            empty = no_record_rows(X)
            if empty.size < X.shape[0]:
                scores[empty] = scores[np.setdiff1d(np.arange(X.shape[0]), empty)].min() - 1
            for name, value in _rank_metrics(scores, gold, t.coordinators, excluded).items():
                out[setting].setdefault(name, []).append(value)
    return out


def cross_validate(items: list[TaskMatrices], kind: str, seed: int = 0) \
        -> dict[str, dict[str, float]]:
    """Mean metrics over topics, each topic scored by a model that never saw it."""
    folds = np.arange(len(items)) % FOLDS
    np.random.default_rng(seed).shuffle(folds)
    pooled: dict[str, dict[str, list[float]]] = {"cold": {}, "seeded": {}}
    for fold in range(FOLDS):
        train = [t for t, f in zip(items, folds) if f != fold]
        test = [t for t, f in zip(items, folds) if f == fold]
        result = evaluate(fit_ranker(train, kind, seed), test)
        for setting, metrics in result.items():
            for name, values in metrics.items():
                pooled[setting].setdefault(name, []).extend(values)
    return {s: {k: round(float(np.mean(v)), 4) for k, v in m.items()}
            for s, m in pooled.items()}
