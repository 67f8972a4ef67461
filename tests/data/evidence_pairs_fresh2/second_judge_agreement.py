"""Agreement between the first judge (pairs.csv `label`) and the blind second judge.

Why: issue #17 asks how far the held-out labels can be trusted; two independent judges'
agreement (raw, Cohen's kappa, confusion table) is the usual measure. Only the `pair`
and `label` columns of pairs.csv are read. Stdlib only.

Usage: python second_judge_agreement.py   (run from this folder)
"""

import csv
from collections import Counter
from pathlib import Path

HERE = Path(__file__).parent
CLASSES = ("relevant", "partial", "unrelated")


def read(path: Path, column: str) -> dict[str, str]:
    with path.open(newline="", encoding="utf-8") as handle:
        return {row["pair"]: row[column].strip() for row in csv.DictReader(handle)}


def kappa(pairs: list[tuple[str, str]], classes: tuple[str, ...]) -> float:
    total = len(pairs)
    observed = sum(a == b for a, b in pairs) / total
    first = Counter(a for a, _ in pairs)
    second = Counter(b for _, b in pairs)
    expected = sum(first[c] * second[c] for c in classes) / total**2
    return (observed - expected) / (1 - expected)


def side(label: str) -> str:
    return "relevant" if label == "relevant" else "not"


def main() -> None:
    first = read(HERE / "pairs.csv", "label")
    second = read(HERE / "second_judge.csv", "label2")
    pairs = [(first[p], second[p]) for p in sorted(second)]
    total = len(pairs)
    agree = sum(a == b for a, b in pairs)
    print(f"pairs {total}; raw agreement {agree}/{total} = {agree / total:.3f}")
    print(f"Cohen's kappa (3 classes) = {kappa(pairs, CLASSES):.3f}")
    print("confusion (rows first judge, columns second judge):")
    print("first\\second " + " ".join(f"{c:>9}" for c in CLASSES) + "     total")
    table = Counter(pairs)
    for a in CLASSES:
        cells = [table[(a, b)] for b in CLASSES]
        print(f"{a:>12} " + " ".join(f"{n:>9}" for n in cells) + f" {sum(cells):>9}")
    cols = [sum(table[(a, b)] for a in CLASSES) for b in CLASSES]
    print(f"{'total':>12} " + " ".join(f"{n:>9}" for n in cols) + f" {total:>9}")
    binary = [(side(a), side(b)) for a, b in pairs]
    bagree = sum(a == b for a, b in binary)
    print(
        f"relevant vs not: agreement {bagree}/{total} = {bagree / total:.3f}; "
        f"kappa = {kappa(binary, ('relevant', 'not')):.3f}"
    )
    rel_first = {p for p in sorted(second) if first[p] == "relevant"}
    rel_second = {p for p in sorted(second) if second[p] == "relevant"}
    both = len(rel_first & rel_second)
    print(f"relevant by first {len(rel_first)}, by second {len(rel_second)}, both {both}")
    gated = [(a != "unrelated", b != "unrelated") for a, b in pairs]
    gagree = sum(a == b for a, b in gated)
    print(f"unrelated vs not: agreement {gagree}/{total} = {gagree / total:.3f}")


if __name__ == "__main__":
    main()
