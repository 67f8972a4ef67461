"""Score the sentence-role rules (consortium.calls.roles) on tests/data/requirement_roles.

Usage: python scripts/eval_roles.py [build|report|all] [--errors]

Prints precision and recall of "ask" and a per-role confusion table for the chosen half.
Rules are tuned on "build" only; "report" is run once to report (README there).
"""

from __future__ import annotations

import csv
import sys
from collections import Counter
from pathlib import Path

from consortium.calls.roles import ROLES, unit_role

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "requirement_roles"


def predict(rows: list[dict[str, str]]) -> list[str]:
    """Roles of the labelled units, with the same position features topic loading uses."""
    out: list[str] = []
    for i, row in enumerate(rows):
        nxt = rows[i + 1] if i + 1 < len(rows) else None
        before_list = bool(nxt and nxt["topic"] == row["topic"]
                           and nxt["section"] == row["section"] and nxt["bullet"] == "true"
                           and row["bullet"] == "false")
        first = i == 0 or rows[i - 1]["topic"] != row["topic"] \
            or rows[i - 1]["section"] != row["section"]
        out.append(unit_role(row["text"], row["section"], row["bullet"] == "true",
                             before_list, "" if first else out[-1]))
    return out


def main(argv: list[str]) -> int:
    split = argv[0] if argv and not argv[0].startswith("-") else "build"
    with open(DATA / "sentences.csv", encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if split == "all" or r["split"] == split]
    got = predict(rows)
    gold = [r["role"] for r in rows]
    tp = sum(g == p == "ask" for g, p in zip(gold, got))
    precision = tp / max(1, sum(p == "ask" for p in got))
    recall = tp / max(1, sum(g == "ask" for g in gold))
    print(f"{split}: {len(rows)} units; ask precision {precision:.3f} recall {recall:.3f}; "
          f"all roles accuracy {sum(g == p for g, p in zip(gold, got)) / len(rows):.3f}")
    pairs = Counter(zip(gold, got))
    print("gold \\ predicted".ljust(18) + "".join(r[:6].rjust(7) for r in ROLES))
    for g in ROLES:
        print(g.ljust(18) + "".join(str(pairs[(g, p)] or ".").rjust(7) for p in ROLES))
    if "--errors" in argv:
        for row, p in zip(rows, got):
            if p != row["role"]:
                print(f"{row['role']:>11} -> {p:<11} {row['topic'][12:]} {row['position']}: "
                      f"{row['text'][:140]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
