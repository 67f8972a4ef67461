"""Draw the fresh held-out sample of organisations (issue #18), disjoint from the first set.

The first labelled set (``../organisations``) has had its report half read once, so a
classifier changed after that run needs new organisations to be measured on. Reproducible:
stdlib only, fixed seed, sorted inputs; reuses the first set's reader (``load``,
``row_of``) so both sets describe an organisation the same way. Run from the repository
root:

    python3 tests/data/organisations_fresh/sample.py           # writes sample_unlabelled.csv
    python3 tests/data/organisations_fresh/sample.py --check   # re-draw, compare ids

Two strata, none of them in ``../organisations/organisations.csv``:
  security_public  SECURITY_N organisations with a PUB or OTH participation in a
                   civil-security project (a Horizon Europe Cluster 3 topic, or the H2020
                   Secure Societies / FP7-SECURITY files): where the practitioners are
  random           RANDOM_N of all other organisations, every type
"""

from __future__ import annotations

import collections
import csv
import importlib.util
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIRST = HERE.parent / "organisations"
SEED = 20261203
SECURITY_N = 130
RANDOM_N = 90

_spec = importlib.util.spec_from_file_location("first_sample", FIRST / "sample.py")
assert _spec is not None and _spec.loader is not None
first = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(first)


def security(org: dict) -> bool:
    if org["sources"] & {"H2020-SEC", "FP7-SEC"}:
        return True
    return any(org["topics"].get(pid, "").startswith("HORIZON-CL3") for pid in org["projects"])


def draw(orgs: dict[str, dict]) -> list[tuple[str, str]]:
    with open(FIRST / "organisations.csv", encoding="utf-8", newline="") as fh:
        taken = {r["organisation_id"] for r in csv.DictReader(fh)}
    ids = sorted(i for i in orgs if i not in taken)
    rng = random.Random(SEED)
    public = [i for i in ids if set(orgs[i]["act"]) & {"PUB", "OTH"} and security(orgs[i])]
    chosen = {i: "security_public" for i in rng.sample(public, SECURITY_N)}
    rest = [i for i in ids if i not in chosen]
    chosen.update({i: "random" for i in rng.sample(rest, RANDOM_N)})
    return sorted(chosen.items())


def main() -> None:
    orgs = first.load()
    rows = [first.row_of(i, s, orgs[i]) for i, s in draw(orgs)]
    for row in rows:
        row["split"] = "report"  # the whole set is held out
    if "--check" in sys.argv:
        with open(HERE / "organisations.csv", encoding="utf-8", newline="") as fh:
            have = {r["organisation_id"] for r in csv.DictReader(fh)}
        assert have == {r["organisation_id"] for r in rows}, "ids differ from the draw"
        print(f"ok: {len(have)} organisations, same ids as the draw")
        return
    out = HERE / "sample_unlabelled.csv"
    with open(out, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=first.FIELDS)
        writer.writeheader()
        writer.writerows(rows)
    print(out, len(rows), collections.Counter(r["stratum"] for r in rows))


if __name__ == "__main__":
    main()
