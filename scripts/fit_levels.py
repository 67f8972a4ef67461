"""Refit the level model (``consortium.score.levels``) and cross-validate it by topic.

    .venv/bin/python scripts/fit_levels.py [--pairs tests/data/evidence_pairs]

Prints the leave-one-topic-out figures (each fold refits the model on 23 topics and
picks its covered cut there: the lowest chance at which at least 8 training pairs are
covered and at least 90 % of them judged relevant; the partial cut maximises the
three-level agreement), then the coefficients and cuts fitted on all pairs, which go
into ``ScoreWeights`` (rounded). Features are those ``levels.relevance_chance`` reads.
"""

from __future__ import annotations

import argparse
import csv
import html
import sys
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from eval_levels import OUT, _setup

L2, TARGET, MIN_COVERED = 5.0, 0.90, 8


def features(pairs: Path) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(X: specific, ln rank, shared; labels; topics; administrative) per pair."""
    from consortium.embed.pool_index import specific_top
    from consortium.score.levels import administrative, pool_rank, term_weights

    _, _, index = _setup()
    with open(pairs / "pairs.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    text_no = {t: k for k, t in enumerate(index.passages)}
    central = index.centrality()
    assert index.vectors is not None
    reqs = sorted({r["requirement"] for r in rows})
    vecs = dict(zip(reqs, index.embedder.embed(reqs)))
    terms = term_weights(index.passages)
    X = []
    for row in rows:
        k = text_no.get(row["passage"], text_no.get(html.unescape(row["passage"]), -1))
        specific = index.vectors @ vecs[row["requirement"]] - central
        top = specific_top(specific[None, :])[0]
        rank = int(pool_rank(top, specific[k]))
        X.append((float(specific[k]), np.log(rank),
                  terms.shared(row["requirement"], index.passages[k])))
    return (np.array(X), np.array([r["label"] for r in rows]),
            np.array([r["topic"] for r in rows]),
            np.array([administrative(r["passage"]) for r in rows]))


def fit(X: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Ridge logistic regression by Newton steps on standardised X; raw coefficients."""
    mu, sd = X.mean(0), X.std(0)
    Z = np.c_[np.ones(len(X)), (X - mu) / sd]
    w = np.zeros(Z.shape[1])
    ridge = L2 * np.diag(np.r_[0.0, np.ones(Z.shape[1] - 1)])
    for _ in range(50):
        p = 1 / (1 + np.exp(-Z @ w))
        w -= np.linalg.solve((Z * (p * (1 - p))[:, None]).T @ Z + ridge,
                             Z.T @ (p - y) + ridge @ w)
    b = w[1:] / sd
    return np.r_[w[0] - (b * mu).sum(), b]


def chance(coef: np.ndarray, X: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-(coef[0] + X @ coef[1:])))


def cuts(p: np.ndarray, labels: np.ndarray) -> tuple[float, float]:
    covered = 1.1
    for th in np.unique(p)[::-1]:
        c = p >= th
        if c.sum() >= MIN_COVERED and (labels[c] == "relevant").mean() >= TARGET:
            covered = float(th)
    best, partial = -1, 0.0
    for th in np.quantile(p, np.linspace(0.05, 0.95, 91)):
        agree = int((levels(p, covered, th) == labels).sum())
        if agree > best:
            best, partial = agree, float(th)
    return covered, partial


def levels(p: np.ndarray, covered: float, partial: float) -> np.ndarray:
    return np.where(p >= covered, "relevant", np.where(p >= partial, "partial", "unrelated"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=Path, default=OUT)
    X, labels, topics, admin = features(parser.parse_args().pairs)
    out = np.empty(len(labels), object)
    for t in np.unique(topics):
        train, test = (topics != t) & ~admin, topics == t
        coef = fit(X[train], labels[train] == "relevant")
        out[test] = levels(chance(coef, X[test]), *cuts(chance(coef, X[train]), labels[train]))
    out[admin] = "unrelated"
    print(f"leave-one-topic-out, {len(labels)} pairs, {len(set(topics))} topics")
    for level, judged in (("covered", "relevant"), ("partial", "partial"), ("gap", "unrelated")):
        m = out == judged
        print(f"  {level:8} {m.sum():4}; judged {judged}: {(labels[m] == judged).sum()}; "
              f"all: {dict(Counter(labels[m]))}")
    coef = fit(X[~admin], labels[~admin] == "relevant")
    print("all pairs: bias, specific, ln rank, shared =", np.round(coef, 3).tolist(),
          "cuts (covered, partial) =", np.round(cuts(chance(coef, X[~admin]),
                                                         labels[~admin]), 3).tolist())


if __name__ == "__main__":
    main()
