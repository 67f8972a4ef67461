"""Evaluate the organisation classifier on the labelled set (tests/data/organisations).

Usage: python scripts/eval_organisations.py [build|report|both|fresh] [--errors]

``fresh`` is the second held-out set (tests/data/organisations_fresh), all of it.

Prints, per split, per-class accuracy (recall) of category and kind with counts, police
and border/coast-guard precision and recall, overall category and kind accuracy, and SME
agreement. Tune on ``build`` only; ``report`` is for reporting a result once.
"""

from __future__ import annotations

import csv
import sys
from collections import Counter
from pathlib import Path

from consortium.partners.classify import CATEGORIES, KINDS, Organisation, classify
from consortium.partners.sme import sme_from_counts

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "organisations"
FRESH = DATA.parent / "organisations_fresh"
TARGETS = {"police": 0.95, "border_coast_guard": 0.95}


def organisation(row: dict[str, str]) -> Organisation:
    """The evidence a CORDIS import gives, from one labelled row."""
    split = [s.strip() for s in row["short_name"].split(" | ") if s.strip()]
    others = tuple(s.strip() for s in row["other_names"].split(" | ") if s.strip())
    types = tuple(t.strip() for t in row["activity_type"].replace("/", " ").split() if t)
    return Organisation(row["name"], tuple(split), others, types, row["country"])


def _prf(rows: list[tuple[str, str]], label: str) -> tuple[float, float, int, int]:
    tp = sum(1 for gold, got in rows if gold == label and got == label)
    predicted = sum(1 for _, got in rows if got == label)
    actual = sum(1 for gold, _ in rows if gold == label)
    return (tp / predicted if predicted else 1.0, tp / actual if actual else 1.0,
            predicted, actual)


def evaluate(split: str, show_errors: bool) -> None:
    folder = FRESH if split == "fresh" else DATA
    rows = [r for r in csv.DictReader((folder / "organisations.csv").open(encoding="utf-8"))
            if split in ("both", "fresh") or r["split"] == split]
    cats: list[tuple[str, str]] = []
    kinds: list[tuple[str, str]] = []
    sme = Counter[str]()
    for row in rows:
        got = classify(organisation(row))
        cats.append((row["category"], got.category))
        kinds.append((row["kind"], got.kind))
        value = sme_from_counts(row["sme_cordis"], got.kind)
        shown = "unknown" if value is None else ("yes" if value else "no")
        sme["agree" if shown == row["sme_expected"] else
            f"expected {row['sme_expected']}, got {shown}"] += 1
        if show_errors and (got.category != row["category"] or got.kind != row["kind"]):
            print(f"  {row['organisation_id']} {row['name'][:60]!r} [{row['short_name'][:30]}]"
                  f" {row['activity_type']}: category {row['category']} -> {got.category},"
                  f" kind {row['kind']} -> {got.kind} ({got.reason})")
    print(f"== {split}: {len(rows)} organisations")
    for title, pairs, labels in (("category", cats, CATEGORIES), ("kind", kinds, KINDS)):
        print(f"{title} accuracy {sum(g == p for g, p in pairs) / len(pairs):.3f}")
        for label in labels:
            precision, recall, predicted, actual = _prf(pairs, label)
            if actual or predicted:
                print(f"  {label:24} n={actual:3}  recall {recall:.3f}  precision "
                      f"{precision:.3f} (predicted {predicted})")
    for label, target in TARGETS.items():
        precision, recall, _, _ = _prf(cats, label)
        verdict = "met" if min(precision, recall) >= target else "NOT met"
        print(f"{label}: precision {precision:.3f} recall {recall:.3f} (target {target}: "
              f"{verdict})")
    print("SME:", dict(sme))


def main(argv: list[str]) -> None:
    splits = [a for a in argv if not a.startswith("--")] or ["build"]
    for split in splits:
        evaluate(split, "--errors" in argv)


if __name__ == "__main__":
    main(sys.argv[1:])
