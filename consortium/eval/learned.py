"""The learned ranker inside the evaluation: the same features the product computes,
on the masked pool, with the leakage rules of ``rank.history`` (the topic's projects
never seen; experience and network only from calls before the topic's year).

``time_respecting`` hides later projects from the text as well, for the run the issue
asks to report beside the standard protocol.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from consortium.eval.baselines import Scorers, single_partner_coverage
from consortium.eval.data import Task, task_topic
from consortium.rank.features import TopicSignals, feature_matrix, without_record
from consortium.rank.history import History, programme_part, topic_year
from consortium.rank.model import Ranker, ranked_scores
from consortium.rank.network import Network
from consortium.rank.relevance import search_reward


def history_of(scorers: Scorers) -> History:
    if scorers.pool.history is None:
        raise ValueError("the evaluation pool was built without track records")
    return scorers.pool.history


def time_respecting(task: Task, history: History) -> Task:
    """The task with every project of its year or later masked too (text included)."""
    year = topic_year(task_topic(task))
    later = (np.flatnonzero((history.year >= year) | (history.year == 0)) if year
             else np.zeros(0, dtype=np.intp))
    masked = np.union1d(task.masked, later).astype(np.intp)
    return Task(task.id, task.title, task.query, task.requirements, task.weights,
                task.action_type, task.gold, task.coordinators, masked, task.query_kind)


class LearnedFeatures:
    """Feature matrices of tasks; the network graph is shared across tasks of a year."""

    def __init__(self, scorers: Scorers) -> None:
        self.scorers = scorers
        self.history = history_of(scorers)
        self.network = Network(self.history)

    def signals(self, task: Task, S: np.ndarray, P: np.ndarray,
                bm25: np.ndarray) -> TopicSignals:
        weights = task.weights / float(task.weights.sum())
        topic = task_topic(task)
        return TopicSignals(coverage=single_partner_coverage(S, task.weights),
                            project_relevance=weights @ P, bm25=bm25,
                            year=topic_year(topic), programme=programme_part(topic),
                            masked=task.masked)

    def matrix(self, task: Task, S: np.ndarray, P: np.ndarray, bm25: np.ndarray,
               members: Sequence[int] = ()) -> np.ndarray:
        return feature_matrix(self.history, self.signals(task, S, P, bm25),
                              self.scorers.pool.org_type.tolist(), self.scorers.eligible,
                              self.network, members)


def learned_scores(ranker: Ranker, X: np.ndarray, unknown: np.ndarray) -> np.ndarray:
    return ranked_scores(ranker, X, unknown)


class Learned:
    """A ranker over ``LearnedFeatures``: cold scores for Track A, seeded for Track D."""

    def __init__(self, scorers: Scorers, ranker: Ranker) -> None:
        self.features = LearnedFeatures(scorers)
        self.ranker = ranker

    def scores(self, task: Task, S: np.ndarray, P: np.ndarray, bm25: np.ndarray,
               members: Sequence[int] = ()) -> np.ndarray:
        return learned_scores(self.ranker, self.features.matrix(task, S, P, bm25, members),
                              self.unknown(task))

    def scores_and_reward(self, task: Task, S: np.ndarray, P: np.ndarray,
                          bm25: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Cold scores and the search's reward (``rank.relevance.search_reward``)."""
        X = self.features.matrix(task, S, P, bm25)
        unknown = self.unknown(task)
        return learned_scores(self.ranker, X, unknown), search_reward(self.ranker, X, unknown)

    def unknown(self, task: Task) -> np.ndarray:
        """Organisations with no project left once the task's projects are masked."""
        return without_record(self.features.history, task.masked)

    def co_participation(self, task: Task, members: Sequence[int]) -> np.ndarray:
        """Projects shared with the members before the topic's year: the network alone."""
        return self.features.network.shared_projects(members, topic_year(task_topic(task)),
                                                     task.masked)

