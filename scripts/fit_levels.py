"""Refit the level model (``consortium.score.levels``) and cross-validate it by topic.

    .venv/bin/python scripts/fit_levels.py \
        [--pairs tests/data/evidence_pairs --pairs tests/data/evidence_pairs_fresh]

The judged sets given (by default both bundled ones, 609 pairs of 48 topics) are pooled
and cross-validated leaving one topic out: each fold refits the model on the other
topics and picks its cuts there (covered: the lowest chance at which the training pairs
it covers have a mean modelled chance of at least ``TARGET``, so the model itself
expects 85 % of covered evidence to be relevant; partial: the best three-level
agreement), then levels the held-out topic. Printed: per level how often the judgement
agrees, the covered precision, how many relevant pairs are covered and how many are a
gap; then the coefficients and cuts fitted on all pairs, which go into ``ScoreWeights``
(rounded), and their in-sample figures. Features are those ``levels.relevance_chance``
reads; pairs of administrative passages or procedural requirements are always a gap.
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

L2, TARGET, MIN_COVERED = 5.0, 0.85, 5
FRESH = OUT.parent / "evidence_pairs_fresh"


def features(sets: list[Path]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(X: specific, ln rank, shared; labels; topics; always a gap) per pair."""
    from consortium.embed.pool_index import specific_top
    from consortium.score.levels import administrative, pool_rank, procedural, term_weights

    _, _, index = _setup()
    rows: list[dict[str, str]] = []
    for pairs in sets:
        with open(pairs / "pairs.csv", encoding="utf-8") as fh:
            rows.extend(csv.DictReader(fh))
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
            np.array([administrative(r["passage"]) or procedural(r["requirement"])
                      for r in rows]))


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
    """(covered, partial) cuts from training chances ``p``. Covered uses the model's own
    mean chance, not the judged share: the judged share above a cut jumps by a pair at a
    time and picked cuts that did not hold in cross-validation."""
    covered = 1.1
    for th in np.unique(p)[::-1]:
        c = p >= th
        if c.sum() >= MIN_COVERED and p[c].mean() >= TARGET:
            covered = float(th)
    best, partial = -1, 0.0
    for th in np.quantile(p, np.linspace(0.05, 0.95, 91)):
        agree = int((levels(p, covered, th) == labels).sum())
        if agree > best:
            best, partial = agree, float(th)
    return covered, partial


def levels(p: np.ndarray, covered: float, partial: float) -> np.ndarray:
    return np.where(p >= covered, "relevant", np.where(p >= partial, "partial", "unrelated"))


def report(title: str, out: np.ndarray, labels: np.ndarray) -> None:
    print(title)
    for level, judged in (("covered", "relevant"), ("partial", "partial"), ("gap", "unrelated")):
        m = out == judged
        print(f"  {level:8} {m.sum():4}; judged {judged}: {(labels[m] == judged).sum()}; "
              f"all: {dict(Counter(labels[m].tolist()))}")
    covered, relevant = out == "relevant", labels == "relevant"
    print(f"  covered precision {(covered & relevant).sum()}/{covered.sum()} = "
          f"{(covered & relevant).sum() / max(covered.sum(), 1):.2f}; relevant pairs: "
          f"{(covered & relevant).sum()} of {relevant.sum()} covered, "
          f"{((out == 'unrelated') & relevant).sum()} a gap")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=Path, action="append",
                        help="folder of a judged pairs.csv; repeat to pool sets "
                             "(default: tests/data/evidence_pairs and evidence_pairs_fresh)")
    sets = parser.parse_args().pairs or [OUT, FRESH]
    X, labels, topics, admin = features(sets)
    out = np.empty(len(labels), object)
    for t in np.unique(topics):
        train, test = (topics != t) & ~admin, topics == t
        coef = fit(X[train], labels[train] == "relevant")
        out[test] = levels(chance(coef, X[test]), *cuts(chance(coef, X[train]), labels[train]))
    out[admin] = "unrelated"
    report(f"leave-one-topic-out, {len(labels)} pairs, {len(set(topics))} topics", out, labels)
    coef = fit(X[~admin], labels[~admin] == "relevant")
    covered, partial = cuts(chance(coef, X[~admin]), labels[~admin])
    print("all pairs: bias, specific, ln rank, shared =", np.round(coef, 3).tolist(),
          "cuts (covered, partial) =", np.round([covered, partial], 3).tolist())
    out = levels(chance(coef, X), covered, partial)
    out[admin] = "unrelated"
    report("in-sample (fitted on these pairs, not a measure of generalisation)", out, labels)


if __name__ == "__main__":
    main()
