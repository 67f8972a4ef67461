"""Evaluate the organisation classifier on a labelled set of organisations.

Usage: python scripts/eval_organisations.py [build|report|both|fresh|all] [--errors]
       python scripts/eval_organisations.py --set DIR [--errors]

``build``/``report``/``both`` are the halves of tests/data/organisations, ``fresh`` is
the second set (tests/data/organisations_fresh), ``all`` both sets (the 1,210 rows the
rules are now designed on). ``--set DIR`` reads any folder holding an
``organisations.csv`` with the same columns (every row, whatever its ``split``): a held-out
set labelled later is measured with the classifier as it is, nothing to configure.

Prints, per split, per-class accuracy (recall) of category and kind with counts, police
and border/coast-guard precision and recall, overall category and kind accuracy, and SME
agreement. A set used to report a figure is read once, before anything is changed.
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


def read_rows(folder: Path, split: str = "") -> list[dict[str, str]]:
    """The rows of ``folder/organisations.csv`` (of one ``split`` when one is given)."""
    path = folder / "organisations.csv"
    if not path.is_file():
        raise SystemExit(f"{path}: no such file; --set wants a folder with organisations.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        return [r for r in csv.DictReader(handle) if not split or r["split"] == split]


def rows_of(split: str) -> list[dict[str, str]]:
    """The rows a named split means (see the module docstring)."""
    if split == "fresh":
        return read_rows(FRESH)
    if split == "all":
        return read_rows(DATA) + read_rows(FRESH)
    return read_rows(DATA, "" if split == "both" else split)


def evaluate(split: str, show_errors: bool, rows: list[dict[str, str]] | None = None) -> None:
    rows = rows_of(split) if rows is None else rows
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
    errors = "--errors" in argv
    args = [a for a in argv if a != "--errors"]
    if "--set" in args:
        at = args.index("--set")
        if at + 1 >= len(args):
            raise SystemExit("--set wants a folder: --set tests/data/organisations_fresh")
        folder = Path(args.pop(at + 1))
        args.pop(at)
        evaluate(str(folder), errors, read_rows(folder))
    for split in [a for a in args if not a.startswith("--")] or ([] if "--set" in argv
                                                                 else ["build"]):
        if split not in ("build", "report", "both", "fresh", "all"):
            raise SystemExit(f"{split}: not a split; use build, report, both, fresh, all "
                             "or --set DIR")
        evaluate(split, errors)


if __name__ == "__main__":
    main(sys.argv[1:])
