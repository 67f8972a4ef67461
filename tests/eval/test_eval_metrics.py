"""Evaluation metrics on cases computed by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest

from consortium.eval.baselines import single_partner_coverage
from consortium.eval.metrics import (
    bootstrap_ci,
    ndcg_at_k,
    paired_difference_ci,
    percentile_of,
    rank_from_scores,
    recall_at_k,
    reciprocal_rank,
)
from consortium.rank.lexical import bm25_scores

RANKING = np.array([3, 1, 4, 0, 2])


def test_recall_at_k() -> None:
    gold = np.array([1, 2])
    assert recall_at_k(RANKING, gold, 1) == 0.0
    assert recall_at_k(RANKING, gold, 2) == 0.5
    assert recall_at_k(RANKING, gold, 5) == 1.0
    assert recall_at_k(RANKING, gold, 50) == 1.0  # k beyond the pool
    assert math.isnan(recall_at_k(RANKING, np.array([], dtype=int), 3))


def test_ndcg_binary() -> None:
    gold = np.array([1, 2])
    # hit at rank 2 only within k=3: (1/log2 3) / (1 + 1/log2 3)
    expected = (1 / math.log2(3)) / (1 + 1 / math.log2(3))
    assert ndcg_at_k(RANKING, gold, 3) == pytest.approx(expected)
    assert ndcg_at_k(np.array([1, 2, 0]), gold, 3) == pytest.approx(1.0)
    assert ndcg_at_k(np.array([0, 3, 4]), gold, 3) == 0.0


def test_reciprocal_rank_takes_the_best_coordinator() -> None:
    assert reciprocal_rank(RANKING, np.array([2, 4])) == pytest.approx(1 / 3)
    assert reciprocal_rank(RANKING, np.array([3])) == 1.0
    assert reciprocal_rank(RANKING[:2], np.array([2])) == 0.0


def test_percentile_counts_ties_half() -> None:
    assert percentile_of(0.5, np.array([0.1, 0.5, 0.9, 0.2])) == pytest.approx(0.625)
    assert percentile_of(1.0, np.zeros(100)) == 1.0
    assert percentile_of(0.0, np.ones(10)) == 0.0


def test_bootstrap_interval() -> None:
    rng = np.random.default_rng(0)
    assert bootstrap_ci([0.3] * 20, rng) == pytest.approx((0.3, 0.3, 0.3))
    mean, lo, hi = bootstrap_ci([0.0, 1.0] * 50, rng)
    assert mean == 0.5 and 0.35 < lo < 0.5 < hi < 0.65
    assert bootstrap_ci([float("nan"), 1.0], rng) == pytest.approx((1.0, 1.0, 1.0))
    d_mean, d_lo, d_hi = paired_difference_ci([1.0, 0.5, 0.75], [0.5, 0.0, 0.25], rng)
    assert (d_mean, d_lo, d_hi) == pytest.approx((0.5, 0.5, 0.5))


def test_ties_are_broken_at_random_not_by_position() -> None:
    scores = np.array([1.0, 1.0, 1.0, 0.0])
    firsts = {int(rank_from_scores(scores, np.random.default_rng(s))[0]) for s in range(30)}
    assert firsts == {0, 1, 2}
    assert all(rank_from_scores(scores, np.random.default_rng(s))[-1] == 3 for s in range(5))


def test_bm25_by_hand() -> None:
    tf = np.array([[1.0], [0.0], [0.0]])
    doc_len = np.array([2.0, 2.0, 0.0])   # the third has no document at all
    scores = bm25_scores(tf, doc_len, np.array([1.0]))
    # n = 2 documents, df = 1: idf = ln(1 + 1.5/1.5); tf part = 2.2 / (1 + 1.2) = 1
    assert scores == pytest.approx([math.log(2.0), 0.0, 0.0])


def test_single_partner_coverage_weights_requirements() -> None:
    S = np.array([[1.0, 0.0], [0.0, 1.0]])
    assert single_partner_coverage(S, np.array([3.0, 1.0])) == pytest.approx([0.75, 0.25])


def test_bm25_reads_sparse_counts_as_dense_ones() -> None:
    import scipy.sparse as sp

    rng = np.random.default_rng(3)
    tf = rng.poisson(0.4, size=(60, 7)).astype(float)
    doc_len = tf.sum(axis=1) + rng.integers(0, 4, 60)
    doc_len[::9] = 0.0
    query = np.array([1.0, 2.0, 1.0, 1.0, 3.0, 1.0, 1.0])
    dense = bm25_scores(tf, doc_len, query)
    assert dense[::9].tolist() == [0.0] * 7 and dense.max() > 1.0
    np.testing.assert_allclose(bm25_scores(sp.csr_matrix(tf), doc_len, query), dense,
                               rtol=1e-12)
    # a document's score is the sum over the query words it holds
    one = bm25_scores(tf[:, :1], doc_len, query[:1]) + bm25_scores(tf[:, 1:], doc_len,
                                                                    query[1:])
    np.testing.assert_allclose(one, dense, rtol=1e-12)
