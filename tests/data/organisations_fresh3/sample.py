"""Draw the fourth held-out organisation sample (issue #18), disjoint from the three earlier sets.

The third set (``../organisations_fresh2``) has been run once, so a classifier changed
after that run needs organisations it has never seen. That run's kind errors were mostly
RTOs, funders and universities, so the security stratum here also admits research (REC)
and higher-education (HES) participants, not only PUB/OTH. The module reuses the third
set's module (its ``taken``, and ``finish``, which writes or checks the draw; through it
the second set's ``security`` test and the first set's ``load`` and ``row_of``), so all
four sets describe and stratify an organisation the same way. Reproducible: stdlib only,
fixed seed, sorted inputs. Run from the repository root:

    python3 tests/data/organisations_fresh3/sample.py           # writes sample_unlabelled.csv
    python3 tests/data/organisations_fresh3/sample.py --check   # re-draw, compare ids

Two strata, none of them in ``../organisations``, ``../organisations_fresh`` or
``../organisations_fresh2``:
  security_non_prc  SECURITY_N organisations with a PUB, OTH, REC or HES participation
                    that take part in a civil-security project (Horizon Europe HORIZON-CL3
                    topic, or the H2020 Secure Societies / FP7-SECURITY files)
  random            RANDOM_N of all other organisations, every type
"""

from __future__ import annotations

import csv
import importlib.util
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent
PREVIOUS = HERE.parent / "organisations_fresh2"
SEED = 20261206
SECURITY_N = 100
RANDOM_N = 150
NON_PRC = {"PUB", "OTH", "REC", "HES"}

_spec = importlib.util.spec_from_file_location("fresh2_sample", PREVIOUS / "sample.py")
assert _spec is not None and _spec.loader is not None
fresh2 = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fresh2)


def taken() -> set[str]:
    """Ids of all three earlier sets: the third set's own rows plus those it excluded."""
    with open(PREVIOUS / "organisations.csv", encoding="utf-8", newline="") as fh:
        return fresh2.taken() | {r["organisation_id"] for r in csv.DictReader(fh)}


def draw(orgs: dict[str, dict]) -> list[tuple[str, str]]:
    used = taken()
    ids = sorted(i for i in orgs if i not in used)
    rng = random.Random(SEED)
    pool = [i for i in ids if set(orgs[i]["act"]) & NON_PRC and fresh2.fresh.security(orgs[i])]
    chosen = {i: "security_non_prc" for i in rng.sample(pool, SECURITY_N)}
    rest = [i for i in ids if i not in chosen]
    chosen.update({i: "random" for i in rng.sample(rest, RANDOM_N)})
    return sorted(chosen.items())


def main() -> None:
    orgs = fresh2.fresh.first.load()
    rows = [fresh2.fresh.first.row_of(i, s, orgs[i]) for i, s in draw(orgs)]
    fresh2.finish(rows, HERE, taken())


if __name__ == "__main__":
    main()
