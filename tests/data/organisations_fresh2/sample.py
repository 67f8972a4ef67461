"""Draw the third held-out sample of organisations (issue #18), disjoint from both earlier sets.

The classifier is being improved on all 1,210 rows of ``../organisations`` and
``../organisations_fresh``, so neither can measure the result any more. This set is drawn
from organisations in neither of them and labelled before any classifier run. It reuses the
second set's module (its ``security`` test and, through it, the first set's ``load`` and
``row_of``) so all three sets describe and stratify an organisation the same way.
Reproducible: stdlib only, fixed seed, sorted inputs. Run from the repository root:

    python3 tests/data/organisations_fresh2/sample.py           # writes sample_unlabelled.csv
    python3 tests/data/organisations_fresh2/sample.py --check   # re-draw, compare ids

Two strata, none of them in ``../organisations`` or ``../organisations_fresh``:
  security_public  SECURITY_N organisations with a PUB or OTH participation in a
                   civil-security project (Horizon Europe HORIZON-CL3 topic, or the H2020
                   Secure Societies / FP7-SECURITY files)
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
EARLIER = (HERE.parent / "organisations", HERE.parent / "organisations_fresh")
SEED = 20261204
SECURITY_N = 150
RANDOM_N = 100
COLUMNS = ["organisation_id", "split", "name", "short_name", "country", "activity_type",
           "sme_cordis", "projects", "category", "kind", "sme_expected", "note", "stratum",
           "other_names", "n_projects", "sources"]

_spec = importlib.util.spec_from_file_location("fresh_sample", EARLIER[1] / "sample.py")
assert _spec is not None and _spec.loader is not None
fresh = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fresh)


def taken() -> set[str]:
    ids: set[str] = set()
    for folder in EARLIER:
        with open(folder / "organisations.csv", encoding="utf-8", newline="") as fh:
            ids.update(r["organisation_id"] for r in csv.DictReader(fh))
    return ids


def draw(orgs: dict[str, dict]) -> list[tuple[str, str]]:
    used = taken()
    ids = sorted(i for i in orgs if i not in used)
    rng = random.Random(SEED)
    public = [i for i in ids if set(orgs[i]["act"]) & {"PUB", "OTH"} and fresh.security(orgs[i])]
    chosen = {i: "security_public" for i in rng.sample(public, SECURITY_N)}
    rest = [i for i in ids if i not in chosen]
    chosen.update({i: "random" for i in rng.sample(rest, RANDOM_N)})
    return sorted(chosen.items())


def main() -> None:
    orgs = fresh.first.load()
    finish([fresh.first.row_of(i, s, orgs[i]) for i, s in draw(orgs)], HERE, taken())


def finish(rows: list[dict], here: Path, used: set[str]) -> None:
    """Mark every row held out, then write ``here``'s unlabelled draw or, with ``--check``,
    assert that ``here/organisations.csv`` holds exactly these ids and strata, none in ``used``."""
    for row in rows:
        row["split"] = "report"  # the whole set is held out
    if "--check" in sys.argv:
        with open(here / "organisations.csv", encoding="utf-8", newline="") as fh:
            have = {r["organisation_id"]: r["stratum"] for r in csv.DictReader(fh)}
        want = {r["organisation_id"]: r["stratum"] for r in rows}
        assert have == want, "ids differ from the draw"
        assert not set(have) & used, "overlaps an earlier set"
        print(f"ok: {len(have)} organisations, same ids as the draw, none in an earlier set")
        return
    out = here / "sample_unlabelled.csv"
    with open(out, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS, restval="")
        writer.writeheader()
        writer.writerows(rows)
    print(out, len(rows), collections.Counter(r["stratum"] for r in rows))


if __name__ == "__main__":
    main()
