"""Scorers compared in the evaluation, all on the same pool with the same masking.

Every scorer sees a task's pool with the task's projects removed (``masked_incidence``
for counts and keyword documents, zeroed passage vectors for embeddings), so no method
gets an advantage from leaked evidence. The keyword baseline is Okapi BM25 over one
document per organisation (the texts of its remaining projects), tokenised by
scikit-learn's ``CountVectorizer`` with its English stop words, the usual parameters
k1 = 1.2, b = 0.75 (not tuned): it stands for the portal's keyword search.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from consortium.embed.embedder import CachedEmbedder
from consortium.embed.pool_index import partner_similarity
from consortium.errors import SearchError
from consortium.eval.data import EvalPool, Task
from consortium.rank.lexical import bm25_scores
from consortium.score.coverage import ScoreWeights, term_weights
from consortium.score.diversity import Attributes, build_terms
from consortium.search.constraints import Constraint, values_to_ints
from consortium.search.greedy import search
from consortium.search.problem import Problem, SearchConfig
from consortium.search.rules import eligibility_constraints, eligible_mask

SEARCH_CAP = 25        # largest consortium the search is asked for (time per topic)
PAIR_SWAP_CAP = 12     # pair swaps are O(k^2) refills; above this size only single swaps


def single_partner_coverage(S: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """How much of the topic one organisation covers alone: the product's objective for
    a consortium of one, which is the order in which it proposes partners."""
    return (weights @ S) / float(weights.sum())


class Scorers:
    """Everything that ranks organisations for a task; built once per pool."""

    def __init__(self, pool: EvalPool, embedder: CachedEmbedder) -> None:
        from sklearn.feature_extraction.text import CountVectorizer

        self.pool = pool
        self.embedder = embedder
        self.vectorizer = CountVectorizer(stop_words="english", dtype=np.float32,
                                          token_pattern=r"(?u)\b[^\W\d_][\w-]+\b")
        self.terms = sp.csc_matrix(self.vectorizer.fit_transform(pool.project_text))
        self.project_len = np.asarray(self.terms.sum(axis=1)).ravel()
        vecs = embedder.embed(pool.passages)
        self.passage_vecs = np.vstack([vecs, np.zeros((1, vecs.shape[1]), dtype=np.float32)])
        self.eligible = eligible_mask(pool.country)
        self.country = values_to_ints(pool.country)
        self.rules: list[Constraint] = eligibility_constraints(pool.country)
        self.weights = ScoreWeights()
        self._project_slots: tuple[np.ndarray, np.ndarray] | None = None

    def masked_incidence(self, task: Task) -> sp.csr_matrix:
        keep = np.ones(len(self.pool.project_ids), dtype=np.float32)
        keep[task.masked] = 0.0
        return sp.csr_matrix(self.pool.incidence @ sp.diags(keep))

    def masked_passages(self, task: Task) -> np.ndarray:
        """Passage vectors with the task's projects' passages zeroed: their cosine
        similarity to anything is 0, the floor of ``partner_similarity``, so they can
        never be anyone's best evidence."""
        vecs = self.passage_vecs.copy()
        for j in task.masked:
            vecs[self.pool.project_passages[j]] = 0.0
        return vecs

    def popularity(self, task: Task) -> np.ndarray:
        return np.asarray(self.masked_incidence(task).sum(axis=1), dtype=np.float64).ravel()

    def bm25(self, task: Task) -> np.ndarray:
        query = self.vectorizer.transform([task.query])
        terms = query.indices
        if terms.size == 0:
            return np.zeros(self.pool.n)
        m = self.masked_incidence(task)
        tf = m @ self.terms[:, terms]
        doc_len = m @ self.project_len
        return bm25_scores(tf, np.asarray(doc_len, dtype=np.float64),
                           np.asarray(query.data, dtype=np.float64))

    def similarity(self, task: Task, texts: list[str] | None = None) -> np.ndarray:
        """R x N best-passage similarity, exactly as the product computes it, of the
        task's requirements (or of ``texts``)."""
        return self.similarities(task, texts)[0]

    def similarities(self, task: Task, texts: list[str] | None = None) \
            -> tuple[np.ndarray, np.ndarray]:
        """R x N per organisation (as ``similarity``) and R x J per project: a project's
        best passage, what the ranker reads to count distinct relevant projects."""
        req_vecs = self.embedder.embed_queries(texts if texts is not None else task.requirements)
        vecs = self.masked_passages(task)
        S, _ = partner_similarity(req_vecs, vecs, self.pool.slot_partner,
                                  self.pool.slot_passage, self.pool.n)
        if self._project_slots is None:
            self._project_slots = project_slots(self.pool)
        slot_project, slot_passage = self._project_slots
        P, _ = partner_similarity(req_vecs, vecs, slot_project, slot_passage,
                                  len(self.pool.project_ids))
        return S, P

    def problem(self, S: np.ndarray, task: Task,
                relevance: np.ndarray | None = None) -> Problem:
        """The product's search problem; the coordinator track record behind the
        'experience' diversity term is counted without the task's projects too, since
        a gold coordinator would otherwise be marked by the very project to recover."""
        keep = np.ones(len(self.pool.project_ids), dtype=np.float32)
        keep[task.masked] = 0.0
        coordinated = np.asarray(self.pool.coordinating @ keep).ravel().astype(int)
        pool = self.pool
        attributes = Attributes(country=pool.country, org_type=pool.org_type.tolist(),
                                sme=pool.sme.tolist(), practitioner=pool.practitioner,
                                coordinated=coordinated.tolist(), cluster=[""] * pool.n)
        return Problem(S=S, weights=task.weights,
                       terms=build_terms(attributes, term_weights(self.weights)),
                       constraints=list(self.rules), score_weights=self.weights,
                       relevance=relevance)

    def search_members(self, S: np.ndarray, task: Task,
                       relevance: np.ndarray | None = None) -> list[int]:
        """The product's consortium search for a consortium of the real size (capped),
        leaving out organisations outside the Member States and Associated Countries
        as ``suggest`` does; [] when no eligible consortium exists."""
        size = int(min(task.gold.size, SEARCH_CAP))
        config = SearchConfig(min_size=size, max_size=size, pair_swaps=size <= PAIR_SWAP_CAP)
        excluded = np.flatnonzero(~self.eligible).tolist()
        try:
            return search(self.problem(S, task, relevance), (), excluded, config)
        except SearchError:
            return []


def project_slots(pool: EvalPool) -> tuple[np.ndarray, np.ndarray]:
    """Slots (project, passage) sorted by project; a project without text owns the
    empty passage, as every partner does."""
    empty = len(pool.passages)
    projects: list[int] = []
    passages: list[int] = []
    for j, owned in enumerate(pool.project_passages):
        ids = owned.tolist() or [empty]
        projects += [j] * len(ids)
        passages += ids
    return np.asarray(projects, dtype=np.intp), np.asarray(passages, dtype=np.intp)


def ranking_with_members(members: list[int], scores: np.ndarray,
                         rng: np.random.Generator) -> np.ndarray:
    """The search's members first, then everyone else by ``scores``: so the search can
    be read at cut-offs beyond the consortium it proposes."""
    from consortium.eval.metrics import rank_from_scores

    rest = rank_from_scores(scores, rng)
    rest = rest[~np.isin(rest, members)]
    return np.concatenate([np.asarray(members, dtype=np.intp), rest])
