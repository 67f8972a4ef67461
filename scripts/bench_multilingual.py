"""Measure embedding models on the multilingual member set, Track A dev, speed and memory.

    python scripts/bench_multilingual.py members --model multilingual --split build
    python scripts/bench_multilingual.py track-a --model multilingual --limit 15
    python scripts/bench_multilingual.py speed --model multilingual

``members``: tests/data/multilingual (README there). Every row is one member of one
pool; each topic of the split is scouted against it as ``consortium scout`` ranks a
registry of descriptions (by coverage: the requirement-weighted best-passage similarity).
A (topic, language) pair passes when every right member outranks every distractor (and,
separately, every near distractor). Also printed per language: the median and worst rank
of the right members among all 243 rows. Tune on ``--split build``; run ``report`` once.

``track-a``: the embedding ranking of ``consortium eval --track A`` (single-partner
coverage, the task's projects masked) on the first ``--limit`` dev topics in topic-id
order, among their gold organisations and ``--others`` drawn at random (``track_a``
says why a sample); prints Recall@50 and Recall@100. Needs ../shared/data (``--data``).

``speed``: passages per second on the member descriptions (cold, no cache) with the
threads the process may use, and the peak resident memory of the process (load + encode).
Run each model in its own process for a fair peak.
"""

from __future__ import annotations

import argparse
import csv
import resource
import statistics
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

from consortium.calls.folder import find_call
from consortium.embed.embedder import CachedEmbedder, default_embedder
from consortium.embed.multilingual import E5SmallEmbedder
from consortium.embed.pool_index import PoolIndex
from consortium.partners.model import Partner
from consortium.scout.scouting import scout

SET = Path(__file__).resolve().parents[1] / "tests" / "data" / "multilingual"


def read_set() -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    with (SET / "descriptions.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    with (SET / "topics.csv").open(encoding="utf-8", newline="") as handle:
        topics = list(csv.DictReader(handle))
    return rows, topics


def members(rows: list[dict[str, str]]) -> list[Partner]:
    return [Partner(r["id"], r["name"], "", r["country"], "", None, r["text"]) for r in rows]


def topic_ranks(index: PoolIndex, topic: str) -> np.ndarray:
    """Rank (1 = first) of every row as ``scout`` orders a registry of descriptions."""
    report = scout(find_call(topic), index, top=len(index.partners))
    position = {row.id: row.rank for row in report.partners}
    return np.array([position[p.id] for p in index.partners])


def member_figures(embedder: CachedEmbedder, split: str) -> None:
    rows, topics = read_set()
    index = PoolIndex(members(rows), embedder)
    chosen = [t["topic_id"] for t in topics if t["split"] == split]
    distractor = np.array([r["kind"] == "distractor" for r in rows])
    near = np.array([r["near"] == "true" for r in rows])
    passed: dict[str, list[bool]] = defaultdict(list)
    passed_near: dict[str, list[bool]] = defaultdict(list)
    ranks: dict[str, list[int]] = defaultdict(list)
    for topic in chosen:
        rank = topic_ranks(index, topic)
        best_distractor, best_near = rank[distractor].min(), rank[near].min()
        for language in sorted({r["language"] for r in rows}):
            right = np.array([r["language"] == language
                              and topic in r["relevant_topics"].split(";") for r in rows])
            if not right.any():
                continue
            worst = rank[right].max()
            passed[language].append(bool(worst < best_distractor))
            passed_near[language].append(bool(worst < best_near))
            ranks[language].extend(int(v) for v in rank[right])
    total = sum(map(sum, passed.values()))
    pairs = sum(map(len, passed.values()))
    near_total = sum(map(sum, passed_near.values()))
    print(f"{embedder.model_id}, {split} half, {len(chosen)} topics, {len(rows)} rows")
    print(f"pairs where the right members outrank every distractor: {total}/{pairs} "
          f"= {total / pairs:.3f}; every near distractor: {near_total}/{pairs} "
          f"= {near_total / pairs:.3f}")
    print("| language | pass | pass (near) | median rank | worst rank |")
    print("|---|---|---|---|---|")
    for language in sorted(passed, key=lambda code: (code == "en", code)):
        values = ranks[language]
        print(f"| {language} | {sum(passed[language])}/{len(passed[language])} | "
              f"{sum(passed_near[language])}/{len(passed_near[language])} | "
              f"{statistics.median(values):.0f} | {max(values)} |")


def track_a(embedder: CachedEmbedder, data: Path, limit: int, others: int) -> None:
    """Track A's embedding ranking on a sample: the first ``limit`` dev topics, ranked
    among their gold organisations plus ``others`` drawn at random (seed 0) from the
    23,270, each task's projects masked as ``consortium eval`` masks them. Embedding all
    12,898 passages takes 20-50 min per model on a shared 2-core machine; this sample is
    the same for every model, so their Recall@50 compare pairwise (not with the full
    pool's figures)."""
    from consortium.embed.pool_index import partner_similarity
    from consortium.eval.baselines import single_partner_coverage
    from consortium.eval.data import load_track, select
    from consortium.eval.metrics import rank_from_scores, recall_at_k

    pool, tasks, dev = load_track(data, "A")
    chosen = select(tasks, "dev", dev, limit)
    rng = np.random.default_rng(0)
    gold = np.unique(np.concatenate([t.gold for t in chosen]))
    sample = np.union1d(gold, rng.choice(pool.n, size=others, replace=False))
    slots = np.isin(pool.slot_partner, sample)
    needed = np.unique(pool.slot_passage[slots])
    needed = needed[needed < len(pool.passages)]
    started = time.perf_counter()
    found = embedder.embed([pool.passages[i] for i in needed])
    vectors = np.zeros((len(pool.passages) + 1, found.shape[1]), dtype=np.float32)
    vectors[needed] = found
    local = {int(org): k for k, org in enumerate(sample)}
    slot_partner = np.array([local[int(i)] for i in pool.slot_partner[slots]], dtype=np.intp)
    slot_passage = pool.slot_passage[slots]
    recall50, recall100 = [], []
    for task in chosen:
        masked = vectors.copy()
        for j in task.masked:
            masked[pool.project_passages[j]] = 0.0
        S, _ = partner_similarity(embedder.embed_queries(task.requirements), masked,
                                  slot_partner, slot_passage, len(sample))
        ranking = rank_from_scores(single_partner_coverage(S, task.weights), rng)
        task_gold = np.array([local[int(i)] for i in task.gold])
        recall50.append(recall_at_k(ranking, task_gold, 50))
        recall100.append(recall_at_k(ranking, task_gold, 100))
    print(f"{embedder.model_id}, Track A dev, first {len(chosen)} topics, among "
          f"{len(sample)} organisations ({len(needed)} passages): Recall@50 "
          f"{np.mean(recall50):.3f}, Recall@100 {np.mean(recall100):.3f}; "
          f"{embedder.stats.embedded} texts embedded, {time.perf_counter() - started:.0f} s")
    print("per task Recall@50:", " ".join(f"{v:.3f}" for v in recall50))


def speed(embedder: CachedEmbedder) -> None:
    rows, _ = read_set()
    texts = [r["text"] for r in rows]
    started = time.perf_counter()
    embedder.embedder.encode(texts[:4])  # load the model first: its time is not speed
    loaded = time.perf_counter() - started
    started = time.perf_counter()
    embedder.embedder.encode(texts)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{embedder.model_id}: load {loaded:.1f} s; {len(texts) / seconds:.1f} passages/s "
          f"({len(texts)} member descriptions, mean {np.mean([len(t) for t in texts]):.0f} "
          f"characters); peak memory {peak:.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("what", choices=["members", "track-a", "speed"])
    parser.add_argument("--model", help="as consortium --model (default: all-MiniLM-L6-v2)")
    parser.add_argument("--split", choices=["build", "report"], default="build")
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--limit", type=int, default=15, help="track-a: dev topics")
    parser.add_argument("--others", type=int, default=1000,
                        help="track-a: organisations drawn beside the topics' gold ones")
    parser.add_argument("--cache-dir", type=Path, help="embedding cache (default: the usual)")
    parser.add_argument("--uncentred", action="store_true", help="multilingual-e5-small "
                        "without taking its mean directions off (what centring adds)")
    args = parser.parse_args()
    embedder = default_embedder(args.model, args.cache_dir, progress=False)
    if args.uncentred:
        embedder = CachedEmbedder(E5SmallEmbedder(centre=False), embedder.cache)
    if args.what == "members":
        # a private in-memory-like cache: the set is small, and a run must not be warm
        embedder = CachedEmbedder(embedder.embedder, None)
        member_figures(embedder, args.split)
    elif args.what == "track-a":
        track_a(embedder, args.data, args.limit, args.others)
    else:
        speed(CachedEmbedder(embedder.embedder, None))


if __name__ == "__main__":
    main()
