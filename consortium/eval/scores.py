"""A task's scores from every scorer, computed once and shared by every protocol."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from consortium.eval.baselines import Scorers, single_partner_coverage
from consortium.eval.data import Task

if TYPE_CHECKING:
    from consortium.eval.learned import Learned


@dataclass
class TaskScores:
    """A task's scores from every scorer, computed once and shared by both protocols."""

    S: np.ndarray
    embedding: np.ndarray
    popularity: np.ndarray
    bm25: np.ndarray
    P: np.ndarray | None = None              # R x J per-project similarity
    learned: np.ndarray | None = None        # the learned ranker's scores (cold)
    reward: np.ndarray | None = None         # what the search adds per member for them


def task_scores(scorers: Scorers, task: Task, learned: Learned | None = None) -> TaskScores:
    S, P = scorers.similarities(task)
    bm25 = scorers.bm25(task)
    scores = TaskScores(S, single_partner_coverage(S, task.weights), scorers.popularity(task),
                        bm25, P)
    if learned is not None:
        scores.learned, scores.reward = learned.scores_and_reward(task, S, P, bm25)
    return scores
