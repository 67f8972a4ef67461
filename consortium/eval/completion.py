"""Track D: complete a consortium. Given the real coordinator (and, as a second setting,
the coordinator and two more real members), rank the pool for the rest of the real
consortium. Members given are left out of the ranking and of the gold set.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from consortium.eval.data import Task
from consortium.eval.metrics import rank_from_scores, recall_at_k

if TYPE_CHECKING:
    from consortium.eval.baselines import Scorers
    from consortium.eval.learned import Learned
    from consortium.eval.scores import TaskScores

SETTINGS = ("D1 coordinator", "D3 coordinator+2")


def seeds_of(task: Task, setting: str, rng: np.random.Generator) -> np.ndarray:
    """The coordinator (the first of the topic's), plus two other gold members drawn at
    random for the second setting; empty if the topic has no coordinator."""
    if task.coordinators.size == 0:
        return np.zeros(0, dtype=np.intp)
    lead = task.coordinators[:1]
    if setting == SETTINGS[0]:
        return lead
    others = np.setdiff1d(task.gold, lead)
    if others.size < 3:
        return np.zeros(0, dtype=np.intp)
    return np.concatenate([lead, rng.choice(others, size=2, replace=False)])


def completion_metrics(ranking: np.ndarray, gold: np.ndarray) -> dict[str, float]:
    first = np.flatnonzero(np.isin(ranking, gold))
    return {"recall@size": recall_at_k(ranking, gold, int(gold.size)),
            "recall@20": recall_at_k(ranking, gold, 20),
            "recall@50": recall_at_k(ranking, gold, 50),
            "recall@100": recall_at_k(ranking, gold, 100),
            "mrr": 1.0 / float(first[0] + 1) if first.size else 0.0}


def complete_task(scorers: Scorers, task: Task, scores: TaskScores,
                  rng: np.random.Generator,
                  learned: Learned | None) -> dict[str, dict[str, dict[str, float]]]:
    """Per setting, per method, the metrics of ranking the rest of the consortium."""
    out: dict[str, dict[str, dict[str, float]]] = {}
    for setting in SETTINGS:
        seeds = seeds_of(task, setting, rng)
        gold = np.setdiff1d(task.gold, seeds)
        if seeds.size == 0 or gold.size == 0:
            continue
        methods = {"popularity": scores.popularity, "bm25": scores.bm25,
                   "embedding": scores.embedding}
        if learned is not None:
            co = learned.co_participation(task, seeds.tolist())
            methods["co-participation"] = co + 1e-6 * scores.popularity
            methods["learned"] = learned.scores(task, scores.S, scores.P
                                                if scores.P is not None else scores.S,
                                                scores.bm25, seeds.tolist())
        out[setting] = {}
        for name, values in methods.items():
            ranking = rank_from_scores(values, rng)
            ranking = ranking[~np.isin(ranking, seeds)]
            out[setting][name] = completion_metrics(ranking, gold)
    return out
