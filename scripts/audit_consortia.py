"""Audit the consortia ``suggest`` proposes for every bundled topic (issues #16, #18).

Prints, over the bundled topics and the bundled pool: how many consortia hold two ids of
one legal entity, how many propose an EU body, international organisation or funder
nobody included, which members recur most, the mean size, and how many members of the
pool are reported SME although they are universities, RTOs or public bodies.

    .venv/bin/python scripts/audit_consortia.py [--only CL3-2026] [--cache-dir DIR]
"""

from __future__ import annotations

import argparse
import collections
import sys

from consortium.calls.folder import list_calls
from consortium.errors import ConsortiumError
from consortium.partners.duplicates import identity_key
from consortium.partners.participation import NOT_PROPOSED
from consortium.pipeline import ConsortiumBuilder, PoolInputs, load_pool
from consortium.resources import bundled_dir
from consortium.score.coverage import ScoreWeights
from consortium.search.problem import SearchConfig

NEVER_SME = {"university", "rto", "public_body", "eu_body", "international_org", "funder"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="", help="keep topics whose id contains this")
    parser.add_argument("--cache-dir")
    parser.add_argument("--relevance", type=float, help="ScoreWeights.relevance to audit")
    parser.add_argument("--size", help="MIN..MAX instead of the typical size per topic")
    args = parser.parse_args()
    pool = load_pool(PoolInputs(cache_dir=args.cache_dir, progress=False))
    wrong_sme = [p for p in pool.partners if p.sme and p.kind in NEVER_SME]
    print(f"pool: {pool.name}, {len(pool.partners)} organisations; reported SME although "
          f"university/RTO/public/EU/international/funder: {len(wrong_sme)}")
    for p in wrong_sme[:10]:
        print(f"  {p.id} {p.name} ({p.kind})")
    calls = [c for c in list_calls(bundled_dir("calls")) if args.only in c.id]
    weights = ScoreWeights() if args.relevance is None else ScoreWeights(
        relevance=args.relevance)
    config = None
    if args.size:
        low, high = (int(x) for x in args.size.split(".."))
        config = SearchConfig(min_size=low, max_size=high)
    twins = kinds = failed = 0
    seen: collections.Counter[str] = collections.Counter()
    sizes = []
    for call in calls:
        builder = ConsortiumBuilder(embedder=pool.embedder, pool_name=pool.name,
                                    weights=weights, config=config)
        try:
            report = builder.fit(call, pool.partners, pool.snapshot).suggest()
        except ConsortiumError as exc:
            failed += 1
            print(f"{call.id}: no consortium ({exc})", file=sys.stderr)
            continue
        members = {p.id: p for p in builder.partners_}
        chosen = [members[m.id] for m in report.members]
        keys = [identity_key(p.name, p.country) for p in chosen]
        twins += len(keys) != len(set(keys))
        kinds += any(p.kind in NOT_PROPOSED for p in chosen)
        seen.update(p.display_label for p in chosen)
        sizes.append(len(chosen))
    n = len(calls) - failed
    print(f"topics: {len(calls)} ({failed} without a consortium); mean size "
          f"{sum(sizes) / max(len(sizes), 1):.1f}")
    print(f"consortia holding two ids of one legal entity: {twins} of {n}")
    print(f"consortia proposing an EU body, international organisation or funder: {kinds} "
          f"of {n}")
    print("most frequent members: " + "; ".join(
        f"{label} {count / max(n, 1):.0%}" for label, count in seen.most_common(6)))


if __name__ == "__main__":
    main()
