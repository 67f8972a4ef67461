"""Keyword relevance: Okapi BM25, the portal's keyword search, as a feature and baseline.

One implementation serves the evaluation baseline and the ranker's lexical feature, so
the baseline the learned model is compared with is exactly the signal it can use.
"""

from __future__ import annotations

from typing import Any

import numpy as np


def bm25_scores(tf: Any, doc_len: np.ndarray, query_tf: np.ndarray,
                k1: float = 1.2, b: float = 0.75) -> np.ndarray:
    """Okapi BM25 of N documents for one query, from term counts (N x q, dense or
    scipy sparse) of the query's q terms, document lengths (N) and the query's own counts
    (q); documents of length 0 are not documents (an organisation whose only projects
    were masked). Only the nonzero counts are visited: a topic's 150 query words over a
    23k-organisation pool are 3.5 M cells, of which 3 % are nonzero."""
    if hasattr(tf, "tocoo"):
        coo = tf.tocoo()
        rows, cols, counts = coo.row, coo.col, np.asarray(coo.data, dtype=np.float64)
        n_terms = tf.shape[1]
    else:
        dense = np.asarray(tf, dtype=np.float64)
        rows, cols = np.nonzero(dense)
        counts, n_terms = dense[rows, cols], dense.shape[1]
    present = doc_len > 0
    keep = present[rows] & (counts > 0)
    rows, cols, counts = rows[keep], cols[keep], counts[keep]
    n_docs = max(int(present.sum()), 1)
    avg = float(doc_len[present].mean()) if present.any() else 1.0
    df = np.bincount(cols, minlength=n_terms)
    idf = np.log1p((n_docs - df + 0.5) / (df + 0.5))
    norm = k1 * (1.0 - b + b * doc_len / avg)
    part = counts * (k1 + 1.0) / (counts + norm[rows] + 1e-12)
    return np.bincount(rows, weights=part * (idf * query_tf)[cols], minlength=doc_len.size)


def rank_positions(scores: np.ndarray) -> np.ndarray:
    """0-based position of each item in the order of decreasing score (stable), the
    input of reciprocal-rank fusion."""
    order = np.argsort(-np.asarray(scores, dtype=np.float64), kind="stable")
    positions = np.empty(order.size, dtype=np.int64)
    positions[order] = np.arange(order.size)
    return positions


def reciprocal_rank_fusion(*scores: np.ndarray, k: float = 60.0) -> np.ndarray:
    """Cormack et al.'s fusion: sum of 1 / (k + rank); robust to the scales of the
    dense and keyword scores, which differ by orders of magnitude."""
    return np.sum([1.0 / (k + 1.0 + rank_positions(s)) for s in scores], axis=0)
