"""Print the unlabelled draw for a blind second judge (issue #17).

Why: the judge must not see the first judge's labels nor the `pick` column (it hints
at rank), and pair order within a requirement must not give rank away either, so
pairs are shuffled within each requirement with a fixed seed. Stdlib only.

Usage: git show 5d898d6:tests/data/evidence_pairs_fresh2/pairs.csv > /tmp/j2_unlabelled.csv
       python second_judge_blind.py /tmp/j2_unlabelled.csv > /tmp/j2/view.txt
"""

import csv
import random
import sys

SEED = 1717


def main(path: str) -> None:
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    groups: dict[tuple[str, str], list[dict[str, str]]] = {}
    for row in rows:
        for hidden in ("pick", "label", "note"):
            row.pop(hidden, None)
        groups.setdefault((row["topic"], row["req_id"]), []).append(row)
    rng = random.Random(SEED)
    keys = list(groups)
    rng.shuffle(keys)
    for key in keys:
        group = groups[key]
        rng.shuffle(group)
        print(f"=== {key[0]} {key[1]}: {group[0]['requirement']}")
        for row in group:
            print(f"--- {row['pair']} | {row['partner']} | {row['source']}")
            print(row["passage"])
        print()


if __name__ == "__main__":
    main(sys.argv[1])
