"""Train the partner ranker on the Horizon Europe dev topics (docs/evaluation.md).

    python scripts/train_ranker.py --data ../shared/data --out consortium/rank/data/ranker.json

For every dev topic (Track A tasks, each topic's own projects masked exactly as the
evaluation masks them) it computes the features of every organisation twice: cold (no
member known) and seeded with the real coordinator (the gold set is then the other
beneficiaries). Experience and network features see only calls before the topic's year.
Models are compared by 5-fold cross-validation grouped by topic, on the dev topics only;
the held-out topics are never read. The chosen model is refitted on all dev topics and
written as JSON (no pickle) with the provenance of its training data.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from consortium.rank.features import FEATURES
from consortium.rank.training import (
    TaskMatrices,
    cross_validate,
    fit_ranker,
)


def compute(data: Path, cache: Path | None, time_text: bool) -> list[TaskMatrices]:
    from consortium.embed.embedder import default_embedder
    from consortium.eval.baselines import Scorers
    from consortium.eval.data import load_track, select
    from consortium.eval.learned import LearnedFeatures, time_respecting

    pool, tasks, dev = load_track(data, "A")
    chosen = select(tasks, "dev", dev, None)
    scorers = Scorers(pool, default_embedder(None, cache, progress=False))
    learned = LearnedFeatures(scorers)
    out = []
    for number, task in enumerate(chosen, 1):
        if time_text:
            task = time_respecting(task, learned.history)
        S, P = scorers.similarities(task)
        bm25 = scorers.bm25(task)
        cold = learned.matrix(task, S, P, bm25)
        seeds = task.coordinators[:1]
        seeded = learned.matrix(task, S, P, bm25, seeds) if seeds.size else None
        out.append(TaskMatrices(task.id, cold, seeded, task.gold, task.coordinators, seeds))
        if number % 10 == 0:
            print(f"  {number}/{len(chosen)} topics", file=sys.stderr)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--cache-dir", type=Path)
    parser.add_argument("--features", type=Path, help="npz file caching the dev features")
    parser.add_argument("--kind", choices=["linear", "lightgbm", "both"], default="lightgbm",
                        help="model family; 'both' cross-validates both and keeps the better")
    parser.add_argument("--out", type=Path, help="write the chosen model (JSON)")
    parser.add_argument("--no-cv", action="store_true",
                        help="fit only (the cross-validation figures are then not recorded)")
    parser.add_argument("--time-respecting-text", action="store_true",
                        help="hide projects of the topic's year and later from text too")
    args = parser.parse_args()
    started = time.perf_counter()
    if args.features and args.features.is_file():
        matrices = TaskMatrices.load(args.features)
    else:
        matrices = compute(args.data, args.cache_dir, args.time_respecting_text)
        if args.features:
            TaskMatrices.save(matrices, args.features)
    print(f"{len(matrices)} dev topics, {len(FEATURES)} features, "
          f"{time.perf_counter() - started:.0f} s", file=sys.stderr)
    kinds = ["linear", "lightgbm"] if args.kind == "both" else [args.kind]
    results = {} if args.no_cv else {kind: cross_validate(matrices, kind) for kind in kinds}
    for kind, figures in results.items():
        print(kind, json.dumps(figures))
    best = max(kinds, key=lambda k: results[k]["cold"]["recall@50"]) if results else kinds[0]
    if args.out:
        ranker = fit_ranker(matrices, best)
        ranker.provenance = {
            "trained": datetime.now(UTC).isoformat(timespec="seconds"),
            "data": "CORDIS Horizon Europe organisations (snapshot 2024-05-29) and topic "
                    "texts; Source: CORDIS, European Commission",
            "topics": f"{len(matrices)} dev topics of splits/he_dev_topics.txt",
            "protocol": "each topic's own projects masked; experience and network "
                        "features from calls before the topic's year"
                        + ("; text too" if args.time_respecting_text else ""),
            "cross_validation": results or "not run with this fit; docs/evaluation.md has "
                                           "the 5-fold figures of this configuration",
            "script": "scripts/train_ranker.py"}
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(ranker.to_json(), indent=1) + "\n", encoding="utf-8")
        print(f"wrote {args.out} ({best})", file=sys.stderr)


if __name__ == "__main__":
    main()
