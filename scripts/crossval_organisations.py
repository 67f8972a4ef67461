"""Cross-validate the organisation classifier, and a learned model beside it, on every row.

Usage: python scripts/crossval_organisations.py [--folds 5] [--threshold 0.9]

Why this script exists: all 1,210 labelled organisations (tests/data/organisations and
tests/data/organisations_fresh) have been read once for reporting, so the classifier is
now designed on all of them and a held-out figure has to come from a third set. What can
be measured here is whether a *learned* model would generalise better than the rules:
a logistic regression on character 3-5-grams of the folded names plus the CORDIS activity
type, trained on four folds and scored on the fifth (folds grouped by organisation: the
fold is a hash of the organisation id, so each organisation is in exactly one), alone
and as a fallback used only where the rules are silent (the kind came from the activity
type alone; the category is ``none`` without a rule naming it) and the model is sure.

The rules fit nothing, so their figure on each fold is their figure on the rows they were
designed on: an upper bound, not a held-out estimate. The model's figures are held-out.
Result on 2026-12-03 (README, "Practitioners and kinds"): the model alone is far below
the rules and the fallback changes more right answers than wrong ones, so the package
ships no learned model. scikit-learn is imported here only, never by the package.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Callable

from eval_organisations import organisation, rows_of  # the script beside this one

from consortium.partners.classify import CATEGORIES, Classification, classify
from consortium.partners.names import fold


def fold_of(organisation_id: str, folds: int) -> int:
    """The fold of one organisation: fixed by its id, like the build/report split."""
    return int(hashlib.sha1(organisation_id.encode()).hexdigest(), 16) % folds


def _silent(rule: Classification, target: str) -> bool:
    if target == "kind":
        return rule.reason.startswith("CORDIS activity type")
    return rule.category == "none" and "words" not in rule.reason


def learned(rows: list[dict[str, str]], target: str, folds: int) -> list[tuple[str, float]]:
    """(label, probability) for every row from a model that never saw the row's fold."""
    from scipy.sparse import hstack
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.linear_model import LogisticRegression

    texts, types = [], []
    for row in rows:
        org = organisation(row)
        texts.append(fold(" ".join((org.name, *org.short_names, *org.other_names))))
        types.append(" ".join(f"type_{t}" for t in org.activity_types[:1]) or "type_none")
    out: list[tuple[str, float]] = [("", 0.0)] * len(rows)
    for k in range(folds):
        train = [i for i, r in enumerate(rows) if fold_of(r["organisation_id"], folds) != k]
        test = [i for i, r in enumerate(rows) if fold_of(r["organisation_id"], folds) == k]
        grams = CountVectorizer(analyzer="char_wb", ngram_range=(3, 5), min_df=2, binary=True)
        kinds = CountVectorizer(token_pattern=r"\S+", binary=True)
        x = hstack([grams.fit_transform([texts[i] for i in train]),
                    kinds.fit_transform([types[i] for i in train]) * 3]).tocsr()
        model = LogisticRegression(C=3.0, max_iter=2000).fit(x, [rows[i][target] for i in train])
        xt = hstack([grams.transform([texts[i] for i in test]),
                     kinds.transform([types[i] for i in test]) * 3]).tocsr()
        for i, p in zip(test, model.predict_proba(xt)):
            best = int(p.argmax())
            out[i] = (str(model.classes_[best]), float(p[best]))
    return out


def report(title: str, rows: list[dict[str, str]], cats: list[str], kinds: list[str]) -> None:
    n = len(rows)
    print(f"== {title}: category {sum(c == r['category'] for c, r in zip(cats, rows)) / n:.3f}"
          f"  kind {sum(k == r['kind'] for k, r in zip(kinds, rows)) / n:.3f}")
    for label in CATEGORIES:
        tp = sum(c == label == r["category"] for c, r in zip(cats, rows))
        got, gold = cats.count(label), sum(r["category"] == label for r in rows)
        print(f"  {label:24} n={gold:4}  precision {tp / got if got else 1:.3f}"
              f"  recall {tp / gold if gold else 1:.3f}")


def main(argv: list[str]) -> None:
    folds = int(argv[argv.index("--folds") + 1]) if "--folds" in argv else 5
    threshold = float(argv[argv.index("--threshold") + 1]) if "--threshold" in argv else 0.9
    rows = rows_of("all")
    rules = [classify(organisation(r)) for r in rows]
    report("rules (designed on these rows: in-sample)", rows,
           [r.category for r in rules], [r.kind for r in rules])
    got = {t: learned(rows, t, folds) for t in ("category", "kind")}
    report(f"learned model alone ({folds}-fold, held-out)", rows,
           [c for c, _ in got["category"]], [k for k, _ in got["kind"]])

    def fallback(target: str) -> list[str]:
        pick: Callable[[Classification], str] = (
            (lambda c: c.category) if target == "category" else (lambda c: c.kind))
        return [label if _silent(rule, target) and p > threshold else pick(rule)
                for rule, (label, p) in zip(rules, got[target])]

    report(f"rules, learned model where they are silent (p > {threshold})", rows,
           fallback("category"), fallback("kind"))


if __name__ == "__main__":
    main(sys.argv[1:])
